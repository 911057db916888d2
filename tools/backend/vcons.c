// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <string.h>

#include "vcons.h"

void vcons_describe(struct hv_virtio_dev *d, uint16_t queue_max)
{
	d->device_id = VIRTIO_ID_CONSOLE;
	d->num_queues = 2;
	d->queue_max = queue_max;
	d->features = VIRTIO_F_VERSION_1 | VIRTIO_F_EVENT_IDX;
	memset(d->config, 0, sizeof(d->config));
	d->config_len = 0; /* no size, no multiport: nothing to read */
}

static void keep_output(struct vcons *c, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		c->out[c->out_pos++ & (VCONS_OUT_SIZE - 1)] = buf[i];
	c->tx_bytes += len;
	if (c->sink)
		c->sink(c->sink_arg, buf, len);
}

int vcons_tx(struct vcons *c, struct virtq *tx)
{
	static __thread struct vq_req req;
	char buf[4096];
	int done = 0, r = 0;

	while (done < VCONS_BUDGET && (r = vq_pop(tx, &req)) > 0) {
		uint64_t n = vq_req_bytes(&req, false), off = 0;

		/* Linux's hvc writes a page at most; more is a guest keeping
		 * the backend busy: the rest of the request is dropped */
		if (n > VCONS_TX_MAX) {
			c->tx_dropped += n - VCONS_TX_MAX;
			n = VCONS_TX_MAX;
		}

		while (off < n) {
			size_t chunk = n - off < sizeof(buf) ? n - off
							     : sizeof(buf);
			long got =
				vq_copy_from(tx, &req, false, off, buf, chunk);

			if (got <= 0)
				break; /* outside its RAM: drop the rest */
			keep_output(c, buf, (size_t)got);
			off += (uint64_t)got;
		}
		vq_push(tx, req.head, 0);
		done++;
	}
	return r < 0 ? -1 : done;
}

size_t vcons_input(struct vcons *c, const char *buf, size_t len)
{
	size_t room = sizeof(c->in) - c->in_len;

	if (len > room)
		len = room;
	memcpy(c->in + c->in_len, buf, len);
	c->in_len += len;
	return len;
}

int vcons_rx(struct vcons *c, struct virtq *rx)
{
	static __thread struct vq_req req;
	int done = 0, r = 0;

	while (done < VCONS_BUDGET && c->in_len && (r = vq_pop(rx, &req)) > 0) {
		uint64_t room = vq_req_bytes(&req, true);
		size_t n = room < c->in_len ? (size_t)room : c->in_len;
		long put = vq_copy_to(rx, &req, 0, c->in, n);

		if (put < 0)
			put = 0;
		memmove(c->in, c->in + put, c->in_len - (size_t)put);
		c->in_len -= (size_t)put;
		c->rx_bytes += (uint64_t)put;
		vq_push(rx, req.head, (uint32_t)put);
		done++;
	}
	return r < 0 ? -1 : done;
}

size_t vcons_history(const struct vcons *c, char *buf, size_t len)
{
	uint64_t pos = c->out_pos > VCONS_OUT_SIZE ? c->out_pos - VCONS_OUT_SIZE
						   : 0;
	size_t n = 0;

	for (; pos < c->out_pos && n < len; pos++)
		buf[n++] = c->out[pos & (VCONS_OUT_SIZE - 1)];
	return n;
}

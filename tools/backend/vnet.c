// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vnet.h"

#define VIRTIO_NET_F_MAC (1ULL << 5)
#define VIRTIO_NET_F_STATUS (1ULL << 16)
#define VIRTIO_NET_S_LINK_UP 1

/* config: mac[6], status (le16) */
#define CFG_STATUS 6
#define CFG_LEN 8
/* struct virtio_net_hdr_v1: num_buffers is the last field */
#define HDR_NUM_BUFFERS 10

/* iovec room: the header, then the guest's segments */
#define VNET_IOV (VQ_MAX_SEGS + 1)

void vnet_describe(struct hv_virtio_dev *d, const uint8_t mac[6],
		   uint16_t queue_max)
{
	d->device_id = VIRTIO_ID_NET;
	d->num_queues = 2;
	d->queue_max = queue_max;
	d->features = VIRTIO_F_VERSION_1 | VIRTIO_F_EVENT_IDX |
		      VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS;
	memset(d->config, 0, sizeof(d->config));
	memcpy(d->config, mac, 6);
	d->config[CFG_STATUS] = VIRTIO_NET_S_LINK_UP;
	d->config_len = CFG_LEN;
}

/* One frame from the guest: our own header, then its frame bytes. */
static void tx_one(struct vnet *n, const struct virtq *tx,
		   const struct vq_req *req)
{
	static __thread struct iovec iov[VNET_IOV];
	static const uint8_t hdr[VNET_HDR_LEN];
	uint64_t len = vq_req_bytes(req, false);
	int k;

	if (len < VNET_HDR_LEN) {
		n->tx_dropped_bad++;
		return;
	}
	len -= VNET_HDR_LEN;
	if (len < VNET_MIN_FRAME) {
		n->tx_dropped_empty++;
		return;
	}
	if (len > VNET_MAX_FRAME) {
		n->tx_dropped_big++;
		return;
	}
	iov[0].iov_base = (void *)hdr;
	iov[0].iov_len = sizeof(hdr);
	k = vq_iov(tx, req, false, VNET_HDR_LEN, len, iov + 1, VQ_MAX_SEGS);
	if (k < 0) {
		n->tx_dropped_bad++; /* outside the zone's RAM */
		return;
	}
	if (writev(n->fd, iov, k + 1) < 0) {
		n->tx_errors++;
		return;
	}
	n->tx_frames++;
	n->tx_bytes += len;
}

int vnet_tx(struct vnet *n, struct virtq *tx)
{
	static __thread struct vq_req req;
	int done = 0, r = 0;

	while (done < VNET_BUDGET && (r = vq_pop(tx, &req)) > 0) {
		tx_one(n, tx, &req);
		vq_push(tx, req.head, 0);
		done++;
	}
	return r < 0 ? -1 : done;
}

int vnet_rx(struct vnet *n, struct virtq *rx)
{
	static __thread struct iovec iov[VQ_MAX_SEGS];
	static __thread struct vq_req req;
	int done = 0, r = 0;

	n->rx_waiting = false;
	while (done < VNET_BUDGET) {
		uint64_t room;
		uint16_t one = 1;
		ssize_t got;
		int k;

		r = vq_pop(rx, &req);
		if (r <= 0) {
			/* frames may wait in the TAP: look again when the
			 * guest posts buffers */
			n->rx_waiting = r == 0;
			break;
		}
		room = vq_req_bytes(&req, true);
		k = vq_iov(rx, &req, true, 0, room, iov, VQ_MAX_SEGS);
		if (room < VNET_HDR_LEN + VNET_MAX_FRAME || k < 0) {
			/* a buffer no frame fits in: give it back empty */
			n->rx_dropped++;
			vq_push(rx, req.head, 0);
			done++;
			continue;
		}
		got = readv(n->fd, iov, k);
		if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
			vq_unpop(rx); /* nothing to receive: keep the buffer */
			break;
		}
		if (got < VNET_HDR_LEN + VNET_MIN_FRAME) {
			n->rx_dropped++;
			got = 0;
		} else {
			/* one buffer per frame (no mergeable buffers) */
			vq_copy_to(rx, &req, HDR_NUM_BUFFERS, &one,
				   sizeof(one));
			n->rx_frames++;
			n->rx_bytes += (uint64_t)got - VNET_HDR_LEN;
		}
		vq_push(rx, req.head, (uint32_t)got);
		done++;
	}
	return r < 0 ? -1 : done;
}

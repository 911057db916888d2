// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "vnet.h"

#define VIRTIO_NET_F_MAC (1ULL << 5)
#define VIRTIO_NET_F_STATUS (1ULL << 16)
#define VIRTIO_NET_S_LINK_UP 1

/* config: mac[6], status (le16) */
#define CFG_STATUS 6
#define CFG_LEN 8
/* struct virtio_net_hdr_v1: flags, gso_type, then le16 hdr_len, gso_size,
 * csum_start, csum_offset, num_buffers */
#define HDR_FLAGS 0
#define HDR_GSO_TYPE 1
#define HDR_HDR_LEN 2
#define HDR_GSO_SIZE 4
#define HDR_CSUM_START 6
#define HDR_CSUM_OFFSET 8
#define HDR_NUM_BUFFERS 10
#define HDR_F_NEEDS_CSUM 1
#define GSO_NONE 0
#define GSO_TCPV4 1
#define GSO_TCPV6 4

/* iovec room: the header, then the guest's segments */
#define VNET_IOV (VQ_MAX_SEGS + 1)

void vnet_describe(struct hv_virtio_dev *d, const uint8_t mac[6],
		   uint16_t queue_max)
{
	d->device_id = VIRTIO_ID_NET;
	d->num_queues = 2;
	d->queue_max = queue_max;
	d->features = VIRTIO_F_VERSION_1 | VIRTIO_F_EVENT_IDX |
		      VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS |
		      VIRTIO_NET_F_CSUM | VIRTIO_NET_F_HOST_TSO4 |
		      VIRTIO_NET_F_HOST_TSO6 | VIRTIO_NET_F_GUEST_CSUM |
		      VIRTIO_NET_F_GUEST_TSO4 | VIRTIO_NET_F_GUEST_TSO6 |
		      VIRTIO_NET_F_MRG_RXBUF;
	memset(d->config, 0, sizeof(d->config));
	memcpy(d->config, mac, 6);
	d->config[CFG_STATUS] = VIRTIO_NET_S_LINK_UP;
	d->config_len = CFG_LEN;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

int vnet_hdr_check(const uint8_t in[VNET_HDR_LEN], uint64_t len,
		   uint64_t features, uint8_t out[VNET_HDR_LEN])
{
	uint8_t gso = in[HDR_GSO_TYPE];
	uint16_t start = get16(in + HDR_CSUM_START);
	uint16_t off = get16(in + HDR_CSUM_OFFSET);

	memset(out, 0, VNET_HDR_LEN);
	if (in[HDR_FLAGS] & ~HDR_F_NEEDS_CSUM)
		return -1; /* DATA_VALID and the rest are the device's */
	if (in[HDR_FLAGS] & HDR_F_NEEDS_CSUM) {
		if (!(features & VIRTIO_NET_F_CSUM) ||
		    (uint64_t)start + off + 2 > len)
			return -1;
		out[HDR_FLAGS] = HDR_F_NEEDS_CSUM;
		put16(out + HDR_CSUM_START, start);
		put16(out + HDR_CSUM_OFFSET, off);
	}
	if (gso == GSO_NONE)
		return len > VNET_MAX_FRAME ? -1 : 0;
	/* TCP segmentation: negotiated, with the checksum left to the host
	 * (as the spec has it), segments of at least a byte, headers inside */
	if (!((gso == GSO_TCPV4 && (features & VIRTIO_NET_F_HOST_TSO4)) ||
	      (gso == GSO_TCPV6 && (features & VIRTIO_NET_F_HOST_TSO6))) ||
	    !(in[HDR_FLAGS] & HDR_F_NEEDS_CSUM) || !get16(in + HDR_GSO_SIZE) ||
	    get16(in + HDR_HDR_LEN) > len || len > VNET_MAX_GSO_FRAME)
		return -1;
	out[HDR_GSO_TYPE] = gso;
	put16(out + HDR_HDR_LEN, get16(in + HDR_HDR_LEN));
	put16(out + HDR_GSO_SIZE, get16(in + HDR_GSO_SIZE));
	return 0;
}

/* One frame from the guest: the header it asked for as checked, then its
 * frame bytes. */
static void tx_one(struct vnet *n, const struct virtq *tx,
		   const struct vq_req *req)
{
	static __thread struct iovec iov[VNET_IOV];
	uint8_t in[VNET_HDR_LEN], hdr[VNET_HDR_LEN];
	uint64_t len = vq_req_bytes(req, false);
	int k;

	if (len < VNET_HDR_LEN ||
	    vq_copy_from(tx, req, false, 0, in, VNET_HDR_LEN) != VNET_HDR_LEN) {
		n->tx_dropped_bad++;
		return;
	}
	len -= VNET_HDR_LEN;
	if (len < VNET_MIN_FRAME) {
		n->tx_dropped_empty++;
		return;
	}
	if (len > VNET_MAX_GSO_FRAME ||
	    (len > VNET_MAX_FRAME && in[HDR_GSO_TYPE] == GSO_NONE)) {
		n->tx_dropped_big++;
		return;
	}
	if (vnet_hdr_check(in, len, n->features, hdr)) {
		n->tx_dropped_hdr++;
		return;
	}
	if (hdr[HDR_FLAGS] || hdr[HDR_GSO_TYPE])
		n->tx_offloaded++;
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

int vnet_set_offloads(struct vnet *n, uint64_t features)
{
	unsigned int flags = 0;

	n->features = features;
	/* segmentation offloads come with the checksum one (virtio 5.1.3.1) */
	if (features & VIRTIO_NET_F_GUEST_CSUM) {
		flags = TUN_F_CSUM;
		if (features & VIRTIO_NET_F_GUEST_TSO4)
			flags |= TUN_F_TSO4;
		if (features & VIRTIO_NET_F_GUEST_TSO6)
			flags |= TUN_F_TSO6;
	}
	if (ioctl(n->fd, TUNSETOFFLOAD, flags)) {
		int err = -errno;

		n->features &=
			~(VIRTIO_NET_F_GUEST_CSUM | VIRTIO_NET_F_GUEST_TSO4 |
			  VIRTIO_NET_F_GUEST_TSO6);
		ioctl(n->fd, TUNSETOFFLOAD, 0);
		return err;
	}
	return 0;
}

/* The largest frame the TAP may hand over now: 64 KiB once the guest
 * takes segmentation offloads on receive. */
static uint64_t rx_max_frame(const struct vnet *n)
{
	return n->features & VIRTIO_NET_F_GUEST_CSUM &&
			       n->features & (VIRTIO_NET_F_GUEST_TSO4 |
					      VIRTIO_NET_F_GUEST_TSO6)
		       ? VNET_MAX_GSO_FRAME
		       : VNET_MAX_FRAME;
}

/* Write the 16-bit num_buffers at offset 10 of the header, wherever the
 * first buffer's segments put those bytes. */
static void put_num_buffers(const struct iovec *iov, int k, uint16_t nb)
{
	uint8_t b[2] = { (uint8_t)nb, (uint8_t)(nb >> 8) };
	size_t off = HDR_NUM_BUFFERS, i = 0;
	int j;

	for (j = 0; j < k && i < 2; j++) {
		size_t l = iov[j].iov_len;

		for (; off < l && i < 2; off++)
			((uint8_t *)iov[j].iov_base)[off] = b[i++];
		off = off >= l ? off - l : 0;
	}
}

void vnet_rx_reset(struct vnet *n)
{
	n->rsv_n = n->rsv_segs = 0;
	n->rsv_total = 0;
}

/*
 * One frame from the TAP into the guest's receive buffers: as many chains
 * as it takes with mergeable buffers (VIRTIO_NET_F_MRG_RXBUF), else one
 * that must hold the largest frame. Chains are taken from the ring until
 * they could hold the largest frame the TAP may give, so a frame is never
 * cut, and those a frame does not fill are kept for the next. Returns the
 * buffers given back to the guest (a frame's, or unusable ones, empty),
 * 0 if it has too little room or nothing waits, -1 if the queue broke.
 */
static int rx_one(struct vnet *n, struct virtq *rx)
{
	static __thread struct vq_req req;
	uint64_t need = VNET_HDR_LEN + rx_max_frame(n), total;
	bool mrg = n->features & VIRTIO_NET_F_MRG_RXBUF;
	unsigned int i, segs;
	int pushed = 0, r;
	ssize_t got;

	while (n->rsv_total < need && n->rsv_n < (mrg ? VNET_RX_CHAINS : 1u)) {
		uint64_t b;
		int s;

		r = vq_pop(rx, &req);
		if (r < 0)
			return -1;
		if (!r)
			break;
		b = vq_req_bytes(&req, true);
		s = vq_iov(rx, &req, true, 0, b, n->rsv_iov + n->rsv_segs,
			   (int)(VQ_MAX_SEGS - n->rsv_segs));
		if (s < 0 || b < VNET_HDR_LEN || b > UINT32_MAX ||
		    (!mrg && b < need)) {
			/* cannot take a frame (or lies outside the zone's
			 * RAM): back empty */
			n->rx_dropped++;
			vq_push(rx, req.head, 0);
			pushed++;
			continue;
		}
		n->rsv_head[n->rsv_n] = req.head;
		n->rsv_room[n->rsv_n] = (uint32_t)b;
		n->rsv_nseg[n->rsv_n++] = (uint16_t)s;
		n->rsv_segs += (unsigned int)s;
		n->rsv_total += b;
	}
	if (n->rsv_total < need) {
		/* frames may wait in the TAP: look again when the guest posts
		 * buffers */
		n->rx_waiting = true;
		return pushed;
	}
	got = readv(n->fd, n->rsv_iov, (int)n->rsv_segs);
	if (got < 0 && (errno == EAGAIN || errno == EINTR))
		return pushed; /* nothing to receive: keep the buffers */
	if (got < VNET_HDR_LEN + VNET_MIN_FRAME) {
		n->rx_dropped++;
		got = 0;
	}
	/* the buffers the frame filled go to the guest */
	for (i = 0, total = 0;
	     i < n->rsv_n && (i == 0 || total < (uint64_t)got); i++)
		total += n->rsv_room[i];
	if (got) {
		put_num_buffers(n->rsv_iov, n->rsv_nseg[0], (uint16_t)i);
		n->rx_frames++;
		n->rx_bytes += (uint64_t)got - VNET_HDR_LEN;
		n->rx_merged += i > 1;
	}
	segs = 0;
	for (r = 0, total = (uint64_t)got; r < (int)i; r++) {
		uint64_t l = total < n->rsv_room[r] ? total : n->rsv_room[r];

		vq_push(rx, n->rsv_head[r], (uint32_t)l);
		total -= l;
		segs += n->rsv_nseg[r];
		n->rsv_total -= n->rsv_room[r];
	}
	/* the rest move to the front */
	n->rsv_n -= i;
	n->rsv_segs -= segs;
	memmove(n->rsv_head, n->rsv_head + i,
		n->rsv_n * sizeof(n->rsv_head[0]));
	memmove(n->rsv_room, n->rsv_room + i,
		n->rsv_n * sizeof(n->rsv_room[0]));
	memmove(n->rsv_nseg, n->rsv_nseg + i,
		n->rsv_n * sizeof(n->rsv_nseg[0]));
	memmove(n->rsv_iov, n->rsv_iov + segs,
		n->rsv_segs * sizeof(n->rsv_iov[0]));
	return pushed + (int)i;
}

int vnet_rx(struct vnet *n, struct virtq *rx)
{
	int done = 0, r = 0;

	n->rx_waiting = false;
	while (done < VNET_BUDGET && (r = rx_one(n, rx)) > 0)
		done += r;
	return r < 0 ? -1 : done;
}

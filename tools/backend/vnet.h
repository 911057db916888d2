/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * virtio-net device model (virtio 1.2, 5.1), one queue pair, over a packet
 * file descriptor: a TAP opened with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR and
 * a 12-byte header (or, in the unit tests, a datagram socket). The
 * transmit offloads are offered: checksum (VIRTIO_NET_F_CSUM) and TCP
 * segmentation (HOST_TSO4, HOST_TSO6), so a guest may hand over one 64 KiB
 * TCP segment with its checksum left to the host; and the receive ones
 * (GUEST_CSUM, GUEST_TSO4, GUEST_TSO6, with mergeable receive buffers),
 * which the TAP is told of (vnet_set_offloads) only once the guest
 * accepted them. Frames cross to the TAP with a header this side builds
 * from the guest's after checking it (vnet_hdr_check): only offloads the
 * guest accepted, offsets inside the frame; anything else drops the
 * frame, counted. Frames that are empty or larger than the MTU allows
 * (64 KiB for a segmentation offload) are dropped and counted; a guest
 * that posts no receive buffers only stops its own receive path.
 */
#ifndef HVISOR_TOOL_VNET_H
#define HVISOR_TOOL_VNET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <hvisor/abi.h>

#include "virtq.h"

#define VNET_RX 0
#define VNET_TX 1
#define VNET_HDR_LEN 12 /* struct virtio_net_hdr_v1 */
#define VNET_MAX_FRAME 1518 /* Ethernet with one VLAN tag, no FCS */
/* what one TSO request may carry: an IP datagram's 64 KiB and the headers */
#define VNET_MAX_GSO_FRAME (65535 + 18)

/* feature bits (virtio 1.2, 5.1.3) */
#define VIRTIO_NET_F_CSUM (1ULL << 0)
#define VIRTIO_NET_F_HOST_TSO4 (1ULL << 11)
#define VIRTIO_NET_F_HOST_TSO6 (1ULL << 12)
#define VIRTIO_NET_F_GUEST_CSUM (1ULL << 1)
#define VIRTIO_NET_F_GUEST_TSO4 (1ULL << 7)
#define VIRTIO_NET_F_GUEST_TSO6 (1ULL << 8)
#define VIRTIO_NET_F_MRG_RXBUF (1ULL << 15)
#define VNET_RX_CHAINS 64 /* receive buffers one frame may take */
#define VNET_MIN_FRAME 14 /* an Ethernet header */
#define VNET_BUDGET 64 /* frames per direction per pass: others get a turn */

struct vnet {
	int fd; /* the TAP */
	uint8_t mac[6];
	uint64_t features; /* what the driver accepted */
	/* receive buffers taken from the ring, room for the largest frame
	 * the TAP may give, kept until frames fill them (vnet.c) */
	unsigned int rsv_n, rsv_segs;
	uint64_t rsv_total;
	uint16_t rsv_head[VNET_RX_CHAINS];
	uint32_t rsv_room[VNET_RX_CHAINS];
	uint16_t rsv_nseg[VNET_RX_CHAINS];
	struct iovec rsv_iov[VQ_MAX_SEGS];
	bool rx_waiting; /* frames wait but the guest has no buffers */
	/* counters */
	uint64_t rx_frames, tx_frames, rx_bytes, tx_bytes;
	uint64_t tx_dropped_empty, tx_dropped_big, tx_dropped_bad, tx_errors;
	uint64_t tx_dropped_hdr; /* an offload asked for wrongly */
	uint64_t tx_offloaded; /* frames with a checksum or TSO request */
	uint64_t rx_dropped;
	uint64_t rx_merged; /* frames spread over several receive buffers */
};

/* Features and config space (MAC, link up). */
void vnet_describe(struct hv_virtio_dev *d, const uint8_t mac[6],
		   uint16_t queue_max);
/*
 * A guest's struct virtio_net_hdr_v1 for a frame of len bytes: 0 and the
 * header the host gets in out (what was checked, nothing else), or -1 if
 * it asks for what was not negotiated (features) or points outside the
 * frame.
 */
int vnet_hdr_check(const uint8_t in[VNET_HDR_LEN], uint64_t len,
		   uint64_t features, uint8_t out[VNET_HDR_LEN]);
/* The driver accepted features (0: a reset): set n->features and tell the
 * TAP which offloads the guest takes on receive. 0, or -errno from the TAP
 * (then it gets none: frames come whole, checksummed). */
int vnet_set_offloads(struct vnet *n, uint64_t features);
/* The receive queue was reset or set up anew: forget the buffers taken
 * from its old ring. */
void vnet_rx_reset(struct vnet *n);
/* Send what the guest queued, at most VNET_BUDGET frames. Returns requests
 * completed, or -1 if the queue broke. */
int vnet_tx(struct vnet *n, struct virtq *tx);
/* Move waiting frames into the guest's receive buffers, at most
 * VNET_BUDGET. Returns requests completed, or -1 if the queue broke;
 * rx_waiting says whether frames are left for lack of buffers. */
int vnet_rx(struct vnet *n, struct virtq *rx);

#endif

/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * virtio-net device model (virtio 1.2, 5.1), one queue pair, over a packet
 * file descriptor: a TAP opened with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR and
 * a 12-byte header (or, in the unit tests, a datagram socket). Frames cross
 * with a header this side writes, never the guest's own, so a guest cannot
 * ask the host for offloads it was not offered. Frames that are empty or
 * larger than the MTU allows are dropped and counted; a guest that posts
 * no receive buffers only stops its own receive path.
 */
#ifndef HVISOR_TOOL_VNET_H
#define HVISOR_TOOL_VNET_H

#include <stdbool.h>
#include <stdint.h>

#include <hvisor/abi.h>

#include "virtq.h"

#define VNET_RX 0
#define VNET_TX 1
#define VNET_HDR_LEN 12 /* struct virtio_net_hdr_v1 */
#define VNET_MAX_FRAME 1518 /* Ethernet with one VLAN tag, no FCS */
#define VNET_MIN_FRAME 14 /* an Ethernet header */
#define VNET_BUDGET 64 /* frames per direction per pass: others get a turn */

struct vnet {
	int fd; /* the TAP */
	uint8_t mac[6];
	bool rx_waiting; /* frames wait but the guest has no buffers */
	/* counters */
	uint64_t rx_frames, tx_frames, rx_bytes, tx_bytes;
	uint64_t tx_dropped_empty, tx_dropped_big, tx_dropped_bad, tx_errors;
	uint64_t rx_dropped;
};

/* Features and config space (MAC, link up). */
void vnet_describe(struct hv_virtio_dev *d, const uint8_t mac[6],
		   uint16_t queue_max);
/* Send what the guest queued, at most VNET_BUDGET frames. Returns requests
 * completed, or -1 if the queue broke. */
int vnet_tx(struct vnet *n, struct virtq *tx);
/* Move waiting frames into the guest's receive buffers, at most
 * VNET_BUDGET. Returns requests completed, or -1 if the queue broke;
 * rx_waiting says whether frames are left for lack of buffers. */
int vnet_rx(struct vnet *n, struct virtq *rx);

#endif

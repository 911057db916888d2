/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * virtio-console device model (virtio 1.2, 5.3), one port, no multiport:
 * queue 0 receives (host to guest), queue 1 transmits. The guest's output
 * is kept in a ring (replayed to whoever attaches) and handed to a sink;
 * input waits in a small buffer until the guest has posted buffers.
 */
#ifndef HVISOR_TOOL_VCONS_H
#define HVISOR_TOOL_VCONS_H

#include <stddef.h>
#include <stdint.h>

#include <hvisor/abi.h>

#include "virtq.h"

#define VCONS_OUT_SIZE 16384 /* power of two */
#define VCONS_IN_SIZE 4096
#define VCONS_RX 0
#define VCONS_TX 1
#define VCONS_BUDGET 64 /* requests per direction per pass: others get a turn */
#define VCONS_TX_MAX 65536 /* bytes of one output request kept */

struct vcons {
	char out[VCONS_OUT_SIZE];
	uint64_t out_pos; /* bytes ever written */
	char in[VCONS_IN_SIZE];
	size_t in_len;
	/* where the guest's output goes as it comes (attached clients) */
	void (*sink)(void *arg, const char *buf, size_t len);
	void *sink_arg;
	uint64_t rx_bytes, tx_bytes, tx_dropped;
};

void vcons_describe(struct hv_virtio_dev *d, uint16_t queue_max);
/* Take the guest's output from the transmit queue, at most VCONS_BUDGET
 * requests of at most VCONS_TX_MAX bytes each. Returns requests completed,
 * or -1 if the queue broke. */
int vcons_tx(struct vcons *c, struct virtq *tx);
/* Queue input for the guest (what does not fit is dropped: returns the
 * bytes taken), then move what can go into the receive queue. */
size_t vcons_input(struct vcons *c, const char *buf, size_t len);
/* Fill the guest's receive buffers from the input buffer, at most
 * VCONS_BUDGET. Returns requests completed, or -1 if the queue broke. */
int vcons_rx(struct vcons *c, struct virtq *rx);
/* Copy the kept output (oldest first) to buf; returns bytes. */
size_t vcons_history(const struct vcons *c, char *buf, size_t len);

#endif

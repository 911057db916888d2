/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * virtio-blk device model (virtio 1.2, 5.2) over an image file: what the
 * device offers (features, config space) and how one request is served
 * with preadv/pwritev/fdatasync. Requests that are malformed or reach past
 * the image get VIRTIO_BLK_S_IOERR; the image is never touched outside its
 * size. Pure logic over a file descriptor, unit-tested on the host.
 */
#ifndef HVISOR_TOOL_VBLK_H
#define HVISOR_TOOL_VBLK_H

#include <stdint.h>

#include <hvisor/abi.h>

#include "virtq.h"

#define VBLK_SECTOR 512
#define VBLK_MAX_REQ_BYTES (64u << 20) /* bigger requests are refused */

struct vblk {
	int fd;
	uint64_t sectors;
	int readonly;
	char id[20]; /* VIRTIO_BLK_T_GET_ID answer */
	/* counters for the log and benchmarks */
	uint64_t reads, writes, flushes, errors;
};

/* Features and config space of a blk device of that many bytes. */
void vblk_describe(struct hv_virtio_dev *d, uint64_t bytes, int readonly,
		   uint16_t queue_max);

/* Serve one request; returns the bytes written into the guest's buffers
 * (for the used ring), or -1 if not even the status byte could be written
 * (the queue should then be stopped). */
long vblk_handle(struct vblk *b, const struct virtq *vq,
		 const struct vq_req *req);

#endif

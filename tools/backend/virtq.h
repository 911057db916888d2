/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Split virtqueues (virtio 1.2, 2.7) seen from the device side, over a
 * guest's RAM mapped into this process. Everything the guest wrote is
 * untrusted: each descriptor is copied once and checked (index, chain
 * length, flags, address range) before use, so a hostile guest gets its
 * request refused or its queue stopped, never a fault here. Pure logic:
 * the host unit tests run it over ordinary buffers.
 */
#ifndef HVISOR_TOOL_VIRTQ_H
#define HVISOR_TOOL_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3

#define VIRTIO_F_VERSION_1 (1ULL << 32)
#define VIRTIO_F_EVENT_IDX (1ULL << 29)

/* device status bits */
#define VIRTIO_ST_FEATURES_OK 8
#define VIRTIO_ST_DRIVER_OK 4
#define VIRTIO_ST_FAILED 128

#define GMEM_MAX_REGIONS 16

/* A guest's RAM: guest-physical ranges and where they are mapped here. */
struct gmem {
	unsigned int n;
	struct {
		uint64_t gpa, size;
		uint8_t *host;
	} r[GMEM_MAX_REGIONS];
};

/* host address of [gpa, gpa + len) if all of it is inside one region */
void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len);

#define VQ_MAX_SEGS 1024 /* descriptors one request may chain */

/* one descriptor of a request, as the guest gave it (not yet translated) */
struct vq_seg {
	uint64_t addr;
	uint32_t len;
	bool write; /* device-writable */
};

struct vq_req {
	uint16_t head;
	unsigned int nseg;
	struct vq_seg seg[VQ_MAX_SEGS];
};

struct virtq {
	bool ready, broken;
	bool event_idx; /* VIRTIO_F_EVENT_IDX negotiated */
	uint16_t num;
	const struct gmem *mem;
	/* in guest RAM, little-endian */
	volatile uint8_t *desc, *avail, *used;
	uint64_t desc_gpa, avail_gpa, used_gpa; /* as the driver gave them */
	uint16_t last_avail; /* next avail entry to take */
	uint16_t used_idx; /* next used entry to write */
	uint16_t signalled; /* used_idx when the guest was last interrupted */
	bool signalled_valid;
	const char *why; /* why it broke, for the log */
};

/*
 * Set a queue up from the addresses the driver gave. Returns 0, or -1 with
 * vq->why set if the size is not a power of two, an address is misaligned
 * or a ring does not lie inside the guest's RAM.
 */
int vq_setup(struct virtq *vq, const struct gmem *m, uint16_t num,
	     uint64_t desc, uint64_t avail, uint64_t used, bool event_idx);
void vq_reset(struct virtq *vq);
/* Stop using the queue (the guest broke it); why goes to the log. */
void vq_break(struct virtq *vq, const char *why);

/*
 * Take the next request: 1 with *req filled, 0 if none is waiting, -1 if
 * the queue is broken (vq->why says why; vq->broken is set and the queue
 * must not be used again until it is set up anew).
 */
int vq_pop(struct virtq *vq, struct vq_req *req);
/* Give a request back with len bytes written into its buffers. */
void vq_push(struct virtq *vq, uint16_t head, uint32_t len);
/* After pushes: must the guest be interrupted now? */
bool vq_need_irq(struct virtq *vq);
/*
 * Ask the guest to notify again for requests after the ones taken, then
 * check whether some arrived meanwhile (true: pop again, or a notify
 * would be lost). Without event_idx, clears VRING_USED_F_NO_NOTIFY.
 */
bool vq_enable_notify(struct virtq *vq);
/* Requests wait in the ring (a cheap check: nothing is taken). */
bool vq_has_work(const struct virtq *vq);
/* Ask the guest not to notify while we are busy anyway. */
void vq_disable_notify(struct virtq *vq);

/* Copy bytes at offset off of a request's readable (or writable) segments
 * from/to buf. Returns bytes copied, or -1 if a segment is not guest RAM. */
long vq_copy_from(const struct virtq *vq, const struct vq_req *req,
		  bool writable, uint64_t off, void *buf, size_t len);
long vq_copy_to(const struct virtq *vq, const struct vq_req *req, uint64_t off,
		const void *buf, size_t len);
/* iovecs (at most max) over bytes [off, off + len) of the readable or
 * writable segments, translated to this process's addresses. Returns how
 * many, or -1 if a segment is not guest RAM or max is too small. */
struct iovec;
int vq_iov(const struct virtq *vq, const struct vq_req *req, bool writable,
	   uint64_t off, uint64_t len, struct iovec *iov, int max);
/* Give back the request vq_pop() returned last, untouched: it is popped
 * again next time. */
void vq_unpop(struct virtq *vq);
/* Total bytes of the readable or writable segments. */
uint64_t vq_req_bytes(const struct vq_req *req, bool writable);

#endif

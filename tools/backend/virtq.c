// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <string.h>
#include <sys/uio.h>

#include "virtq.h"

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_USED_F_NO_NOTIFY 1
#define VRING_AVAIL_F_NO_INTERRUPT 1

/* Both sides are little-endian (aarch64 guests, aarch64 or x86 hosts). */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little endian");

void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (gpa >= m->r[i].gpa && gpa - m->r[i].gpa <= m->r[i].size &&
		    len <= m->r[i].size - (gpa - m->r[i].gpa))
			return m->r[i].host + (gpa - m->r[i].gpa);
	return NULL;
}

static uint16_t ld16(volatile uint8_t *p)
{
	return __atomic_load_n((volatile uint16_t *)p, __ATOMIC_ACQUIRE);
}

static void st16(volatile uint8_t *p, uint16_t v)
{
	__atomic_store_n((volatile uint16_t *)p, v, __ATOMIC_RELEASE);
}

/* avail: flags, idx, ring[num], used_event; used: flags, idx,
 * ring[num] of {id, len}, avail_event */
#define AVAIL_FLAGS(vq) ((vq)->avail)
#define AVAIL_IDX(vq) ((vq)->avail + 2)
#define AVAIL_RING(vq, i) ((vq)->avail + 4 + 2 * (i))
#define USED_EVENT(vq) AVAIL_RING(vq, (vq)->num)
#define USED_FLAGS(vq) ((vq)->used)
#define USED_IDX(vq) ((vq)->used + 2)
#define USED_ELEM(vq, i) ((vq)->used + 4 + 8 * (i))
#define AVAIL_EVENT(vq) USED_ELEM(vq, (vq)->num)

void vq_reset(struct virtq *vq)
{
	memset(vq, 0, sizeof(*vq));
}

void vq_break(struct virtq *vq, const char *why)
{
	vq->why = why;
	vq->ready = false;
	vq->broken = true;
}

static int vq_fail(struct virtq *vq, const char *why)
{
	vq_break(vq, why);
	return -1;
}

int vq_setup(struct virtq *vq, const struct gmem *m, uint16_t num,
	     uint64_t desc, uint64_t avail, uint64_t used, bool event_idx)
{
	vq_reset(vq);
	vq->mem = m;
	if (!num || (num & (num - 1)))
		return vq_fail(vq, "queue size is not a power of two");
	if ((desc & 15) || (avail & 1) || (used & 3))
		return vq_fail(vq, "misaligned ring address");
	vq->num = num;
	vq->desc_gpa = desc;
	vq->avail_gpa = avail;
	vq->used_gpa = used;
	vq->desc = gmem_ptr(m, desc, 16ULL * num);
	vq->avail = gmem_ptr(m, avail, 6 + 2ULL * num);
	vq->used = gmem_ptr(m, used, 6 + 8ULL * num);
	if (!vq->desc || !vq->avail || !vq->used)
		return vq_fail(vq, "ring outside the zone's RAM");
	vq->event_idx = event_idx;
	/* the driver may reuse a queue: carry on from what it left */
	vq->last_avail = vq->used_idx = ld16(USED_IDX(vq));
	vq->ready = true;
	return 0;
}

int vq_pop(struct virtq *vq, struct vq_req *req)
{
	uint16_t avail_idx, idx, n;
	bool seen_write = false;

	if (!vq->ready)
		return vq->broken ? -1 : 0;
	avail_idx = ld16(AVAIL_IDX(vq));
	if ((uint16_t)(avail_idx - vq->last_avail) > vq->num)
		return vq_fail(vq, "available index ran ahead of the queue");
	if (avail_idx == vq->last_avail)
		return 0;
	idx = ld16(AVAIL_RING(vq, vq->last_avail & (vq->num - 1)));
	if (idx >= vq->num)
		return vq_fail(vq, "head descriptor index past the queue");
	req->head = idx;
	req->nseg = 0;
	for (n = 0;; n++) {
		volatile uint8_t *d = vq->desc + 16 * idx;
		uint64_t addr;
		uint32_t len;
		uint16_t flags, next;

		if (n >= vq->num || req->nseg >= VQ_MAX_SEGS)
			return vq_fail(vq,
				       "descriptor chain loops or is too long");
		/* one copy of what the guest may be changing under us */
		memcpy(&addr, (const void *)d, 8);
		memcpy(&len, (const void *)(d + 8), 4);
		memcpy(&flags, (const void *)(d + 12), 2);
		memcpy(&next, (const void *)(d + 14), 2);
		if (flags & VRING_DESC_F_INDIRECT)
			return vq_fail(vq, "indirect descriptor (not offered)");
		if (!(flags & VRING_DESC_F_WRITE) && seen_write)
			return vq_fail(
				vq, "readable descriptor after a writable one");
		seen_write |= flags & VRING_DESC_F_WRITE;
		req->seg[req->nseg].addr = addr;
		req->seg[req->nseg].len = len;
		req->seg[req->nseg].write = flags & VRING_DESC_F_WRITE;
		req->nseg++;
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		if (next >= vq->num)
			return vq_fail(vq,
				       "next descriptor index past the queue");
		idx = next;
	}
	vq->last_avail++;
	return 1;
}

void vq_push(struct virtq *vq, uint16_t head, uint32_t len)
{
	volatile uint8_t *e;
	uint32_t id = head;

	if (!vq->ready)
		return;
	e = USED_ELEM(vq, vq->used_idx & (vq->num - 1));
	memcpy((void *)e, &id, 4);
	memcpy((void *)(e + 4), &len, 4);
	vq->used_idx++;
	/* the element is visible before the index that publishes it */
	st16(USED_IDX(vq), vq->used_idx);
}

bool vq_need_irq(struct virtq *vq)
{
	uint16_t old, event;

	if (!vq->ready)
		return false;
	/* the used index must be visible before we read what the guest
	 * asked for, or both sides may wait for each other */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!vq->event_idx)
		return !(ld16(AVAIL_FLAGS(vq)) & VRING_AVAIL_F_NO_INTERRUPT);
	old = vq->signalled;
	event = ld16(USED_EVENT(vq));
	if (!vq->signalled_valid) {
		vq->signalled_valid = true;
		vq->signalled = vq->used_idx;
		return true;
	}
	vq->signalled = vq->used_idx;
	/* vring_need_event(): did used_idx step past used_event? */
	return (uint16_t)(vq->used_idx - event - 1) <
	       (uint16_t)(vq->used_idx - old);
}

bool vq_enable_notify(struct virtq *vq)
{
	if (!vq->ready)
		return false;
	if (vq->event_idx)
		st16(AVAIL_EVENT(vq), vq->last_avail);
	else
		st16(USED_FLAGS(vq), 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ld16(AVAIL_IDX(vq)) != vq->last_avail;
}

bool vq_has_work(const struct virtq *vq)
{
	return vq->ready && !vq->broken &&
	       ld16(AVAIL_IDX(vq)) != vq->last_avail;
}

void vq_disable_notify(struct virtq *vq)
{
	if (vq->ready && !vq->event_idx)
		st16(USED_FLAGS(vq), VRING_USED_F_NO_NOTIFY);
}

void vq_unpop(struct virtq *vq)
{
	vq->last_avail--;
}

int vq_iov(const struct virtq *vq, const struct vq_req *req, bool writable,
	   uint64_t off, uint64_t len, struct iovec *iov, int max)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < req->nseg && len; i++) {
		const struct vq_seg *s = &req->seg[i];
		uint64_t take;
		void *p;

		if (s->write != writable)
			continue;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		take = s->len - off < len ? s->len - off : len;
		p = gmem_ptr(vq->mem, s->addr + off, take);
		if (!p || n >= max)
			return -1;
		iov[n].iov_base = p;
		iov[n].iov_len = take;
		n++;
		len -= take;
		off = 0;
	}
	return len ? -1 : n;
}

uint64_t vq_req_bytes(const struct vq_req *req, bool writable)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < req->nseg; i++)
		if (req->seg[i].write == writable)
			n += req->seg[i].len;
	return n;
}

/* Walk the readable or writable segments from byte off, len bytes. */
static long vq_copy(const struct virtq *vq, const struct vq_req *req,
		    bool writable, uint64_t off, uint8_t *buf, size_t len,
		    bool to_guest)
{
	size_t done = 0;
	unsigned int i;

	for (i = 0; i < req->nseg && done < len; i++) {
		const struct vq_seg *s = &req->seg[i];
		uint64_t n;
		uint8_t *p;

		if (s->write != writable)
			continue;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off;
		if (n > len - done)
			n = len - done;
		p = gmem_ptr(vq->mem, s->addr + off, n);
		if (!p || s->addr + off < s->addr)
			return -1;
		if (to_guest)
			memcpy(p, buf + done, n);
		else
			memcpy(buf + done, p, n);
		done += n;
		off = 0;
	}
	return (long)done;
}

long vq_copy_from(const struct virtq *vq, const struct vq_req *req,
		  bool writable, uint64_t off, void *buf, size_t len)
{
	return vq_copy(vq, req, writable, off, buf, len, false);
}

long vq_copy_to(const struct virtq *vq, const struct vq_req *req, uint64_t off,
		const void *buf, size_t len)
{
	return vq_copy(vq, req, true, off, (uint8_t *)buf, len, true);
}

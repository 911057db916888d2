// SPDX-License-Identifier: GPL-2.0
#include "core/event.h"
#include "core/lib.h"
#include "core/zone.h"
#include "core/printk.h"
#include "arch.h"
#include "core/spinlock.h"

static struct {
	spinlock_t lock;
	struct hv_event_ring *ring; /* in zone0's RAM, NULL when closed */
	u32 size; /* entries */
	u32 prod; /* our own copy: zone0 may scribble on the ring's */
	/* entries before this one were read and taken off their zone's
	 * count (a cons zone0 corrupted only makes the ring look full) */
	u32 credited;
	u32 gen; /* of the ring: a merge token of an older one never matches */
	u32 irq;
	u32 share; /* device events one zone may have unread */
	u8 owner[HV_EVT_MAX_ENTRIES]; /* zone slot of each entry */
	u32 unread[HV_MAX_ZONES + 1]; /* per slot; the last: lifecycle */
} ch = { .lock = SPINLOCK_INIT };

#define LIFECYCLE_SLOT HV_MAX_ZONES

int event_setup(struct zone *root, u64 addr, u64 bytes)
{
	struct hv_event_ring *r;
	u64 pa;
	u32 size;

	if (!bytes) {
		spin_lock(&ch.lock);
		ch.ring = NULL;
		spin_unlock(&ch.lock);
		return 0;
	}
	if (!root->cfg.event_irq)
		return -HV_EINVAL; /* nobody would hear the interrupt */
	if (!IS_ALIGNED(addr, 64) || bytes < sizeof(*r) ||
	    !zone_ram_range(root, addr, bytes, &pa))
		return -HV_EFAULT;
	r = (struct hv_event_ring *)pa;
	size = READ_ONCE(r->size);
	if (r->magic != HV_ABI_MAGIC || r->version >> 16 != HV_ABI_MAJOR)
		return -HV_EPROTO;
	if (!size || (size & (size - 1)) || size < 4 * HV_EVT_RESERVE ||
	    size > HV_EVT_MAX_ENTRIES ||
	    size > (bytes - sizeof(*r)) / sizeof(struct hv_event))
		return -HV_EINVAL;
	spin_lock(&ch.lock);
	r->prod = 0;
	r->cons = 0;
	r->overflows = 0;
	r->lost = 0;
	ch.prod = 0;
	ch.credited = 0;
	ch.gen++;
	ch.size = size;
	ch.share = (size - HV_EVT_RESERVE) / (HV_MAX_ZONES - 1);
	memset(ch.unread, 0, sizeof(ch.unread));
	ch.irq = root->cfg.event_irq;
	ch.ring = r;
	spin_unlock(&ch.lock);
	pr_info("event channel to zone0: %u entries (%u per zone), IRQ %u\n",
		size, ch.share, ch.irq);
	return 0;
}

bool event_channel_open(void)
{
	return READ_ONCE(ch.ring) != NULL;
}

/* Take what zone0 read since the last post off its zones' counts. */
static void credit(void)
{
	u32 cons = READ_ONCE(ch.ring->cons);

	if (cons - ch.credited > ch.prod - ch.credited)
		return; /* not a position zone0 could have read up to */
	for (; ch.credited != cons; ch.credited++)
		ch.unread[ch.owner[ch.credited & (ch.size - 1)]]--;
}

static bool unread(u64 token)
{
	u32 seq = (u32)token, cons = READ_ONCE(ch.ring->cons);

	return token >> 32 == ch.gen && seq - cons < ch.prod - cons;
}

int event_post(const struct hv_event *e, unsigned int slot, u64 *merge)
{
	bool life = HV_EVT_IS_LIFECYCLE(e->type), wake, lost = false;
	u32 irq, seq;

	if (life || slot >= HV_MAX_ZONES)
		slot = LIFECYCLE_SLOT;
	spin_lock(&ch.lock);
	if (!ch.ring) {
		spin_unlock(&ch.lock);
		return EVENT_DROPPED;
	}
	if (merge && unread(*merge)) {
		spin_unlock(&ch.lock);
		return EVENT_MERGED;
	}
	credit();
	if (ch.prod - ch.credited >= ch.size - (life ? 0 : HV_EVT_RESERVE) ||
	    (!life && ch.unread[slot] >= ch.share)) {
		ch.ring->overflows++;
		/* the first loss since zone0 looked wakes it up */
		wake = !__atomic_exchange_n(&ch.ring->lost, 1,
					    __ATOMIC_SEQ_CST);
		lost = true;
	} else {
		seq = ch.prod++;
		ch.ring->ev[seq & (ch.size - 1)] = *e;
		ch.owner[seq & (ch.size - 1)] = (u8)slot;
		ch.unread[slot]++;
		if (merge)
			*merge = (u64)ch.gen << 32 | seq;
		/* the entry before the index that publishes it; the index
		 * before the look at cons (zone0 does the mirror image) */
		__atomic_store_n(&ch.ring->prod, ch.prod, __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		/* zone0 had read everything: it may be about to sleep */
		wake = READ_ONCE(ch.ring->cons) == seq;
	}
	irq = ch.irq;
	spin_unlock(&ch.lock);
	if (wake)
		arch_irq_raise(irq);
	return lost ? EVENT_DROPPED : EVENT_POSTED;
}

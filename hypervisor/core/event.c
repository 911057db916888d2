// SPDX-License-Identifier: GPL-2.0
#include "core/event.h"
#include "core/zone.h"
#include "core/printk.h"
#include "arch.h"
#include "core/spinlock.h"

static struct {
	spinlock_t lock;
	struct hv_event_ring *ring; /* in zone0's RAM, NULL when closed */
	u32 size; /* entries */
	u32 prod; /* our own copy: zone0 may scribble on the ring's */
	u32 irq;
} ch = { .lock = SPINLOCK_INIT };

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
	if (!size || (size & (size - 1)) || size < 2 * HV_EVT_RESERVE ||
	    size > (bytes - sizeof(*r)) / sizeof(struct hv_event))
		return -HV_EINVAL;
	spin_lock(&ch.lock);
	r->prod = 0;
	r->cons = 0;
	r->overflows = 0;
	ch.prod = 0;
	ch.size = size;
	ch.irq = root->cfg.event_irq;
	ch.ring = r;
	spin_unlock(&ch.lock);
	pr_info("event channel to zone0: %u entries, IRQ %u\n", size, ch.irq);
	return 0;
}

bool event_channel_open(void)
{
	return READ_ONCE(ch.ring) != NULL;
}

bool event_post(const struct hv_event *e)
{
	bool ok = false;
	u32 irq, room;

	spin_lock(&ch.lock);
	if (!ch.ring) {
		spin_unlock(&ch.lock);
		return false;
	}
	/* a cons zone0 corrupted only makes the ring look full */
	room = ch.size - (HV_EVT_IS_LIFECYCLE(e->type) ? 0 : HV_EVT_RESERVE);
	if (ch.prod - READ_ONCE(ch.ring->cons) < room) {
		ch.ring->ev[ch.prod & (ch.size - 1)] = *e;
		ch.prod++;
		/* the entry is visible before the index that publishes it */
		__atomic_store_n(&ch.ring->prod, ch.prod, __ATOMIC_RELEASE);
		ok = true;
	} else {
		ch.ring->overflows++;
	}
	irq = ch.irq;
	spin_unlock(&ch.lock);
	/* also on overflow: the reader must come and find out */
	arch_irq_raise(irq);
	return ok;
}

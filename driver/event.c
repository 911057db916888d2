// SPDX-License-Identifier: GPL-2.0
/*
 * The event channel from the hypervisor: a ring in our RAM that only the
 * hypervisor fills (HV_HC_EVENTS), announced by zone0's event_irq, declared
 * in zone0's device tree as a node compatible with "hvisor,event-channel".
 * The interrupt handler hands each event to the zone it concerns (its
 * backend's queue); what needs sleeping work (shutting a zone down, CPUs
 * back online) runs from a work item.
 */
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/workqueue.h>
#include "hvisor.h"

#define RING_ORDER 4 /* 64 KiB: the header and 1024 events */
#define RING_ENTRIES 1024

static struct hv_event_ring *ring;
static unsigned int irq;
static u32 seen_overflows;

static void reconcile_work(struct work_struct *w)
{
	hvisor_zones_reconcile();
}
static DECLARE_WORK(reconcile, reconcile_work);

void hvisor_events_kick_work(void)
{
	schedule_work(&reconcile);
}

/*
 * The hypervisor interrupts us only when an event lands in a ring we had
 * read to the end, or when it starts losing events (abi.h): so after
 * publishing cons we look at prod again, with a full barrier between (it
 * does the mirror image), and the lost flag is taken with an exchange.
 * cons moves past each entry before the entry is handed on (see below).
 */
static irqreturn_t events_irq(int irq, void *dev)
{
	u32 prod, cons = READ_ONCE(ring->cons), ovf;

	for (;;) {
		prod = smp_load_acquire(&ring->prod);
		/* the hypervisor never runs more than a ring ahead */
		if (prod - cons > RING_ENTRIES)
			cons = prod - RING_ENTRIES;
		if (cons == prod)
			break;
		while (cons != prod) {
			struct hv_event e = ring->ev[cons % RING_ENTRIES];

			/* read before it is handed on: a QueueNotify the
			 * hypervisor merges into an entry it still sees unread
			 * is then served by a backend that reads the entry
			 * later (a backend served before cons moved on would
			 * miss the new buffers) */
			smp_store_release(&ring->cons, ++cons);
			smp_mb();
			hvisor_zone_event(&e);
		}
	}
	if (xchg(&ring->lost, 0)) {
		ovf = READ_ONCE(ring->overflows);
		pr_warn_ratelimited(
			"hvisor: %u events refused (ring or a zone's share of it full); backends rebuild their devices\n",
			ovf - seen_overflows);
		seen_overflows = ovf;
		hvisor_zones_lost_events();
	}
	return IRQ_HANDLED;
}

int hvisor_events_init(void)
{
	struct device_node *np;
	long ret;

	np = of_find_compatible_node(NULL, NULL, "hvisor,event-channel");
	if (!np) {
		pr_warn("hvisor: no hvisor,event-channel node in the device tree: zones' ends and virtio devices are not served\n");
		return 0;
	}
	irq = irq_of_parse_and_map(np, 0);
	of_node_put(np);
	if (!irq) {
		pr_err("hvisor: the event-channel node has no usable interrupt\n");
		return -EINVAL;
	}
	ring = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, RING_ORDER);
	if (!ring) {
		ret = -ENOMEM;
		goto err_irq;
	}
	ring->magic = HV_ABI_MAGIC;
	ring->version = HV_ABI_VERSION;
	ring->size = RING_ENTRIES;
	ret = request_irq(irq, events_irq, 0, "hvisor-events", NULL);
	if (ret)
		goto err_ring;
	ret = hvisor_call(HV_HC_EVENTS, virt_to_phys(ring),
			  PAGE_SIZE << RING_ORDER);
	if (ret) {
		pr_err("hvisor: the hypervisor refused the event ring (%ld)\n",
		       ret);
		ret = -EIO;
		goto err_req;
	}
	return 0;
err_req:
	free_irq(irq, NULL);
err_ring:
	free_pages((unsigned long)ring, RING_ORDER);
	ring = NULL;
err_irq:
	irq_dispose_mapping(irq);
	return (int)ret;
}

void hvisor_events_exit(void)
{
	if (!ring)
		return;
	hvisor_call(HV_HC_EVENTS, 0, 0);
	free_irq(irq, NULL);
	irq_dispose_mapping(irq);
	cancel_work_sync(&reconcile);
	free_pages((unsigned long)ring, RING_ORDER);
	ring = NULL;
}

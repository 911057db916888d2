// SPDX-License-Identifier: GPL-2.0
/*
 * What GICv2 and GICv3 share: acknowledging IRQs at EL2, handing them to
 * the running guest through the list registers (a per-CPU queue when all
 * are busy), the maintenance interrupt, and a vCPU's interrupt state when
 * its CPU changes hands. The version's registers are behind struct
 * gic_ops; the board's device tree says which one (core/board.h).
 */
#include "arch/aarch64/gic.h"
#include "arch/aarch64/sysreg.h"
#include "core/board.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "core/virq.h"
#include "core/zone.h"

#define INTID_SPURIOUS 1020

const struct gic_ops *gic;
unsigned int gic_nr_irqs;

void arch_irq_init(void)
{
	gic = board.gic.version == 2 ? &gicv2_ops : &gicv3_ops;
	gic_nr_irqs =
		32 * ((mmio_read32(board.gic.gicd + GICD_TYPER) & 0x1f) + 1);
	if (gic_nr_irqs > INTID_SPURIOUS)
		gic_nr_irqs = INTID_SPURIOUS;
	gic->init();
	pr_info("%s: %u IRQs, %u list registers\n", gic->name, gic_nr_irqs,
		gic->nr_lrs());
}

void arch_irq_cpu_init(struct percpu *pc)
{
	vgic_cpu_online(pc->cpu_id, pc->arch.mpidr);
	gic->cpu_init(pc);
}

void arch_irq_raise(u32 intid)
{
	if (intid < 32 || intid >= gic_nr_irqs)
		return;
	dsb(ishst); /* what the event announces is visible first */
	mmio_write32(board.gic.gicd + GICD_ISPENDR + (intid / 32) * 4,
		     BIT(intid % 32));
}

void gic_send_sgi(unsigned int cpu, u32 intid)
{
	dsb(ishst);
	gic->send_sgi(cpu, intid);
}

static bool lr_try_inject(u32 intid, bool hw, bool notify)
{
	u64 empty = gic->lr_empty();
	unsigned int i, n = gic->nr_lrs();
	int free = -1;
	struct vlr v;

	for (i = 0; i < n; i++) {
		if (empty & BIT(i)) {
			if (free < 0)
				free = (int)i;
			continue;
		}
		gic->lr_get(i, &v);
		/* state 0 here: finished, its EOI not yet handled */
		if (v.vintid != intid || !v.state)
			continue;
		/* already there: a software SGI may be pending again while
		 * active; anything else is merged */
		if (!v.hw && v.state == VLR_ACTIVE) {
			v.state |= VLR_PENDING;
			gic->lr_put(i, &v);
		}
		return true;
	}
	if (free < 0)
		return false;
	v = (struct vlr){ .vintid = intid,
			  .pintid = hw ? intid : 0,
			  .state = VLR_PENDING,
			  .hw = hw,
			  .eoi = notify,
			  .prio = GIC_PRIO_DEFAULT };
	gic->lr_put((unsigned int)free, &v);
	return true;
}

/* Queue entries keep the HW flag in bit 15, EOI notification in bit 14. */
static void queue_push(struct percpu *pc, u32 intid, bool hw, bool notify)
{
	struct arch_percpu *a = &pc->arch;
	u16 e = (u16)(intid | (hw ? 0x8000 : 0) | (notify ? 0x4000 : 0));
	unsigned int i;

	for (i = 0; i < a->irq_count; i++)
		if (a->irq_queue[(a->irq_head + i) % IRQ_QUEUE_LEN] == e)
			return;
	if (a->irq_count == IRQ_QUEUE_LEN) {
		pr_warn("CPU %u: virtual IRQ queue full, dropping %u\n",
			pc->cpu_id, intid);
		if (hw)
			gic->deactivate(intid);
		return;
	}
	if (!a->queue_used) { /* once per CPU: the overflow path is alive */
		a->queue_used = true;
		pr_info("CPU %u: list registers full, queueing virtual IRQs\n",
			pc->cpu_id);
	}
	a->irq_queue[(a->irq_head + a->irq_count++) % IRQ_QUEUE_LEN] = e;
	gic->set_uie(true);
}

static void queue_refill(struct percpu *pc)
{
	struct arch_percpu *a = &pc->arch;

	while (a->irq_count) {
		u16 e = a->irq_queue[a->irq_head];

		if (!lr_try_inject(e & 0x3ff, e & 0x8000, e & 0x4000))
			return;
		a->irq_head = (a->irq_head + 1) % IRQ_QUEUE_LEN;
		a->irq_count--;
	}
	gic->set_uie(false);
}

static void inject(u32 intid, bool hw, bool notify)
{
	struct percpu *pc = this_cpu();

	pc->stats.virq++;
	if (pc->arch.irq_count || !lr_try_inject(intid, hw, notify))
		queue_push(pc, intid, hw, notify);
}

void gic_inject(u32 intid, bool hw)
{
	inject(intid, hw, false);
}

void arch_inject_virq(u32 intid)
{
	inject(intid, false, true);
}

/* The guest finished virtual interrupts we asked to hear about. */
static void handle_eoi_maintenance(struct percpu *pc)
{
	u64 eisr = gic->lr_eoi();
	unsigned int i, n = gic->nr_lrs();
	struct vlr v;

	for (i = 0; i < n; i++) {
		if (!(eisr & BIT(i)))
			continue;
		gic->lr_get(i, &v);
		gic->lr_put(i, &(struct vlr){ 0 });
		/* an emulated device's line: its model may raise it again */
		if (pc->zone)
			virq_eoi(pc->zone, v.vintid);
	}
}

static bool irq_is_guests(struct percpu *pc, u32 intid)
{
	if (!pc->zone || READ_ONCE(pc->vcpu_state) != VCPU_RUNNING)
		return false;
	if (intid < 32)
		return !(GIC_RESERVED_PRIVATE & BIT(intid));
	return zone_owns_irq(pc->zone, intid);
}

/* Acknowledge every pending physical IRQ. */
void gic_handle_irq(void)
{
	struct percpu *pc = this_cpu();
	bool running = pc->zone && READ_ONCE(pc->vcpu_state) == VCPU_RUNNING;
	unsigned int n;

	/* bounded: a level source that stays asserted (a misbehaving device)
	 * must not keep this CPU at EL2 forever; it traps again later */
	for (n = 0; n < 64; n++) {
		u32 iar = gic->ack(), intid = iar & 0x3ff;

		if (intid >= INTID_SPURIOUS)
			break;
		pc->stats.irqs++;
		gic->eoi(iar); /* priority drop only */
		/* the maintenance interrupt is a level: remove its cause
		 * (finished EOI-notified LRs, free LRs with a queue waiting)
		 * before it is deactivated, or it fires again at once */
		if (intid == board.gic.maint_intid && running) {
			handle_eoi_maintenance(pc);
			queue_refill(pc);
		}
		if (intid == GIC_SGI_EVENT || intid == board.gic.maint_intid ||
		    !irq_is_guests(pc, intid)) {
			gic->deactivate(iar);
			if (intid == GIC_SGI_EVENT) {
				pc->stats.irq_event++;
			} else if (intid == board.gic.maint_intid) {
				pc->stats.irq_maint++;
			} else {
				pc->stats.irq_dropped++;
				pr_debug("dropped IRQ %u (no owner here)\n",
					 intid);
			}
			continue;
		}
		pc->stats.irq_guest++;
		if (intid < 16) {
			/* SGIs cannot be HW-mapped: finish the physical one,
			 * inject a virtual one */
			gic->deactivate(iar);
			gic_inject(intid, false);
		} else {
			gic_inject(intid, true);
		}
	}
	if (running)
		queue_refill(pc);
}

void gic_vcpu_reset(void)
{
	this_cpu()->arch.irq_count = 0;
	gic->vcpu_reset();
}

/* A vCPU leaves its CPU: nothing of its interrupt state may reach the
 * next owner (zone0 taking a lent CPU back, or another zone). Hardware
 * interrupts it held, in list registers or queued for them, are
 * deactivated; its SGIs and PPIs are disabled and their pending and active
 * states cleared (a stale IPI_CPU_STOP would stop the next owner's CPU).
 * The hypervisor's own SGI and PPIs keep their state. */
void arch_vcpu_irq_release(struct percpu *pc)
{
	struct arch_percpu *a = &pc->arch;
	unsigned int i, n = gic->nr_lrs();
	struct vlr v;

	for (i = 0; i < n; i++) {
		gic->lr_get(i, &v);
		if (v.hw && v.state)
			gic->deactivate(v.pintid);
		gic->lr_put(i, &(struct vlr){ 0 });
	}
	for (i = 0; i < a->irq_count; i++) {
		u16 e = a->irq_queue[(a->irq_head + i) % IRQ_QUEUE_LEN];

		if (e & 0x8000)
			gic->deactivate(e & 0x3ff);
	}
	a->irq_count = 0;
	gic->vcpu_off();
	gic->private_release(pc);
	isb();
}

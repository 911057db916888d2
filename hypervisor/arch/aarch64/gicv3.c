// SPDX-License-Identifier: GPL-2.0
/* The physical GICv3: distributor and redistributor set-up, acknowledging
 * IRQs at EL2, and injecting them into the running guest through the list
 * registers, with a per-CPU queue when all of them are busy. */
#include "arch/aarch64/gicv3.h"
#include "arch/aarch64/sysreg.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "core/zone.h"
#include "core/vconsole.h"
#include "arch/aarch64/arch.h"
#include "board.h"

#define LR_STATE_PENDING (1UL << 62)
#define LR_STATE_ACTIVE (2UL << 62)
#define LR_STATE_MASK (3UL << 62)
#define LR_HW BIT(61)
#define LR_GROUP1 BIT(60)
#define LR_PRIO(p) ((u64)(p) << 48)
#define LR_PINTID(i) ((u64)(i) << 32)
#define LR_EOI BIT(41) /* HW=0 only: maintenance IRQ on the guest's EOI */
#define ICH_HCR_EN BIT(0)
#define ICH_HCR_UIE BIT(1)
#define INTID_SPURIOUS 1020

static unsigned int nr_lrs;
unsigned int gic_nr_irqs;

static u64 lr_read(unsigned int i)
{
	switch (i) {
	case 0:
		return read_sysreg(ICH_LR0_EL2);
	case 1:
		return read_sysreg(ICH_LR1_EL2);
	case 2:
		return read_sysreg(ICH_LR2_EL2);
	default:
		return read_sysreg(ICH_LR3_EL2);
	}
}

static void lr_write(unsigned int i, u64 v)
{
	switch (i) {
	case 0:
		write_sysreg(ICH_LR0_EL2, v);
		break;
	case 1:
		write_sysreg(ICH_LR1_EL2, v);
		break;
	case 2:
		write_sysreg(ICH_LR2_EL2, v);
		break;
	default:
		write_sysreg(ICH_LR3_EL2, v);
	}
}

static void gicd_wait_rwp(void)
{
	while (mmio_read32(BOARD_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

void arch_irq_init(void)
{
	u64 d = BOARD_GICD_BASE;
	unsigned int i;

	nr_lrs = (read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;
	if (nr_lrs > 4)
		nr_lrs = 4; /* lr_read/lr_write cover what QEMU has */
	gic_nr_irqs = 32 * ((mmio_read32(d + GICD_TYPER) & 0x1f) + 1);
	if (gic_nr_irqs > 1020)
		gic_nr_irqs = 1020;

	mmio_write32(d + GICD_CTLR, 0);
	gicd_wait_rwp();
	for (i = 32; i < gic_nr_irqs; i += 32) {
		mmio_write32(d + GICD_IGROUPR + i / 8, ~0u);
		mmio_write32(d + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(d + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(d + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (i = 32; i < gic_nr_irqs; i += 4)
		mmio_write32(d + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	for (i = 32; i < gic_nr_irqs; i++)
		mmio_write64(d + GICD_IROUTER + 8 * i, per_cpu(0)->arch.mpidr);
	/* affinity routing, group 1 enabled (single security state) */
	mmio_write32(d + GICD_CTLR, BIT(4) | BIT(1) | BIT(0));
	gicd_wait_rwp();
	pr_info("GICv3: %u IRQs, %u list registers\n", gic_nr_irqs, nr_lrs);
}

static u64 find_redist(u64 mpidr)
{
	u64 rd = BOARD_GICR_BASE;
	u64 aff = ((mpidr & 0xff00000000UL) >> 8) | (mpidr & 0xffffff);

	for (;; rd += GICR_FRAME_SIZE) {
		u64 typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			return 0;
	}
}

void arch_irq_cpu_init(struct percpu *pc)
{
	u64 sgi;
	unsigned int i;

	vgic_cpu_online(pc->cpu_id, pc->arch.mpidr);
	pc->arch.gicr_base = find_redist(pc->arch.mpidr);
	if (!pc->arch.gicr_base)
		panic("CPU %u: no redistributor for MPIDR 0x%lx\n", pc->cpu_id,
		      pc->arch.mpidr);
	sgi = pc->arch.gicr_base + GICR_SGI_BASE;
	mmio_write32(pc->arch.gicr_base + GICR_WAKER,
		     mmio_read32(pc->arch.gicr_base + GICR_WAKER) & ~BIT(1));
	while (mmio_read32(pc->arch.gicr_base + GICR_WAKER) & BIT(2))
		;
	mmio_write32(sgi + GICD_IGROUPR, ~0u);
	mmio_write32(sgi + GICD_ICENABLER, ~0u);
	mmio_write32(sgi + GICD_ICPENDR, ~0u);
	mmio_write32(sgi + GICD_ICACTIVER, ~0u);
	for (i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	mmio_write32(sgi + GICD_ISENABLER,
		     BIT(GIC_SGI_EVENT) | BIT(GIC_MAINT_INTID));

	/* EL2's own CPU interface: system registers, EOImode=1 so that the
	 * guest's EOI of a HW-mapped interrupt deactivates the physical one */
	write_sysreg(ICC_SRE_EL2, BIT(0) | BIT(3));
	isb();
	write_sysreg(ICC_PMR_EL1, 0xf0);
	write_sysreg(ICC_CTLR_EL1, BIT(1));
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	write_sysreg(ICH_HCR_EL2, 0);
	isb();
}

void arch_irq_raise(u32 intid)
{
	if (intid < 32 || intid >= gic_nr_irqs)
		return;
	dsb(ishst); /* what the event announces is visible first */
	mmio_write32(BOARD_GICD_BASE + GICD_ISPENDR + (intid / 32) * 4,
		     BIT(intid % 32));
}

void gic_send_sgi(unsigned int cpu, u32 intid)
{
	u64 mpidr = per_cpu(cpu)->arch.mpidr;
	u64 v = ((u64)intid << 24) | BIT(mpidr & 0xf) |
		(((mpidr >> 8) & 0xff) << 16) | (((mpidr >> 16) & 0xff) << 32) |
		(((mpidr >> 32) & 0xff) << 48) | (((mpidr >> 4) & 0xf) << 44);

	dsb(ishst);
	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

static bool lr_try_inject(u32 intid, bool hw, bool notify)
{
	u64 elrsr = read_sysreg(ICH_ELRSR_EL2);
	unsigned int i;
	int free = -1;

	for (i = 0; i < nr_lrs; i++) {
		u64 lr;

		if (elrsr & BIT(i)) {
			if (free < 0)
				free = (int)i;
			continue;
		}
		lr = lr_read(i);
		/* state 0 here: finished, its EOI not yet handled */
		if ((u32)lr != intid || !(lr & LR_STATE_MASK))
			continue;
		/* already there: a software SGI may be pending again while
		 * active; anything else is merged */
		if (!(lr & LR_HW) && (lr & LR_STATE_MASK) == LR_STATE_ACTIVE)
			lr_write(i, lr | LR_STATE_PENDING);
		return true;
	}
	if (free < 0)
		return false;
	lr_write((unsigned int)free,
		 LR_STATE_PENDING | LR_GROUP1 | LR_PRIO(GIC_PRIO_DEFAULT) |
			 (hw ? LR_HW | LR_PINTID(intid) : 0) |
			 (notify ? LR_EOI : 0) | intid);
	return true;
}

/* Queue entries keep the HW flag in bit 15, EOI notification in bit 14. */
static void queue_push(struct percpu *pc, u32 intid, bool hw, bool notify)
{
	unsigned int i;
	u16 e = (u16)(intid | (hw ? 0x8000 : 0) | (notify ? 0x4000 : 0));

	for (i = 0; i < pc->irq_count; i++)
		if (pc->irq_queue[(pc->irq_head + i) % IRQ_QUEUE_LEN] == e)
			return;
	if (pc->irq_count == IRQ_QUEUE_LEN) {
		pr_warn("CPU %u: virtual IRQ queue full, dropping %u\n",
			pc->cpu_id, intid);
		if (hw)
			write_sysreg(ICC_DIR_EL1, intid);
		return;
	}
	if (!pc->queue_used) { /* once per CPU: the overflow path is alive */
		pc->queue_used = true;
		pr_info("CPU %u: list registers full, queueing virtual IRQs\n",
			pc->cpu_id);
	}
	pc->irq_queue[(pc->irq_head + pc->irq_count++) % IRQ_QUEUE_LEN] = e;
	write_sysreg(ICH_HCR_EL2, read_sysreg(ICH_HCR_EL2) | ICH_HCR_UIE);
}

static void queue_refill(struct percpu *pc)
{
	while (pc->irq_count) {
		u16 e = pc->irq_queue[pc->irq_head];

		if (!lr_try_inject(e & 0x3ff, e & 0x8000, e & 0x4000))
			return;
		pc->irq_head = (pc->irq_head + 1) % IRQ_QUEUE_LEN;
		pc->irq_count--;
	}
	write_sysreg(ICH_HCR_EL2, read_sysreg(ICH_HCR_EL2) & ~ICH_HCR_UIE);
}

static void inject(u32 intid, bool hw, bool notify)
{
	struct percpu *pc = this_cpu();

	if (pc->irq_count || !lr_try_inject(intid, hw, notify))
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
	u64 eisr = read_sysreg(ICH_EISR_EL2);
	unsigned int i;

	for (i = 0; i < nr_lrs; i++) {
		u32 intid;

		if (!(eisr & BIT(i)))
			continue;
		intid = (u32)lr_read(i);
		lr_write(i, 0);
		if (pc->zone && pc->zone->cfg.console_base &&
		    intid == pc->zone->cfg.console_irq)
			vconsole_update(pc->zone, true);
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
		u32 intid = (u32)read_sysreg(ICC_IAR1_EL1) & 0xffffff;

		if (intid >= INTID_SPURIOUS)
			break;
		pc->nr_irqs++;
		write_sysreg(ICC_EOIR1_EL1, intid); /* priority drop only */
		/* the maintenance interrupt is a level: remove its cause
		 * (finished EOI-notified LRs, free LRs with a queue waiting)
		 * before it is deactivated, or it fires again at once */
		if (intid == GIC_MAINT_INTID && running) {
			handle_eoi_maintenance(pc);
			queue_refill(pc);
		}
		if (intid == GIC_SGI_EVENT || intid == GIC_MAINT_INTID ||
		    !irq_is_guests(pc, intid)) {
			write_sysreg(ICC_DIR_EL1, intid);
			if (intid != GIC_SGI_EVENT && intid != GIC_MAINT_INTID)
				pr_debug("dropped IRQ %u (no owner here)\n",
					 intid);
		} else if (intid < 16) {
			/* SGIs cannot be HW-mapped: finish the physical one,
			 * inject a virtual one */
			write_sysreg(ICC_DIR_EL1, intid);
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
	unsigned int i;

	for (i = 0; i < nr_lrs; i++)
		lr_write(i, 0);
	write_sysreg(ICH_AP0R0_EL2, 0);
	write_sysreg(ICH_AP1R0_EL2, 0);
	write_sysreg(ICH_VMCR_EL2, 0);
	this_cpu()->irq_count = 0;
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

/* A vCPU leaves its CPU: nothing of its interrupt state may reach the
 * next owner (zone0 taking a lent CPU back, or another zone). Hardware
 * interrupts it held, in list registers or queued for them, are
 * deactivated; its SGIs and PPIs are disabled and their pending and active
 * states cleared (a stale IPI_CPU_STOP would stop the next owner's CPU).
 * The hypervisor's own SGI and PPIs keep their state. */
void arch_vcpu_irq_release(struct percpu *pc)
{
	u64 sgi = pc->arch.gicr_base + GICR_SGI_BASE;
	u32 guest = ~(u32)GIC_RESERVED_PRIVATE;
	unsigned int i;

	for (i = 0; i < nr_lrs; i++) {
		u64 lr = lr_read(i);

		if ((lr & LR_HW) && (lr & LR_STATE_MASK))
			write_sysreg(ICC_DIR_EL1, (lr >> 32) & 0x3ff);
		lr_write(i, 0);
	}
	for (i = 0; i < pc->irq_count; i++) {
		u16 e = pc->irq_queue[(pc->irq_head + i) % IRQ_QUEUE_LEN];

		if (e & 0x8000)
			write_sysreg(ICC_DIR_EL1, e & 0x3ff);
	}
	pc->irq_count = 0;
	write_sysreg(ICH_HCR_EL2, 0);
	mmio_write32(sgi + GICD_ICENABLER, guest);
	mmio_write32(sgi + GICD_ICPENDR, guest);
	mmio_write32(sgi + GICD_ICACTIVER, guest);
	isb();
}

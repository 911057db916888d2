// SPDX-License-Identifier: GPL-2.0
/* GICv3: the distributor (affinity routing), each CPU's redistributor, the
 * system-register CPU interface and list registers (struct gic_ops). */
#include "arch/aarch64/gic.h"
#include "arch/aarch64/sysreg.h"
#include "core/board.h"
#include "core/printk.h"
#include "core/zone.h"

#define LR_STATE_SHIFT 62
#define LR_STATE_MASK (3UL << 62)
#define LR_HW BIT(61)
#define LR_GROUP1 BIT(60)
#define LR_PRIO_SHIFT 48
#define LR_PINTID_SHIFT 32
#define LR_EOI BIT(41) /* HW=0 only: maintenance IRQ on the guest's EOI */
#define ICH_HCR_EN BIT(0)
#define ICH_HCR_UIE BIT(1)

static unsigned int nr_lrs;

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

static void v3_lr_get(unsigned int i, struct vlr *v)
{
	u64 lr = lr_read(i);

	v->vintid = (u32)lr;
	v->pintid = (lr >> LR_PINTID_SHIFT) & 0x3ff;
	v->state = (u32)((lr & LR_STATE_MASK) >> LR_STATE_SHIFT);
	v->hw = lr & LR_HW;
	v->eoi = !v->hw && (lr & LR_EOI);
	v->prio = (u8)(lr >> LR_PRIO_SHIFT);
}

static void v3_lr_put(unsigned int i, const struct vlr *v)
{
	u64 lr = 0;

	if (v->state)
		lr = (u64)v->state << LR_STATE_SHIFT | LR_GROUP1 |
		     (u64)v->prio << LR_PRIO_SHIFT | v->vintid |
		     (v->hw ? LR_HW | (u64)v->pintid << LR_PINTID_SHIFT
			    : (v->eoi ? LR_EOI : 0));
	lr_write(i, lr);
}

static unsigned int v3_nr_lrs(void)
{
	return nr_lrs;
}

static u64 v3_lr_empty(void)
{
	return read_sysreg(ICH_ELRSR_EL2);
}

static u64 v3_lr_eoi(void)
{
	return read_sysreg(ICH_EISR_EL2);
}

static void v3_set_uie(bool on)
{
	u64 hcr = read_sysreg(ICH_HCR_EL2);

	write_sysreg(ICH_HCR_EL2, on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE);
}

static void gicd_wait_rwp(void)
{
	while (mmio_read32(board.gic.gicd + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static void v3_init(void)
{
	u64 d = board.gic.gicd;
	unsigned int i;

	nr_lrs = (read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;
	if (nr_lrs > 4)
		nr_lrs = 4; /* lr_read/lr_write cover what QEMU has */
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
}

static u64 find_redist(u64 mpidr)
{
	u64 rd = board.gic.gicr, end = rd + board.gic.gicr_size;
	u64 aff = ((mpidr & 0xff00000000UL) >> 8) | (mpidr & 0xffffff);

	for (; rd < end; rd += GICR_FRAME_SIZE) {
		u64 typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			return 0;
	}
	return 0;
}

static void v3_cpu_init(struct percpu *pc)
{
	u64 sgi;
	unsigned int i;

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
		     BIT(GIC_SGI_EVENT) | BIT(board.gic.maint_intid));

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

static u32 v3_ack(void)
{
	return (u32)read_sysreg(ICC_IAR1_EL1) & 0xffffff;
}

static void v3_eoi(u32 intid)
{
	write_sysreg(ICC_EOIR1_EL1, intid);
}

static void v3_deactivate(u32 intid)
{
	write_sysreg(ICC_DIR_EL1, intid);
}

static void v3_send_sgi(unsigned int cpu, u32 intid)
{
	u64 mpidr = per_cpu(cpu)->arch.mpidr;
	u64 v = ((u64)intid << 24) | BIT(mpidr & 0xf) |
		(((mpidr >> 8) & 0xff) << 16) | (((mpidr >> 16) & 0xff) << 32) |
		(((mpidr >> 32) & 0xff) << 48) | (((mpidr >> 4) & 0xf) << 44);

	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

static void v3_vcpu_reset(void)
{
	unsigned int i;

	for (i = 0; i < nr_lrs; i++)
		lr_write(i, 0);
	write_sysreg(ICH_AP0R0_EL2, 0);
	write_sysreg(ICH_AP1R0_EL2, 0);
	write_sysreg(ICH_VMCR_EL2, 0);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

static void v3_vcpu_off(void)
{
	write_sysreg(ICH_HCR_EL2, 0);
}

static void v3_private_release(struct percpu *pc)
{
	u64 sgi = pc->arch.gicr_base + GICR_SGI_BASE;
	u32 guest = ~(u32)GIC_RESERVED_PRIVATE;

	mmio_write32(sgi + GICD_ICENABLER, guest);
	mmio_write32(sgi + GICD_ICPENDR, guest);
	mmio_write32(sgi + GICD_ICACTIVER, guest);
}

const struct gic_ops gicv3_ops = {
	.name = "GICv3",
	.init = v3_init,
	.cpu_init = v3_cpu_init,
	.ack = v3_ack,
	.eoi = v3_eoi,
	.deactivate = v3_deactivate,
	.send_sgi = v3_send_sgi,
	.nr_lrs = v3_nr_lrs,
	.lr_get = v3_lr_get,
	.lr_put = v3_lr_put,
	.lr_empty = v3_lr_empty,
	.lr_eoi = v3_lr_eoi,
	.set_uie = v3_set_uie,
	.vcpu_reset = v3_vcpu_reset,
	.vcpu_off = v3_vcpu_off,
	.private_release = v3_private_release,
};

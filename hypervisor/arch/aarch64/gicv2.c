// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2 (GIC-400 and kin): the distributor (SGIs and PPIs banked per CPU,
 * SPIs routed by CPU interface masks), the memory-mapped CPU interface, the
 * virtual interface control (GICH) and its list registers. A zone's CPU
 * interface is the board's virtual one (GICV), mapped into the zone where
 * it expects the CPU interface (vgic.c); only its distributor is trapped.
 */
#include "arch/aarch64/gic.h"
#include "core/board.h"
#include "core/printk.h"
#include "core/zone.h"

#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR 0x1000
/* EnableGrp0/1; EOImode: EOIR drops the priority, DIR deactivates */
#define GICC_CTLR_VALUE (BIT(0) | BIT(1) | BIT(9))

#define GICH_HCR 0x0000
#define GICH_VTR 0x0004
#define GICH_VMCR 0x0008
#define GICH_EISR0 0x0020
#define GICH_ELRSR0 0x0030
#define GICH_APR 0x00f0
#define GICH_LR0 0x0100
#define GICH_HCR_EN BIT(0)
#define GICH_HCR_UIE BIT(1)

#define LR_VINTID_MASK 0x3ffu
#define LR_PINTID_SHIFT 10
#define LR_EOI BIT(19) /* HW=0 only */
#define LR_PRIO_SHIFT 23 /* 5 bits: the priority's top ones */
#define LR_STATE_SHIFT 28
#define LR_GROUP1 BIT(30)
#define LR_HW BIT(31)

u8 gicv2_cpu_mask[BOARD_MAX_CPUS];
static unsigned int nr_lrs;

static u32 gich(u32 off)
{
	return mmio_read32(board.gic.gich + off);
}

static void gich_write(u32 off, u32 v)
{
	mmio_write32(board.gic.gich + off, v);
}

static void v2_lr_get(unsigned int i, struct vlr *v)
{
	u32 lr = gich(GICH_LR0 + 4 * i);

	v->vintid = lr & LR_VINTID_MASK;
	v->hw = lr & LR_HW;
	v->pintid = v->hw ? (lr >> LR_PINTID_SHIFT) & 0x3ff : 0;
	v->eoi = !v->hw && (lr & LR_EOI);
	v->state = (lr >> LR_STATE_SHIFT) & 3;
	v->prio = (u8)(((lr >> LR_PRIO_SHIFT) & 0x1f) << 3);
}

static void v2_lr_put(unsigned int i, const struct vlr *v)
{
	u32 lr = 0;

	/* group 0 in the virtual interface, as the physical one here; a
	 * guest that enables group 1 only (Linux enables both) would need
	 * LR_GROUP1 */
	if (v->state)
		lr = v->state << LR_STATE_SHIFT |
		     (u32)(v->prio >> 3) << LR_PRIO_SHIFT | v->vintid |
		     (v->hw ? LR_HW | v->pintid << LR_PINTID_SHIFT
			    : (v->eoi ? LR_EOI : 0));
	gich_write(GICH_LR0 + 4 * i, lr);
}

static unsigned int v2_nr_lrs(void)
{
	return nr_lrs;
}

static u64 v2_lr_empty(void)
{
	return gich(GICH_ELRSR0) | (u64)gich(GICH_ELRSR0 + 4) << 32;
}

static u64 v2_lr_eoi(void)
{
	return gich(GICH_EISR0) | (u64)gich(GICH_EISR0 + 4) << 32;
}

static void v2_set_uie(bool on)
{
	u32 hcr = gich(GICH_HCR);

	gich_write(GICH_HCR, on ? hcr | GICH_HCR_UIE : hcr & ~GICH_HCR_UIE);
}

/* This CPU's bit in ITARGETSR: the banked bytes for SGIs 0-3 hold it. */
static u8 own_cpu_mask(void)
{
	u32 t = mmio_read32(board.gic.gicd + GICD_ITARGETSR);

	return (u8)(t | t >> 8 | t >> 16 | t >> 24);
}

/*
 * A GIC-400 whose CPU interface is given 128 KiB may repeat each of its
 * 4 KiB pages over a 64 KiB one (the ZynqMP does): its second page, with
 * GICC_DIR, is then at +0x10000, not +0x1000. Linux checks the same way:
 * a GICv2 interface's ID repeated at +0xf000 means the 8 KiB we need
 * start there.
 */
#define GICC_IIDR 0x00fc
#define GICV2_IIDR(v) (((v)&0x00ff0fffu) == 0x0002043bu) /* v2, by Arm */
static u64 gicc; /* where this driver finds GICC's two pages */

static void gicc_find_pages(void)
{
	u32 id = mmio_read32(board.gic.gicc + GICC_IIDR);

	gicc = board.gic.gicc;
	if (board.gic.gicc_size < 0x20000 || !GICV2_IIDR(id) ||
	    mmio_read32(board.gic.gicc + 0xf000 + GICC_IIDR) != id)
		return;
	gicc += 0xf000;
	pr_info("GICv2: CPU interface pages repeat every 64 KiB: using 0x%lx\n",
		gicc);
}

static void v2_init(void)
{
	u64 d = board.gic.gicd;
	u32 route = own_cpu_mask() * 0x01010101u;
	unsigned int i;

	gicc_find_pages();

	nr_lrs = (gich(GICH_VTR) & 0x3f) + 1;
	if (nr_lrs > 64)
		nr_lrs = 64;
	mmio_write32(d + GICD_CTLR, 0);
	for (i = 32; i < gic_nr_irqs; i += 32) {
		mmio_write32(d + GICD_IGROUPR + i / 8, 0); /* group 0: IRQ */
		mmio_write32(d + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(d + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(d + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (i = 32; i < gic_nr_irqs; i += 4) {
		mmio_write32(d + GICD_IPRIORITYR + i, 0xa0a0a0a0);
		/* until a zone routes them: the boot CPU, zone0's */
		mmio_write32(d + GICD_ITARGETSR + i, route);
	}
	mmio_write32(d + GICD_CTLR, BIT(0) | BIT(1));
}

static void v2_cpu_init(struct percpu *pc)
{
	u64 d = board.gic.gicd, c = gicc;
	unsigned int i;

	gicv2_cpu_mask[pc->cpu_id] = own_cpu_mask();
	/* the banked SGIs and PPIs of this CPU */
	mmio_write32(d + GICD_IGROUPR, 0);
	mmio_write32(d + GICD_ICENABLER, ~0u);
	mmio_write32(d + GICD_ICPENDR, ~0u);
	mmio_write32(d + GICD_ICACTIVER, ~0u);
	for (i = 0; i < 32; i += 4)
		mmio_write32(d + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	mmio_write32(d + GICD_ISENABLER,
		     BIT(GIC_SGI_EVENT) | BIT(board.gic.maint_intid));
	mmio_write32(c + GICC_PMR, 0xf0);
	mmio_write32(c + GICC_BPR, 0);
	mmio_write32(c + GICC_CTLR, GICC_CTLR_VALUE);
	gich_write(GICH_HCR, 0);
}

static u32 v2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR) & 0x1fff;
}

static void v2_eoi(u32 iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

static void v2_deactivate(u32 iar)
{
	mmio_write32(gicc + GICC_DIR, iar);
}

static void v2_send_sgi(unsigned int cpu, u32 intid)
{
	mmio_write32(board.gic.gicd + GICD_SGIR,
		     (u32)gicv2_cpu_mask[cpu] << 16 | (intid & 0xf));
}

static void v2_vcpu_reset(void)
{
	unsigned int i;

	for (i = 0; i < nr_lrs; i++)
		gich_write(GICH_LR0 + 4 * i, 0);
	gich_write(GICH_APR, 0);
	gich_write(GICH_VMCR, 0);
	gich_write(GICH_HCR, GICH_HCR_EN);
}

static void v2_vcpu_off(void)
{
	gich_write(GICH_HCR, 0);
}

static void v2_private_release(struct percpu *pc)
{
	u64 d = board.gic.gicd;
	u32 guest = ~(u32)GIC_RESERVED_PRIVATE;

	(void)pc; /* the banked registers are this CPU's */
	mmio_write32(d + GICD_ICENABLER, guest);
	mmio_write32(d + GICD_ICPENDR, guest);
	mmio_write32(d + GICD_ICACTIVER, guest);
}

const struct gic_ops gicv2_ops = {
	.name = "GICv2",
	.init = v2_init,
	.cpu_init = v2_cpu_init,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.deactivate = v2_deactivate,
	.send_sgi = v2_send_sgi,
	.nr_lrs = v2_nr_lrs,
	.lr_get = v2_lr_get,
	.lr_put = v2_lr_put,
	.lr_empty = v2_lr_empty,
	.lr_eoi = v2_lr_eoi,
	.set_uie = v2_set_uie,
	.vcpu_reset = v2_vcpu_reset,
	.vcpu_off = v2_vcpu_off,
	.private_release = v2_private_release,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * A zone's view of the GIC. Distributor (and GICv3 redistributor) pages are
 * not mapped in stage 2; every access traps here and reaches the hardware
 * only for the interrupts and CPUs the zone owns. Reads of others' state
 * return zero, writes to it are dropped (and logged at debug level). A
 * GICv2 zone's CPU interface is the board's virtual one, mapped in.
 */
#include "arch/aarch64/gic.h"
#include "arch/aarch64/vgic_filter.h"
#include "core/printk.h"
#include "core/virq.h"
#include "core/zone.h"
#include "core/spinlock.h"
#include "core/board.h"

static spinlock_t gicd_lock = SPINLOCK_INIT;

/* Every CPU's MPIDR, filled as CPUs come up, for the SGI and routing
 * filters; traps read it without rebuilding it each time. */
static u64 mpidrs[BOARD_MAX_CPUS];

void vgic_cpu_online(unsigned int cpu, u64 mpidr)
{
	mpidrs[cpu] = mpidr;
}

/* The zone's SPIs; on a GICv2 also its CPU's own SGIs and PPIs, which the
 * distributor banks per CPU (a v3 keeps them in the redistributor). */
static u64 own_mask(struct zone *z, u64 first_intid, unsigned int nr,
		    unsigned int bits)
{
	u64 m = vgic_own_mask(z->irqs, gic_nr_irqs, first_intid, nr, bits);

	if (board.gic.version == 2)
		m |= vgic_private_mask(GIC_RESERVED_PRIVATE, first_intid, nr,
				       bits);
	return m;
}

static u64 raw_read(u64 addr, unsigned int size)
{
	switch (size) {
	case 1:
		return *(volatile u8 *)addr;
	case 2:
		return *(volatile u16 *)addr;
	case 4:
		return *(volatile u32 *)addr;
	default:
		return *(volatile u64 *)addr;
	}
}

static void raw_write(u64 addr, unsigned int size, u64 v)
{
	switch (size) {
	case 1:
		*(volatile u8 *)addr = (u8)v;
		break;
	case 2:
		*(volatile u16 *)addr = (u16)v;
		break;
	case 4:
		*(volatile u32 *)addr = (u32)v;
		break;
	default:
		*(volatile u64 *)addr = v;
	}
}

/* Read-modify-write only the owned bits of a register. */
static void masked_access(u64 addr, struct mmio_access *a, u64 mask, bool w1x)
{
	if (!a->write) {
		a->value = raw_read(addr, a->size) & mask;
		return;
	}
	if (w1x) { /* set/clear-enable style: writing 0 changes nothing */
		if (a->value & mask)
			raw_write(addr, a->size, a->value & mask);
		return;
	}
	if (!mask)
		return;
	spin_lock(&gicd_lock);
	raw_write(addr, a->size,
		  (raw_read(addr, a->size) & ~mask) | (a->value & mask));
	spin_unlock(&gicd_lock);
}

/* The zone's CPU interfaces, as ITARGETSR bits (GICv2). */
static u8 zone_cpu_mask(struct zone *z)
{
	unsigned int cpu;
	u8 m = 0;

	for (cpu = 0; cpu < board.nr_cpus; cpu++)
		if (zone_has_cpu(z, cpu))
			m |= gicv2_cpu_mask[cpu];
	return m;
}

/* GICv2: ITARGETSR (one byte per IRQ) and the trapped GICD_SGIR. */
static int v2_gicd_access(struct zone *z, struct mmio_access *a, u64 off)
{
	u64 base = board.gic.gicd;

	if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + 1020) {
		u32 first = (u32)(off - GICD_ITARGETSR);
		u64 owned =
			vgic_own_mask(z->irqs, gic_nr_irqs, first, a->size, 1);

		if (!a->write) { /* SGIs/PPIs read their CPU's own bit */
			a->value = raw_read(base + off, a->size) &
				   (own_mask(z, first, a->size, 8));
			return 0;
		}
		if (!owned)
			return 0;
		spin_lock(&gicd_lock);
		raw_write(base + off, a->size,
			  vgic_v2_targets_filter((u32)a->value, a->size, owned,
						 zone_cpu_mask(z),
						 (u32)raw_read(base + off,
							       a->size)));
		spin_unlock(&gicd_lock);
		return 0;
	}
	if (off == GICD_SGIR && a->write && a->size == 4) {
		u32 intid = a->value & 0xf, list;
		u64 cpus;

		if (GIC_RESERVED_PRIVATE & BIT(intid))
			return 0;
		list = vgic_v2_sgi_targets((u32)a->value, gicv2_cpu_mask,
					   board.nr_cpus, z->cpus,
					   this_cpu_id(), &cpus);
		this_cpu()->stats.sgi++;
		if (list)
			mmio_write32(base + GICD_SGIR, list << 16 | intid);
		return 0;
	}
	/* SGIR reads, CPENDSGIR/SPENDSGIR and the rest: RAZ/WI */
	if (!a->write)
		a->value = 0;
	return 0;
}

/* The bits of the zone's virtual lines (core/virq.h) in a 1-bit-per-IRQ
 * register starting at first. */
static u64 virq_bits(struct zone *z, u64 first, unsigned int size)
{
	u64 bits = 0;
	unsigned int i;

	for (i = 0; i < size * 8; i++)
		if (virq_owned(z, (u32)(first + i)))
			bits |= BIT(i);
	return bits;
}

/* Set/clear-enable registers: a virtual line's enable bit is kept by the
 * core for its device model, not by the hardware. */
static void virq_enable_access(struct zone *z, struct mmio_access *a, u64 reg,
			       u64 first)
{
	u64 bits = virq_bits(z, first, a->size);
	unsigned int i;

	if (!bits || (reg != GICD_ISENABLER && reg != GICD_ICENABLER))
		return;
	for (i = 0; i < a->size * 8; i++) {
		if (!(bits & BIT(i)))
			continue;
		if (!a->write && virq_enabled(z, (u32)(first + i)))
			a->value |= BIT(i);
		else if (a->write && (a->value & BIT(i)))
			virq_set_enabled(z, (u32)(first + i),
					 reg == GICD_ISENABLER);
	}
}

/*
 * What the real GIC may be handed: naturally aligned 32-bit accesses, 64-bit
 * ones to the registers that are 64 bits wide, bytes to the priorities. Any
 * other access reads as zero and writes nothing: passed on, it would be an
 * unaligned or mis-sized Device access at EL2 (a fault on hardware, taken
 * with the distributor lock held).
 */
static bool gic_access_ok(const struct mmio_access *a, bool wide, bool bytes)
{
	if (a->addr & (a->size - 1))
		return false;
	return a->size == 4 || (a->size == 8 && wide) ||
	       (a->size == 1 && bytes);
}

static int gic_refuse(struct mmio_access *a)
{
	if (!a->write)
		a->value = 0;
	return 0;
}

int vgic_gicd_access(struct zone *z, struct mmio_access *a, void *arg)
{
	u64 off = a->addr, base = board.gic.gicd;
	(void)arg;

	if (!gic_access_ok(a,
			   off >= GICD_IROUTER && off < GICD_IROUTER + 8 * 1020,
			   off >= GICD_IPRIORITYR && off < GICD_ICFGR))
		return gic_refuse(a);
	/* past the distributor's registers (a v2's are 4 KiB of its 64 KiB
	 * frame: beyond them a bus error would be the hypervisor's) */
	if (off + a->size >
	    (board.gic.version == 2 ? GICD_V2_SIZE : GICD_SIZE)) {
		if (!a->write)
			a->value = 0;
		return 0;
	}
	if (board.gic.version == 3 && off >= GICD_IROUTER &&
	    off < GICD_IROUTER + 8 * 1020) {
		u32 intid = (u32)((off - GICD_IROUTER) / 8);

		if (!own_mask(z, intid, 1, 1) || (off & 7) ||
		    (a->size != 8 && a->size != 4)) {
			if (!a->write)
				a->value = 0;
			return 0;
		}
		if (!a->write) {
			a->value = raw_read(base + off, a->size);
		} else {
			u64 route = a->size == 8 ? a->value
						 : (mmio_read64(base + off) &
						    ~0xffffffffUL) |
							   a->value;

			if (vgic_route_ok(route, mpidrs, board.nr_cpus,
					  z->cpus))
				mmio_write64(base + off, route);
			else
				pr_debug(
					"zone %u: IRQ %u routed outside the zone (0x%lx), ignored\n",
					z->id, intid, route);
		}
		return 0;
	}

	switch (off) {
	case GICD_CTLR:
		/* the distributor is the hypervisor's: reads see it enabled */
		if (!a->write)
			a->value = mmio_read32(base + GICD_CTLR);
		return 0;
	case GICD_TYPER:
		if (!a->write)
			a->value = mmio_read32(base + off) & ~GICD_TYPER_LPIS;
		return 0;
	case GICD_IIDR:
		if (!a->write)
			a->value = mmio_read32(base + off);
		return 0;
	case GICD_TYPER2: /* reserved on a v2 */
		if (!a->write)
			a->value = board.gic.version == 3
					   ? mmio_read32(base + off)
					   : 0;
		return 0;
	}
	if (board.gic.version == 3 && off >= GICD_IDREGS) {
		if (!a->write)
			a->value = raw_read(base + off, a->size);
		return 0;
	}
	if (off >= GICD_IGROUPR && off < GICD_ICACTIVER + 0x80) {
		u64 reg = off & ~0x7fUL, first = (off & 0x7f) * 8;
		u64 m = own_mask(z, first, a->size * 8, 1);

		if (reg == GICD_IGROUPR) { /* all group 1, fixed */
			if (!a->write)
				a->value = m | virq_bits(z, first, a->size);
			return 0;
		}
		masked_access(base + off, a, m, true);
		virq_enable_access(z, a, reg, first);
		return 0;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 1020) {
		masked_access(base + off, a,
			      own_mask(z, off - GICD_IPRIORITYR, a->size, 8),
			      false);
		return 0;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		masked_access(base + off, a,
			      own_mask(z, (off - GICD_ICFGR) * 4, a->size * 4,
				       2),
			      false);
		return 0;
	}
	if (board.gic.version == 2)
		return v2_gicd_access(z, a, off);
	/* ITARGETSR, IGRPMODR, NSACR, SGIR, and reserved space: RAZ/WI */
	if (!a->write)
		a->value = 0;
	return 0;
}

int vgic_gicr_access(struct zone *z, struct mmio_access *a, void *arg)
{
	u64 frame = a->addr / GICR_FRAME_SIZE;
	u64 off = a->addr % GICR_FRAME_SIZE;
	u64 rd = board.gic.gicr + frame * GICR_FRAME_SIZE;
	unsigned int cpu;
	bool own = false;
	(void)arg;

	if (!gic_access_ok(a,
			   off == GICR_TYPER || off == GICR_PROPBASER ||
				   off == GICR_PENDBASER,
			   off >= GICR_SGI_BASE + GICD_IPRIORITYR &&
				   off < GICR_SGI_BASE + GICD_IPRIORITYR + 32))
		return gic_refuse(a);
	bool exists = false;

	for (cpu = 0; cpu < board.nr_cpus; cpu++) {
		if (per_cpu(cpu)->arch.gicr_base != rd)
			continue;
		exists = true;
		own = zone_has_cpu(z, cpu);
	}
	/* no redistributor behind this frame: touching it would be a bus
	 * error in the hypervisor itself */
	if (!exists) {
		if (!a->write)
			a->value = 0;
		return 0;
	}

	/* Identification is readable in every frame, so the guest's scan for
	 * its own redistributors works; nothing else is. */
	if (off == GICR_TYPER && !a->write) {
		a->value = raw_read(rd + off, a->size) & ~GICR_TYPER_PLPIS;
		return 0;
	}
	if (off >= GICR_IDREGS && off < GICR_SGI_BASE && !a->write) {
		a->value = raw_read(rd + off, a->size);
		return 0;
	}
	if (!own) {
		if (a->write) {
			pr_debug(
				"zone %u: write to redistributor of another CPU (0x%lx) dropped\n",
				z->id, rd + off);
		} else {
			a->value = 0;
		}
		return 0;
	}

	switch (off) {
	case GICR_CTLR:
	case GICR_IIDR:
		if (!a->write)
			a->value = raw_read(rd + off, a->size);
		return 0;
	case GICR_WAKER:
		/* always awake: a sleeping redistributor would also silence
		 * the hypervisor's own interrupts on that CPU */
		if (!a->write)
			a->value = 0;
		return 0;
	}
	if (off >= GICR_SGI_BASE) {
		u64 soff = off - GICR_SGI_BASE;
		u64 allowed = ~(u64)GIC_RESERVED_PRIVATE & 0xffffffffUL;

		if (soff >= GICD_ISENABLER && soff < GICD_ICACTIVER + 4 &&
		    (soff & 0x7f) == 0) {
			masked_access(rd + off, a, allowed, true);
			return 0;
		}
		if (soff == GICD_IGROUPR) {
			if (!a->write)
				a->value = allowed;
			return 0;
		}
		if (soff >= GICD_IPRIORITYR && soff < GICD_IPRIORITYR + 32) {
			u64 m = 0;
			unsigned int i;

			for (i = 0; i < a->size; i++)
				if (allowed & BIT(soff - GICD_IPRIORITYR + i))
					m |= 0xffUL << (8 * i);
			masked_access(rd + off, a, m, false);
			return 0;
		}
		if (soff == GICD_ICFGR + 4) { /* PPIs; SGIs' ICFGR0 is fixed */
			u64 m = 0;
			unsigned int i;

			for (i = 0; i < 16; i++)
				if (allowed & BIT(16 + i))
					m |= 3UL << (2 * i);
			masked_access(rd + off, a, m, false);
			return 0;
		}
	}
	/* LPIs (PROPBASER, PENDBASER) are not offered: RAZ/WI */
	if (!a->write)
		a->value = 0;
	return 0;
}

/* ICC_SGI1R_EL1 from the guest: deliver only to the zone's own CPUs. */
void vgic_sgi1r(struct zone *z, u64 val)
{
	u32 intid = (val >> 24) & 0xf;
	u64 targets;
	unsigned int cpu;

	if (GIC_RESERVED_PRIVATE & BIT(intid)) {
		pr_debug("zone %u: SGI %u is reserved, dropped\n", z->id,
			 intid);
		return;
	}
	targets = vgic_sgi_targets(val, mpidrs, board.nr_cpus, z->cpus,
				   this_cpu_id());
	this_cpu()->stats.sgi++;
	for (cpu = 0; cpu < board.nr_cpus; cpu++)
		if (targets & BIT(cpu))
			gic_send_sgi(cpu, intid);
}

/* Every SPI of z disabled, not pending, not active, routed to cpu. */
static void spis_quiesce(struct zone *z, unsigned int cpu)
{
	/* IROUTER takes the affinity fields only: bit 31 is its
	 * Interrupt_Routing_Mode (any CPU), where MPIDR has a RES1 bit */
	u64 d = board.gic.gicd,
	    route = per_cpu(cpu)->arch.mpidr & 0xff00ffffffUL;
	u32 intid;

	for (intid = 32; intid < gic_nr_irqs; intid++) {
		u32 bit = 1u << (intid % 32);

		if (!zone_owns_irq(z, intid))
			continue;
		mmio_write32(d + GICD_ICENABLER + intid / 32 * 4, bit);
		mmio_write32(d + GICD_ICPENDR + intid / 32 * 4, bit);
		mmio_write32(d + GICD_ICACTIVER + intid / 32 * 4, bit);
		if (board.gic.version == 3)
			mmio_write64(d + GICD_IROUTER + 8 * intid, route);
		else
			*(volatile u8 *)(d + GICD_ITARGETSR + intid) =
				gicv2_cpu_mask[cpu];
	}
}

void arch_zone_irq_reset(struct zone *z)
{
	spis_quiesce(z, z->boot_cpu);
}

int arch_zone_irq_init(struct zone *z)
{
	int ret = mmio_register(z, z->cfg.arch.gicd_base, z->cfg.arch.gicd_size,
				vgic_gicd_access, NULL, "gicd", MMIO_NO_INDEX);

	/* until the zone routes an SPI itself, none may land on zone0's
	 * CPU 0: point them at its boot CPU (zone0's are routed at boot) */
	if (!zone_is_root(z))
		arch_zone_irq_reset(z);
	if (!ret && board.gic.version == 3)
		ret = mmio_register(z, z->cfg.arch.gicr_base,
				    z->cfg.arch.gicr_size, vgic_gicr_access,
				    NULL, "gicr", MMIO_NO_INDEX);
	/* v2: the zone's CPU interface is the board's virtual one (banked
	 * per CPU), where the zone expects the CPU interface */
	if (!ret && board.gic.version == 2)
		ret = s2_map(&z->s2, z->cfg.arch.gicc_base,
			     board.gic.gicv + z->cfg.arch.gicc_offset,
			     MIN(z->cfg.arch.gicc_size, board.gic.gicc_size),
			     S2_ATTR_DEVICE);
	return ret;
}

/* A zone is going away: its SPIs are disabled, cleared and routed back to
 * CPU 0 so the next owner starts from the state the hypervisor set up. */
void arch_zone_irq_release(struct zone *z)
{
	spis_quiesce(z, 0);
}

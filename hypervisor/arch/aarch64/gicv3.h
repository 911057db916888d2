/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 "filtering pass-through": physical IRQs trap to EL2 and are injected
 * through the list registers (HW bit, EOImode=1); a zone's distributor and
 * redistributor accesses are trapped and filtered to what it owns.
 */
#ifndef HV_ARCH_GICV3_H
#define HV_ARCH_GICV3_H

#include "core/types.h"
#include "core/percpu.h"
#include "arch/aarch64/arch.h"
#include "core/mmio.h"

#define GIC_SGI_EVENT 15 /* reserved for the hypervisor's cross-CPU kicks */
#define GIC_MAINT_INTID 25
#define GIC_HYPTIMER_INTID 26
/* SGIs and PPIs a guest may not see or touch */
#define GIC_RESERVED_PRIVATE                                                   \
	(BIT(GIC_SGI_EVENT) | BIT(GIC_MAINT_INTID) | BIT(GIC_HYPTIMER_INTID))
#define GIC_PRIO_DEFAULT 0xa0

/* distributor */
#define GICD_SIZE 0x10000
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define GICD_IDREGS 0xffd0
#define GICD_CTLR_RWP BIT(31)
#define GICD_TYPER_LPIS BIT(17)

/* redistributor: RD_base frame, then SGI_base frame at +64 KiB */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_IDREGS 0xffd0
#define GICR_SGI_BASE 0x10000
#define GICR_FRAME_SIZE 0x20000
#define GICR_TYPER_LAST BIT(4)
#define GICR_TYPER_PLPIS BIT(0)

struct zone;

/* the filters learn a CPU's MPIDR when it comes up */
void vgic_cpu_online(unsigned int cpu, u64 mpidr);
void gic_handle_irq(void);
void gic_inject(u32 intid, bool hw);
void gic_send_sgi(unsigned int cpu, u32 intid);
void gic_vcpu_reset(void);
/* trapped ICC_SGI1R_EL1 write from the current zone */
void vgic_sgi1r(struct zone *z, u64 val);
int vgic_gicd_access(struct zone *z, struct mmio_access *a, void *arg);
int vgic_gicr_access(struct zone *z, struct mmio_access *a, void *arg);

static inline u32 mmio_read32(u64 addr)
{
	return *(volatile u32 *)addr;
}

static inline void mmio_write32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = v;
}

static inline u64 mmio_read64(u64 addr)
{
	return *(volatile u64 *)addr;
}

static inline void mmio_write64(u64 addr, u64 v)
{
	*(volatile u64 *)addr = v;
}

#endif

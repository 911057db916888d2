/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GIC, v2 or v3 as the board has it, by "filtering pass-through":
 * physical IRQs trap to EL2 and are injected through the list registers
 * (HW bit, split priority drop and deactivation); a zone's distributor
 * (and v3 redistributor) accesses are trapped and filtered to what it owns;
 * a v2 zone gets the virtual CPU interface mapped where it expects the CPU
 * interface. gic.c holds what both versions share; gicv2.c and gicv3.c
 * fill in struct gic_ops.
 */
#ifndef HV_ARCH_GIC_H
#define HV_ARCH_GIC_H

#include "core/types.h"
#include "core/board.h"
#include "core/percpu.h"
#include "arch/aarch64/arch.h"
#include "core/mmio.h"

#define GIC_SGI_EVENT 15 /* reserved for the hypervisor's cross-CPU kicks */
#define GIC_HYPTIMER_INTID 26
/* SGIs and PPIs a guest may not see or touch (the maintenance interrupt
 * is the board's, from its device tree) */
#define GIC_RESERVED_PRIVATE                                                   \
	(BIT(GIC_SGI_EVENT) | BIT(board.gic.maint_intid) |                     \
	 BIT(GIC_HYPTIMER_INTID))
#define GIC_PRIO_DEFAULT 0xa0

/* distributor */
#define GICD_SIZE 0x10000
#define GICD_V2_SIZE 0x1000 /* its registers, in a 64 KiB frame */
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
#define GICD_SGIR 0x0f00 /* v2 */
#define GICD_CPENDSGIR 0x0f10 /* v2 */
#define GICD_SPENDSGIR 0x0f20 /* v2 */
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

/* A list register, whatever its version's layout. */
#define VLR_PENDING 1u
#define VLR_ACTIVE 2u
struct vlr {
	u32 vintid;
	u32 pintid; /* hw only */
	u32 state; /* VLR_* bits; 0: free or finished */
	bool hw; /* the guest's EOI deactivates pintid */
	bool eoi; /* !hw: a maintenance interrupt when the guest EOIs it */
	u8 prio;
};

struct gic_ops {
	const char *name;
	void (*init)(void); /* the distributor, once */
	void (*cpu_init)(struct percpu *pc); /* this CPU's interfaces */
	/* the IAR value (INTID in bits 9:0, >= 1020: nothing pending); v2
	 * SGIs carry their source CPU, which EOIR and DIR want back */
	u32 (*ack)(void);
	void (*eoi)(u32 iar); /* priority drop */
	void (*deactivate)(u32 iar);
	void (*send_sgi)(unsigned int cpu, u32 intid);
	unsigned int (*nr_lrs)(void);
	void (*lr_get)(unsigned int i, struct vlr *v);
	void (*lr_put)(unsigned int i, const struct vlr *v);
	u64 (*lr_empty)(void); /* ELRSR: bit i, LR i holds nothing */
	u64 (*lr_eoi)(void); /* EISR: bit i, LR i's EOI must be handled */
	void (*set_uie)(bool on); /* maintenance IRQ when LRs run empty */
	void (*vcpu_reset)(void); /* LRs, active priorities, VMCR; enabled */
	void (*vcpu_off)(void); /* the virtual interface off */
	/* the guest's SGIs and PPIs on this CPU: disabled, cleared */
	void (*private_release)(struct percpu *pc);
};

extern const struct gic_ops *gic;
extern const struct gic_ops gicv2_ops, gicv3_ops;
extern unsigned int gic_nr_irqs;

/* the filters learn a CPU's MPIDR when it comes up */
void vgic_cpu_online(unsigned int cpu, u64 mpidr);
void gic_handle_irq(void);
void gic_inject(u32 intid, bool hw);
void gic_send_sgi(unsigned int cpu, u32 intid);
void gic_vcpu_reset(void);
/* trapped ICC_SGI1R_EL1 write from the current zone (v3) */
void vgic_sgi1r(struct zone *z, u64 val);
/* v2: the CPU interface mask (ITARGETSR bit) of each CPU */
extern u8 gicv2_cpu_mask[];
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

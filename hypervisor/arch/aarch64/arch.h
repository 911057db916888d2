/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generic core asks of the architecture layer: the core includes
 * this file and nothing else under arch/ (the build puts arch/$(ARCH) on
 * the include path). Types first, for core/percpu.h and core/zone.h.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include "core/types.h"
#include "arch/aarch64/stage2.h" /* struct s2_table and s2_*(): a zone's GPA map */

struct percpu;
struct zone;

/* guest registers saved on entry to EL2 (layout used by vectors.S) */
struct trap_frame {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 pad;
};

#define IRQ_QUEUE_LEN 64

/* per-CPU state only this architecture has (struct percpu's .arch) */
struct arch_percpu {
	u64 mpidr;
	u64 gicr_base; /* this CPU's redistributor frame */
	/* virtual interrupts waiting for a free list register */
	u16 irq_queue[IRQ_QUEUE_LEN];
	unsigned int irq_head, irq_count;
	bool queue_used;
	/* the kernel VA page of the last write a device model emulated on
	 * a read-only page, with the zone and TTBR1_EL1 it was translated
	 * under, and its IPA (trap.c) */
	u64 wr_va, wr_ttbr1, wr_ipa;
	const void *wr_zone;
};

/* a ticket lock's one atomic step (core/spinlock.h): take the next ticket */
static inline u32 arch_ticket_take(u32 *next)
{
	return __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
}

static inline struct percpu *arch_this_cpu(void)
{
	struct percpu *pc;

	asm volatile("mrs %0, tpidr_el2" : "=r"(pc));
	return pc;
}

/* wait for an interrupt (a stopped CPU's loop) */
static inline void arch_cpu_wait(void)
{
	asm volatile("wfi");
}

void arch_mmu_init(void); /* build EL2's own page tables, once */
/* the boot CPU's id as the board's device tree gives it (the MPIDR) */
u64 arch_boot_cpu_id(void);
void arch_cpu_init(struct percpu *pc); /* EL2 registers, MMU on */
int arch_cpu_power_on(unsigned int cpu); /* firmware CPU_ON */
__attribute__((noreturn)) void arch_vcpu_enter(struct percpu *pc, u64 entry,
					       u64 x0);
void arch_send_event(unsigned int cpu); /* kick with the hypervisor SGI */
void arch_irq_poll(void); /* handle pending physical IRQs while parked */
void arch_zone_setup(struct zone *z); /* stage-2 registers and TLBs */
/* drop every TLB entry of the zone's VMID on every CPU (after an unmap) */
void arch_zone_flush_tlb(struct zone *z);
/* make an SPI pending in the physical GIC: it reaches whichever CPU its
 * owner routed it to, like a device's would */
void arch_irq_raise(u32 intid);
/* zero physical memory and clean it to the point of coherency */
void arch_mem_scrub(u64 pa, u64 size);
/* Clean the lines of [p, p + size) to the point of coherency: what a zone
 * reads through a non-cacheable or Device mapping sees these writes. */
void arch_dcache_clean(const void *p, u64 size);
/* copy into physical memory that guests will execute from */
void arch_mem_load(u64 dst, const void *src, u64 size);
/* a monotonic clock, nanoseconds since the machine started */
u64 arch_now_ns(void);
__attribute__((noreturn)) void arch_system_off(void);
/* the interrupt controller: once, then on every CPU */
void arch_irq_init(void);
void arch_irq_cpu_init(struct percpu *pc);
/* a zone's interrupts: emulated controller set up, its lines routed to it;
 * released (lines quiesced, routed back) when the zone goes */
int arch_zone_irq_init(struct zone *z);
void arch_zone_irq_release(struct zone *z);
/* the zone resets: its lines back to their power-on state (disabled, idle),
 * as a real distributor's; the new kernel enables what it handles */
void arch_zone_irq_reset(struct zone *z);
/* a CPU leaves its zone: clear what the guest left in its private IRQs */
void arch_vcpu_irq_release(struct percpu *pc);
/* a level interrupt of an emulated device, to the current vCPU */
void arch_inject_virq(u32 intid);
__attribute__((noreturn)) void arch_system_reset(void);

u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3);
__attribute__((noreturn)) void guest_enter(struct trap_frame *f);

#endif

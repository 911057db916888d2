/* SPDX-License-Identifier: GPL-2.0 */
/* What the generic core asks of the architecture layer. */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include "core/types.h"
#include "core/percpu.h"

struct zone;

void arch_mmu_init(void); /* build EL2's own page tables, once */
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
/* copy into physical memory that guests will execute from */
void arch_mem_load(u64 dst, const void *src, u64 size);
/* a monotonic clock, nanoseconds since the machine started */
u64 arch_now_ns(void);
__attribute__((noreturn)) void arch_system_off(void);
__attribute__((noreturn)) void arch_system_reset(void);

u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3);
__attribute__((noreturn)) void guest_enter(struct trap_frame *f);

#endif

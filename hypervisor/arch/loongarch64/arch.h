/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generic core asks of the architecture layer, loongarch64 side.
 * The port so far runs the core's console, log and page pool and its own
 * start-up (entry.S, smp.c, trap.c); the zone-hosting half of the
 * aarch64 arch.h (stage-2, vCPU entry, interrupt controller) waits for
 * LVZ hardware: docs/porting.md.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include "core/types.h"
#include "arch/loongarch64/csr.h"

struct percpu;

/* registers saved on exception entry (layout used by vectors.S) */
struct trap_frame {
	u64 r[32]; /* r[3] is the interrupted sp */
	u64 era, prmd, estat, badv;
};

/* per-CPU state only this architecture has (struct percpu's .arch):
 * nothing yet, the CPU number is in CSR.CPUID */
struct arch_percpu {
};

/* a ticket lock's one atomic step (core/spinlock.h), on LL/SC: every
 * lock lives in .bss, which is why only the boot CPU may clear it */
static inline u32 arch_ticket_take(u32 *next)
{
	u32 me, tmp;

	asm volatile("1:	ll.w	%0, %2, 0\n"
		     "	addi.w	%1, %0, 1\n"
		     "	sc.w	%1, %2, 0\n"
		     "	beqz	%1, 1b\n"
		     : "=&r"(me), "=&r"(tmp)
		     : "r"(next)
		     : "memory");
	return me;
}

static inline struct percpu *arch_this_cpu(void)
{
	return (struct percpu *)csr_read(CSR_KS1);
}

/* wait for an interrupt; wakes on any line enabled in ECFG, even with
 * CRMD.IE clear */
static inline void arch_cpu_wait(void)
{
	asm volatile("idle 0" ::: "memory");
}

__attribute__((noreturn)) void arch_system_off(void);

#endif

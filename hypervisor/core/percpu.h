/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU state. Each physical CPU runs at most one vCPU of one zone (no
 * scheduler), so a CPU's state and its vCPU's are the same structure. The
 * stack lives in the same block and grows down from its end; a guest trap
 * frame sits at the very top while the guest runs.
 */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include "core/types.h"
#include "arch.h"
#include "core/spinlock.h"

#define PERCPU_SIZE 0x8000UL

/* What a vCPU is doing. */
#define VCPU_OFF 0 /* parked in the hypervisor */
#define VCPU_ON_PENDING 1 /* CPU_ON or zone start accepted, not yet entered */
#define VCPU_RUNNING 2

/* Events other CPUs post, then kick with the hypervisor SGI. */
#define EVT_START BIT(0) /* enter the guest at boot_entry */
#define EVT_STOP BIT(1) /* leave the guest, park */
#define EVT_CONSOLE BIT(2) /* console input arrived: update its IRQ line */
/* a process zone's supervisor answered (HV_HC_PZ_KICK): HV_HC_PZ_WAIT
 * consumes it; the SGI only wakes the CPU */
#define EVT_PZ_KICK BIT(3)

struct zone;

struct percpu {
	u32 cpu_id;
	struct arch_percpu arch;
	struct zone *zone; /* owner, NULL when free */
	int vcpu_state;
	u64 boot_entry, boot_ctx;
	u32 events;
	spinlock_t lock;
	bool online; /* finished hypervisor init */
	struct hv_cpu_stats stats; /* HV_HC_CPU_STATS; this CPU writes it */
} __attribute__((aligned(PERCPU_SIZE)));

extern struct percpu percpu_data[];

static inline struct percpu *this_cpu(void)
{
	return arch_this_cpu();
}

static inline unsigned int this_cpu_id(void)
{
	return this_cpu()->cpu_id;
}

static inline struct percpu *per_cpu(unsigned int cpu)
{
	return &percpu_data[cpu];
}

static inline struct trap_frame *percpu_frame(struct percpu *pc)
{
	return (struct trap_frame *)((u8 *)pc + PERCPU_SIZE) - 1;
}

#endif

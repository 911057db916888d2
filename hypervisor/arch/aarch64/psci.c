// SPDX-License-Identifier: GPL-2.0
#include "arch/aarch64/psci.h"
#include "arch/aarch64/arch.h"
#include "arch/aarch64/gic.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "core/zone.h"
#include "core/board.h"

#define PSCI_VERSION 0x84000000
#define PSCI_CPU_SUSPEND 0x84000001
#define PSCI_CPU_OFF 0x84000002
#define PSCI_CPU_ON 0x84000003
#define PSCI_AFFINITY_INFO 0x84000004
#define PSCI_MIGRATE_INFO_TYPE 0x84000006
#define PSCI_SYSTEM_OFF 0x84000008
#define PSCI_SYSTEM_RESET 0x84000009
#define PSCI_FEATURES 0x8400000a
#define PSCI_64 0x40000000 /* SMC64 variant of the same function */
#define PSCI_TOS_NOT_PRESENT 2

bool psci_is_call(u64 fn)
{
	return (fn & ~(u64)PSCI_64 & 0xffffffe0UL) == 0x84000000UL &&
	       !(fn >> 32);
}

/* The CPU with this MPIDR, if it is the calling zone's; -1 otherwise. */
static int zone_cpu_by_mpidr(struct zone *z, u64 mpidr, s64 *err)
{
	unsigned int cpu;

	for (cpu = 0; cpu < board.nr_cpus; cpu++) {
		if (per_cpu(cpu)->arch.mpidr != (mpidr & 0xff00ffffffUL))
			continue;
		if (zone_has_cpu(z, cpu))
			return (int)cpu;
		*err = PSCI_DENIED;
		return -1;
	}
	*err = PSCI_INVALID_PARAMETERS;
	return -1;
}

static s64 psci_cpu_on(struct zone *z, u64 target, u64 entry, u64 ctx)
{
	s64 err;
	int cpu = zone_cpu_by_mpidr(z, target, &err);

	if (cpu < 0) {
		if (zone_log_ok(z))
			pr_warn("zone %u (%s): PSCI CPU_ON of MPIDR 0x%lx refused: %s\n",
				z->id, z->name, target,
				err == PSCI_DENIED ? "not a CPU of this zone"
						   : "no such CPU");
		return err;
	}
	if (!zone_ram_range(z, entry, 4, NULL))
		return PSCI_INVALID_PARAMETERS;
	switch (READ_ONCE(per_cpu(cpu)->vcpu_state)) {
	case VCPU_RUNNING:
		return PSCI_ALREADY_ON;
	case VCPU_ON_PENDING:
		return PSCI_ON_PENDING;
	}
	return vcpu_request_start((unsigned int)cpu, entry, ctx)
		       ? PSCI_ALREADY_ON
		       : PSCI_SUCCESS;
}

static s64 psci_affinity_info(struct zone *z, u64 target, u64 level)
{
	s64 err;
	int cpu;

	if (level)
		return PSCI_INVALID_PARAMETERS;
	cpu = zone_cpu_by_mpidr(z, target, &err);
	if (cpu < 0)
		return PSCI_INVALID_PARAMETERS;
	switch (READ_ONCE(per_cpu(cpu)->vcpu_state)) {
	case VCPU_RUNNING:
		return 0;
	case VCPU_ON_PENDING:
		return 2;
	default:
		return 1;
	}
}

static s64 psci_features(u64 fn)
{
	switch (fn & ~(u64)PSCI_64) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

s64 psci_handle(struct trap_frame *f)
{
	struct percpu *pc = this_cpu();
	struct zone *z = pc->zone;

	switch (f->x[0] & ~(u64)PSCI_64) {
	case PSCI_VERSION:
		return 0x10001; /* 1.1 */
	case PSCI_FEATURES:
		return psci_features(f->x[1]);
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_TOS_NOT_PRESENT;
	case PSCI_CPU_ON:
		return psci_cpu_on(z, f->x[1], f->x[2], f->x[3]);
	case PSCI_AFFINITY_INFO:
		return psci_affinity_info(z, f->x[1], f->x[2]);
	case PSCI_CPU_OFF:
		arch_vcpu_irq_release(pc);
		vcpu_park();
	case PSCI_SYSTEM_OFF:
		if (zone_is_root(z)) {
			pr_info("zone0 powered the machine off\n");
			arch_system_off();
		}
		zone_exit_self(z);
	case PSCI_SYSTEM_RESET:
		if (zone_is_root(z)) {
			pr_info("zone0 reset the machine\n");
			arch_system_reset();
		}
		zone_reset_self(z);
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

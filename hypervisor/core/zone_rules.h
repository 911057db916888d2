/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules a new zone must satisfy against the live system: CPUs, memory,
 * devices and interrupts held by other zones or by the hypervisor. Pure
 * logic over a snapshot, so the host unit tests run the hypervisor's code.
 */
#ifndef HV_ZONE_RULES_H
#define HV_ZONE_RULES_H

#include "core/types.h"
#include "core/config_check.h"
#include "core/board.h"

struct zone_rules_ctx {
	const struct board *board; /* RAM, the hypervisor's, the GIC */
	unsigned int nr_cpus;
	u64 cpus_online; /* CPUs that finished hypervisor init */
	/* existing zones: their configs and the CPUs they hold now */
	const struct hv_zone_config *zones[HV_MAX_ZONES];
	u64 zone_cpus[HV_MAX_ZONES];
	int root; /* index of zone0 in zones[], -1 if none */
	unsigned int root_boot_cpu;
	u64 root_cpus_on; /* zone0's CPUs whose vCPU is not off */
};

/* 0, or -HV_E* with *err saying which field, value and rule. */
int zone_rules_check(const struct zone_rules_ctx *ctx,
		     const struct hv_zone_config *cfg,
		     struct hv_cfg_error *err);

#endif

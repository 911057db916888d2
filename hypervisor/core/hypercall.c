// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercall dispatch. Every guest-given address and size is checked to lie
 * inside the caller's own RAM before the hypervisor touches it.
 */
#include "core/hypercall.h"
#include "core/lib.h"
#include "core/percpu.h"
#include "core/zone.h"
#include "board.h"

static s64 hc_abi_check(u64 magic, u64 version)
{
	if (magic != HV_ABI_MAGIC || (version >> 16) != HV_ABI_MAJOR)
		return -HV_EPROTO;
	return 0;
}

static s64 hc_info(struct zone *caller, u64 addr, u64 size)
{
	struct hv_info *info;
	unsigned int i;
	u64 pa;

	if (size < sizeof(*info))
		return -HV_EINVAL;
	if (!zone_ram_range(caller, addr, sizeof(*info), &pa))
		return -HV_EFAULT;
	info = (struct hv_info *)pa;
	memset(info, 0, sizeof(*info));
	info->magic = HV_ABI_MAGIC;
	info->version = HV_ABI_VERSION;
	strlcpy_hv(info->hv_version, HVISOR_VERSION, sizeof(info->hv_version));
	info->num_cpus = BOARD_NR_CPUS;
	info->max_zones = HV_MAX_ZONES;
	for (i = 0; i < HV_MAX_ZONES; i++)
		info->num_zones += zones[i].used;
	return 0;
}

s64 hypercall_handle(u64 code, u64 arg1, u64 arg2)
{
	struct zone *caller = this_cpu()->zone;

	switch (code) {
	case HV_HC_ABI_CHECK:
		return hc_abi_check(arg1, arg2);
	case HV_HC_INFO:
		return hc_info(caller, arg1, arg2);
	default:
		return -HV_ENOSYS;
	}
}

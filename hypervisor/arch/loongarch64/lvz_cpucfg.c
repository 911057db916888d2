// SPDX-License-Identifier: GPL-2.0
/*
 * CPUCFG emulation. The guest's `cpucfg` traps; it reads the host's words
 * (read by the arch layer with the `cpucfg` instruction) without the
 * features it cannot use: nested LVZ and the binary-translation (LBT)
 * extensions, which the hypervisor does not virtualise. Above the
 * architectural range, index 0x40000000 identifies the hypervisor, as
 * Linux's KVM guests probe it.
 */
#include "arch/loongarch64/lvz.h"

u32 lvz_cpucfg(const u32 *host, u64 index)
{
	u32 word;

	if (index == LVZ_CPUCFG_SIG)
		return LVZ_CPUCFG_SIGNATURE;
	if (index == LVZ_CPUCFG_FEATURES)
		return 0; /* no paravirtual features */
	if (index >= LVZ_CPUCFG_NR_HOST)
		return 0; /* no such word: reads as 0, like an unimplemented one */

	word = host[index];
	if (index == 2)
		word &= ~LVZ_CPUCFG2_HIDDEN;
	return word;
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVISOR_DRIVER_H
#define HVISOR_DRIVER_H

#include <linux/types.h>
#include <hvisor/abi.h>

/* hvc #0 with the hypercall convention of docs/hypercalls.md */
static inline long hvisor_call(unsigned long code, unsigned long a1,
			       unsigned long a2)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;

	asm volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2) : "memory");
	return (long)x0;
}

int hvisor_zone_start(struct hv_zone_config *cfg);
int hvisor_zone_shutdown(u32 id);
int hvisor_load(u64 dst, const void __user *src, u64 size);

#endif

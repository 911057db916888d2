// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions, dispatched from a table indexed by ECODE (ESTAT[21:16]).
 * Nothing here runs guests yet, so anything but a handled ECODE is the
 * hypervisor's own fault: log it and power off.
 */
#include "arch/loongarch64/trap.h"
#include "board.h"
#include "core/percpu.h"
#include "core/printk.h"

extern char la_exception_vector[], la_tlbr_vector[];
static unsigned long nr_breaks[BOARD_NR_CPUS];

/* BRK: the boot self-test's `break 0` (4-byte instruction: skip it) */
static int trap_brk(struct trap_frame *f)
{
	nr_breaks[this_cpu_id()]++;
	f->era += 4;
	return 0;
}

static trap_handler_t const trap_table[64] = {
	[ECODE_BRK] = trap_brk,
};

static const char *ecode_name(unsigned int ecode)
{
	static const char *const names[] = {
		[ECODE_INT] = "interrupt",
		[ECODE_PIL] = "page invalid (load)",
		[ECODE_PIS] = "page invalid (store)",
		[ECODE_PIF] = "page invalid (fetch)",
		[ECODE_ADE] = "address error",
		[ECODE_ALE] = "unaligned access",
		[ECODE_SYS] = "syscall",
		[ECODE_BRK] = "break",
		[ECODE_INE] = "reserved instruction",
		[ECODE_IPE] = "privileged instruction",
		[ECODE_GSPR] = "guest privileged resource (LVZ)",
		[ECODE_HVC] = "hypercall (LVZ)",
	};

	if (ecode < ARRAY_SIZE(names) && names[ecode])
		return names[ecode];
	return "unknown";
}

void la_trap(struct trap_frame *f)
{
	unsigned int ecode = ESTAT_ECODE(f->estat);
	trap_handler_t h = trap_table[ecode];

	if (h && !h(f))
		return;
	pr_err("unhandled exception: ecode 0x%x (%s), era 0x%lx, badv 0x%lx, estat 0x%lx\n",
	       ecode, ecode_name(ecode), f->era, f->badv, f->estat);
	arch_system_off();
}

void la_tlb_refill(u64 era, u64 badv)
{
	pr_err("TLB refill (wild access): era 0x%lx, badv 0x%lx\n", era, badv);
	arch_system_off();
}

void la_trap_init(void)
{
	csr_write(CSR_EENTRY, (u64)la_exception_vector);
	/* TLB refill runs in direct-address mode: give the physical address */
	csr_write(CSR_TLBRENTRY, (u64)la_tlbr_vector & ~LA_CACHED(0));
}

unsigned long la_trap_breaks(unsigned int cpu)
{
	return READ_ONCE(nr_breaks[cpu]);
}

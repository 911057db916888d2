/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry. QEMU (like firmware handing over) starts every CPU here at once,
 * in direct-address mode with interrupts off. All CPUs switch to the
 * direct-mapped windows; then only the boot CPU clears .bss and runs
 * la_boot_main(). The others park without touching memory until the boot
 * CPU sends them secondary_entry through mailbox 0 and an IPI: a CPU that
 * cleared .bss after the boot CPU started would wipe the locks and state
 * it already holds (the original port's "spinlocks stopped working").
 */
#include "arch/loongarch64/csr.h"
#include "board.h"

#define STACK_SIZE 0x4000

	.section .text.entry, "ax"
	.globl	_start
_start:
	li.d	$t0, DMW0_UNCACHED
	csrwr	$t0, CSR_DMW0
	li.d	$t0, DMW1_CACHED
	csrwr	$t0, CSR_DMW1
	li.w	$t0, CRMD_HV
	csrwr	$t0, CSR_CRMD
	csrrd	$t0, CSR_CPUID
	andi	$t0, $t0, 0x1ff
	bnez	$t0, park

	bl	clear_bss
	move	$a0, $zero
	bl	set_stack
	b	la_boot_main

/* Secondaries wait here, in registers only, for an IPI whose mailbox holds
 * where to go. `idle` wakes on the IPI line enabled in ECFG. */
park:
	li.w	$t1, -1
	li.d	$t2, IOCSR_IPI_EN
	iocsrwr.w $t1, $t2
	li.w	$t1, ECFG_IPI
	csrwr	$t1, CSR_ECFG
	/* look before sleeping: an IPI sent before IPI_EN was set is in the
	 * status word but raised no line, so `idle` would never wake */
1:	li.d	$t2, IOCSR_IPI_STATUS
	iocsrrd.w $t1, $t2
	bnez	$t1, 2f
	idle	0
	b	1b
2:
	li.d	$t2, IOCSR_IPI_CLEAR
	iocsrwr.w $t1, $t2
	li.d	$t2, IOCSR_MBUF0
	iocsrrd.d $t3, $t2
	jirl	$zero, $t3, 0

	.globl	secondary_entry
secondary_entry:
#ifdef HV_TEST_EVERY_CPU_CLEARS_BSS
	/* the original port's bug, kept for the boot test's negative control */
	bl	clear_bss
#endif
	csrrd	$a0, CSR_CPUID
	andi	$a0, $a0, 0x1ff
	bl	set_stack
	b	la_secondary_main

/* sp = top of CPU a0's boot stack; a0 preserved */
set_stack:
	la.pcrel $sp, la_stacks
	addi.d	$t0, $a0, 1
	slli.d	$t0, $t0, 14
	add.d	$sp, $sp, $t0
	jr	$ra

clear_bss:
	la.pcrel $t0, __bss_start
	la.pcrel $t1, __bss_end
1:	bgeu	$t0, $t1, 2f
	st.d	$zero, $t0, 0
	addi.d	$t0, $t0, 8
	b	1b
2:	dbar	0
	jr	$ra

	.section .stacks, "aw", @nobits
	.balign	16
	.globl	la_stacks
la_stacks:
	.space	STACK_SIZE * BOARD_NR_CPUS

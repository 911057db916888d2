/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception entry (ECFG.VS = 0: one entry for all). Every exception is
 * taken from the hypervisor itself at PLV0, on a valid stack: save all
 * registers and the exception CSRs in a struct trap_frame, let la_trap()
 * dispatch by ECODE, restore (ERA as la_trap left it) and return.
 */
#include "arch/loongarch64/csr.h"

#define FRAME (36 * 8)

	.text
	.balign	4096
	.globl	la_exception_vector
la_exception_vector:
	addi.d	$sp, $sp, -FRAME
	.irp	n, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $sp, \n * 8
	.endr
	addi.d	$t0, $sp, FRAME
	st.d	$t0, $sp, 3 * 8
	csrrd	$t0, CSR_ERA
	st.d	$t0, $sp, 32 * 8
	csrrd	$t0, CSR_PRMD
	st.d	$t0, $sp, 33 * 8
	csrrd	$t0, CSR_ESTAT
	st.d	$t0, $sp, 34 * 8
	csrrd	$t0, CSR_BADV
	st.d	$t0, $sp, 35 * 8
	move	$a0, $sp
	bl	la_trap
	ld.d	$t0, $sp, 32 * 8
	csrwr	$t0, CSR_ERA
	.irp	n, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld.d	$r\n, $sp, \n * 8
	.endr
	addi.d	$sp, $sp, FRAME
	ertn

/* TLB refill has its own entry, reached in direct-address mode: nothing
 * here uses the TLB, so one is always a wild access. Report it. */
	.balign	4096
	.globl	la_tlbr_vector
la_tlbr_vector:
	csrrd	$a0, CSR_TLBRERA
	csrrd	$a1, CSR_TLBRBADV
	la.abs	$t0, la_tlb_refill
	jirl	$zero, $t0, 0

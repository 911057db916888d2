/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runtime's entry and vectors. The hypervisor enters at _start, at
 * EL1 with the MMU off, x0 = the page shared with the supervisor, which
 * holds the stage-1 tables the supervisor built: the MMU goes on before
 * any C runs, so nothing is ever written with caches off.
 */
#include <hvisor/pzone.h>

#define SCTLR_ON 0x34d5d81d /* M C SA SA0 I DZE UCT nTWI nTWE UCI, RES1 */
#define TCR_BASE ((25 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | \
		  (25 << 16) | (1 << 23))
#define FRAME 288

	.section .text.start, "ax"
	.globl	_start
_start:
	mov	x19, x0
	ldr	x1, [x19, #PZ_OFF_TTBR0]
	msr	ttbr0_el1, x1
	mov	x1, #0xff			/* attr 0: normal write-back */
	msr	mair_el1, x1
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #7			/* PARange -> IPS */
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls
	ldr	x1, =TCR_BASE
	orr	x1, x1, x2, lsl #32
	orr	x1, x1, #(1 << 37)		/* TBI0, as Linux gives EL0 */
	msr	tcr_el1, x1
	mov	x1, #(3 << 20)			/* FP/SIMD for EL0 and EL1 */
	msr	cpacr_el1, x1
	mov	x1, #2				/* EL0 reads the virtual counter */
	msr	cntkctl_el1, x1
	msr	cntv_ctl_el0, xzr		/* no timer: nothing ever interrupts */
	adr	x1, vectors
	msr	vbar_el1, x1
	isb
	ic	iallu
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x1, =SCTLR_ON
	msr	sctlr_el1, x1
	isb
	add	sp, x19, #(PZ_STACK_TOP - PZ_COMM_OFF)
	mov	x0, x19
	bl	rt_main
1:	b	1b

	.globl	rt_hvc
rt_hvc:
	hvc	#0
	ret

.macro	save
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x21, sp_el0
	stp	x30, x21, [sp, #240]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #256]
	mov	x0, sp
.endm

	/* back to the program from the frame at x0 */
	.globl	rt_return
rt_return:
	mov	sp, x0
	ldp	x22, x23, [sp, #256]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x30, x21, [sp, #240]
	msr	sp_el0, x21
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #FRAME
	eret

	.balign	2048
vectors:
	.rept	4				/* EL1 with SP_EL0: never */
	.balign	128
	b	el1_fault
	.endr
	.balign	128				/* EL1 with SP_EL1: our bug */
	b	el1_fault
	.balign	128
	eret					/* no interrupt is ours */
	.balign	128
	eret
	.balign	128
	b	el1_fault
	.balign	128				/* EL0 (AArch64): sync */
	save
	bl	rt_sync
	mov	x0, sp
	b	rt_return
	.balign	128
	eret
	.balign	128
	eret
	.balign	128
	b	el1_fault
	.rept	4				/* EL0 (AArch32): never */
	.balign	128
	b	el1_fault
	.endr

el1_fault:
	mrs	x0, esr_el1
	mrs	x1, far_el1
	mrs	x2, elr_el1
	bl	rt_fatal

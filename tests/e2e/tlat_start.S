/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tlat's entry and vectors (tests/e2e/tlat.c). Entered at EL2 (QEMU with
 * nothing below it: the bare baseline) it drops to EL1 as a hypervisor
 * would let it run; entered at EL1 (as a zone's kernel) it goes on. MMU
 * off. The IRQ vector stamps the virtual counter at its second
 * instruction, before anything else can add to the latency.
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	el1
	mov	x1, #(1 << 31)		/* HCR_EL2: EL1 is AArch64, traps nothing */
	msr	hcr_el2, x1
	mov	x1, #3			/* CNTHCTL_EL2: EL1 reads both counters */
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mov	x1, #0xf		/* ICC_SRE_EL2: system registers, EL1 too */
	msr	s3_4_c12_c9_5, x1
	isb
	mov	x1, #0x3c5		/* EL1h, interrupts masked */
	msr	spsr_el2, x1
	adr	x1, el1
	msr	elr_el2, x1
	eret
el1:
	ldr	x1, =stack_top
	mov	sp, x1
	adr	x1, vectors
	msr	vbar_el1, x1
	isb
	bl	tlat_main
1:	wfi
	b	1b

	.balign	2048
vectors:
	.rept	5			/* EL1t sync/irq/fiq/serror, EL1h sync */
	.balign	128
	b	.
	.endr
	.balign	128			/* EL1h IRQ */
	msr	tpidr_el1, x0
	mrs	x0, cntvct_el0
	msr	tpidrro_el0, x0		/* the stamp */
	mrs	x0, tpidr_el1
	stp	x29, x30, [sp, #-16]!
	stp	x0, x1, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	stp	x4, x5, [sp, #-16]!
	stp	x6, x7, [sp, #-16]!
	stp	x8, x9, [sp, #-16]!
	stp	x10, x11, [sp, #-16]!
	stp	x12, x13, [sp, #-16]!
	stp	x14, x15, [sp, #-16]!
	stp	x16, x17, [sp, #-16]!
	str	x18, [sp, #-16]!
	bl	tlat_irq
	ldr	x18, [sp], #16
	ldp	x16, x17, [sp], #16
	ldp	x14, x15, [sp], #16
	ldp	x12, x13, [sp], #16
	ldp	x10, x11, [sp], #16
	ldp	x8, x9, [sp], #16
	ldp	x6, x7, [sp], #16
	ldp	x4, x5, [sp], #16
	ldp	x2, x3, [sp], #16
	ldp	x0, x1, [sp], #16
	ldp	x29, x30, [sp], #16
	eret
	.rept	10			/* the rest: stop where it happened */
	.balign	128
	b	.
	.endr

	.bss
	.balign	16
	.space	16384
stack_top:

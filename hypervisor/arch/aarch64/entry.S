/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry at EL2. The boot CPU comes from the loader (x0: the board's DTB, or
 * 0 when it is in its boot slot), the others from PSCI CPU_ON with their
 * logical CPU index as context. Each sets its per-CPU pointer and
 * stack, CPU 0 clears .bss, then C takes over with DAIF masked for good:
 * the hypervisor never takes interrupts at EL2, only from guests.
 */
#define PERCPU_SIZE 0x8000
#define FRAME_SIZE 272

	.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

	.section .text.entry, "ax"
	.globl _start
_start:
	mov	x21, x0			/* a DTB from the loader, or 0 */
	mov	x19, #0			/* the boot CPU is logical CPU 0 */
	mov	x20, #1			/* primary */
	b	1f

	.globl secondary_entry
secondary_entry:
	mov	x19, x0
	mov	x20, #0
	mov	x21, #0
1:	msr	daifset, #0xf
	adr_l	x1, hv_vectors
	msr	vbar_el2, x1
	adr_l	x1, percpu_data
	mov	x2, #PERCPU_SIZE
	madd	x1, x19, x2, x1
	msr	tpidr_el2, x1
	add	sp, x1, x2
	cbz	x20, 3f
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
2:	cmp	x1, x2
	b.hs	3f
	stp	xzr, xzr, [x1], #16
	b	2b
3:	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	hv_cpu_main
4:	wfi
	b	4b

/* Call firmware (QEMU's PSCI) with the SMC calling convention. */
	.text
	.globl smc_call
smc_call:
	smc	#0
	ret

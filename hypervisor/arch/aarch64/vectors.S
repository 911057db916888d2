/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 exception vectors. Traps from a guest (lower EL, AArch64 or AArch32)
 * save the guest's x0-x30, ELR and SPSR in a struct trap_frame on this
 * CPU's stack, call C, and return through guest_exit. Exceptions taken from
 * EL2 itself are hypervisor bugs: hv_fatal reports them and stops the CPU.
 */
#define FRAME_SIZE 272

	.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, spsr_el2
	str	x0, [sp, #16 * 16]
	mov	x0, sp
	.endm

	.macro vector target
	.balign	0x80
	b	\target
	.endm

	.section .text
	.balign	0x800
	.globl	hv_vectors
hv_vectors:
	vector	el2_fault_sp0		/* current EL, SP_EL0 */
	vector	el2_fault_sp0
	vector	el2_fault_sp0
	vector	el2_fault_sp0
	vector	el2_fault		/* current EL, SP_ELx */
	vector	el2_fault
	vector	el2_fault
	vector	el2_fault
	vector	guest_sync		/* lower EL, AArch64 */
	vector	guest_irq
	vector	guest_irq		/* FIQ: same path, group 0 unused */
	vector	guest_serror
	vector	guest_sync		/* lower EL, AArch32 */
	vector	guest_irq
	vector	guest_irq
	vector	guest_serror

guest_sync:
	save_frame
	bl	trap_sync
	b	guest_exit

guest_irq:
	save_frame
	bl	trap_irq
	b	guest_exit

guest_serror:
	save_frame
	bl	trap_serror
	b	guest_exit

el2_fault_sp0:
el2_fault:
	save_frame
	bl	hv_fatal
1:	wfi
	b	1b

/* Restore the guest from the frame at sp and return to it. */
	.globl	guest_exit
guest_exit:
	ldr	x0, [sp, #16 * 16]
	msr	spsr_el2, x0
	ldp	x30, x0, [sp, #16 * 15]
	msr	elr_el2, x0
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
	eret

/* guest_enter(frame): discard whatever this CPU's stack holds (the frame is
 * at its top) and enter the guest described by the frame. */
	.globl	guest_enter
guest_enter:
	mov	sp, x0
	b	guest_exit

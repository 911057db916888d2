/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Not part of the hypervisor: the stand-in that `make run-bare` boots in its
 * place, so the baseline enters the same kernel with the same DTB at the same
 * addresses and at the same exception level: EL1, as under the hypervisor
 * (entered at EL2, Linux would also set up KVM's hyp code, which zone0 never
 * does). Secondary CPUs follow at EL1: QEMU's PSCI starts them at the
 * caller's level. Linux arm64 boot protocol: x0 = DTB, x1-x3 = 0, MMU off.
 * BARE_DTB and BARE_ENTRY come from zone0.json through the Makefile.
 */
	.section .text
	.globl _start
_start:
	mov	x4, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64, nothing trapped */
	msr	hcr_el2, x4
	mrs	x4, cnthctl_el2		/* EL1 may use the physical timer, counter */
	orr	x4, x4, #3
	msr	cnthctl_el2, x4
	msr	cntvoff_el2, xzr
	mov	x4, #0x33ff		/* CPTR_EL2: RES1 bits, no FP/SIMD trap */
	msr	cptr_el2, x4
	mrs	x4, pmcr_el0		/* every PMU counter to EL1 */
	ubfx	x4, x4, #11, #5
	msr	mdcr_el2, x4
	mrs	x4, midr_el1		/* EL1 reads the real ids */
	msr	vpidr_el2, x4
	mrs	x4, mpidr_el1
	msr	vmpidr_el2, x4
	mrs	x4, S3_4_C12_C9_5	/* ICC_SRE_EL2: SRE and Enable for EL1 */
	mov	x5, #9
	orr	x4, x4, x5
	msr	S3_4_C12_C9_5, x4
	isb
	ldr	x4, =0x30d00800		/* SCTLR_EL1 RES1 bits, MMU and caches off */
	msr	sctlr_el1, x4
	mov	x4, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x4
	ldr	x4, =BARE_ENTRY
	msr	elr_el2, x4
	ldr	x0, =BARE_DTB
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	eret
	.ltorg

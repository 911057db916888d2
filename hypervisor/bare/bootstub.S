/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Not part of the hypervisor: the stand-in that `make run-bare` boots in its
 * place, so the baseline enters the same kernel with the same DTB at the same
 * addresses. Linux arm64 boot protocol: x0 = DTB, x1-x3 = 0, MMU off.
 * BARE_DTB and BARE_ENTRY come from zone0.json through the Makefile.
 */
	.section .text
	.globl _start
_start:
	ldr	x0, =BARE_DTB
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, =BARE_ENTRY
	br	x4
	.ltorg

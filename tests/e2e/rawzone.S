/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A zone kernel that is no Linux Image, as hvisor-tool starts RuxOS and
 * other bare payloads: loaded as it is, entered at entry_point. It says
 * one line on the zone's emulated PL011 (QEMU virt: 0x09000000) and waits.
 * Position independent; MMU off.
 */
	.text
	.globl _start
_start:
	adr	x1, msg
	mov	x2, #0x09000000
1:	ldrb	w3, [x1], #1
	cbz	w3, 2f
	str	w3, [x2]		/* UARTDR: the emulated TX never fills */
	b	1b
2:	wfi
	b	2b
msg:
	.asciz	"raw zone: hello from a raw binary\n"

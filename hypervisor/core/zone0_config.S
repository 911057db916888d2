/* SPDX-License-Identifier: GPL-2.0 */
/* zone0's binary config, compiled from zone-configs/zone0.json at build time
 * by the hvisor tool; validated at boot like any other zone config. */
	.section .rodata
	.balign 8
	.globl zone0_config
zone0_config:
	.incbin ZONE0_BIN
zone0_config_end:
	.balign 4
	.globl zone0_config_size
zone0_config_size:
	.word zone0_config_end - zone0_config

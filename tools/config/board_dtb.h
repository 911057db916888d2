/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The board from its own device tree, offline (`hvisor config check
 * --board FILE`): read by the hypervisor's own reader (hypervisor/core/
 * board.c), into what the info call reports on the target.
 */
#ifndef HVISOR_TOOL_BOARD_DTB_H
#define HVISOR_TOOL_BOARD_DTB_H

#include <stdio.h>
#include <hvisor/abi.h>

/* where hypervisor/hvisor.lds puts the hypervisor (HV_BASE, HV_SIZE) */
#define BOARD_HV_BASE 0x40000000ull
#define BOARD_HV_SIZE 0x800000ull

/*
 * Fill info from the DTB at path as the hypervisor would read it booting
 * there from the first CPU the tree lists. Returns 0, or -1 with
 * "PATH: why" on errf (not a DTB, no UART, CPU, GIC or memory the
 * hypervisor can use, the hypervisor's RAM outside the board's).
 */
int board_from_dtb(const char *path, struct hv_info *info, FILE *errf);

#endif

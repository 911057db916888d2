/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* A zone config against the board the hypervisor runs on, as its info call
 * describes it (docs/boards.md). */
#ifndef HVISOR_TOOL_BOARD_FIT_H
#define HVISOR_TOOL_BOARD_FIT_H

#include <stdio.h>
#include <hvisor/abi.h>

/* One line on err for each way cfg contradicts the board (GIC version and
 * frames, CPUs, RAM regions outside the board's RAM, device regions in
 * it), naming path, the field, the value and the board's. Returns how
 * many. */
unsigned int board_fit_check(const struct hv_zone_config *cfg,
			     const struct hv_info *board, const char *path,
			     FILE *err);

#endif

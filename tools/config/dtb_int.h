/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What dtb.c (loading, patching), dtb_check.c and image.c share. */
#ifndef HVISOR_TOOL_DTB_INT_H
#define HVISOR_TOOL_DTB_INT_H

#include <stdint.h>
#include <stdio.h>

#include <libfdt.h>

#define DTB_MAX_DEPTH 32 /* real trees nest 4 deep */
#define DTB_PATH_LEN 256
#define DTB_GROW_SLACK 512 /* free space added when a write runs out */
#define DTB_MAX_CELLS 4 /* FDT_MAX_NCELLS */
#define DTB_CONSOLE_SIZE 0x1000u /* the emulated PL011's page */
#define DTB_MAX_PARENT_HOPS 64 /* interrupt-parent chains */

#define GIC_SPI 0u
#define GIC_PPI 1u

/* One line to errf (may be NULL). */
__attribute__((format(printf, 2, 3))) void dtb_msg(FILE *errf, const char *fmt,
						   ...);

/* n big-endian cells as a number; -1 if it needs more than 64 bits. */
int dtb_cells(const fdt32_t *p, int n, uint64_t *v);

/* #address-cells or #size-cells of node: dflt if absent, -1 if bad. */
int dtb_ncells(const void *fdt, int node, const char *name, int dflt);

static inline unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
}

#endif

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

#define DTB_MAX_FOREIGN 512 /* nodes dtb_carve() may take out */

#define GIC_SPI 0u
#define GIC_PPI 1u

/* One line to errf (may be NULL). */
__attribute__((format(printf, 2, 3))) void dtb_msg(FILE *errf, const char *fmt,
						   ...);

/* n big-endian cells as a number; -1 if it needs more than 64 bits. */
int dtb_cells(const fdt32_t *p, int n, uint64_t *v);

/* #address-cells or #size-cells of node: dflt if absent, -1 if bad. */
int dtb_ncells(const void *fdt, int node, const char *name, int dflt);

struct zone_file;

/* dtb_check.c's walk over a tree, checking it against a zone's config */
struct dtb_checker {
	const void *fdt;
	const struct zone_file *zf;
	FILE *errf;
	int errors;
	int stack[DTB_MAX_DEPTH]; /* the current node and its ancestors */
	/* carving: what is not the zone's is listed here, not reported */
	int carve, nforeign;
	int foreign[DTB_MAX_FOREIGN];
};

/* Walk c->fdt: 0, or -1 with c->errors problems reported. */
int dtb_walk(struct dtb_checker *c);
/* Is node a GIC (v2 or v3) the hypervisor knows? */
int dtb_is_gic(const void *fdt, int node);
/* A problem of node: a line "DTB: NODE: ..." on c->errf, counted. */
__attribute__((format(printf, 3, 4))) void
dtb_err(struct dtb_checker *c, int node, const char *fmt, ...);
/* What node has that the zone's config does not give it: an error, or
 * when carving a node to take out. */
__attribute__((format(printf, 3, 4))) void
dtb_foreign(struct dtb_checker *c, int node, const char *fmt, ...);
/* dtb_irqs.c: node's GIC SPIs against the config's interrupts */
void dtb_check_irqs(struct dtb_checker *c, int node);

/* dtb.c's patching: writes that grow the buffer as needed */
struct dtb_buf;
struct dtb_patcher {
	struct dtb_buf *dtb;
	FILE *errf;
};

int dtb_setprop(struct dtb_patcher *p, int node, const char *path,
		const char *name, const void *val, int len);
/* Add node name under parent; returns its offset or -1. */
int dtb_add_node(struct dtb_patcher *p, int parent, const char *name,
		 const char *path);

static inline unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
}

#endif

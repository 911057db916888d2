/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small read-only reader of flattened device trees, for the board's DTB at
 * boot: nodes by path or compatible, properties, cells, reg entries. Every
 * offset and length is checked against the blob, so a malformed tree gives
 * errors, never a wild read. Node handles are offsets of FDT_BEGIN_NODE
 * tokens in the structure block; negative values are errors.
 */
#ifndef HV_CORE_DEVTREE_H
#define HV_CORE_DEVTREE_H

#include "core/types.h"

#define FDT_MAGIC 0xd00dfeedu
#define DT_MAX_DEPTH 16

struct dtree {
	const u8 *blob;
	u32 size;
	u32 struct_off, struct_size;
	u32 strings_off, strings_size;
};

/* 0, or -1 if blob (at most max bytes) is not a usable FDT (v16+). */
int dt_open(struct dtree *f, const void *blob, u64 max);
/* The node after node (depth-first), its depth from the root; -1 at the
 * end. dt_next_node(f, -1, &d) gives the root (depth 0). */
int dt_next_node(const struct dtree *f, int node, int *depth);
/* "cpu@0" etc.; "" for the root */
const char *dt_node_name(const struct dtree *f, int node);
/* A property's value and length in bytes, or NULL. */
const void *dt_prop(const struct dtree *f, int node, const char *name,
		    u32 *len);
/* The node at an absolute path ("/cpus", "/chosen"): names compare in full,
 * or up to '@' when the path gives no unit address. -1 if none. */
int dt_path(const struct dtree *f, const char *path);
int dt_parent(const struct dtree *f, int node);
/* Does the node's compatible list hold compat? */
bool dt_compatible(const struct dtree *f, int node, const char *compat);
/* Is the node enabled (no status, "okay" or "ok")? */
bool dt_enabled(const struct dtree *f, int node);
/* A string property equal to value? */
bool dt_prop_is(const struct dtree *f, int node, const char *name,
		const char *value);
/* A u32 property, or dflt if absent or not 4 bytes. */
u32 dt_u32(const struct dtree *f, int node, const char *name, u32 dflt);
/* n big-endian cells (n <= 2) at p as a number */
u64 dt_cells(const u32 *p, u32 n);
/* Entry i of the node's reg, in its parent's #address-cells and
 * #size-cells (translated through no ranges: boards here have none that
 * move addresses). 0, or -1 if there is no such entry. */
int dt_reg(const struct dtree *f, int node, u32 i, u64 *addr, u64 *size);

#endif

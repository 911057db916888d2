/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A process zone's stage-1 tables (4 KiB granule, 39-bit addresses, level
 * 1 first). The supervisor builds the first ones in user space before the
 * zone starts, the runtime changes them afterwards: both use this code,
 * each with its own view of physical memory (ptr).
 */
#ifndef PZ_PT_H
#define PZ_PT_H

#include <hvisor/pzone.h>

#define PT_PAGE 4096ull
#define PT_VALID 1ull
#define PT_TABLE 3ull /* a table, or a page at level 3 */
/* software: reserved for the program but inaccessible (PROT_NONE) */
#define PT_RESERVED (1ull << 55)
#define PT_ADDR_MASK 0x0000fffffffff000ull

struct pt {
	hv_u64 l1; /* physical address of the level-1 table */
	hv_u64 next, end; /* unused table pages */
	void *(*ptr)(void *ctx, hv_u64 pa); /* where pa is seen from here */
	void *ctx;
};

/* The level-3 entry for va, or NULL when there is none (alloc = 0) or no
 * table page is left (alloc = 1). */
hv_u64 *pt_entry(struct pt *pt, hv_u64 va, int alloc);
/* Map [va, va + size) to pa with 2 MiB blocks, the runtime's only (EL1
 * read-write, never executable at EL0); exec: EL1 may execute it.
 * All three 2 MiB aligned. 0, or -1 when no table page is left. */
int pt_map_el1(struct pt *pt, hv_u64 va, hv_u64 pa, hv_u64 size, int exec);
/* A level-3 descriptor for the program's page at pa with prot
 * (PZ_PROT_*); PT_RESERVED alone for no access. */
hv_u64 pt_user_page(hv_u64 pa, unsigned int prot);

#endif

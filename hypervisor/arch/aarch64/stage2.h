/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage-2 translation tables: 4 KiB granule, 39-bit IPA starting at level 1,
 * the largest block (1 GiB, 2 MiB, 4 KiB) that alignment allows. Pure table
 * logic (no system registers), so the host unit tests build it as it is.
 */
#ifndef HV_ARCH_STAGE2_H
#define HV_ARCH_STAGE2_H

#include "core/types.h"

#define S2_IPA_BITS 39
#define S2_ATTR_NORMAL 0x7fcUL /* WB cacheable, inner shareable, RW, AF */
#define S2_ATTR_NORMAL_RO 0x77cUL /* the same, read-only (S2AP 01) */
#define S2_ATTR_DEVICE (0x4c4UL | BIT(54)) /* Device-nGnRE, RW, AF, XN */
#define S2_ATTR_DEVICE_RO (0x444UL | BIT(54)) /* the same, read-only */
#define S2_VTCR                                                                \
	((1UL << 31) | (2UL << 16) | (3UL << 12) | (1UL << 10) | (1UL << 8) |  \
	 (1UL << 6) | (64 - S2_IPA_BITS))

struct s2_table {
	u64 *root; /* level-1 table, 512 entries */
	unsigned long nr_tables; /* pages used, root included */
};

int s2_init(struct s2_table *t);
/* Map [ipa, ipa+size) to pa. All three 4 KiB aligned. Refuses (-HV_EBUSY)
 * if any page of the range is already mapped; nothing is changed then. */
int s2_map(struct s2_table *t, u64 ipa, u64 pa, u64 size, u64 attr);
/* Unmap whatever is mapped in the range; splits blocks where needed. */
int s2_unmap(struct s2_table *t, u64 ipa, u64 size);
/* Translate: returns true and fills *pa (and *level, *attr) if mapped. */
bool s2_lookup(const struct s2_table *t, u64 ipa, u64 *pa, int *level,
	       u64 *attr);
void s2_destroy(struct s2_table *t);

#endif

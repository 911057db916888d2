// SPDX-License-Identifier: GPL-2.0
#include "arch/aarch64/stage2.h"
#include "core/mm.h"

#define PTE_VALID 1UL
#define PTE_TABLE 3UL /* table at levels 1-2, page at level 3 */
#define PTE_BLOCK 1UL
#define PTE_ADDR 0x0000fffffffff000UL
#define PTE_ATTR (~PTE_ADDR & ~3UL)
#define LEVEL_SHIFT(l) (39 - 9 * (l)) /* 1: 30, 2: 21, 3: 12 */
#define LEVEL_SIZE(l) (1UL << LEVEL_SHIFT(l))
#define IDX(ipa, l) (((ipa) >> LEVEL_SHIFT(l)) & 511)

static inline u64 *pte_table(u64 pte)
{
	return (u64 *)(uintptr_t)(pte & PTE_ADDR);
}

static inline bool pte_is_table(u64 pte, int level)
{
	return level < 3 && (pte & 3) == PTE_TABLE;
}

int s2_init(struct s2_table *t)
{
	t->root = page_alloc();
	t->nr_tables = t->root ? 1 : 0;
	return t->root ? 0 : -HV_ENOMEM;
}

/* Is any page of [ipa, ipa+size) mapped under table tbl at level? */
static bool range_used(u64 *tbl, int level, u64 ipa, u64 size)
{
	while (size) {
		u64 sz = LEVEL_SIZE(level);
		u64 off = ipa & (sz - 1);
		u64 n = MIN(size, sz - off);
		u64 pte = tbl[IDX(ipa, level)];

		if (pte_is_table(pte, level)) {
			if (range_used(pte_table(pte), level + 1, ipa, n))
				return true;
		} else if (pte & PTE_VALID) {
			return true;
		}
		ipa += n;
		size -= n;
	}
	return false;
}

static int map_level(struct s2_table *t, u64 *tbl, int level, u64 ipa, u64 pa,
		     u64 size, u64 attr)
{
	while (size) {
		u64 sz = LEVEL_SIZE(level);
		u64 n = MIN(size, sz - (ipa & (sz - 1)));
		u64 *pte = &tbl[IDX(ipa, level)];
		int ret;

		if (level == 3) {
			*pte = (pa & PTE_ADDR) | attr | PTE_TABLE;
		} else if (n == sz && IS_ALIGNED(pa, sz) && !*pte) {
			*pte = (pa & PTE_ADDR) | attr | PTE_BLOCK;
		} else {
			if (!*pte) {
				u64 *next = page_alloc();

				if (!next)
					return -HV_ENOMEM;
				t->nr_tables++;
				*pte = (u64)(uintptr_t)next | PTE_TABLE;
			}
			ret = map_level(t, pte_table(*pte), level + 1, ipa, pa,
					n, attr);
			if (ret)
				return ret;
		}
		ipa += n;
		pa += n;
		size -= n;
	}
	return 0;
}

static bool range_ok(u64 ipa, u64 size)
{
	return size && IS_ALIGNED(ipa, PAGE_SIZE) &&
	       IS_ALIGNED(size, PAGE_SIZE) && ipa + size > ipa &&
	       ipa + size <= (1UL << S2_IPA_BITS);
}

int s2_map(struct s2_table *t, u64 ipa, u64 pa, u64 size, u64 attr)
{
	/* pa must fit PTE_ADDR, or it would be truncated to another address */
	if (!range_ok(ipa, size) || !IS_ALIGNED(pa, PAGE_SIZE) ||
	    pa + size < pa || pa + size > BIT(48) || (attr & ~PTE_ATTR))
		return -HV_EINVAL;
	if (range_used(t->root, 1, ipa, size))
		return -HV_EBUSY;
	return map_level(t, t->root, 1, ipa, pa, size, attr);
}

static int unmap_level(struct s2_table *t, u64 *tbl, int level, u64 ipa,
		       u64 size)
{
	while (size) {
		u64 sz = LEVEL_SIZE(level);
		u64 n = MIN(size, sz - (ipa & (sz - 1)));
		u64 *pte = &tbl[IDX(ipa, level)];
		int ret;

		if (pte_is_table(*pte, level)) {
			ret = unmap_level(t, pte_table(*pte), level + 1, ipa,
					  n);
			if (ret)
				return ret;
		} else if ((*pte & PTE_VALID) && n != sz) {
			/* part of a block: split it into the next level */
			u64 base = *pte & PTE_ADDR & ~(sz - 1);
			u64 attr = *pte & PTE_ATTR;
			u64 *next = page_alloc();

			if (!next)
				return -HV_ENOMEM;
			t->nr_tables++;
			*pte = 0;
			map_level(t, next, level + 1, ipa & ~(sz - 1), base, sz,
				  attr);
			*pte = (u64)(uintptr_t)next | PTE_TABLE;
			ret = unmap_level(t, next, level + 1, ipa, n);
			if (ret)
				return ret;
		} else {
			*pte = 0;
		}
		ipa += n;
		size -= n;
	}
	return 0;
}

int s2_unmap(struct s2_table *t, u64 ipa, u64 size)
{
	if (!range_ok(ipa, size))
		return -HV_EINVAL;
	return unmap_level(t, t->root, 1, ipa, size);
}

bool s2_lookup(const struct s2_table *t, u64 ipa, u64 *pa, int *level,
	       u64 *attr)
{
	u64 *tbl = t->root;
	int l;

	if (ipa >> S2_IPA_BITS)
		return false;
	for (l = 1; l <= 3; l++) {
		u64 pte = tbl[IDX(ipa, l)];

		if (!(pte & PTE_VALID))
			return false;
		if (pte_is_table(pte, l)) {
			tbl = pte_table(pte);
			continue;
		}
		if (pa)
			*pa = (pte & PTE_ADDR & ~(LEVEL_SIZE(l) - 1)) |
			      (ipa & (LEVEL_SIZE(l) - 1));
		if (level)
			*level = l;
		if (attr)
			*attr = pte & PTE_ATTR;
		return true;
	}
	return false;
}

static void free_level(u64 *tbl, int level)
{
	int i;

	for (i = 0; i < 512 && level < 3; i++)
		if (pte_is_table(tbl[i], level))
			free_level(pte_table(tbl[i]), level + 1);
	page_free(tbl);
}

void s2_destroy(struct s2_table *t)
{
	if (t->root)
		free_level(t->root, 1);
	t->root = NULL;
	t->nr_tables = 0;
}

// sources: hypervisor/arch/aarch64/stage2.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Stage-2 table builder (hypervisor/arch/aarch64/stage2.c). Table pages come
 * from the page_alloc()/page_free() below, so every test can check that the
 * builder's page count matches what it really holds, that s2_destroy() gives
 * everything back, and what happens when the pool runs dry. Host pointers
 * stand in for physical addresses, as they do at EL2 (identity map).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/aarch64/stage2.h"
#include "core/mm.h"

#define SZ_4K 0x1000UL
#define IPA_END (1UL << S2_IPA_BITS)

/* ---- the page pool ------------------------------------------------- */

static long live_pages; /* allocated and not yet freed */
static long alloc_budget = -1; /* allocations left before NULL; -1: no limit */

void *page_alloc(void)
{
	void *p;

	if (alloc_budget == 0)
		return NULL;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!p)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	memset(p, 0, PAGE_SIZE);
	live_pages++;
	return p;
}

void page_free(void *page)
{
	assert_non_null(page);
	assert_true(IS_ALIGNED((uintptr_t)page, PAGE_SIZE));
	live_pages--;
	free(page);
}

/* ---- fixtures and helpers ------------------------------------------ */

static struct s2_table tbl;

static int setup(void **state)
{
	live_pages = 0;
	alloc_budget = -1;
	if (s2_init(&tbl))
		return -1;
	*state = &tbl;
	return 0;
}

/*
 * Runs even after a failed test, so it frees first and reports without
 * asserting; the tests check the page count themselves (expect_pool()).
 */
static int teardown(void **state)
{
	struct s2_table *t = *state;
	long held = live_pages, counted = (long)t->nr_tables;

	alloc_budget = -1;
	s2_destroy(t);
	if (held != counted || live_pages || t->root || t->nr_tables) {
		print_error(
			"pool: %ld pages held, %ld counted, %ld left after s2_destroy\n",
			held, counted, live_pages);
		return -1;
	}
	return 0;
}

/* The builder's count is exactly what it holds from the pool. */
static void expect_pool(const struct s2_table *t)
{
	assert_int_equal(live_pages, t->nr_tables);
}

/* ipa must translate to pa, through a level-`level` entry with attr. */
static void expect_pa(const struct s2_table *t, u64 ipa, u64 pa, int level,
		      u64 attr)
{
	u64 got_pa = ~0UL, got_attr = ~0UL;
	int got_level = -1;

	if (!s2_lookup(t, ipa, &got_pa, &got_level, &got_attr))
		fail_msg("ipa 0x%lx not mapped", (unsigned long)ipa);
	assert_int_equal(got_pa, pa);
	assert_int_equal(got_level, level);
	assert_int_equal(got_attr, attr);
}

static void expect_unmapped(const struct s2_table *t, u64 ipa)
{
	u64 pa;
	int level;

	if (s2_lookup(t, ipa, &pa, &level, NULL))
		fail_msg("ipa 0x%lx maps to 0x%lx at level %d",
			 (unsigned long)ipa, (unsigned long)pa, level);
}

/*
 * [ipa, ipa+size) maps to pa with blocks of `level`: probe the first and
 * last byte of every block.
 */
static void expect_range(const struct s2_table *t, u64 ipa, u64 pa, u64 size,
			 int level, u64 attr)
{
	u64 bsz = 1UL << (39 - 9 * level), off;

	for (off = 0; off < size; off += bsz) {
		expect_pa(t, ipa + off, pa + off, level, attr);
		expect_pa(t, ipa + off + bsz - 1, pa + off + bsz - 1, level,
			  attr);
	}
}

/* ---- mapping -------------------------------------------------------- */

static void test_init(void **state)
{
	struct s2_table *t = *state;

	assert_non_null(t->root);
	assert_int_equal(t->nr_tables, 1);
	assert_int_equal(live_pages, 1);
	assert_true(IS_ALIGNED((uintptr_t)t->root, PAGE_SIZE));
	expect_unmapped(t, 0);
	expect_unmapped(t, IPA_END - 1);
	expect_pool(t);
}

static void test_map_1g_block(void **state)
{
	struct s2_table *t = *state;

	assert_int_equal(s2_map(t, SZ_1G, SZ_1G, SZ_1G, S2_ATTR_NORMAL), 0);
	assert_int_equal(t->nr_tables, 1); /* a single level-1 entry */
	expect_pa(t, SZ_1G, SZ_1G, 1, S2_ATTR_NORMAL);
	expect_pa(t, SZ_1G + 0x12345678, SZ_1G + 0x12345678, 1, S2_ATTR_NORMAL);
	expect_pa(t, 2 * SZ_1G - 1, 2 * SZ_1G - 1, 1, S2_ATTR_NORMAL);
	expect_unmapped(t, SZ_1G - 1);
	expect_unmapped(t, 2 * SZ_1G);

	/* the top of the IPA space is an ordinary level-1 slot too */
	assert_int_equal(s2_map(t, IPA_END - SZ_1G, 4 * SZ_1G, SZ_1G,
				S2_ATTR_NORMAL),
			 0);
	assert_int_equal(t->nr_tables, 1);
	expect_pa(t, IPA_END - 1, 5 * SZ_1G - 1, 1, S2_ATTR_NORMAL);
	expect_pool(t);
}

static void test_map_2m_blocks(void **state)
{
	struct s2_table *t = *state;

	assert_int_equal(s2_map(t, SZ_1G + SZ_2M, SZ_1G + SZ_2M, 2 * SZ_2M,
				S2_ATTR_NORMAL),
			 0);
	assert_int_equal(t->nr_tables, 2); /* root + one level-2 table */
	expect_range(t, SZ_1G + SZ_2M, SZ_1G + SZ_2M, 2 * SZ_2M, 2,
		     S2_ATTR_NORMAL);
	expect_unmapped(t, SZ_1G + SZ_2M - 1);
	expect_unmapped(t, SZ_1G + 3 * SZ_2M);
	expect_unmapped(t, SZ_1G);
	expect_pool(t);
}

static void test_map_4k_pages(void **state)
{
	struct s2_table *t = *state;

	assert_int_equal(s2_map(t, SZ_4K, SZ_4K, 3 * SZ_4K, S2_ATTR_NORMAL), 0);
	assert_int_equal(t->nr_tables, 3); /* root + level 2 + level 3 */
	expect_range(t, SZ_4K, SZ_4K, 3 * SZ_4K, 3, S2_ATTR_NORMAL);
	expect_unmapped(t, 0);
	expect_unmapped(t, SZ_4K - 1);
	expect_unmapped(t, 4 * SZ_4K);

	/* a second range under the same level-3 table needs no new page */
	assert_int_equal(
		s2_map(t, 10 * SZ_4K, 10 * SZ_4K, SZ_4K, S2_ATTR_NORMAL), 0);
	assert_int_equal(t->nr_tables, 3);
	expect_pa(t, 10 * SZ_4K, 10 * SZ_4K, 3, S2_ATTR_NORMAL);
	expect_pool(t);
}

/* Each part of a range gets the largest block its alignment allows. */
static void test_map_mixed_sizes(void **state)
{
	struct s2_table *t = *state;
	u64 ipa = SZ_1G - SZ_4K;
	u64 size = SZ_4K + SZ_1G + SZ_2M + SZ_4K;

	assert_int_equal(s2_map(t, ipa, ipa, size, S2_ATTR_NORMAL), 0);
	expect_pa(t, SZ_1G - SZ_4K, SZ_1G - SZ_4K, 3, S2_ATTR_NORMAL);
	expect_range(t, SZ_1G, SZ_1G, SZ_1G, 1, S2_ATTR_NORMAL);
	expect_range(t, 2 * SZ_1G, 2 * SZ_1G, SZ_2M, 2, S2_ATTR_NORMAL);
	expect_pa(t, 2 * SZ_1G + SZ_2M, 2 * SZ_1G + SZ_2M, 3, S2_ATTR_NORMAL);
	expect_unmapped(t, SZ_1G - 2 * SZ_4K);
	expect_unmapped(t, ipa + size);
	/* root, L2+L3 below 1 GiB, L2+L3 above 2 GiB */
	assert_int_equal(t->nr_tables, 5);
	expect_pool(t);
}

/* zone0's RAM in configs/: 0x42000000, size 0x3e000000, ends at 2 GiB. */
static void test_map_zone0_ram(void **state)
{
	struct s2_table *t = *state;
	const u64 base = 0x42000000, size = 0x3e000000;
	static const u64 probes[] = {
		0x42000000, 0x42000fff, 0x421fffff, 0x42200000,
		0x5abcdef8, 0x7fe00000, 0x7ffff000, 0x7fffffff,
	};
	unsigned int i;

	assert_int_equal(s2_map(t, base, base, size, S2_ATTR_NORMAL), 0);
	assert_int_equal(t->nr_tables, 2);
	expect_range(t, base, base, size, 2, S2_ATTR_NORMAL);
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		expect_pa(t, probes[i], probes[i], 2, S2_ATTR_NORMAL);
	expect_unmapped(t, base - 1);
	expect_unmapped(t, SZ_1G);
	expect_unmapped(t, 0x80000000);
	expect_pool(t);
}

static void test_map_pa_offset(void **state)
{
	struct s2_table *t = *state;

	/* 1 GiB aligned on both sides: still one block */
	assert_int_equal(s2_map(t, SZ_1G, 0x140000000UL, SZ_1G, S2_ATTR_NORMAL),
			 0);
	expect_range(t, SZ_1G, 0x140000000UL, SZ_1G, 1, S2_ATTR_NORMAL);
	/* guest below physical */
	assert_int_equal(
		s2_map(t, SZ_2M, 0x8000200000UL, SZ_2M, S2_ATTR_NORMAL), 0);
	expect_range(t, SZ_2M, 0x8000200000UL, SZ_2M, 2, S2_ATTR_NORMAL);
	/* guest above physical */
	assert_int_equal(s2_map(t, 0x7f00003000UL, 0x5000, 2 * SZ_4K,
				S2_ATTR_NORMAL),
			 0);
	expect_range(t, 0x7f00003000UL, 0x5000, 2 * SZ_4K, 3, S2_ATTR_NORMAL);
	expect_pa(t, 0x7f00004abcUL, 0x6abc, 3, S2_ATTR_NORMAL);
	expect_pool(t);
}

/* The block size is limited by the alignment of ipa and pa together. */
static void test_map_misaligned_pa(void **state)
{
	struct s2_table *t = *state;
	unsigned long before;

	/* 1 GiB of IPA, PA only 2 MiB aligned: 512 level-2 blocks */
	assert_int_equal(s2_map(t, SZ_1G, 0x80200000, SZ_1G, S2_ATTR_NORMAL),
			 0);
	assert_int_equal(t->nr_tables, 2);
	expect_range(t, SZ_1G, 0x80200000, SZ_1G, 2, S2_ATTR_NORMAL);

	/* 2 MiB of IPA, PA only 4 KiB aligned: 512 pages */
	before = t->nr_tables;
	assert_int_equal(s2_map(t, 0x200000, 0x80001000, SZ_2M, S2_ATTR_NORMAL),
			 0);
	assert_int_equal(t->nr_tables, before + 2);
	expect_range(t, 0x200000, 0x80001000, SZ_2M, 3, S2_ATTR_NORMAL);

	/* PA 1 GiB aligned, IPA only 2 MiB aligned: level 2 at best */
	assert_int_equal(s2_map(t, 0x4000200000UL, 0x100000000UL, 2 * SZ_2M,
				S2_ATTR_NORMAL),
			 0);
	expect_range(t, 0x4000200000UL, 0x100000000UL, 2 * SZ_2M, 2,
		     S2_ATTR_NORMAL);
	expect_pool(t);
}

static void test_map_attributes(void **state)
{
	struct s2_table *t = *state;

	/* normal and device memory at each block size */
	assert_int_equal(s2_map(t, SZ_1G, SZ_1G, SZ_1G, S2_ATTR_NORMAL), 0);
	assert_int_equal(
		s2_map(t, 2 * SZ_1G, 0x9000000000UL, SZ_1G, S2_ATTR_DEVICE), 0);
	assert_int_equal(s2_map(t, 0, 0x08000000, SZ_2M, S2_ATTR_DEVICE), 0);
	assert_int_equal(s2_map(t, SZ_2M, 0x40000000, SZ_2M, S2_ATTR_NORMAL),
			 0);
	assert_int_equal(
		s2_map(t, 2 * SZ_2M, 0x09000000, SZ_4K, S2_ATTR_DEVICE), 0);
	assert_int_equal(s2_map(t, 2 * SZ_2M + SZ_4K, 0x50000000, SZ_4K,
				S2_ATTR_NORMAL),
			 0);

	expect_pa(t, SZ_1G, SZ_1G, 1, S2_ATTR_NORMAL);
	expect_pa(t, 2 * SZ_1G + 8, 0x9000000008UL, 1, S2_ATTR_DEVICE);
	expect_pa(t, 0x1000, 0x08001000, 2, S2_ATTR_DEVICE);
	expect_pa(t, SZ_2M + 0x1000, 0x40001000, 2, S2_ATTR_NORMAL);
	expect_pa(t, 2 * SZ_2M + 4, 0x09000004, 3, S2_ATTR_DEVICE);
	expect_pa(t, 2 * SZ_2M + SZ_4K + 4, 0x50000004, 3, S2_ATTR_NORMAL);

	/* the device attributes keep execute-never (bit 54) */
	assert_true(S2_ATTR_DEVICE & BIT(54));
	assert_false(S2_ATTR_NORMAL & BIT(54));
	expect_pool(t);
}

/* ---- overlaps -------------------------------------------------------- */

/* The table must look exactly as after the first map of each test. */
static void expect_1g_untouched(const struct s2_table *t)
{
	assert_int_equal(t->nr_tables, 1);
	assert_int_equal(live_pages, 1);
	expect_range(t, SZ_1G, 0x200000000UL, SZ_1G, 1, S2_ATTR_NORMAL);
	expect_unmapped(t, SZ_1G - 1);
	expect_unmapped(t, SZ_1G - SZ_2M);
	expect_unmapped(t, 2 * SZ_1G);
	expect_unmapped(t, 0);
}

static void test_overlap_block(void **state)
{
	struct s2_table *t = *state;
	const u64 pa = 0x300000000UL, n = S2_ATTR_NORMAL;

	assert_int_equal(s2_map(t, SZ_1G, 0x200000000UL, SZ_1G, n), 0);

	/* exact */
	assert_int_equal(s2_map(t, SZ_1G, pa, SZ_1G, n), -HV_EBUSY);
	/* the same PA again changes nothing either */
	assert_int_equal(s2_map(t, SZ_1G, 0x200000000UL, SZ_1G, n), -HV_EBUSY);
	/* partial: starts before, ends inside */
	assert_int_equal(s2_map(t, SZ_1G - SZ_2M, pa, 2 * SZ_2M, n), -HV_EBUSY);
	assert_int_equal(s2_map(t, SZ_1G - SZ_4K, pa, 2 * SZ_4K, n), -HV_EBUSY);
	/* partial: starts inside, ends after */
	assert_int_equal(s2_map(t, 2 * SZ_1G - SZ_4K, pa, 2 * SZ_4K, n),
			 -HV_EBUSY);
	assert_int_equal(s2_map(t, 2 * SZ_1G - SZ_2M, pa, SZ_1G, n), -HV_EBUSY);
	/* contained */
	assert_int_equal(s2_map(t, SZ_1G + SZ_2M, pa, SZ_2M, n), -HV_EBUSY);
	assert_int_equal(s2_map(t, SZ_1G + 5 * SZ_4K, pa, SZ_4K, n), -HV_EBUSY);
	/* containing */
	assert_int_equal(s2_map(t, 0, pa, 4 * SZ_1G, n), -HV_EBUSY);

	expect_1g_untouched(t);
	expect_pool(t);
}

static void test_overlap_pages(void **state)
{
	struct s2_table *t = *state;
	const u64 base = 0x40201000, pa = 0x90000000, n = S2_ATTR_NORMAL;
	unsigned long tables;

	/* two pages in the middle of a 2 MiB slot */
	assert_int_equal(s2_map(t, base, base, 2 * SZ_4K, n), 0);
	tables = t->nr_tables;

	/* exact */
	assert_int_equal(s2_map(t, base, pa, 2 * SZ_4K, n), -HV_EBUSY);
	/* partial, front and back */
	assert_int_equal(s2_map(t, base - SZ_4K, pa, 2 * SZ_4K, n), -HV_EBUSY);
	assert_int_equal(s2_map(t, base + SZ_4K, pa, 2 * SZ_4K, n), -HV_EBUSY);
	/* contained */
	assert_int_equal(s2_map(t, base + SZ_4K, pa, SZ_4K, n), -HV_EBUSY);
	/* containing, would be a 2 MiB block or a 1 GiB block if free */
	assert_int_equal(s2_map(t, 0x40200000, pa, SZ_2M, n), -HV_EBUSY);
	assert_int_equal(s2_map(t, SZ_1G, 0, SZ_1G, n), -HV_EBUSY);
	/* a long range whose only conflict is its last page */
	assert_int_equal(s2_map(t, 0, 0, base + SZ_4K, n), -HV_EBUSY);

	/* nothing was mapped or allocated by the refusals */
	assert_int_equal(t->nr_tables, tables);
	assert_int_equal(live_pages, tables);
	expect_range(t, base, base, 2 * SZ_4K, 3, n);
	expect_unmapped(t, base - SZ_4K);
	expect_unmapped(t, base + 2 * SZ_4K);
	expect_unmapped(t, 0x40200000);
	expect_unmapped(t, 0);
	expect_unmapped(t, SZ_4K);
	expect_unmapped(t, SZ_1G - SZ_4K);
	expect_pool(t);
}

static void test_adjacent(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL, d = S2_ATTR_DEVICE;

	assert_int_equal(s2_map(t, SZ_1G, SZ_1G, SZ_1G, n), 0);
	/* right below and right above the block */
	assert_int_equal(s2_map(t, SZ_1G - SZ_2M, 0x10000000, SZ_2M, d), 0);
	assert_int_equal(s2_map(t, 2 * SZ_1G, 0x20000000, SZ_4K, d), 0);
	/* pages on both sides of a page */
	assert_int_equal(s2_map(t, 2 * SZ_1G + 2 * SZ_4K, 0x30002000, SZ_4K, n),
			 0);
	assert_int_equal(s2_map(t, 2 * SZ_1G + SZ_4K, 0x30001000, SZ_4K, d), 0);
	assert_int_equal(s2_map(t, 2 * SZ_1G + 3 * SZ_4K, 0x30003000, SZ_4K, d),
			 0);

	expect_pa(t, SZ_1G - 1, 0x10000000 + SZ_2M - 1, 2, d);
	expect_pa(t, SZ_1G, SZ_1G, 1, n);
	expect_pa(t, 2 * SZ_1G - 1, 2 * SZ_1G - 1, 1, n);
	expect_pa(t, 2 * SZ_1G, 0x20000000, 3, d);
	expect_pa(t, 2 * SZ_1G + SZ_4K, 0x30001000, 3, d);
	expect_pa(t, 2 * SZ_1G + 2 * SZ_4K, 0x30002000, 3, n);
	expect_pa(t, 2 * SZ_1G + 4 * SZ_4K - 1, 0x30004000 - 1, 3, d);
	expect_unmapped(t, SZ_1G - SZ_2M - 1);
	expect_unmapped(t, 2 * SZ_1G + 4 * SZ_4K);
	expect_pool(t);
}

/* ---- argument checks ------------------------------------------------- */

static void test_invalid_args(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL;

	/* unaligned ipa, pa, size */
	assert_int_equal(s2_map(t, 0x800, 0, SZ_4K, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, 0x10, SZ_4K, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, 0, SZ_4K + 1, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, 0, 0xfff, n), -HV_EINVAL);
	/* zero size */
	assert_int_equal(s2_map(t, 0, 0, 0, n), -HV_EINVAL);
	/* wraparound of ipa and of pa */
	assert_int_equal(s2_map(t, ~0xfffUL, 0, 2 * SZ_4K, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, ~0xfffUL, 2 * SZ_4K, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, SZ_4K, ~0xfffUL, n), -HV_EINVAL);
	/* beyond the 39-bit IPA space: would alias low addresses */
	assert_int_equal(s2_map(t, IPA_END, 0, SZ_4K, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, IPA_END - SZ_4K, 0, 2 * SZ_4K, n),
			 -HV_EINVAL);
	assert_int_equal(s2_map(t, 1UL << 47, 0, SZ_1G, n), -HV_EINVAL);
	/* attributes reaching into the address field or the type bits */
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n | 0x1000), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n | BIT(47)), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n | 1), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n | 2), -HV_EINVAL);

	/* and none of them left anything behind */
	assert_int_equal(t->nr_tables, 1);
	expect_unmapped(t, 0);
	expect_unmapped(t, IPA_END - SZ_4K);

	/* unmap checks the range the same way */
	assert_int_equal(s2_unmap(t, 0x800, SZ_4K), -HV_EINVAL);
	assert_int_equal(s2_unmap(t, 0, 0x800), -HV_EINVAL);
	assert_int_equal(s2_unmap(t, 0, 0), -HV_EINVAL);
	assert_int_equal(s2_unmap(t, ~0xfffUL, 2 * SZ_4K), -HV_EINVAL);
	assert_int_equal(s2_unmap(t, IPA_END - SZ_4K, 2 * SZ_4K), -HV_EINVAL);

	/* the last page below 2^39 is fine */
	assert_int_equal(s2_map(t, IPA_END - SZ_4K, 0x7000, SZ_4K, n), 0);
	expect_pa(t, IPA_END - 1, 0x7fff, 3, n);
	expect_pool(t);
}

/*
 * The descriptor's output address is bits [47:12]. A PA above that must be
 * refused, not truncated into some other (low) physical address.
 */
static void test_pa_beyond_descriptor(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL;

	assert_int_equal(s2_map(t, SZ_1G, 1UL << 48, SZ_1G, n), -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, (1UL << 48) + SZ_4K, SZ_4K, n),
			 -HV_EINVAL);
	assert_int_equal(s2_map(t, 0, (1UL << 48) - SZ_4K, 2 * SZ_4K, n),
			 -HV_EINVAL);
	expect_unmapped(t, SZ_1G);
	expect_unmapped(t, 0);
	assert_int_equal(t->nr_tables, 1);

	/* the last page the field can hold is fine */
	assert_int_equal(s2_map(t, 0, (1UL << 48) - SZ_4K, SZ_4K, n), 0);
	expect_pa(t, 0x123, (1UL << 48) - SZ_4K + 0x123, 3, n);
	expect_pool(t);
}

/* The level-1 index only sees bits [38:30]; lookup must not alias. */
static void test_lookup_beyond_ipa(void **state)
{
	struct s2_table *t = *state;
	u64 pa = 0x5a5a;
	int level = 7;
	u64 attr = 0x5a5a;

	assert_int_equal(s2_map(t, 0, 0, SZ_1G, S2_ATTR_NORMAL), 0);
	assert_false(s2_lookup(t, IPA_END, &pa, &level, &attr));
	assert_false(s2_lookup(t, 1UL << 40, NULL, NULL, NULL));
	assert_false(s2_lookup(t, ~0UL, NULL, NULL, NULL));
	/* a miss leaves the outputs alone */
	assert_int_equal(pa, 0x5a5a);
	assert_int_equal(level, 7);
	assert_int_equal(attr, 0x5a5a);
	/* NULL outputs are allowed on a hit */
	assert_true(s2_lookup(t, 0x1000, NULL, NULL, NULL));
	expect_pool(t);
}

/* ---- unmapping -------------------------------------------------------- */

static void test_unmap_whole_blocks(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL;
	unsigned long tables;

	assert_int_equal(s2_map(t, SZ_1G, SZ_1G, SZ_1G, n), 0);
	assert_int_equal(s2_map(t, 2 * SZ_1G, 2 * SZ_1G, 3 * SZ_2M, n), 0);
	assert_int_equal(s2_map(t, 0x1000, 0x1000, 3 * SZ_4K, n), 0);
	tables = t->nr_tables;

	/* whole entries go without splitting anything */
	assert_int_equal(s2_unmap(t, SZ_1G, SZ_1G), 0);
	assert_int_equal(s2_unmap(t, 2 * SZ_1G + SZ_2M, SZ_2M), 0);
	assert_int_equal(s2_unmap(t, 0x2000, SZ_4K), 0);
	assert_int_equal(t->nr_tables, tables);

	expect_unmapped(t, SZ_1G);
	expect_unmapped(t, 2 * SZ_1G - 1);
	expect_range(t, 2 * SZ_1G, 2 * SZ_1G, SZ_2M, 2, n);
	expect_unmapped(t, 2 * SZ_1G + SZ_2M);
	expect_unmapped(t, 2 * SZ_1G + 2 * SZ_2M - 1);
	expect_range(t, 2 * SZ_1G + 2 * SZ_2M, 2 * SZ_1G + 2 * SZ_2M, SZ_2M, 2,
		     n);
	expect_pa(t, 0x1000, 0x1000, 3, n);
	expect_unmapped(t, 0x2000);
	expect_pa(t, 0x3000, 0x3000, 3, n);

	/* unmapping what is not mapped is harmless */
	assert_int_equal(s2_unmap(t, SZ_1G, SZ_1G), 0);
	assert_int_equal(s2_unmap(t, 0x10000000, SZ_4K), 0);
	assert_int_equal(t->nr_tables, tables);

	/* a range covering several entries of different sizes at once */
	assert_int_equal(s2_unmap(t, 0, 3 * SZ_1G), 0);
	expect_unmapped(t, 0x1000);
	expect_unmapped(t, 0x3000);
	expect_unmapped(t, 2 * SZ_1G);
	expect_unmapped(t, 2 * SZ_1G + 3 * SZ_2M - 1);
	expect_pool(t);
}

static void test_unmap_splits_1g_block(void **state)
{
	struct s2_table *t = *state;
	const u64 pa = 0x140000000UL, d = S2_ATTR_DEVICE;
	const u64 hole = SZ_1G + SZ_2M + SZ_4K;

	assert_int_equal(s2_map(t, SZ_1G, pa, SZ_1G, d), 0);
	/* one page out of the middle: 1 GiB -> 2 MiB blocks -> pages */
	assert_int_equal(s2_unmap(t, hole, SZ_4K), 0);
	assert_int_equal(t->nr_tables, 3);

	expect_unmapped(t, hole);
	expect_unmapped(t, hole + SZ_4K - 1);
	expect_pa(t, hole - 1, pa + SZ_2M + SZ_4K - 1, 3, d);
	expect_pa(t, SZ_1G + SZ_2M, pa + SZ_2M, 3, d);
	expect_pa(t, hole + SZ_4K, pa + SZ_2M + 2 * SZ_4K, 3, d);
	expect_range(t, SZ_1G + SZ_2M + 2 * SZ_4K, pa + SZ_2M + 2 * SZ_4K,
		     SZ_2M - 2 * SZ_4K, 3, d);
	expect_range(t, SZ_1G, pa, SZ_2M, 2, d);
	expect_range(t, SZ_1G + 2 * SZ_2M, pa + 2 * SZ_2M, SZ_1G - 2 * SZ_2M, 2,
		     d);
	expect_pa(t, 2 * SZ_1G - 1, pa + SZ_1G - 1, 2, d);
	expect_unmapped(t, 2 * SZ_1G);

	/* a 2 MiB-aligned part of a 1 GiB block splits only once */
	assert_int_equal(s2_map(t, 3 * SZ_1G, 0, SZ_1G, S2_ATTR_NORMAL), 0);
	assert_int_equal(s2_unmap(t, 3 * SZ_1G + 4 * SZ_2M, 2 * SZ_2M), 0);
	assert_int_equal(t->nr_tables, 4);
	expect_range(t, 3 * SZ_1G, 0, 4 * SZ_2M, 2, S2_ATTR_NORMAL);
	expect_unmapped(t, 3 * SZ_1G + 4 * SZ_2M);
	expect_unmapped(t, 3 * SZ_1G + 6 * SZ_2M - 1);
	expect_range(t, 3 * SZ_1G + 6 * SZ_2M, 6 * SZ_2M, SZ_1G - 6 * SZ_2M, 2,
		     S2_ATTR_NORMAL);
	expect_pool(t);
}

/* A range across the ends of two blocks splits both and keeps the rest. */
static void test_unmap_across_blocks(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL;

	assert_int_equal(s2_map(t, 0, 0x80000000, 2 * SZ_2M, n), 0);
	assert_int_equal(s2_unmap(t, SZ_2M - SZ_4K, 2 * SZ_4K), 0);
	expect_pa(t, 0, 0x80000000, 3, n);
	expect_pa(t, SZ_2M - SZ_4K - 1, 0x80000000 + SZ_2M - SZ_4K - 1, 3, n);
	expect_unmapped(t, SZ_2M - SZ_4K);
	expect_unmapped(t, SZ_2M);
	expect_pa(t, SZ_2M + SZ_4K, 0x80000000 + SZ_2M + SZ_4K, 3, n);
	expect_pa(t, 2 * SZ_2M - 1, 0x80000000 + 2 * SZ_2M - 1, 3, n);
	expect_pool(t);
}

static void test_unmap_remap(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL, d = S2_ATTR_DEVICE;

	/* same range, same then different PA and attributes */
	assert_int_equal(s2_map(t, SZ_2M, SZ_2M, SZ_2M, n), 0);
	assert_int_equal(s2_unmap(t, SZ_2M, SZ_2M), 0);
	expect_unmapped(t, SZ_2M);
	assert_int_equal(s2_map(t, SZ_2M, SZ_2M, SZ_2M, n), 0);
	expect_range(t, SZ_2M, SZ_2M, SZ_2M, 2, n);
	assert_int_equal(s2_unmap(t, SZ_2M, SZ_2M), 0);
	assert_int_equal(s2_map(t, SZ_2M, 0x60000000, SZ_2M, d), 0);
	expect_range(t, SZ_2M, 0x60000000, SZ_2M, 2, d);

	/* a hole punched into a block can be filled again */
	assert_int_equal(s2_map(t, SZ_1G, SZ_1G, SZ_1G, n), 0);
	assert_int_equal(s2_unmap(t, SZ_1G + 0x5000, SZ_4K), 0);
	assert_int_equal(s2_map(t, SZ_1G + 0x5000, 0x9000, SZ_4K, d), 0);
	expect_pa(t, SZ_1G + 0x5000, 0x9000, 3, d);
	expect_pa(t, SZ_1G + 0x4000, SZ_1G + 0x4000, 3, n);
	expect_pa(t, SZ_1G + 0x6000, SZ_1G + 0x6000, 3, n);
	/* and a split block, once unmapped, taken whole again */
	assert_int_equal(s2_unmap(t, SZ_1G, SZ_1G), 0);
	expect_unmapped(t, SZ_1G + 0x5000);
	assert_int_equal(s2_map(t, SZ_1G, 0x200000000UL, SZ_1G, n), 0);
	/* the first 2 MiB go through the emptied tables, as pages */
	expect_pa(t, SZ_1G, 0x200000000UL, 3, n);
	expect_pa(t, SZ_1G + 0x5abc, 0x200005abcUL, 3, n);
	expect_pa(t, SZ_1G + SZ_2M, 0x200200000UL, 2, n);
	expect_pa(t, 2 * SZ_1G - 1, 0x23fffffffUL, 2, n);
	expect_pool(t);
}

/* ---- freeing and running out of pages --------------------------------- */

static void test_destroy_frees_all(void **state)
{
	struct s2_table *t = *state;
	u64 ipa;

	/* pages spread over many level-2 and level-3 tables, plus splits */
	for (ipa = 0; ipa < 16 * SZ_1G; ipa += SZ_1G + 5 * SZ_2M)
		assert_int_equal(s2_map(t, ipa + SZ_4K, ipa + SZ_4K, 2 * SZ_4K,
					S2_ATTR_DEVICE),
				 0);
	assert_int_equal(s2_map(t, 20 * SZ_1G, 0, SZ_1G, S2_ATTR_NORMAL), 0);
	assert_int_equal(s2_unmap(t, 20 * SZ_1G + SZ_4K, SZ_4K), 0);
	assert_true(t->nr_tables > 20);
	expect_pool(t);

	s2_destroy(t);
	assert_int_equal(live_pages, 0);
	assert_null(t->root);
	assert_int_equal(t->nr_tables, 0);
	/* destroying twice is harmless */
	s2_destroy(t);
	assert_int_equal(live_pages, 0);
}

static void test_enomem_init(void **state)
{
	struct s2_table t2 = { (u64 *)0x1000, 99 };

	(void)state;
	alloc_budget = 0;
	assert_int_equal(s2_init(&t2), -HV_ENOMEM);
	assert_null(t2.root);
	assert_int_equal(t2.nr_tables, 0);
	s2_destroy(&t2);
	alloc_budget = -1;
}

static void test_enomem_map(void **state)
{
	struct s2_table *t = *state;
	const u64 n = S2_ATTR_NORMAL;

	/* a 1 GiB block needs no new table */
	alloc_budget = 0;
	assert_int_equal(s2_map(t, SZ_1G, SZ_1G, SZ_1G, n), 0);
	/* a page needs a level-2 and a level-3 table */
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n), -HV_ENOMEM);
	alloc_budget = 1;
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n), -HV_ENOMEM);
	assert_int_equal(alloc_budget, 0);
	expect_unmapped(t, 0);
	/* whatever was allocated is linked in and counted */
	expect_pool(t);
	assert_int_equal(t->nr_tables, 2);
	/* with pages again, the same map goes through */
	alloc_budget = -1;
	assert_int_equal(s2_map(t, 0, 0, SZ_4K, n), 0);
	expect_pa(t, 0xfff, 0xfff, 3, n);
	expect_pa(t, SZ_1G, SZ_1G, 1, n);
	expect_pool(t);
}

static void test_enomem_unmap_split(void **state)
{
	struct s2_table *t = *state;
	const u64 pa = 0x300000000UL, n = S2_ATTR_NORMAL;

	assert_int_equal(s2_map(t, SZ_1G, pa, SZ_1G, n), 0);
	alloc_budget = 0;
	assert_int_equal(s2_unmap(t, SZ_1G + SZ_4K, SZ_4K), -HV_ENOMEM);
	/* the block is still whole */
	expect_range(t, SZ_1G, pa, SZ_1G, 1, n);
	assert_int_equal(t->nr_tables, 1);
	/* one page is enough for the first split, not the second */
	alloc_budget = 1;
	assert_int_equal(s2_unmap(t, SZ_1G + SZ_4K, SZ_4K), -HV_ENOMEM);
	expect_pa(t, SZ_1G + SZ_4K, pa + SZ_4K, 2, n);
	expect_range(t, SZ_1G, pa, SZ_1G, 2, n);
	/* a whole-block unmap needs no page */
	assert_int_equal(s2_unmap(t, SZ_1G, SZ_2M), 0);
	expect_unmapped(t, SZ_1G + SZ_4K);
	expect_pa(t, SZ_1G + SZ_2M, pa + SZ_2M, 2, n);
	expect_pool(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_init),
		T(test_map_1g_block),
		T(test_map_2m_blocks),
		T(test_map_4k_pages),
		T(test_map_mixed_sizes),
		T(test_map_zone0_ram),
		T(test_map_pa_offset),
		T(test_map_misaligned_pa),
		T(test_map_attributes),
		T(test_overlap_block),
		T(test_overlap_pages),
		T(test_adjacent),
		T(test_invalid_args),
		T(test_pa_beyond_descriptor),
		T(test_lookup_beyond_ipa),
		T(test_unmap_whole_blocks),
		T(test_unmap_splits_1g_block),
		T(test_unmap_across_blocks),
		T(test_unmap_remap),
		T(test_destroy_frees_all),
		T(test_enomem_init),
		T(test_enomem_map),
		T(test_enomem_unmap_split),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

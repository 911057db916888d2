// sources: runtime/pt.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A process zone's stage-1 tables (runtime/pt.c), as the supervisor builds
 * them and the runtime changes them: over a fake physical memory here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pt.h"

#define BASE 0x80000000ull
static uint64_t mem[64 * 512]; /* 64 table pages at BASE */

static void *ptr(void *ctx, hv_u64 pa)
{
	(void)ctx;
	assert_true(pa >= BASE && pa < BASE + sizeof(mem));
	return (char *)mem + (pa - BASE);
}

static struct pt fresh(unsigned int pages)
{
	struct pt pt = { .l1 = BASE,
			 .next = BASE + 4096,
			 .end = BASE + 4096ull * pages,
			 .ptr = ptr };

	memset(mem, 0, sizeof(mem));
	return pt;
}

static void test_user_pages(void **state)
{
	struct pt pt = fresh(64);
	hv_u64 *e, d;

	(void)state;
	assert_null(pt_entry(&pt, 0x400000, 0)); /* nothing yet */
	e = pt_entry(&pt, 0x400000, 1);
	assert_non_null(e);
	assert_int_equal(pt.next, BASE + 3 * 4096); /* an L2 and an L3 */
	*e = pt_user_page(0x90000000, PZ_PROT_R | PZ_PROT_X);
	assert_ptr_equal(pt_entry(&pt, 0x400000, 0), e);
	assert_ptr_equal(pt_entry(&pt, 0x401000, 0), e + 1);
	d = *e;
	assert_int_equal(d & PT_ADDR_MASK, 0x90000000);
	assert_int_equal(d & 3, 3);
	assert_true(d & (1ull << 6)); /* EL0 */
	assert_true(d & (1ull << 7)); /* read-only */
	assert_false(d & (1ull << 54)); /* EL0 may execute */
	assert_true(d & (1ull << 53)); /* EL1 never */
	d = pt_user_page(0x90001000, PZ_PROT_R | PZ_PROT_W);
	assert_false(d & (1ull << 7));
	assert_true(d & (1ull << 54));
	assert_int_equal(pt_user_page(0x90002000, 0), PT_RESERVED);
	assert_false(PT_RESERVED & PT_VALID);
}

static void test_el1_blocks_and_running_out(void **state)
{
	struct pt pt = fresh(3);
	uint64_t *l2;

	(void)state;
	assert_int_equal(pt_map_el1(&pt, 0x138000000ull, 0x138000000ull,
				    0x400000, 1),
			 0);
	l2 = (uint64_t *)ptr(NULL,
			     mem[(0x138000000ull >> 30) & 511] & PT_ADDR_MASK);
	assert_int_equal(l2[(0x138000000ull >> 21) & 511] & 3, 1); /* block */
	assert_false(l2[(0x138000000ull >> 21) & 511] & (1ull << 53));
	assert_int_equal(pt_map_el1(&pt, 0x138400000ull, 0x138400000ull,
				    0x200000, 0),
			 0);
	assert_true(l2[(0x138400000ull >> 21) & 511] & (1ull << 53));
	/* one page left: an L2 for 0x400000, but no L3 */
	assert_null(pt_entry(&pt, 0x400000, 1));
	assert_int_equal(pt_map_el1(&pt, 0x40000000, 0, 0x200000, 0), -1);
	/* a block is no table: no entry under it */
	assert_null(pt_entry(&pt, 0x138001000ull, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_pages),
		cmocka_unit_test(test_el1_blocks_and_running_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// sources: hypervisor/core/logring.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's log ring (hypervisor/core/logring.c), read by
 * `hvisor dmesg`: a reader resumes at its cursor, what the ring overwrote
 * before it came is counted, and a cursor from elsewhere starts over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/logring.h"

static char buf[16];
static struct logring r = { buf, sizeof(buf), 0 };

static void put(const char *s)
{
	logring_put(&r, s, strlen(s));
}

static void test_read_resumes(void **state)
{
	char out[32];
	u64 cur = 0, lost = 1;

	(void)state;
	r.head = 0;
	put("one\n");
	assert_int_equal(logring_read(&r, &cur, out, sizeof(out), &lost), 4);
	assert_memory_equal(out, "one\n", 4);
	assert_int_equal(cur, 4);
	assert_int_equal(lost, 0);
	assert_int_equal(logring_read(&r, &cur, out, sizeof(out), &lost), 0);
	put("two\n");
	/* a small buffer takes what fits; the rest comes next */
	assert_int_equal(logring_read(&r, &cur, out, 3, &lost), 3);
	assert_memory_equal(out, "two", 3);
	assert_int_equal(logring_read(&r, &cur, out, sizeof(out), &lost), 1);
	assert_int_equal(out[0], '\n');
}

static void test_overwritten_bytes_are_counted(void **state)
{
	char out[32];
	u64 cur = 0, lost = 0;

	(void)state;
	r.head = 0;
	put("0123456789"); /* 10 */
	put("abcdefghij"); /* 20: the ring holds the last 16 */
	assert_int_equal(logring_read(&r, &cur, out, sizeof(out), &lost), 16);
	assert_int_equal(lost, 4);
	assert_memory_equal(out, "456789abcdefghij", 16);
	assert_int_equal(cur, 20);
	/* wrapped writes read back in order */
	put("KLMNOP");
	assert_int_equal(logring_read(&r, &cur, out, sizeof(out), &lost), 6);
	assert_memory_equal(out, "KLMNOP", 6);
	assert_int_equal(lost, 0);
}

static void test_cursor_from_elsewhere_starts_over(void **state)
{
	char out[32];
	u64 cur = 1000, lost = 7;

	(void)state;
	r.head = 0;
	put("abc");
	assert_int_equal(logring_read(&r, &cur, out, sizeof(out), &lost), 3);
	assert_memory_equal(out, "abc", 3);
	assert_int_equal(lost, 0);
	assert_int_equal(cur, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_resumes),
		cmocka_unit_test(test_overwritten_bytes_are_counted),
		cmocka_unit_test(test_cursor_from_elsewhere_starts_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

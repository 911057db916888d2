// sources: tools/backend/vpoll.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A backend device's adaptive polling window (tools/backend/vpoll.c): it
 * opens only once a request came soon after the last, grows while requests
 * come just after it closes, stays while it catches them, never passes the
 * device's limit, and shrinks to zero when the device idles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vpoll.h"

#define US 1000ULL

/* One request gap: the device runs out of work at *t, the next request
 * comes gap later, caught by the window or by a notify. True if caught. */
static bool request_after(struct vpoll *p, uint64_t *t, uint64_t gap)
{
	bool caught;

	vpoll_begin(p, *t);
	caught = p->on && gap < p->win_ns;
	*t += gap;
	if (caught) {
		assert_false(vpoll_expired(p, *t));
		vpoll_hit(p);
	} else {
		if (p->on) {
			assert_true(vpoll_expired(p, *t));
			vpoll_miss(p);
		}
		vpoll_woken(p, *t);
	}
	return caught;
}

static void test_off_by_default_and_when_disabled(void **state)
{
	struct vpoll p = { .max_ns = 0 };
	uint64_t t = 0;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_false(request_after(&p, &t, 5 * US));
	assert_int_equal(p.win_ns, 0);
	assert_false(vpoll_begin(&p, t)); /* a closed window never expires */
	assert_false(vpoll_expired(&p, t + 1000 * US));
}

static void test_grows_to_catch_a_steady_stream(void **state)
{
	struct vpoll p = { .max_ns = 100 * US };
	uint64_t t = 0;
	int i;

	(void)state;
	/* 30 us apart: 10, 20, 40 us windows; then every request is caught */
	assert_false(request_after(&p, &t, 30 * US));
	assert_int_equal(p.win_ns, 10 * US);
	assert_false(request_after(&p, &t, 30 * US));
	assert_int_equal(p.win_ns, 20 * US);
	assert_false(request_after(&p, &t, 30 * US));
	assert_int_equal(p.win_ns, 40 * US);
	for (i = 0; i < 100; i++)
		assert_true(request_after(&p, &t, 30 * US));
	assert_int_equal(p.win_ns, 40 * US);
	assert_int_equal(p.hits, 100);
	assert_int_equal(p.late, 3);
	assert_int_equal(p.misses, 2);
}

static void test_never_passes_the_limit(void **state)
{
	struct vpoll p = { .max_ns = 50 * US };
	uint64_t t = 0;
	int i;

	(void)state;
	/* 45 us apart: caught once the window reaches the 50 us limit */
	for (i = 0; i < 20; i++)
		request_after(&p, &t, 45 * US);
	assert_int_equal(p.win_ns, 50 * US);
	assert_true(request_after(&p, &t, 45 * US));
	/* 60 us apart: beyond the limit, never caught, and the window does
	 * not grow past it */
	for (i = 0; i < 20; i++)
		assert_false(request_after(&p, &t, 60 * US));
	assert_true(p.win_ns <= 50 * US);
}

static void test_idle_shrinks_to_zero(void **state)
{
	struct vpoll p = { .max_ns = 200 * US };
	uint64_t t = 0;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		request_after(&p, &t, 150 * US);
	assert_int_equal(p.win_ns, 160 * US);
	/* a second apart: halved each time, then off */
	for (i = 0; i < 5; i++)
		request_after(&p, &t, 1000000 * US);
	assert_int_equal(p.win_ns, 0);
	assert_false(vpoll_begin(&p, t));
	assert_true(p.idle >= 4);
}

static void test_notify_while_open_changes_nothing(void **state)
{
	struct vpoll p = { .max_ns = 100 * US, .win_ns = 40 * US };

	(void)state;
	assert_true(vpoll_begin(&p, 1000));
	vpoll_woken(&p, 1000 + 80 * US); /* a stale notify: still open */
	assert_int_equal(p.win_ns, 40 * US);
	assert_int_equal(p.late, 0);
	/* the clock may step back (another CPU's reading): no wrap-around */
	vpoll_miss(&p);
	vpoll_woken(&p, 999);
	assert_true(p.win_ns <= 100 * US);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_by_default_and_when_disabled),
		cmocka_unit_test(test_grows_to_catch_a_steady_stream),
		cmocka_unit_test(test_never_passes_the_limit),
		cmocka_unit_test(test_idle_shrinks_to_zero),
		cmocka_unit_test(test_notify_while_open_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

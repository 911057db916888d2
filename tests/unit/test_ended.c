// sources: driver/ended.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The driver's records of zones that ended (driver/ended.c): what `hvisor
 * zone list` shows after a zone powered off, failed or was shut down, how
 * a restart or `zone shutdown` clears it, and that more ends than records
 * evict the oldest and never refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../driver/ended.h"

#define CAP (HV_MAX_ZONES + HVISOR_MAX_ENDED)

static struct hv_zone_status st[CAP];

static unsigned int running(unsigned int n, const hv_u32 *ids)
{
	unsigned int i;

	memset(st, 0xee, sizeof(st));
	for (i = 0; i < n; i++) {
		memset(&st[i], 0, sizeof(st[i]));
		st[i].zone_id = ids[i];
		st[i].state = HV_ZONE_RUNNING;
	}
	return n;
}

static void ended_zone_is_listed_with_reason_and_time(void **state)
{
	struct ended_table t = { 0 };
	hv_u32 live[] = { 0 };
	unsigned int n;

	(void)state;
	ended_add(&t, 1, "zone1", "poweroff", 1, 1700000000);
	n = ended_list(&t, st, running(1, live), CAP);
	assert_int_equal(n, 2);
	assert_int_equal(st[1].zone_id, 1);
	assert_int_equal(st[1].state, HV_ZONE_STOPPED);
	assert_int_equal(st[1].ended_at, 1700000000);
	assert_string_equal(st[1].name, "zone1");
	assert_string_equal(st[1].reason, "poweroff");
	assert_int_equal(st[1].cpus, 0);
	assert_int_equal(st[1].num_virtio, 0);
}

static void a_second_end_replaces_the_first(void **state)
{
	struct ended_table t = { 0 };
	unsigned int n;

	(void)state;
	ended_add(&t, 1, "zone1", "poweroff", 1, 10);
	ended_add(&t, 1, "zone1", "fault: Kernel panic", 2, 20);
	n = ended_list(&t, st, running(0, NULL), CAP);
	assert_int_equal(n, 1);
	assert_string_equal(st[0].reason, "fault: Kernel panic");
	assert_int_equal(st[0].ended_at, 20);
}

static void started_again_hides_and_forget_clears(void **state)
{
	struct ended_table t = { 0 };
	hv_u32 live[] = { 0, 1 };

	(void)state;
	ended_add(&t, 1, "zone1", "shutdown", 1, 10);
	/* running again: the live entry is the only one */
	assert_int_equal(ended_list(&t, st, running(2, live), CAP), 2);
	assert_true(ended_forget(&t, 1));
	assert_false(ended_forget(&t, 1));
	assert_int_equal(ended_list(&t, st, running(0, NULL), CAP), 0);
}

static void more_ends_than_records_evict_the_oldest(void **state)
{
	struct ended_table t = { 0 };
	unsigned int i, n;
	char name[16];

	(void)state;
	for (i = 0; i < HVISOR_MAX_ENDED + 5; i++) {
		snprintf(name, sizeof(name), "z%u", i + 1);
		ended_add(&t, i + 1, name, "poweroff", i + 1, 100 + i);
	}
	n = ended_list(&t, st, running(0, NULL), CAP);
	assert_int_equal(n, HVISOR_MAX_ENDED);
	for (i = 0; i < n; i++) /* ids 6..21 remain */
		assert_true(st[i].zone_id > 5);
	/* and a new end still finds room */
	ended_add(&t, 99, "z99", "poweroff", 100, 999);
	n = ended_list(&t, st, running(0, NULL), CAP);
	assert_int_equal(n, HVISOR_MAX_ENDED);
	for (i = 0; i < n && st[i].zone_id != 99; i++)
		;
	assert_true(i < n);
}

static void capacity_is_respected(void **state)
{
	struct ended_table t = { 0 };
	hv_u32 live[] = { 0 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 4; i++)
		ended_add(&t, i + 1, "z", "poweroff", i + 1, 0);
	assert_int_equal(ended_list(&t, st, running(1, live), 3), 3);
	assert_int_equal(st[3].zone_id, 0xeeeeeeee); /* untouched */
}

static void long_names_and_reasons_are_cut_and_terminated(void **state)
{
	struct ended_table t = { 0 };
	char reason[200];

	(void)state;
	memset(reason, 'x', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	ended_add(&t, 3, "a-name-that-is-far-too-long-for-the-field", reason, 1,
		  0);
	ended_list(&t, st, running(0, NULL), CAP);
	assert_int_equal(strlen(st[0].reason), sizeof(st[0].reason) - 1);
	assert_true(strlen(st[0].name) < HV_NAME_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ended_zone_is_listed_with_reason_and_time),
		cmocka_unit_test(a_second_end_replaces_the_first),
		cmocka_unit_test(started_again_hides_and_forget_clears),
		cmocka_unit_test(more_ends_than_records_evict_the_oldest),
		cmocka_unit_test(capacity_is_respected),
		cmocka_unit_test(long_names_and_reasons_are_cut_and_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

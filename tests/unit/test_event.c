// sources: hypervisor/core/event.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's event channel to zone0 (hypervisor/core/event.c) over a
 * ring in host memory: events in order, a full ring counted in overflows,
 * and the entries kept for zone ends and resets (HV_EVT_RESERVE) that a
 * flood of device events cannot take.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/event.h"
#include "core/zone.h"

#define ENTRIES 64

static struct zone root;
static unsigned int raised;
static struct {
	struct hv_event_ring r;
	struct hv_event ev[ENTRIES];
} ring __attribute__((aligned(64))); /* event_setup() wants 64 */

/* what event.c needs from the rest of the hypervisor */
bool zone_ram_range(const struct zone *z, u64 gpa, u64 size, u64 *pa)
{
	(void)z;
	(void)size;
	if (pa)
		*pa = gpa; /* the test's ring is "zone0's RAM" */
	return true;
}

void arch_irq_raise(u32 intid)
{
	assert_int_equal(intid, root.cfg.event_irq);
	raised++;
}

void printk(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static int setup(void **state)
{
	(void)state;
	memset(&ring, 0, sizeof(ring));
	ring.r.magic = HV_ABI_MAGIC;
	ring.r.version = HV_ABI_VERSION;
	ring.r.size = ENTRIES;
	root.cfg.event_irq = 32;
	raised = 0;
	assert_int_equal(
		event_setup(&root, (u64)(uintptr_t)&ring, sizeof(ring)), 0);
	return 0;
}

static bool post(u32 type, u32 value)
{
	struct hv_event e = { .type = type, .zone_id = 1, .value = value };

	return event_post(&e);
}

static void test_events_in_order(void **state)
{
	u32 i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_true(post(HV_EVT_NOTIFY, i));
	assert_int_equal(ring.r.prod, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(ring.ev[i].value, i);
	assert_int_equal(raised, 10);
	assert_int_equal(ring.r.overflows, 0);
}

static void test_device_events_leave_the_reserve(void **state)
{
	unsigned int ok = 0, i;

	(void)state;
	for (i = 0; i < 3 * ENTRIES; i++)
		ok += post(HV_EVT_NOTIFY, i);
	assert_int_equal(ok, ENTRIES - HV_EVT_RESERVE);
	assert_int_equal(ring.r.overflows, 2 * ENTRIES + HV_EVT_RESERVE);
	/* the reader still hears of each one: it must come and look */
	assert_int_equal(raised, 3 * ENTRIES);
	/* every zone's reset and end still fits */
	for (i = 0; i < HV_MAX_ZONES; i++) {
		assert_true(post(HV_EVT_ZONE_RESET, i));
		assert_true(post(HV_EVT_ZONE_EXIT, HV_END_POWEROFF));
	}
	assert_int_equal(ring.r.prod, ENTRIES);
	/* and the ring is full now, for everything */
	assert_false(post(HV_EVT_ZONE_EXIT, HV_END_POWEROFF));
}

static void test_consumed_entries_are_reused(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ENTRIES - HV_EVT_RESERVE; i++)
		assert_true(post(HV_EVT_NOTIFY, i));
	assert_false(post(HV_EVT_STATUS, 0));
	ring.r.cons = 8; /* zone0 read eight */
	for (i = 0; i < 8; i++)
		assert_true(post(HV_EVT_NOTIFY, 100 + i));
	assert_false(post(HV_EVT_NOTIFY, 0));
	assert_int_equal(ring.ev[(ENTRIES - HV_EVT_RESERVE) % ENTRIES].value,
			 100);
}

static void test_a_corrupt_cons_only_looks_full(void **state)
{
	(void)state;
	ring.r.cons = 0x80000000u; /* zone0 scribbled on it */
	assert_false(post(HV_EVT_NOTIFY, 1));
	assert_int_equal(ring.r.prod, 0);
	ring.r.cons = 0;
	assert_true(post(HV_EVT_NOTIFY, 1));
}

static void test_rings_too_small_for_the_reserve_are_refused(void **state)
{
	(void)state;
	ring.r.size = HV_EVT_RESERVE; /* a power of two, but all reserve */
	assert_int_equal(event_setup(&root, (u64)(uintptr_t)&ring,
				     sizeof(ring)),
			 -HV_EINVAL);
	ring.r.size = 2 * HV_EVT_RESERVE;
	assert_int_equal(
		event_setup(&root, (u64)(uintptr_t)&ring, sizeof(ring)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_events_in_order, setup),
		cmocka_unit_test_setup(test_device_events_leave_the_reserve,
				       setup),
		cmocka_unit_test_setup(test_consumed_entries_are_reused, setup),
		cmocka_unit_test_setup(test_a_corrupt_cons_only_looks_full,
				       setup),
		cmocka_unit_test_setup(
			test_rings_too_small_for_the_reserve_are_refused,
			setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// sources: hypervisor/core/event.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's event channel to zone0 (hypervisor/core/event.c) over a
 * ring in host memory: events in order with one interrupt while zone0 has
 * not caught up, each zone's share of the ring, the lost flag, notifies
 * merged while unread, and the entries kept for zone ends and resets
 * (HV_EVT_RESERVE) that a flood of device events cannot take.
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

#define ENTRIES 256
#define SHARE ((ENTRIES - HV_EVT_RESERVE) / (HV_MAX_ZONES - 1))

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

static int post_from(unsigned int slot, u32 type, u32 value, u64 *merge)
{
	struct hv_event e = { .type = type, .zone_id = slot, .value = value };

	return event_post(&e, slot, merge);
}

static bool post(u32 type, u32 value)
{
	return post_from(1, type, value, NULL) == EVENT_POSTED;
}

/* zone0 reads everything there is */
static void drain(void)
{
	ring.r.cons = ring.r.prod;
}

static void test_events_in_order_one_interrupt(void **state)
{
	u32 i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_true(post(HV_EVT_NOTIFY, i));
	assert_int_equal(ring.r.prod, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(ring.ev[i].value, i);
	/* zone0 was interrupted for the first; it reads on to prod */
	assert_int_equal(raised, 1);
	drain();
	assert_true(post(HV_EVT_NOTIFY, 10));
	assert_int_equal(raised, 2);
	assert_int_equal(ring.r.overflows, 0);
	assert_int_equal(ring.r.lost, 0);
}

static void test_a_zone_gets_its_share_only(void **state)
{
	unsigned int ok = 0, i;

	(void)state;
	for (i = 0; i < 3 * ENTRIES; i++)
		ok += post_from(1, HV_EVT_STATUS, i, NULL) == EVENT_POSTED;
	assert_int_equal(ok, SHARE);
	assert_int_equal(ring.r.overflows, 3 * ENTRIES - SHARE);
	assert_int_equal(ring.r.lost, 1);
	/* the first event and the first loss woke zone0: nothing more */
	assert_int_equal(raised, 2);
	/* another zone is not crowded out */
	for (i = 0; i < SHARE; i++)
		assert_int_equal(post_from(2, HV_EVT_STATUS, i, NULL),
				 EVENT_POSTED);
	assert_int_equal(post_from(2, HV_EVT_STATUS, 0, NULL), EVENT_DROPPED);
	/* what zone0 read is given back to the zone that posted it */
	ring.r.cons = 5;
	for (i = 0; i < 5; i++)
		assert_int_equal(post_from(1, HV_EVT_STATUS, i, NULL),
				 EVENT_POSTED);
	assert_int_equal(post_from(1, HV_EVT_STATUS, 0, NULL), EVENT_DROPPED);
	/* zone0 took the lost flag: the next loss wakes it again */
	ring.r.lost = 0;
	assert_int_equal(post_from(1, HV_EVT_STATUS, 0, NULL), EVENT_DROPPED);
	assert_int_equal(raised, 3);
}

static void test_device_events_leave_the_reserve(void **state)
{
	unsigned int ok = 0, slot, i;

	(void)state;
	for (slot = 1; slot < HV_MAX_ZONES; slot++)
		for (i = 0; i < ENTRIES; i++)
			ok += post_from(slot, HV_EVT_STATUS, i, NULL) ==
			      EVENT_POSTED;
	assert_true(ok <= ENTRIES - HV_EVT_RESERVE);
	/* every zone's reset and end still fits */
	for (i = 0; i < HV_MAX_ZONES; i++) {
		assert_true(post(HV_EVT_ZONE_RESET, i));
		assert_true(post(HV_EVT_ZONE_EXIT, HV_END_POWEROFF));
	}
}

static void test_notifies_merge_while_unread(void **state)
{
	u64 token = 0;
	unsigned int i;

	(void)state;
	assert_int_equal(post_from(1, HV_EVT_NOTIFY, 0, &token), EVENT_POSTED);
	for (i = 0; i < 1000; i++)
		assert_int_equal(post_from(1, HV_EVT_NOTIFY, 0, &token),
				 EVENT_MERGED);
	assert_int_equal(ring.r.prod, 1);
	/* other events come between: still merged while that one is unread */
	assert_true(post(HV_EVT_STATUS, 1));
	assert_int_equal(post_from(1, HV_EVT_NOTIFY, 0, &token), EVENT_MERGED);
	/* read: the next notify is an event again */
	ring.r.cons = 1;
	assert_int_equal(post_from(1, HV_EVT_NOTIFY, 0, &token), EVENT_POSTED);
	assert_int_equal(ring.r.prod, 3);
	/* a token from before the ring was set up again never merges */
	setup(NULL);
	assert_int_equal(post_from(1, HV_EVT_NOTIFY, 0, &token), EVENT_POSTED);
}

static void test_a_corrupt_cons_overwrites_nothing(void **state)
{
	unsigned int ok = 0, slot, i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_true(post(HV_EVT_NOTIFY, i));
	ring.r.cons = 0x80000000u; /* zone0 scribbled on it */
	for (slot = 1; slot < HV_MAX_ZONES; slot++)
		for (i = 0; i < ENTRIES; i++)
			ok += post_from(slot, HV_EVT_STATUS, i, NULL) ==
			      EVENT_POSTED;
	/* taken as "nothing read": no unread entry was overwritten */
	assert_true(10 + ok <= ENTRIES - HV_EVT_RESERVE);
	for (i = 0; i < 10; i++)
		assert_int_equal(ring.ev[i].value, i);
}

static void test_ring_sizes_refused(void **state)
{
	(void)state;
	ring.r.size = 2 * HV_EVT_RESERVE; /* a zone's share would be 2 */
	assert_int_equal(event_setup(&root, (u64)(uintptr_t)&ring,
				     sizeof(ring)),
			 -HV_EINVAL);
	ring.r.size = 2 * HV_EVT_MAX_ENTRIES;
	assert_int_equal(
		event_setup(&root, (u64)(uintptr_t)&ring,
			    sizeof(ring) + 2 * HV_EVT_MAX_ENTRIES *
						   sizeof(struct hv_event)),
		-HV_EINVAL);
	ring.r.size = 4 * HV_EVT_RESERVE;
	assert_int_equal(
		event_setup(&root, (u64)(uintptr_t)&ring, sizeof(ring)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_events_in_order_one_interrupt,
				       setup),
		cmocka_unit_test_setup(test_a_zone_gets_its_share_only, setup),
		cmocka_unit_test_setup(test_device_events_leave_the_reserve,
				       setup),
		cmocka_unit_test_setup(test_notifies_merge_while_unread, setup),
		cmocka_unit_test_setup(test_a_corrupt_cons_overwrites_nothing,
				       setup),
		cmocka_unit_test_setup(test_ring_sizes_refused, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// sources: hypervisor/devices/ivc.c hypervisor/core/config_ivc.c hypervisor/core/config_check.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Channels between zones (hypervisor/devices/ivc.c) over stubbed stage-2
 * tables, page pool and GIC: who gets which page with which rights, what
 * the control table answers and refuses, whose doorbell rings when, and
 * that a channel's pages go back to the pool, zeroed, with its last peer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/zone.h"
#include "devices/ivc.h"

#define CT 0x0b000000UL
#define SHM 0x0b010000UL
#define PAGES_PER_CHAN (1 + 2 * 16) /* 4 KiB common, 64 KiB per peer */

/* ---- the rest of the hypervisor, as ivc.c sees it ------------------- */

static unsigned int pages_out, fail_after = ~0u;

void *page_alloc(void)
{
	void *p;

	if (!fail_after)
		return NULL;
	fail_after--;
	p = aligned_alloc(4096, 4096);
	memset(p, 0, 4096);
	pages_out++;
	return p;
}

void page_free(void *p)
{
	if (p) {
		pages_out--;
		free(p);
	}
}

static struct map {
	const struct s2_table *t;
	u64 ipa, pa, attr;
} maps[512];
static unsigned int nmaps;

int s2_map(struct s2_table *t, u64 ipa, u64 pa, u64 size, u64 attr)
{
	assert_int_equal(size, 4096);
	assert_true(nmaps < 512);
	maps[nmaps++] = (struct map){ t, ipa, pa, attr };
	return 0;
}

static const struct map *lookup(const struct zone *z, u64 ipa)
{
	unsigned int i;

	for (i = 0; i < nmaps; i++)
		if (maps[i].t == &z->s2 && maps[i].ipa == ipa)
			return &maps[i];
	return NULL;
}

static struct {
	struct zone *z;
	mmio_handler_t fn;
	void *arg;
} regs[8];
static unsigned int nregs;

int mmio_register(struct zone *z, u64 base, u64 size, mmio_handler_t fn,
		  void *arg, const char *name, u32 index)
{
	assert_int_equal(base, CT);
	assert_int_equal(size, 4096);
	assert_string_equal(name, "ivc");
	(void)index;
	regs[nregs].z = z;
	regs[nregs].fn = fn;
	regs[nregs++].arg = arg;
	return 0;
}

static unsigned int rings[1024];

void arch_irq_raise(u32 intid)
{
	rings[intid]++;
}

void printk(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

/* ---- zones ---------------------------------------------------------- */

static struct zone za, zb;

static void make_zone(struct zone *z, u32 id, u32 peer, u32 irq)
{
	memset(z, 0, sizeof(*z));
	z->id = id;
	z->cfg.num_ivc = 1;
	z->cfg.ivc[0] = (struct hv_ivc_config){
		.ivc_id = 7,
		.peer_id = peer,
		.control_table_ipa = CT,
		.shared_mem_ipa = SHM,
		.rw_sec_size = 0x1000,
		.out_sec_size = 0x10000,
		.interrupt_num = irq,
		.max_peers = 2,
	};
}

/* a 32-bit access to z's control table */
static int ct(struct zone *z, u64 off, bool write, u64 *value)
{
	struct mmio_access a = { off, 4, write, value ? *value : 0 };
	unsigned int i;
	int ret;

	for (i = 0; i < nregs; i++) {
		if (regs[i].z != z)
			continue;
		ret = regs[i].fn(z, &a, regs[i].arg);
		if (value)
			*value = a.value;
		return ret;
	}
	fail_msg("no control table for zone %u", z->id);
	return -1;
}

static u64 rd(struct zone *z, u64 off)
{
	u64 v = 0;

	assert_int_equal(ct(z, off, false, &v), 0);
	return v;
}

static int wr(struct zone *z, u64 off, u64 v)
{
	return ct(z, off, true, &v);
}

static int setup(void **state)
{
	(void)state;
	nmaps = nregs = pages_out = 0;
	fail_after = ~0u;
	memset(rings, 0, sizeof(rings));
	make_zone(&za, 1, 0, 80);
	make_zone(&zb, 2, 1, 81);
	return 0;
}

/* every test leaves the channel table empty and the pool whole */
static int teardown(void **state)
{
	(void)state;
	ivc_zone_exit(&za);
	ivc_zone_exit(&zb);
	assert_int_equal(pages_out, 0);
	return 0;
}

static void both_join(void)
{
	assert_int_equal(ivc_zone_init(&za), 0);
	assert_int_equal(ivc_zone_init(&zb), 0);
}

/* the same pages for both, each output section writable by its owner */
static void test_join_maps_the_sections(void **state)
{
	u64 off;

	(void)state;
	assert_int_equal(ivc_zone_init(&za), 0);
	/* the channel's pages and the page listing them */
	assert_int_equal(pages_out, PAGES_PER_CHAN + 1);
	assert_int_equal(rings[81], 0);
	assert_int_equal(ivc_zone_init(&zb), 0);
	assert_int_equal(pages_out, PAGES_PER_CHAN + 1);
	assert_int_equal(rings[80], 1); /* zone A heard B join */
	for (off = 0; off < PAGES_PER_CHAN * 4096UL; off += 4096) {
		const struct map *a = lookup(&za, SHM + off),
				 *b = lookup(&zb, SHM + off);
		bool common = off < 0x1000,
		     a_own = off >= 0x1000 && off < 0x11000;

		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->pa, b->pa);
		assert_int_equal(a->attr, common || a_own ? S2_ATTR_NORMAL
							  : S2_ATTR_NORMAL_RO);
		assert_int_equal(b->attr, common || !a_own ? S2_ATTR_NORMAL
							   : S2_ATTR_NORMAL_RO);
	}
	assert_null(lookup(&za, SHM + PAGES_PER_CHAN * 4096UL));
}

static void test_control_table_reads(void **state)
{
	(void)state;
	both_join();
	assert_int_equal(rd(&za, HV_IVC_CT_IVC_ID), 7);
	assert_int_equal(rd(&za, HV_IVC_CT_MAX_PEERS), 2);
	assert_int_equal(rd(&za, HV_IVC_CT_RW_SEC_SIZE), 0x1000);
	assert_int_equal(rd(&za, HV_IVC_CT_OUT_SEC_SIZE), 0x10000);
	assert_int_equal(rd(&za, HV_IVC_CT_PEER_ID), 0);
	assert_int_equal(rd(&zb, HV_IVC_CT_PEER_ID), 1);
	assert_int_equal(rd(&za, HV_IVC_CT_PEERS), 3);
	assert_int_equal(rd(&za, HV_IVC_CT_STATE), 0);
	assert_int_equal(rd(&za, HV_IVC_CT_PEER_STATE + 4), 0);
}

static void test_doorbells(void **state)
{
	u64 v = 0;

	(void)state;
	both_join();
	memset(rings, 0, sizeof(rings));
	assert_int_equal(wr(&za, HV_IVC_CT_IPI_INVOKE, 1), 0);
	assert_int_equal(rings[81], 1);
	assert_int_equal(rings[80], 0);
	/* no such peer id: the guest's bug, refused */
	assert_int_equal(wr(&za, HV_IVC_CT_IPI_INVOKE, 2), -HV_EPERM);
	/* read-only words, unknown offsets, other sizes: refused */
	assert_int_equal(wr(&za, HV_IVC_CT_PEER_ID, 1), -HV_EPERM);
	assert_int_equal(wr(&za, 0x80, 1), -HV_EPERM);
	assert_int_equal(ct(&za, HV_IVC_CT_PEER_STATE + 8, false, &v),
			 -HV_EPERM);
	{
		struct mmio_access a = { HV_IVC_CT_IPI_INVOKE, 8, true, 1 };

		assert_int_equal(regs[0].fn(&za, &a, regs[0].arg), -HV_EPERM);
	}
	assert_int_equal(rings[81], 1);
}

static void test_state_words(void **state)
{
	(void)state;
	both_join();
	memset(rings, 0, sizeof(rings));
	assert_int_equal(wr(&zb, HV_IVC_CT_STATE, 1), 0);
	assert_int_equal(rings[80], 1); /* the other peer hears it */
	assert_int_equal(rings[81], 0); /* not the writer */
	assert_int_equal(wr(&zb, HV_IVC_CT_STATE, 1), 0);
	assert_int_equal(rings[80], 1); /* no change, no ring */
	assert_int_equal(rd(&za, HV_IVC_CT_PEER_STATE + 4), 1);
	assert_int_equal(rd(&zb, HV_IVC_CT_STATE), 1);
	/* B resets: its word is 0, its section zeroed, A hears it */
	memset((void *)lookup(&zb, SHM + 0x11000)->pa, 0xab, 4096);
	ivc_zone_down(&zb, true);
	assert_int_equal(rings[80], 2);
	assert_int_equal(rd(&za, HV_IVC_CT_PEER_STATE + 4), 0);
	assert_int_equal(*(u8 *)lookup(&za, SHM + 0x11000)->pa, 0);
	/* a peer still down: nothing to tell */
	ivc_zone_down(&zb, false);
	assert_int_equal(rings[80], 2);
}

static void test_leaving_and_the_last_out(void **state)
{
	(void)state;
	both_join();
	assert_int_equal(wr(&za, HV_IVC_CT_STATE, 1), 0);
	memset((void *)lookup(&za, SHM)->pa, 0x5a, 4096);
	memset((void *)lookup(&zb, SHM + 0x11000)->pa, 0xab, 4096);
	memset(rings, 0, sizeof(rings));
	ivc_zone_exit(&zb);
	assert_int_equal(rings[80], 1);
	assert_int_equal(rd(&za, HV_IVC_CT_PEERS), 1);
	/* its section is clean for whoever comes next; the common one is
	 * the channel's and stays */
	assert_int_equal(*(u8 *)lookup(&za, SHM + 0x11000)->pa, 0);
	assert_int_equal(*(u8 *)lookup(&za, SHM)->pa, 0x5a);
	assert_int_equal(pages_out, PAGES_PER_CHAN + 1);
	/* a zone naming A's peer id is refused and leaves A alone */
	{
		struct zone zc;

		make_zone(&zc, 3, 0, 82);
		assert_int_equal(ivc_zone_init(&zc), -HV_EBUSY);
		ivc_zone_exit(&zc);
		assert_int_equal(rd(&za, HV_IVC_CT_PEERS), 1);
	}
	/* B comes back into the same channel */
	make_zone(&zb, 2, 1, 81);
	assert_int_equal(ivc_zone_init(&zb), 0);
	assert_int_equal(rd(&za, HV_IVC_CT_PEERS), 3);
	ivc_zone_exit(&zb);
	ivc_zone_exit(&za);
	assert_int_equal(pages_out, 0);
	/* and it is gone: a new first peer gets fresh, zeroed pages */
	nmaps = nregs = 0;
	make_zone(&za, 1, 0, 80);
	assert_int_equal(ivc_zone_init(&za), 0);
	assert_int_equal(*(u8 *)lookup(&za, SHM)->pa, 0);
	ivc_zone_exit(&za);
	assert_int_equal(pages_out, 0);
}

/* the pool runs dry halfway through a channel: nothing kept */
static void test_pool_short(void **state)
{
	(void)state;
	fail_after = 10;
	assert_int_equal(ivc_zone_init(&za), -HV_ENOMEM);
	ivc_zone_exit(&za);
	assert_int_equal(pages_out, 0);
	fail_after = ~0u;
	assert_int_equal(ivc_zone_init(&za), 0);
	ivc_zone_exit(&za);
	assert_int_equal(pages_out, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_join_maps_the_sections),
		T(test_control_table_reads),
		T(test_doorbells),
		T(test_state_words),
		T(test_leaving_and_the_last_out),
		T(test_pool_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

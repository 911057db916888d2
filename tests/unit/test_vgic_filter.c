// sources: hypervisor/arch/aarch64/vgic_filter.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The GIC filter's decisions (hypervisor/arch/aarch64/vgic_filter.c): which
 * register bits of the distributor a zone owns, which CPUs a trapped
 * ICC_SGI1R_EL1 write may reach, and where a zone may route its SPIs; on a
 * GICv2 its banked SGIs/PPIs, GICD_SGIR targets and ITARGETSR bytes.
 * Register values are built per the GIC architecture specification.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/aarch64/vgic_filter.h"

#define NR_IRQS 1020u
#define OWNED_WORDS 16 /* 1024 bits */

static u64 owned[OWNED_WORDS];

static void own(unsigned int intid)
{
	owned[intid / 64] |= BIT(intid % 64);
}

static int clear_owned(void **state)
{
	(void)state;
	memset(owned, 0, sizeof(owned));
	return 0;
}

/* ICC_SGI1R_EL1: TargetList[15:0], Aff1[23:16], INTID[27:24], Aff2[39:32],
 * IRM[40], RS[47:44], Aff3[55:48]. */
static u64 sgi1r(u64 aff3, u64 aff2, u64 aff1, u64 rs, u64 intid, u64 targets)
{
	return (aff3 << 48) | (rs << 44) | (aff2 << 32) | (intid << 24) |
	       (aff1 << 16) | targets;
}

#define SGI1R_IRM BIT(40)

/* GICD_IROUTER<n>: Aff0[7:0], Aff1[15:8], Aff2[23:16], IRM[31],
 * Aff3[39:32]. */
static u64 irouter(u64 aff3, u64 aff2, u64 aff1, u64 aff0)
{
	return (aff3 << 32) | (aff2 << 16) | (aff1 << 8) | aff0;
}

#define IROUTER_IRM BIT(31)

/* Four CPUs in one cluster, Aff0 = CPU number. */
static const u64 mpidr4[] = { 0, 1, 2, 3 };

/* ---- vgic_own_mask ---------------------------------------------------- */

/* ISENABLER/ICENABLER/ISPENDR...: 1 bit per interrupt, 32 per register. */
static void test_own_mask_1bit(void **state)
{
	(void)state;
	own(33);
	own(40);
	own(63);
	own(64);
	own(95);
	own(200);

	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 32, 1),
			 BIT(1) | BIT(8) | BIT(31));
	/* a register across the boundary of two words of the bitmap */
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 64, 32, 1),
			 BIT(0) | BIT(31));
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 192, 32, 1), BIT(8));
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 96, 32, 1), 0);
	/* an access narrower than the register */
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 40, 8, 1), BIT(0));
	/* a 64-bit access covering two registers */
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 64, 1),
			 BIT(1) | BIT(8) | BIT(31) | BIT(32) | BIT(63));
}

/* IPRIORITYR/ITARGETSR: one byte per interrupt, 4 per 32-bit register. */
static void test_own_mask_8bit(void **state)
{
	(void)state;
	own(33);
	own(35);
	own(36);

	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 4, 8), 0xff00ff00);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 36, 4, 8), 0xff);
	/* byte accesses */
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 33, 1, 8), 0xff);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 34, 1, 8), 0);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 35, 1, 8), 0xff);
	/* a 64-bit access: eight bytes, the last one in the top byte */
	own(39);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 8, 8),
			 0xff000000ff00ff00UL | 0xff00000000UL);
}

/* ICFGR: two bits per interrupt, 16 per register; ICFGR2 starts at 32. */
static void test_own_mask_2bit(void **state)
{
	(void)state;
	own(32);
	own(39);
	own(47);
	own(48);

	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 16, 2), 0xc000c003);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 48, 16, 2), 0x3);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 64, 16, 2), 0);
}

/* SGIs and PPIs belong to the redistributors, never to a zone here. */
static void test_own_mask_never_private(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < 32; i++)
		own(i);
	own(32);

	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 0, 32, 1), 0);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 0, 16, 2), 0);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 16, 16, 2), 0);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 28, 4, 8), 0);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 31, 1, 8), 0);
	/* a window straddling INTID 32 owns only from 32 on */
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 28, 8, 8), 0xffUL << 32);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 0, 64, 1), BIT(32));
}

/* Nothing at or beyond the GIC's last interrupt, and the bitmap is never
 * read there (the sanitizer would catch it: the bitmap is one word). */
static void test_own_mask_nr_irqs(void **state)
{
	u64 *small = calloc(1, sizeof(u64));

	(void)state;
	assert_non_null(small);
	*small = ~0UL;
	assert_int_equal(vgic_own_mask(small, 64, 32, 32, 1), 0xffffffffUL);
	assert_int_equal(vgic_own_mask(small, 64, 64, 32, 1), 0);
	assert_int_equal(vgic_own_mask(small, 64, 60, 8, 8), 0xffffffffUL);
	assert_int_equal(vgic_own_mask(small, 64, 48, 16, 2), 0xffffffffUL);
	assert_int_equal(vgic_own_mask(small, 40, 32, 32, 1), 0xff);
	assert_int_equal(vgic_own_mask(small, 33, 32, 4, 8), 0xff);
	assert_int_equal(vgic_own_mask(small, 32, 32, 4, 8), 0);
	free(small);

	/* the architectural maximum: INTIDs 1020-1023 are special */
	memset(owned, 0xff, sizeof(owned));
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 992, 32, 1), 0x0fffffff);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 1016, 4, 8), 0xffffffff);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 1020, 4, 8), 0);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 1008, 16, 2),
			 0x00ffffff);
}

/* A window wider than the 64-bit mask stops at its top bit; interrupts
 * past it must not wrap around into the low bits. */
static void test_own_mask_wide_window(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 40; i < 48; i++)
		own(i);
	for (i = 96; i < 160; i++)
		own(i);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 16, 8), 0);
	/* 32..95 fit (40..47 owned), 96..159 do not */
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 32, 128, 1), 0xff00);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 40, 16, 8), ~0UL);
	assert_int_equal(vgic_own_mask(owned, NR_IRQS, 96, 128, 1), ~0UL);
}

/* ---- vgic_sgi_targets ------------------------------------------------- */

static void test_sgi_target_list(void **state)
{
	u64 v;

	(void)state;
	/* zone has CPUs 0 and 1; the guest names 1 and 2 */
	v = sgi1r(0, 0, 0, 0, 5, BIT(1) | BIT(2));
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0x3, 0), BIT(1));
	/* its own CPU may be named, as the architecture allows */
	v = sgi1r(0, 0, 0, 0, 5, BIT(0) | BIT(1));
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0x3, 0), 0x3);
	/* only CPUs outside the zone: nothing */
	v = sgi1r(0, 0, 0, 0, 5, BIT(2) | BIT(3));
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0x3, 0), 0);
	/* an empty list reaches nobody */
	v = sgi1r(0, 0, 0, 0, 5, 0);
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0xf, 0), 0);
	/* the INTID does not change who is targeted */
	v = sgi1r(0, 0, 0, 0, 15, 0xffff);
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0x3, 1), 0x3);
	/* list bits for Aff0 values no CPU has */
	v = sgi1r(0, 0, 0, 0, 0, 0xfff0);
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0xf, 0), 0);
}

static void test_sgi_irm(void **state)
{
	u64 v = sgi1r(0, 0, 0, 0, 1, 0) | SGI1R_IRM;

	(void)state;
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0x3, 0), BIT(1));
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0xf, 1), 0xd);
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0xc, 3), BIT(2));
	/* affinity and list fields are ignored with IRM */
	v = sgi1r(9, 9, 9, 3, 1, 0xffff) | SGI1R_IRM;
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, 0x3, 1), BIT(0));
	/* zone bits for CPUs the machine does not have are ignored */
	v = sgi1r(0, 0, 0, 0, 1, 0) | SGI1R_IRM;
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, ~0UL, 0), 0xe);
	/* a one-CPU zone has nobody else */
	assert_int_equal(vgic_sgi_targets(v, mpidr4, 4, BIT(2), 2), 0);
}

/* Aff1/Aff2/Aff3 of the register must match the target's MPIDR. */
static void test_sgi_affinity(void **state)
{
	static const u64 mp[] = {
		0x0000000000UL, /* 0.0.0.0 */
		0x0000000100UL, /* 0.0.1.0 */
		0x0000010000UL, /* 0.1.0.0 */
		0x0100000000UL, /* 1.0.0.0 */
		0x0101010101UL, /* 1.1.1.1 */
	};

	(void)state;
	/* the four-CPU cluster is Aff1 = 0 */
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 1, 0, 0, 0x6), mpidr4, 4,
					  0x3, 0),
			 0);
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 1, 0, 0, 0, 0x6), mpidr4, 4,
					  0x3, 0),
			 0);
	assert_int_equal(vgic_sgi_targets(sgi1r(1, 0, 0, 0, 0, 0x6), mpidr4, 4,
					  0x3, 0),
			 0);

	/* each level of affinity picks exactly its CPU */
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 0, 1), mp, 5, 0x1f,
					  0),
			 BIT(0));
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 1, 0, 0, 1), mp, 5, 0x1f,
					  0),
			 BIT(1));
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 1, 0, 0, 0, 1), mp, 5, 0x1f,
					  0),
			 BIT(2));
	assert_int_equal(vgic_sgi_targets(sgi1r(1, 0, 0, 0, 0, 1), mp, 5, 0x1f,
					  0),
			 BIT(3));
	assert_int_equal(vgic_sgi_targets(sgi1r(1, 1, 1, 0, 0, BIT(1)), mp, 5,
					  0x1f, 0),
			 BIT(4));
	assert_int_equal(vgic_sgi_targets(sgi1r(1, 1, 1, 0, 0, BIT(1)), mp, 5,
					  0x0f, 0),
			 0);
}

/* Real MPIDR values have bit 31 (RES1), maybe U (30) and MT (24) set. */
static void test_sgi_real_mpidr(void **state)
{
	static const u64 mp[] = { 0x80000000, 0x80000001, 0x81000100,
				  0xc1000101 };

	(void)state;
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 0, 0x3), mp, 4, 0xf,
					  0),
			 0x3);
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 1, 0, 0, 0x3), mp, 4, 0xf,
					  0),
			 0xc);
	assert_int_equal(
		vgic_sgi_targets(sgi1r(0, 0, 1, 0, 0, 0x2), mp, 4, 0x7, 0), 0);
}

/* RS selects which 16 Aff0 values the target list covers. */
static void test_sgi_range_selector(void **state)
{
	static const u64 mp[] = { 0x00, 0x01, 0x10, 0x11, 0x2f };

	(void)state;
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 0, 0x3), mp, 5,
					  0x1f, 0),
			 0x3);
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 1, 0, 0x1), mp, 5,
					  0x1f, 0),
			 BIT(2));
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 1, 0, 0x3), mp, 5,
					  0x1f, 0),
			 0xc);
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 2, 0, BIT(15)), mp, 5,
					  0x1f, 0),
			 BIT(4));
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 2, 0, BIT(15)), mp, 5,
					  0x0f, 0),
			 0);
	/* CPU 0-3 of the simple cluster are all in range 0 */
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 1, 0, 0xf), mpidr4, 4,
					  0xf, 0),
			 0);
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 15, 0, 0xffff), mpidr4,
					  4, 0xf, 0),
			 0);
}

static void test_sgi_single_cpu_zone(void **state)
{
	u64 z = BIT(2);

	(void)state;
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 3, 0xf), mpidr4, 4,
					  z, 2),
			 BIT(2));
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 3, 0xb), mpidr4, 4,
					  z, 2),
			 0);
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 3, BIT(2)), mpidr4,
					  4, z, 2),
			 BIT(2));
	assert_int_equal(vgic_sgi_targets(sgi1r(0, 0, 0, 0, 3, 0) | SGI1R_IRM,
					  mpidr4, 4, z, 2),
			 0);
}

/* ---- vgic_route_ok ---------------------------------------------------- */

static void test_route_own_and_foreign(void **state)
{
	(void)state;
	assert_true(vgic_route_ok(irouter(0, 0, 0, 0), mpidr4, 4, 0x3));
	assert_true(vgic_route_ok(irouter(0, 0, 0, 1), mpidr4, 4, 0x3));
	assert_false(vgic_route_ok(irouter(0, 0, 0, 2), mpidr4, 4, 0x3));
	assert_false(vgic_route_ok(irouter(0, 0, 0, 3), mpidr4, 4, 0x3));
	/* a zone with only CPU 2 */
	assert_true(vgic_route_ok(irouter(0, 0, 0, 2), mpidr4, 4, BIT(2)));
	assert_false(vgic_route_ok(irouter(0, 0, 0, 0), mpidr4, 4, BIT(2)));
	/* a zone without CPUs may route nowhere */
	assert_false(vgic_route_ok(irouter(0, 0, 0, 0), mpidr4, 4, 0));
}

/* 1-of-N distribution could deliver to any CPU of the machine. */
static void test_route_irm_refused(void **state)
{
	(void)state;
	assert_false(vgic_route_ok(IROUTER_IRM, mpidr4, 4, 0xf));
	assert_false(vgic_route_ok(IROUTER_IRM | irouter(0, 0, 0, 1), mpidr4, 4,
				   0x3));
}

/* Aff1-Aff3 must match too, not only Aff0. */
static void test_route_affinity(void **state)
{
	static const u64 mp[] = { 0x80000000, 0x80000100, 0x0100000000UL,
				  0x0101010101UL };

	(void)state;
	assert_false(vgic_route_ok(irouter(0, 0, 1, 0), mpidr4, 4, 0xf));
	assert_false(vgic_route_ok(irouter(0, 1, 0, 1), mpidr4, 4, 0xf));
	assert_false(vgic_route_ok(irouter(1, 0, 0, 1), mpidr4, 4, 0xf));

	/* real MPIDRs: bit 31 set there, not in IROUTER */
	assert_true(vgic_route_ok(irouter(0, 0, 0, 0), mp, 4, BIT(0)));
	assert_true(vgic_route_ok(irouter(0, 0, 1, 0), mp, 4, BIT(1)));
	assert_false(vgic_route_ok(irouter(0, 0, 1, 0), mp, 4, BIT(0)));
	assert_true(vgic_route_ok(irouter(1, 0, 0, 0), mp, 4, BIT(2)));
	assert_false(vgic_route_ok(irouter(1, 0, 0, 0), mp, 4, BIT(3)));
	assert_true(vgic_route_ok(irouter(1, 1, 1, 1), mp, 4, BIT(3)));
	assert_false(vgic_route_ok(irouter(0, 1, 1, 1), mp, 4, 0xf));
}

static void test_route_nonexistent_cpu(void **state)
{
	static const u64 mp5[] = { 0, 1, 2, 3, 4 };

	(void)state;
	assert_false(vgic_route_ok(irouter(0, 0, 0, 4), mpidr4, 4, 0xf));
	assert_false(vgic_route_ok(irouter(0, 0, 0, 0xff), mpidr4, 4, ~0UL));
	/* a zone bit past ncpus does not make that CPU exist */
	assert_false(vgic_route_ok(irouter(0, 0, 0, 4), mp5, 4, 0x1f));
	assert_true(vgic_route_ok(irouter(0, 0, 0, 4), mp5, 5, 0x1f));
}

/* GICv2: SGIs and PPIs are banked per CPU in the distributor; a zone owns
 * its CPU's copies except the ones the hypervisor keeps for itself. */
static void test_private_mask(void **state)
{
	u32 reserved = BIT(0) | BIT(25) | BIT(26);

	(void)state;
	/* 1 bit per IRQ from 0: all 32 but the reserved three */
	assert_int_equal(vgic_private_mask(reserved, 0, 32, 1),
			 0xffffffffull & ~(u64)reserved);
	/* from 32 on, nothing is private */
	assert_int_equal(vgic_private_mask(reserved, 32, 32, 1), 0);
	/* 8 bits per IRQ (ITARGETSR/IPRIORITYR), IRQs 24..27: 25, 26 out */
	assert_int_equal(vgic_private_mask(reserved, 24, 4, 8), 0xff0000ffull);
	/* 2 bits per IRQ (ICFGR) from 16: 16 PPIs, 25 and 26 out */
	assert_int_equal(vgic_private_mask(reserved, 16, 16, 2),
			 0xffffffffull & ~(0xfull << 18));
	/* a window that straddles 32 */
	assert_int_equal(vgic_private_mask(0, 30, 4, 8), 0xffffull);
}

/* GICD_SGIR: TargetListFilter[25:24], CPUTargetList[23:16], INTID[3:0]. */
static u32 sgir(u32 filter, u32 list, u32 intid)
{
	return filter << 24 | list << 16 | intid;
}

static const u8 v2_masks[4] = { 0x01, 0x02, 0x04, 0x08 };

static void test_v2_sgi_list(void **state)
{
	u64 cpus;

	(void)state;
	/* zone of CPUs 1 and 2: a list naming all four reaches only them */
	assert_int_equal(vgic_v2_sgi_targets(sgir(0, 0x0f, 1), v2_masks, 4, 0x6,
					     1, &cpus),
			 0x06);
	assert_int_equal(cpus, 0x6);
	/* a list naming only foreign CPUs reaches nobody */
	assert_int_equal(vgic_v2_sgi_targets(sgir(0, 0x09, 1), v2_masks, 4, 0x6,
					     1, &cpus),
			 0);
	assert_int_equal(cpus, 0);
	/* interface numbers need not equal CPU numbers */
	{
		static const u8 swapped[2] = { 0x02, 0x01 };

		assert_int_equal(vgic_v2_sgi_targets(sgir(0, 0x01, 3), swapped,
						     2, 0x2, 1, &cpus),
				 0x01);
		assert_int_equal(cpus, 0x2);
	}
}

static void test_v2_sgi_filters(void **state)
{
	u64 cpus;

	(void)state;
	/* 1: all but self, within the zone */
	assert_int_equal(vgic_v2_sgi_targets(sgir(1, 0, 2), v2_masks, 4, 0xe, 1,
					     &cpus),
			 0x0c);
	assert_int_equal(cpus, 0xc);
	/* 2: self only, whatever the list says */
	assert_int_equal(vgic_v2_sgi_targets(sgir(2, 0xff, 2), v2_masks, 4, 0xe,
					     3, &cpus),
			 0x08);
	assert_int_equal(cpus, 0x8);
	/* 3 is reserved: nobody */
	assert_int_equal(vgic_v2_sgi_targets(sgir(3, 0xff, 2), v2_masks, 4, 0xf,
					     0, &cpus),
			 0);
	assert_int_equal(cpus, 0);
	/* a single-CPU zone broadcasting to the others reaches nobody */
	assert_int_equal(vgic_v2_sgi_targets(sgir(1, 0, 2), v2_masks, 4, 0x1, 0,
					     &cpus),
			 0);
}

static void test_v2_targets_filter(void **state)
{
	(void)state;
	/* 4 bytes, the zone owns bytes 1 and 3 and CPU interfaces 0x06 */
	assert_int_equal(vgic_v2_targets_filter(0xffffffffu, 4, 0xa, 0x06,
						0x11223344u),
			 0x06220644u);
	/* a byte write to an owned IRQ: foreign interfaces are cleared */
	assert_int_equal(vgic_v2_targets_filter(0x0f, 1, 0x1, 0x06, 0x01),
			 0x06);
	/* an unowned byte keeps its value whatever is written */
	assert_int_equal(vgic_v2_targets_filter(0x00, 1, 0x0, 0x06, 0x01),
			 0x01);
	/* a zone may leave its own IRQ targeting nobody */
	assert_int_equal(vgic_v2_targets_filter(0x01, 1, 0x1, 0x06, 0x02), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, clear_owned)
		T(test_own_mask_1bit),	       T(test_own_mask_8bit),
		T(test_own_mask_2bit),	       T(test_own_mask_never_private),
		T(test_own_mask_nr_irqs),      T(test_own_mask_wide_window),
		T(test_sgi_target_list),       T(test_sgi_irm),
		T(test_sgi_affinity),	       T(test_sgi_real_mpidr),
		T(test_sgi_range_selector),    T(test_sgi_single_cpu_zone),
		T(test_route_own_and_foreign), T(test_route_irm_refused),
		T(test_route_affinity),	       T(test_route_nonexistent_cpu),
		T(test_private_mask),	       T(test_v2_sgi_list),
		T(test_v2_sgi_filters),	       T(test_v2_targets_filter),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

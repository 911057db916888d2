// sources: hypervisor/arch/loongarch64/lvz_cpucfg.c hypervisor/arch/loongarch64/lvz_decode.c
// SPDX-License-Identifier: GPL-2.0
/*
 * CPUCFG emulation (hypervisor/arch/loongarch64/lvz_cpucfg.c) and the
 * decoding of the instruction word a guest trap leaves in BADI
 * (lvz_decode.c). The instruction words were assembled by clang-19
 * --target=loongarch64 and read back with llvm-objdump-19.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/loongarch64/lvz.h"

/* ---- CPUCFG ----------------------------------------------------------- */

static u32 *host_words(void)
{
	/* exactly LVZ_CPUCFG_NR_HOST words: ASan catches a read past them */
	u32 *w = malloc(LVZ_CPUCFG_NR_HOST * sizeof(*w));
	unsigned int i;

	assert_non_null(w);
	for (i = 0; i < LVZ_CPUCFG_NR_HOST; i++)
		w[i] = 0xffffffffu - i;
	return w;
}

/* CPUCFG2 loses LVZ[10], its version [13:11] and LBT x86/ARM/MIPS
 * [16:14]; every other bit and word is the host's. */
static void test_cpucfg_masks(void **state)
{
	u32 *w = host_words();
	unsigned int i;

	(void)state;
	w[2] = 0xffffffffu;
	assert_int_equal(lvz_cpucfg(w, 2), 0xfffe03ffu);
	w[2] = BIT(10) | BIT(13) | BIT(16) | BIT(9) | BIT(17);
	assert_int_equal(lvz_cpucfg(w, 2), BIT(9) | BIT(17));
	for (i = 0; i < LVZ_CPUCFG_NR_HOST; i++)
		if (i != 2)
			assert_int_equal(lvz_cpucfg(w, i), 0xffffffffu - i);
	free(w);
}

/* 0x40000000: "HVSR" in memory, little endian; 0x40000001: no features. */
static void test_cpucfg_signature(void **state)
{
	u32 *w = host_words(), sig;

	(void)state;
	sig = lvz_cpucfg(w, 0x40000000);
	assert_int_equal(sig, 0x52535648u);
	assert_memory_equal(&sig, "HVSR", 4);
	assert_int_equal(lvz_cpucfg(w, 0x40000001), 0);
	free(w);
}

static void test_cpucfg_out_of_range(void **state)
{
	static const u64 idx[] = { 0x15,	   0x16,       0x3fffffff,
				   0x40000002,	   0xffffffff, 0x100000002ULL,
				   0x140000000ULL, ~0ULL };
	u32 *w = host_words();
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(idx); i++)
		assert_int_equal(lvz_cpucfg(w, idx[i]), 0);
	free(w);
}

/* ---- decoding --------------------------------------------------------- */

/* Every kind, with its fields. */
static void test_decode_kinds(void **state)
{
	static const struct {
		u32 word;
		struct lvz_insn in;
	} t[] = {
		/* cpucfg $a0, $a1 */
		{ 0x00006ca4, { LVZ_INSN_CPUCFG, 4, 5, 0, 0 } },
		/* idle 0; idle 5; idle 0x7fff */
		{ 0x06488000, { LVZ_INSN_IDLE, 0, 0, 0, 0 } },
		{ 0x06488005, { LVZ_INSN_IDLE, 0, 0, 0, 5 } },
		{ 0x0648ffff, { LVZ_INSN_IDLE, 0, 0, 0, 0x7fff } },
		/* cacop 0x10, $a0, 16 */
		{ 0x06004090, { LVZ_INSN_CACOP, 0x10, 4, 0, 16 } },
		/* iocsrrd.{b,h,w,d} $t0, $a1 */
		{ 0x064800ac, { LVZ_INSN_IOCSRRD, 12, 5, 1, 0 } },
		{ 0x064804ac, { LVZ_INSN_IOCSRRD, 12, 5, 2, 0 } },
		{ 0x064808ac, { LVZ_INSN_IOCSRRD, 12, 5, 4, 0 } },
		{ 0x06480cac, { LVZ_INSN_IOCSRRD, 12, 5, 8, 0 } },
		/* iocsrwr.{b,h,w,d} $t0, $a1 */
		{ 0x064810ac, { LVZ_INSN_IOCSRWR, 12, 5, 1, 0 } },
		{ 0x064814ac, { LVZ_INSN_IOCSRWR, 12, 5, 2, 0 } },
		{ 0x064818ac, { LVZ_INSN_IOCSRWR, 12, 5, 4, 0 } },
		{ 0x06481cac, { LVZ_INSN_IOCSRWR, 12, 5, 8, 0 } },
		/* csrrd $a0, 0x41; csrwr $a0, 0x42; csrxchg $a0, $a1, 0x5 */
		{ 0x04010404, { LVZ_INSN_CSRRD, 4, 0, 0, 0x41 } },
		{ 0x04010824, { LVZ_INSN_CSRWR, 4, 1, 0, 0x42 } },
		{ 0x040014a4, { LVZ_INSN_CSRXCHG, 4, 5, 0, 0x5 } },
		/* csrrd $a0, 0x3fff; csrxchg $t8, $s8, 0x180 */
		{ 0x04fffc04, { LVZ_INSN_CSRRD, 4, 0, 0, 0x3fff } },
		{ 0x040603f4, { LVZ_INSN_CSRXCHG, 20, 31, 0, 0x180 } },
	};
	struct lvz_insn in;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		in = lvz_decode(t[i].word);
		assert_int_equal(in.kind, t[i].in.kind);
		assert_int_equal(in.rd, t[i].in.rd);
		assert_int_equal(in.rj, t[i].in.rj);
		assert_int_equal(in.width, t[i].in.width);
		assert_int_equal(in.imm, t[i].in.imm);
	}
}

/* cacop's si12 offset is sign-extended. */
static void test_decode_cacop_offset(void **state)
{
	struct lvz_insn in;

	(void)state;
	in = lvz_decode(0x063ffc9f); /* cacop 0x1f, $a0, -1 */
	assert_int_equal(in.kind, LVZ_INSN_CACOP);
	assert_int_equal(in.rd, 0x1f);
	assert_int_equal(in.rj, 4);
	assert_true(in.imm == -1);
	in = lvz_decode(0x06200180); /* cacop 0, $t0, -2048 */
	assert_true(in.imm == -2048);
	assert_int_equal(in.rj, 12);
	in = lvz_decode(0x061ffd80); /* cacop 0, $t0, 2047 */
	assert_true(in.imm == 2047);
}

/* Neighbours of the decoded opcodes and other privileged instructions. */
static void test_decode_unknown(void **state)
{
	static const u32 words[] = {
		0x06483800, /* ertn */
		0x06482800, /* tlbsrch */
		0x06482000, /* tlbclr */
		0x06499480, /* invtlb 0, $a0, $a1 */
		0x064820ac, /* undefined, just past iocsrwr.d */
		0x06490000, /* undefined, just past idle */
		0x06440480, /* ldpte $a0, 1 */
		0x002b8000, /* hvcl 0 */
		0x05010404, /* gcsrrd $a0, 0x41 */
		0x000068a4, /* rdtime.d $a0, $a1 */
		0x2ac00080, /* preld 0, $a0, 0 */
		0x00000000, 0xffffffff,
	};
	struct lvz_insn in;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		in = lvz_decode(words[i]);
		assert_int_equal(in.kind, LVZ_INSN_UNKNOWN);
		assert_int_equal(in.rd | in.rj | in.width, 0);
		assert_int_equal(in.imm, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpucfg_masks),
		cmocka_unit_test(test_cpucfg_signature),
		cmocka_unit_test(test_cpucfg_out_of_range),
		cmocka_unit_test(test_decode_kinds),
		cmocka_unit_test(test_decode_cacop_offset),
		cmocka_unit_test(test_decode_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

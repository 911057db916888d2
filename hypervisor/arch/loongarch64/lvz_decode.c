// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of the instruction word a trap left in BADI, for the instructions
 * a guest traps on. Opcodes as the assembler encodes them (checked with
 * clang-19/llvm-objdump-19, see tests/unit/test_lvz_decode.c); the fields are rd
 * [4:0], rj [9:5] and an immediate above them.
 */
#include "arch/loongarch64/lvz.h"

#define OP_CPUCFG 0x1b /* word[31:10] */
#define OP_IOCSR 0x19200 /* word[31:10], +0..3 rd.b/h/w/d, +4..7 wr */
#define OP_IDLE 0xc91 /* word[31:15] */
#define OP_CACOP 0x18 /* word[31:22] */
#define OP_CSR 0x04 /* word[31:24]; rj 0: csrrd, 1: csrwr, else csrxchg */

static unsigned int lvz_bits(u32 word, unsigned int lo, unsigned int n)
{
	return (word >> lo) & ((1u << n) - 1);
}

struct lvz_insn lvz_decode(u32 word)
{
	struct lvz_insn in = { .kind = LVZ_INSN_UNKNOWN };
	unsigned int op22 = word >> 10;
	u8 rd = lvz_bits(word, 0, 5), rj = lvz_bits(word, 5, 5);

	if (op22 == OP_CPUCFG) {
		in.kind = LVZ_INSN_CPUCFG;
	} else if (op22 >= OP_IOCSR && op22 < OP_IOCSR + 8) {
		in.kind = op22 < OP_IOCSR + 4 ? LVZ_INSN_IOCSRRD
					      : LVZ_INSN_IOCSRWR;
		in.width = 1u << (op22 & 3);
	} else if (word >> 15 == OP_IDLE) {
		in.kind = LVZ_INSN_IDLE;
		in.imm = lvz_bits(word, 0, 15);
		return in; /* no register fields */
	} else if (word >> 22 == OP_CACOP) {
		in.kind = LVZ_INSN_CACOP;
		in.imm = lvz_bits(word, 10, 12);
		if (in.imm & 0x800) /* si12: sign-extend */
			in.imm -= 0x1000;
	} else if (word >> 24 == OP_CSR) {
		if (rj == 0)
			in.kind = LVZ_INSN_CSRRD;
		else if (rj == 1)
			in.kind = LVZ_INSN_CSRWR;
		else
			in.kind = LVZ_INSN_CSRXCHG;
		in.imm = lvz_bits(word, 10, 14);
	} else {
		return in;
	}
	in.rd = rd;
	in.rj = rj;
	return in;
}

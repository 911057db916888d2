/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure logic of LoongArch virtualisation (LVZ): the guest timer across
 * exits, the decision for a trapped `idle`, CPUCFG emulation, the list of
 * guest CSRs switched on exit/entry and the decoding of a trapped
 * instruction. No hardware access here: guest CSRs go through
 * struct lvz_gcsr_ops (gcsrrd/gcsrwr in the arch layer, a fake in the host
 * unit tests), so the tests run exactly the code the hypervisor runs.
 */
#ifndef HV_ARCH_LVZ_H
#define HV_ARCH_LVZ_H

#include "core/types.h"
#include "arch/loongarch64/csr.h" /* CSR numbers */

#define LVZ_CRMD_IE BIT(2)
#define LVZ_INT_TI 11 /* timer interrupt line, IS[11] / LIE[11] */
#define LVZ_ESTAT_TI BIT(LVZ_INT_TI)
#define LVZ_INT_MASK 0x1fffUL /* ESTAT.IS[12:0], ECFG.LIE[12:0] */

/* Timer (vol.1 7.6.2): TCFG.En, TCFG.Periodic, TCFG.InitVal[47:2]. */
#define LVZ_TCFG_EN BIT(0)
#define LVZ_TCFG_PERIODIC BIT(1)
#define LVZ_TCFG_INITVAL 0xfffffffffffcULL
#define LVZ_TICLR_CLR BIT(0)

/* Every LoongArch instruction is 4 bytes: completing a trapped one is
 * ERA += LVZ_INSN_BYTES. */
#define LVZ_INSN_BYTES 4

/* Guest CSR access: gcsrrd/gcsrwr on the hardware. */
struct lvz_gcsr_ops {
	u64 (*read)(void *ctx, unsigned int csr);
	void (*write)(void *ctx, unsigned int csr, u64 val);
	/* The stable counter (rdtime.d), in ticks: the unit of TVAL. */
	u64 (*counter)(void *ctx);
};

/* ---- guest timer (lvz_timer.c) ----------------------------------------- */

/* The guest timer as saved on exit. */
struct lvz_timer {
	u64 tcfg;
	u64 tval;
	u64 estat;
	/* TCFG.En and not fired: the counter value it expires at */
	u64 expire;
	/* a one-shot that had already fired when saved (TVAL > InitVal) */
	bool fired;
};

/* Save the guest timer and ESTAT (ESTAT last: a timer firing during the
 * save then shows in it instead of being lost). */
void lvz_timer_save(const struct lvz_gcsr_ops *ops, void *ctx,
		    struct lvz_timer *t);

/* Restore them so that an expiry that happened while the vCPU was out
 * raises the timer interrupt exactly once, and one the guest had already
 * handled does not raise it again. Writes TCFG with En=0, ESTAT, TCFG, TVAL
 * in that order (then TICLR, to drop the TI of a re-fired one-shot the guest
 * had already handled). */
void lvz_timer_restore(const struct lvz_gcsr_ops *ops, void *ctx,
		       const struct lvz_timer *t);

enum lvz_idle_action {
	LVZ_IDLE_RESUME, /* an enabled interrupt is pending or due: run on */
	LVZ_IDLE_SLEEP_UNTIL, /* sleep until .deadline (counter ticks) */
	LVZ_IDLE_WAIT_EVENT, /* sleep until an interrupt is injected */
};

struct lvz_idle {
	enum lvz_idle_action action;
	u64 deadline; /* LVZ_IDLE_SLEEP_UNTIL only: the timer's expiry */
};

/* What to do for a trapped `idle`, from the saved ECFG and timer state at
 * counter value now. `idle` wakes on any pending line enabled in
 * ECFG.LIE whatever CRMD.IE says, so CRMD is not an input. The caller
 * completes the `idle` itself in every case, by adding LVZ_INSN_BYTES to
 * the guest's ERA, before resuming the vCPU. */
struct lvz_idle lvz_idle_decide(u64 ecfg, const struct lvz_timer *t, u64 now);

/* ---- CPUCFG (lvz_cpucfg.c) --------------------------------------------- */

#define LVZ_CPUCFG_NR_HOST 0x15 /* the host's words 0..0x14 */
#define LVZ_CPUCFG_SIG 0x40000000ULL
#define LVZ_CPUCFG_FEATURES 0x40000001ULL
/* "HVSR" read as a little-endian u32 (the same value as HV_ABI_MAGIC) */
#define LVZ_CPUCFG_SIGNATURE 0x52535648u
/* CPUCFG2: LVZ[10], LVZ version[13:11], LBT_X86[14], LBT_ARM[15],
 * LBT_MIPS[16]: not virtualised, hidden from the guest. */
#define LVZ_CPUCFG2_HIDDEN 0x1fc00u

/* The word the guest's `cpucfg` reads at index (the whole 64-bit GR[rj]),
 * from the host's words host[0..LVZ_CPUCFG_NR_HOST-1]. The caller writes it
 * to GR[rd] zero-extended. */
u32 lvz_cpucfg(const u32 *host, u64 index);

/* ---- guest CSRs switched on exit/entry (lvz_gcsr.c) -------------------- */

#define LVZ_NR_GCSRS 43

/* Saved on exit and restored on entry, in this order; without the timer
 * group (TCFG, TVAL, ESTAT, TICLR: struct lvz_timer) and without the
 * read-only CSRs and CPUID. */
extern const u16 lvz_gcsr_list[]; /* LVZ_NR_GCSRS entries */

struct lvz_vcpu_csrs {
	u64 gcsr[LVZ_NR_GCSRS]; /* in lvz_gcsr_list order */
	struct lvz_timer timer;
};

/* The slot of csr in v->gcsr, or NULL if it is not in the list. */
u64 *lvz_gcsr_slot(struct lvz_vcpu_csrs *v, unsigned int csr);

/* Only the list. */
void lvz_gcsr_save(const struct lvz_gcsr_ops *ops, void *ctx,
		   struct lvz_vcpu_csrs *v);
void lvz_gcsr_restore(const struct lvz_gcsr_ops *ops, void *ctx,
		      const struct lvz_vcpu_csrs *v);

/* The full switch: the timer first on save; the list, then the timer on
 * restore, so TVAL is written as close to the entry as possible. */
void lvz_vcpu_save(const struct lvz_gcsr_ops *ops, void *ctx,
		   struct lvz_vcpu_csrs *v);
void lvz_vcpu_restore(const struct lvz_gcsr_ops *ops, void *ctx,
		      const struct lvz_vcpu_csrs *v);

/* ---- the trapped instruction (lvz_decode.c) ---------------------------- */

enum lvz_insn_kind {
	LVZ_INSN_UNKNOWN,
	LVZ_INSN_CPUCFG,
	LVZ_INSN_IDLE,
	LVZ_INSN_CACOP,
	LVZ_INSN_IOCSRRD,
	LVZ_INSN_IOCSRWR,
	LVZ_INSN_CSRRD,
	LVZ_INSN_CSRWR,
	LVZ_INSN_CSRXCHG,
};

struct lvz_insn {
	enum lvz_insn_kind kind;
	u8 rd; /* cacop: its 5-bit op code, which sits in the rd field */
	u8 rj;
	u8 width; /* IOCSRRD/IOCSRWR: access size in bytes (1/2/4/8), else 0 */
	/* IDLE: level (ui15); CACOP: offset (si12, sign-extended);
	 * CSRRD/CSRWR/CSRXCHG: CSR number (14 bits) */
	s64 imm;
};

/* Decode an instruction word (read from BADI); all fields are 0 for
 * LVZ_INSN_UNKNOWN. */
struct lvz_insn lvz_decode(u32 word);

#endif

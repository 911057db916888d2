// sources: hypervisor/arch/loongarch64/lvz_timer.c hypervisor/arch/loongarch64/lvz_gcsr.c hypervisor/arch/loongarch64/lvz_decode.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The guest timer across exits, the decision for a trapped `idle`
 * (hypervisor/arch/loongarch64/lvz_timer.c) and the guest CSRs switched on
 * exit/entry (lvz_gcsr.c), over a fake guest CSR file.
 *
 * The fake's timer follows the manual (vol.1 7.6.2): while TCFG.En, TVAL
 * counts down once per tick; on reaching 0 it sets ESTAT.TI, a periodic
 * timer reloads InitVal and a one-shot goes on from all-ones; writing TCFG
 * loads InitVal; writing TVAL=0 while enabled fires at once (LVZ); TICLR.CLR
 * clears TI. Time passes only when a test says so, tick by tick, so the fake
 * is a model independent of the arithmetic in lvz_timer.c. The failure modes
 * are those behind zone0's hangs in the guest's `idle`: a timer interrupt
 * lost, or delivered twice, across an exit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/loongarch64/lvz.h"

#define TVAL_MASK 0xffffffffffffULL /* a 48-bit timer (PRCFG1.TimerBits) */
#define NCSR 0x200
#define MAXLOG 128
#define T0 1000 /* the counter when a test starts */
#define LONG 100000 /* "forever" for a fake timer */

#define TCFG CSR_TCFG
#define TVAL CSR_TVAL
#define ESTAT CSR_ESTAT
#define TI LVZ_ESTAT_TI
#define EN LVZ_TCFG_EN
#define PERIODIC LVZ_TCFG_PERIODIC
#define HWI0 BIT(2)
/* TCFG of an enabled timer of period p ticks; p is a multiple of 4, as
 * InitVal is TCFG[47:2] (vol.1 7.6.2) */
#define ONE_SHOT(p) ((u64)(p) | EN)
#define EVERY(p) ((u64)(p) | PERIODIC | EN)

struct fake {
	u64 csr[NCSR];
	u64 now;
	u64 tval_read_ticks; /* ticks that pass right after TVAL is read */
	struct {
		unsigned int csr;
		u64 val;
	} log[MAXLOG];
	unsigned int nlog;
};

static struct fake hw;
static struct lvz_vcpu_csrs v;

static u64 period(const struct fake *f)
{
	return f->csr[TCFG] & LVZ_TCFG_INITVAL;
}

static void fire(struct fake *f)
{
	f->csr[ESTAT] |= TI;
	if (f->csr[TCFG] & PERIODIC)
		f->csr[TVAL] = period(f);
}

static void advance(struct fake *f, u64 ticks)
{
	while (ticks--) {
		f->now++;
		if (!(f->csr[TCFG] & EN))
			continue;
		if (f->csr[TVAL] == 0) /* a one-shot past 0 */
			f->csr[TVAL] = TVAL_MASK;
		else if (--f->csr[TVAL] == 0)
			fire(f);
	}
}

static u64 fake_read(void *ctx, unsigned int csr)
{
	struct fake *f = ctx;
	u64 val;

	assert_true(csr < NCSR);
	val = f->csr[csr];
	if (csr == TVAL)
		advance(f, f->tval_read_ticks);
	return csr == CSR_TICLR ? 0 : val;
}

static void fake_write(void *ctx, unsigned int csr, u64 val)
{
	struct fake *f = ctx;

	assert_true(csr < NCSR);
	assert_true(f->nlog < MAXLOG);
	f->log[f->nlog].csr = csr;
	f->log[f->nlog++].val = val;
	switch (csr) {
	case TCFG:
		f->csr[TCFG] = val;
		if (val & EN)
			f->csr[TVAL] = period(f);
		break;
	case TVAL:
		f->csr[TVAL] = val & TVAL_MASK;
		if ((f->csr[TCFG] & EN) && val == 0) {
			fire(f);
			if (!(f->csr[TCFG] & PERIODIC))
				f->csr[TVAL] = TVAL_MASK;
		}
		break;
	case CSR_TICLR:
		if (val & LVZ_TICLR_CLR)
			f->csr[ESTAT] &= ~TI;
		break;
	default:
		f->csr[csr] = val;
	}
}

static u64 fake_counter(void *ctx)
{
	return ((struct fake *)ctx)->now;
}

static const struct lvz_gcsr_ops ops = { fake_read, fake_write, fake_counter };

static int reset(void **state)
{
	(void)state;
	memset(&hw, 0, sizeof(hw));
	memset(&v, 0, sizeof(v));
	hw.now = T0;
	return 0;
}

static void set_timer(struct fake *f, u64 tcfg, u64 tval, u64 estat)
{
	f->csr[TCFG] = tcfg;
	f->csr[TVAL] = tval;
	f->csr[ESTAT] = estat;
}

/* The vCPU is out for `ticks`. Its timer runs on in the hardware, or
 * (clobber) the CPU ran something else and left other timer state. */
static void out(struct fake *f, u64 ticks, bool clobber)
{
	advance(f, ticks);
	if (clobber)
		set_timer(f, ONE_SHOT(32), 3, TI | HWI0);
}

/* The guest after its entry: takes the timer interrupt if TI is set,
 * acknowledging it through TICLR. */
static bool guest_takes_ti(struct fake *f)
{
	if (!(f->csr[ESTAT] & TI))
		return false;
	fake_write(f, CSR_TICLR, LVZ_TICLR_CLR);
	return true;
}

/* ...and is never interrupted by the timer again. */
static void assert_no_more_ti(struct fake *f)
{
	advance(f, LONG);
	assert_false(f->csr[ESTAT] & TI);
}

/* ---- the timer across an exit ----------------------------------------- */

/* One-shot due 30 ticks after the exit, the vCPU out for 50: the guest sees
 * TI once after entry, whatever the hardware did meanwhile. */
static void test_timer_oneshot_fired_while_out(void **state)
{
	int clobber;

	for (clobber = 0; clobber < 2; clobber++) {
		reset(state);
		set_timer(&hw, ONE_SHOT(100), 30, 0);
		lvz_timer_save(&ops, &hw, &v.timer);
		out(&hw, 50, clobber);
		lvz_timer_restore(&ops, &hw, &v.timer);

		assert_true(hw.csr[TVAL] > 100); /* reads as fired */
		assert_true(guest_takes_ti(&hw));
		assert_no_more_ti(&hw);
	}
}

/* The one-shot reaches 0 between the save's TVAL and ESTAT reads: TI is in
 * the saved ESTAT, TVAL said 1. Still exactly one interrupt. */
static void test_timer_oneshot_fired_during_save(void **state)
{
	(void)state;
	set_timer(&hw, ONE_SHOT(100), 1, 0);
	hw.tval_read_ticks = 1;
	lvz_timer_save(&ops, &hw, &v.timer);
	hw.tval_read_ticks = 0;
	assert_true(v.timer.estat & TI);

	out(&hw, 10, true);
	lvz_timer_restore(&ops, &hw, &v.timer);
	assert_true(guest_takes_ti(&hw));
	assert_no_more_ti(&hw);
}

/* Fired before the exit and not yet taken by the guest: still pending once
 * after the entry. */
static void test_timer_oneshot_fired_unhandled_at_exit(void **state)
{
	(void)state;
	set_timer(&hw, ONE_SHOT(100), TVAL_MASK - 20, TI);
	lvz_timer_save(&ops, &hw, &v.timer);
	assert_true(v.timer.fired);

	out(&hw, 50, true);
	lvz_timer_restore(&ops, &hw, &v.timer);
	assert_true(guest_takes_ti(&hw));
	assert_no_more_ti(&hw);
}

/* Fired while the guest was handling it: TI already cleared at the exit. No
 * spurious second interrupt after the entry, and TVAL still reads fired. */
static void test_timer_oneshot_handled_at_exit(void **state)
{
	(void)state;
	set_timer(&hw, ONE_SHOT(100), TVAL_MASK - 20, HWI0);
	lvz_timer_save(&ops, &hw, &v.timer);
	assert_true(v.timer.fired);

	out(&hw, 50, true);
	lvz_timer_restore(&ops, &hw, &v.timer);
	assert_true(hw.csr[TVAL] > 100);
	assert_int_equal(hw.csr[ESTAT], HWI0);
	assert_false(guest_takes_ti(&hw));
	assert_no_more_ti(&hw);
}

/* Not yet due (just armed: TVAL = InitVal): TVAL is the remaining ticks and
 * it fires exactly at the expiry it would have had without the exit. */
static void test_timer_oneshot_pending(void **state)
{
	(void)state;
	set_timer(&hw, ONE_SHOT(500), 500, 0);
	lvz_timer_save(&ops, &hw, &v.timer);
	assert_false(v.timer.fired);
	assert_int_equal(v.timer.expire, T0 + 500);

	out(&hw, 200, true);
	lvz_timer_restore(&ops, &hw, &v.timer);
	assert_int_equal(hw.csr[TVAL], 300);
	assert_false(hw.csr[ESTAT] & TI);
	advance(&hw, 299);
	assert_false(hw.csr[ESTAT] & TI);
	advance(&hw, 1);
	assert_int_equal(hw.now, T0 + 500);
	assert_true(guest_takes_ti(&hw));
	assert_no_more_ti(&hw);
}

/* Periodic, several periods elapsed while out: TVAL is where a timer that
 * never stopped would be, and TI is injected. */
static void test_timer_periodic_periods_elapsed(void **state)
{
	static const u64 outs[] = { 350, 340, 40, 41, 1000 };
	unsigned int i;
	struct fake twin;

	for (i = 0; i < ARRAY_SIZE(outs); i++) {
		reset(state);
		set_timer(&hw, EVERY(100), 40, 0);
		twin = hw;
		lvz_timer_save(&ops, &hw, &v.timer);
		out(&hw, outs[i], true);
		advance(&twin, outs[i]);
		lvz_timer_restore(&ops, &hw, &v.timer);

		assert_int_equal(hw.csr[TVAL], twin.csr[TVAL]);
		assert_true(guest_takes_ti(&hw));
		/* the next period goes on as usual */
		advance(&hw, hw.csr[TVAL] - 1);
		assert_false(hw.csr[ESTAT] & TI);
		advance(&hw, 1);
		assert_true(hw.csr[ESTAT] & TI);
	}
}

/* Disabled: restored as it was and never fires. */
static void test_timer_disabled(void **state)
{
	(void)state;
	set_timer(&hw, 100, 37, HWI0);
	lvz_timer_save(&ops, &hw, &v.timer);
	out(&hw, 1000, true);
	lvz_timer_restore(&ops, &hw, &v.timer);

	assert_int_equal(hw.csr[TCFG], 100);
	assert_int_equal(hw.csr[TVAL], 37);
	assert_int_equal(hw.csr[ESTAT], HWI0);
	assert_no_more_ti(&hw);
}

static int log_find(const struct fake *f, unsigned int csr, bool last)
{
	int i, found = -1;

	for (i = 0; i < (int)f->nlog; i++)
		if (f->log[i].csr == csr && (found < 0 || last))
			found = i;
	return found;
}

/* The full restore: the timer is stopped before ESTAT is written (else the
 * timer left running could set TI in between), TVAL is written after the
 * last TCFG (which loads InitVal into it). */
static void test_timer_restore_order(void **state)
{
	static const u64 tcfgs[] = { ONE_SHOT(1000), EVERY(100) };
	unsigned int i;
	int stop, estat, tcfg, tval;

	for (i = 0; i < ARRAY_SIZE(tcfgs); i++) {
		reset(state);
		set_timer(&hw, tcfgs[i], 500, 0);
		lvz_vcpu_save(&ops, &hw, &v);
		out(&hw, 700, true);
		hw.nlog = 0;
		lvz_vcpu_restore(&ops, &hw, &v);

		stop = log_find(&hw, TCFG, false);
		estat = log_find(&hw, ESTAT, false);
		tcfg = log_find(&hw, TCFG, true);
		tval = log_find(&hw, TVAL, false);
		assert_true(stop >= 0);
		assert_false(hw.log[stop].val & EN);
		assert_true(stop < estat);
		assert_int_equal(estat, log_find(&hw, ESTAT, true));
		assert_true(estat < tcfg);
		assert_int_equal(hw.log[tcfg].val, tcfgs[i]);
		assert_true(tcfg < tval);
		assert_int_equal(tval, log_find(&hw, TVAL, true));
	}
}

/* ---- idle ------------------------------------------------------------- */

static struct lvz_idle idle_at(u64 ecfg, u64 tcfg, u64 tval, u64 estat,
			       u64 later)
{
	set_timer(&hw, tcfg, tval, estat);
	lvz_timer_save(&ops, &hw, &v.timer);
	return lvz_idle_decide(ecfg, &v.timer, hw.now + later);
}

/* A pending interrupt enabled in ECFG (CRMD.IE does not matter to idle):
 * resume at once, whatever the timer. */
static void test_idle_pending_resumes(void **state)
{
	struct lvz_idle d;

	(void)state;
	d = idle_at(HWI0, 0, 0, HWI0, 0);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	d = idle_at(HWI0 | TI, ONE_SHOT(1000), 500, HWI0, 0);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	d = idle_at(TI, ONE_SHOT(100), TVAL_MASK - 5, TI, 0);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	/* pending but masked: not a reason to wake */
	d = idle_at(TI, 0, 0, HWI0, 0);
	assert_int_equal(d.action, LVZ_IDLE_WAIT_EVENT);
}

/* An armed timer, nothing pending: sleep until exactly the tick at which a
 * timer that never stopped raises TI. */
static void test_idle_sleeps_until_expire(void **state)
{
	static const u64 tcfgs[] = { ONE_SHOT(1000), EVERY(1000) };
	unsigned int i;
	struct fake twin;
	struct lvz_idle d;

	for (i = 0; i < ARRAY_SIZE(tcfgs); i++) {
		reset(state);
		twin = hw;
		set_timer(&twin, tcfgs[i], 500, 0);
		d = idle_at(TI | HWI0, tcfgs[i], 500, 0, 100);
		assert_int_equal(d.action, LVZ_IDLE_SLEEP_UNTIL);
		while (!(twin.csr[ESTAT] & TI))
			advance(&twin, 1);
		assert_int_equal(d.deadline, twin.now);
	}
}

/* Nothing will come from the timer: disabled, its line masked in ECFG, or a
 * one-shot that fired and was handled. Wait for an injected interrupt. */
static void test_idle_timer_masked_waits(void **state)
{
	struct lvz_idle d;

	(void)state;
	d = idle_at(HWI0, ONE_SHOT(1000), 500, 0, 0);
	assert_int_equal(d.action, LVZ_IDLE_WAIT_EVENT);
	d = idle_at(HWI0, ONE_SHOT(1000), 500, 0, 600); /* masked, even due */
	assert_int_equal(d.action, LVZ_IDLE_WAIT_EVENT);
	d = idle_at(HWI0 | TI, 1000, 500, 0, 0);
	assert_int_equal(d.action, LVZ_IDLE_WAIT_EVENT);
	d = idle_at(HWI0 | TI, ONE_SHOT(100), TVAL_MASK - 5, 0, 0);
	assert_int_equal(d.action, LVZ_IDLE_WAIT_EVENT);
}

/* The hang: a timer already due must never make the vCPU wait (for an event
 * that would never come) or sleep until a deadline in the past. */
static void test_idle_expired_timer_resumes(void **state)
{
	struct lvz_idle d;

	(void)state;
	d = idle_at(TI, ONE_SHOT(100), 5, 0, 10);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	d = idle_at(TI, ONE_SHOT(100), 5, 0, 5);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	d = idle_at(TI, EVERY(100), 5, 0, 450);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	d = idle_at(TI, ONE_SHOT(100), 0, TI, 0); /* fired at the exit */
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
	/* due between the save's TVAL and ESTAT reads */
	hw.tval_read_ticks = 1;
	d = idle_at(TI, ONE_SHOT(100), 1, 0, 0);
	assert_int_equal(d.action, LVZ_IDLE_RESUME);
}

/* The trapped `idle 0` end to end, as the arch layer runs it: decode BADI,
 * decide, sleep, complete the idle (ERA += 4), enter with TI pending. */
static void test_idle_trap_flow(void **state)
{
	const u64 era = 0x9000000000201000ULL;
	struct lvz_insn in;
	struct lvz_idle d;

	(void)state;
	hw.csr[CSR_BADI] = 0x06488000; /* idle 0 */
	hw.csr[CSR_ERA] = era;
	hw.csr[CSR_ECFG] = TI | HWI0;
	hw.csr[CSR_CRMD] = LVZ_CRMD_IE;
	set_timer(&hw, ONE_SHOT(1000), 400, 0);

	lvz_vcpu_save(&ops, &hw, &v);
	in = lvz_decode(*lvz_gcsr_slot(&v, CSR_BADI));
	assert_int_equal(in.kind, LVZ_INSN_IDLE);
	d = lvz_idle_decide(*lvz_gcsr_slot(&v, CSR_ECFG), &v.timer, hw.now);
	assert_int_equal(d.action, LVZ_IDLE_SLEEP_UNTIL);
	*lvz_gcsr_slot(&v, CSR_ERA) += LVZ_INSN_BYTES;

	out(&hw, d.deadline - hw.now, true);
	lvz_vcpu_restore(&ops, &hw, &v);
	assert_int_equal(hw.now, T0 + 400);
	assert_int_equal(hw.csr[CSR_ERA], era + 4);
	assert_true(guest_takes_ti(&hw));
	assert_no_more_ti(&hw);
}

/* ---- guest CSR lists -------------------------------------------------- */

static bool in_list(unsigned int csr)
{
	return lvz_gcsr_slot(&v, csr) != NULL;
}

static void test_gcsr_list(void **state)
{
	static const unsigned int never[] = {
		TCFG,	    TVAL,	ESTAT,	    CSR_TICLR, CSR_PGD,
		CSR_PRCFG1, CSR_PRCFG2, CSR_PRCFG3, CSR_CPUID,
	};
	unsigned int i, j;

	(void)state;
	for (i = 0; i < LVZ_NR_GCSRS; i++)
		for (j = i + 1; j < LVZ_NR_GCSRS; j++)
			assert_int_not_equal(lvz_gcsr_list[i],
					     lvz_gcsr_list[j]);
	for (i = 0; i < ARRAY_SIZE(never); i++)
		assert_false(in_list(never[i]));
	for (i = 0; i < 8; i++)
		assert_true(in_list(CSR_KS(i)));
	for (i = 0; i < 4; i++)
		assert_true(in_list(CSR_DMW(i)));
	assert_true(in_list(CSR_ERA) && in_list(CSR_ECFG) &&
		    in_list(CSR_BADI) && in_list(CSR_CRMD));
}

/* Save from one CSR file, restore into another full of other values: every
 * switched CSR, and a disabled timer, come back as they were; the others
 * are left alone. */
static void test_gcsr_round_trip(void **state)
{
	static struct fake other;
	unsigned int i;

	(void)state;
	for (i = 0; i < NCSR; i++) {
		hw.csr[i] = 0x0123456789abcdefULL ^ (i * 0x9e3779b97f4a7c15ULL);
		other.csr[i] = ~hw.csr[i];
	}
	set_timer(&hw, 0x1234 << 2, 77, HWI0 | BIT(0));
	lvz_vcpu_save(&ops, &hw, &v);
	other.now = hw.now + 5000;
	lvz_vcpu_restore(&ops, &other, &v);

	for (i = 0; i < NCSR; i++) {
		if (i == CSR_TICLR)
			continue;
		if (in_list(i) || i == TCFG || i == TVAL || i == ESTAT)
			assert_int_equal(other.csr[i], hw.csr[i]);
		else
			assert_int_equal(other.csr[i], ~hw.csr[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_timer_oneshot_fired_while_out,
				       reset),
		cmocka_unit_test_setup(test_timer_oneshot_fired_during_save,
				       reset),
		cmocka_unit_test_setup(
			test_timer_oneshot_fired_unhandled_at_exit, reset),
		cmocka_unit_test_setup(test_timer_oneshot_handled_at_exit,
				       reset),
		cmocka_unit_test_setup(test_timer_oneshot_pending, reset),
		cmocka_unit_test_setup(test_timer_periodic_periods_elapsed,
				       reset),
		cmocka_unit_test_setup(test_timer_disabled, reset),
		cmocka_unit_test_setup(test_timer_restore_order, reset),
		cmocka_unit_test_setup(test_idle_pending_resumes, reset),
		cmocka_unit_test_setup(test_idle_sleeps_until_expire, reset),
		cmocka_unit_test_setup(test_idle_timer_masked_waits, reset),
		cmocka_unit_test_setup(test_idle_expired_timer_resumes, reset),
		cmocka_unit_test_setup(test_idle_trap_flow, reset),
		cmocka_unit_test_setup(test_gcsr_list, reset),
		cmocka_unit_test_setup(test_gcsr_round_trip, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The guest timer across exits. While the vCPU is out its hardware timer may
 * fire (setting ESTAT.TI after ESTAT was saved, so restoring ESTAT would lose
 * it), and a one-shot that fired before the exit must not fire again once the
 * guest has handled it. So on exit the timer's expiry is recorded as a
 * counter value, and on entry the timer is re-armed from it with the
 * hardware's own rules (vol.1 7.6.2):
 * - TVAL counts down once per stable-counter tick while TCFG.En is set;
 * - on reaching 0 it sets ESTAT.TI; a periodic timer reloads InitVal, a
 *   one-shot keeps counting down from all-ones, so a one-shot whose TVAL is
 *   above InitVal has already fired;
 * - writing TCFG loads TVAL with InitVal; writing the guest's TVAL with 0
 *   while enabled fires it at once (LVZ);
 * - writing TICLR.CLR clears ESTAT.TI.
 */
#include "arch/loongarch64/lvz.h"

static u64 lvz_timer_period(u64 tcfg)
{
	return tcfg & LVZ_TCFG_INITVAL;
}

void lvz_timer_save(const struct lvz_gcsr_ops *ops, void *ctx,
		    struct lvz_timer *t)
{
	u64 now;

	t->tcfg = ops->read(ctx, CSR_TCFG);
	t->tval = ops->read(ctx, CSR_TVAL);
	now = ops->counter(ctx);
	/* ESTAT after TVAL: a timer reaching 0 between the two reads leaves
	 * TI in the saved ESTAT and an expiry already past, and the restore
	 * fires it again onto the same TI. The other way round, TVAL would
	 * say "fired" with no TI saved, which the restore takes for an
	 * interrupt already handled: lost. */
	t->estat = ops->read(ctx, CSR_ESTAT);

	t->fired = false;
	t->expire = 0;
	if (!(t->tcfg & LVZ_TCFG_EN))
		return;
	if (!(t->tcfg & LVZ_TCFG_PERIODIC) &&
	    t->tval > lvz_timer_period(t->tcfg))
		t->fired = true;
	else
		t->expire = now + t->tval;
}

void lvz_timer_restore(const struct lvz_gcsr_ops *ops, void *ctx,
		       const struct lvz_timer *t)
{
	u64 estat = t->estat, tval = t->tval, period, now;
	bool ticlr = false;

	/* Stopped before ESTAT is written: a timer left running from before
	 * the exit could set TI between this write and the re-arming. */
	ops->write(ctx, CSR_TCFG, t->tcfg & ~LVZ_TCFG_EN);
	now = ops->counter(ctx);

	if (!(t->tcfg & LVZ_TCFG_EN)) {
		/* restored as is (tval) */
	} else if (t->fired) {
		/* Re-fire it so TVAL reads wrapped again; if the guest had
		 * already cleared the TI of that expiry, clear the new one. */
		tval = 0;
		ticlr = !(t->estat & LVZ_ESTAT_TI);
	} else if (now < t->expire) {
		tval = t->expire - now;
	} else if (!(t->tcfg & LVZ_TCFG_PERIODIC)) {
		/* expired while out: TVAL=0 fires it, once */
		tval = 0;
	} else {
		/* Periodic: one or more expiries while out. TI stands for all
		 * of them (it is a level); TVAL goes on within the current
		 * period as if it had never stopped. */
		period = lvz_timer_period(t->tcfg);
		tval = period ? period - (now - t->expire) % period : 0;
		estat |= LVZ_ESTAT_TI;
	}

	ops->write(ctx, CSR_ESTAT, estat);
	/* TCFG loads TVAL with InitVal, so TVAL goes after it. */
	ops->write(ctx, CSR_TCFG, t->tcfg);
	ops->write(ctx, CSR_TVAL, tval);
	if (ticlr)
		ops->write(ctx, CSR_TICLR, LVZ_TICLR_CLR);
}

struct lvz_idle lvz_idle_decide(u64 ecfg, const struct lvz_timer *t, u64 now)
{
	struct lvz_idle d = { .action = LVZ_IDLE_WAIT_EVENT, .deadline = 0 };
	u64 enabled = ecfg & LVZ_INT_MASK;

	/* `idle` wakes on any pending line enabled in ECFG.LIE, with or
	 * without CRMD.IE (vol.1, IDLE): CRMD is not looked at. */
	if (t->estat & enabled) {
		d.action = LVZ_IDLE_RESUME;
		return d;
	}
	/* Nothing left to come from the timer: disabled, masked, or a
	 * one-shot that fired and whose TI the guest has cleared. */
	if (!(t->tcfg & LVZ_TCFG_EN) || !(enabled & LVZ_ESTAT_TI) || t->fired)
		return d;
	/* Due already (the expiry raced the exit): sleeping until an event
	 * would hang, the restore fires it at once. */
	if (now >= t->expire) {
		d.action = LVZ_IDLE_RESUME;
		return d;
	}
	d.action = LVZ_IDLE_SLEEP_UNTIL;
	d.deadline = t->expire;
	return d;
}

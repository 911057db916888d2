// SPDX-License-Identifier: GPL-2.0
/*
 * The guest CSRs switched on exit and entry. Left out: the timer group (TCFG,
 * TVAL, ESTAT, TICLR), which lvz_timer.c switches with its own ordering; the
 * read-only PGD and PRCFG1-3; CPUID, which the hypervisor sets once per vCPU;
 * and the machine-error and cache-tag CSRs (MERR*, CTAG), which belong to the
 * host.
 */
#include "arch/loongarch64/lvz.h"

const u16 lvz_gcsr_list[] = {
	LVZ_CSR_CRMD,	    LVZ_CSR_PRMD,      LVZ_CSR_EUEN,
	LVZ_CSR_MISC,	    LVZ_CSR_ECFG,      LVZ_CSR_ERA,
	LVZ_CSR_BADV,	    LVZ_CSR_BADI,      LVZ_CSR_EENTRY,
	LVZ_CSR_TLBIDX,	    LVZ_CSR_TLBEHI,    LVZ_CSR_TLBELO0,
	LVZ_CSR_TLBELO1,    LVZ_CSR_ASID,      LVZ_CSR_PGDL,
	LVZ_CSR_PGDH,	    LVZ_CSR_PWCTL0,    LVZ_CSR_PWCTL1,
	LVZ_CSR_STLBPGSIZE, LVZ_CSR_RVACFG,    LVZ_CSR_KS(0),
	LVZ_CSR_KS(1),	    LVZ_CSR_KS(2),     LVZ_CSR_KS(3),
	LVZ_CSR_KS(4),	    LVZ_CSR_KS(5),     LVZ_CSR_KS(6),
	LVZ_CSR_KS(7),	    LVZ_CSR_TMID,      LVZ_CSR_CNTC,
	LVZ_CSR_LLBCTL,	    LVZ_CSR_TLBRENTRY, LVZ_CSR_TLBRBADV,
	LVZ_CSR_TLBRERA,    LVZ_CSR_TLBRSAVE,  LVZ_CSR_TLBRELO0,
	LVZ_CSR_TLBRELO1,   LVZ_CSR_TLBREHI,   LVZ_CSR_TLBRPRMD,
	LVZ_CSR_DMW(0),	    LVZ_CSR_DMW(1),    LVZ_CSR_DMW(2),
	LVZ_CSR_DMW(3),
};
_Static_assert(ARRAY_SIZE(lvz_gcsr_list) == LVZ_NR_GCSRS, "LVZ_NR_GCSRS");

u64 *lvz_gcsr_slot(struct lvz_vcpu_csrs *v, unsigned int csr)
{
	unsigned int i;

	for (i = 0; i < LVZ_NR_GCSRS; i++)
		if (lvz_gcsr_list[i] == csr)
			return &v->gcsr[i];
	return NULL;
}

void lvz_gcsr_save(const struct lvz_gcsr_ops *ops, void *ctx,
		   struct lvz_vcpu_csrs *v)
{
	unsigned int i;

	for (i = 0; i < LVZ_NR_GCSRS; i++)
		v->gcsr[i] = ops->read(ctx, lvz_gcsr_list[i]);
}

void lvz_gcsr_restore(const struct lvz_gcsr_ops *ops, void *ctx,
		      const struct lvz_vcpu_csrs *v)
{
	unsigned int i;

	for (i = 0; i < LVZ_NR_GCSRS; i++)
		ops->write(ctx, lvz_gcsr_list[i], v->gcsr[i]);
}

void lvz_vcpu_save(const struct lvz_gcsr_ops *ops, void *ctx,
		   struct lvz_vcpu_csrs *v)
{
	lvz_timer_save(ops, ctx, &v->timer);
	lvz_gcsr_save(ops, ctx, v);
}

void lvz_vcpu_restore(const struct lvz_gcsr_ops *ops, void *ctx,
		      const struct lvz_vcpu_csrs *v)
{
	lvz_gcsr_restore(ops, ctx, v);
	lvz_timer_restore(ops, ctx, &v->timer);
}

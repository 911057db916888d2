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
	CSR_CRMD,     CSR_PRMD,	     CSR_EUEN,	   CSR_MISC,	   CSR_ECFG,
	CSR_ERA,      CSR_BADV,	     CSR_BADI,	   CSR_EENTRY,	   CSR_TLBIDX,
	CSR_TLBEHI,   CSR_TLBELO0,   CSR_TLBELO1,  CSR_ASID,	   CSR_PGDL,
	CSR_PGDH,     CSR_PWCTL0,    CSR_PWCTL1,   CSR_STLBPGSIZE, CSR_RVACFG,
	CSR_KS(0),    CSR_KS(1),     CSR_KS(2),	   CSR_KS(3),	   CSR_KS(4),
	CSR_KS(5),    CSR_KS(6),     CSR_KS(7),	   CSR_TMID,	   CSR_CNTC,
	CSR_LLBCTL,   CSR_TLBRENTRY, CSR_TLBRBADV, CSR_TLBRERA,	   CSR_TLBRSAVE,
	CSR_TLBRELO0, CSR_TLBRELO1,  CSR_TLBREHI,  CSR_TLBRPRMD,   CSR_DMW(0),
	CSR_DMW(1),   CSR_DMW(2),    CSR_DMW(3),
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

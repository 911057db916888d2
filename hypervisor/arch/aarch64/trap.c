// SPDX-License-Identifier: GPL-2.0
/*
 * Guest traps, dispatched from a table indexed by ESR_EL2.EC. Whatever a
 * guest does, it ends here and never takes the hypervisor down: anything we
 * cannot emulate becomes an abort or an undefined instruction injected into
 * that guest, with a line in the log.
 */
#include "arch/aarch64/sysreg.h"
#include "arch/aarch64/gic.h"
#include "arch/aarch64/psci.h"
#include "core/hypercall.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "core/zone.h"

typedef void (*trap_handler_t)(struct trap_frame *f, u64 esr);

static void skip_insn(struct trap_frame *f, u64 esr)
{
	f->elr += (esr & ESR_IL) ? 4 : 2;
}

/* Enter the guest's EL1 vector as if the exception had happened there. */
static void inject_exception(struct trap_frame *f, u64 esr_el1, u64 far)
{
	u64 mode = f->spsr & PSR_MODE_MASK;
	u64 off;

	if (f->spsr & BIT(4))
		off = 0x600; /* lower EL, AArch32 */
	else if (mode == PSR_MODE_EL0t)
		off = 0x400; /* lower EL, AArch64 */
	else if (mode == PSR_MODE_EL1t)
		off = 0x000;
	else
		off = 0x200;
	write_sysreg(esr_el1, esr_el1);
	write_sysreg(far_el1, far);
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->elr = read_sysreg(vbar_el1) + off;
	f->spsr = PSR_DAIF | PSR_MODE_EL1h;
}

static bool from_el0(struct trap_frame *f)
{
	return (f->spsr & PSR_MODE_MASK) == PSR_MODE_EL0t || (f->spsr & BIT(4));
}

static void inject_undef(struct trap_frame *f, u64 esr)
{
	inject_exception(f, ESR_IL | (EC_UNKNOWN << 26), 0);
	(void)esr;
}

/* A synchronous external abort, as the guest would get from a bus error. */
static void inject_abort(struct trap_frame *f, u64 esr, u64 far)
{
	bool data = ESR_EC(esr) == EC_DABT_LOW;
	u64 ec = (data ? EC_DABT_LOW : EC_IABT_LOW) + (from_el0(f) ? 0 : 1);

	inject_exception(f, (ec << 26) | ESR_IL | (esr & DABT_WNR) | 0x10, far);
}

static void log_refused(struct zone *z, struct trap_frame *f, u64 esr, u64 ipa,
			const char *why)
{
	if (zone_log_ok(z))
		pr_warn("zone %u (%s) CPU %u: refused %s at IPA 0x%lx: %s (ESR 0x%lx FAR 0x%lx ELR 0x%lx)\n",
			z->id, z->name, this_cpu_id(),
			(esr & DABT_WNR) ? "write" : "access", ipa, why, esr,
			read_sysreg(far_el2), f->elr);
}

/*
 * HPFAR_EL2 need not hold the IPA of a stage-2 permission fault: translate
 * FAR through the guest's stage 1, as its CPU did. PAR_EL1 is the guest's
 * register: restored after.
 */
static bool fault_ipa(u64 far, u64 *ipa)
{
	u64 par = read_sysreg(par_el1), res;

	asm volatile("at s1e1r, %0" ::"r"(far));
	isb();
	res = read_sysreg(par_el1);
	write_sysreg(par_el1, par);
	if (res & 1)
		return false;
	*ipa = (res & 0xfffffffff000UL) | (far & 0xfff);
	return true;
}

/*
 * A permission fault at far: a write to a page the zone reads directly but
 * whose writes a device model emulates (its console's UART, its virtio
 * register pages)? Sets *ipa then. A kernel writes such a page through one
 * mapping, so the translation is kept per CPU while TTBR1_EL1 stays: a
 * write costs no AT then. A stale hit (the kernel remapped that address
 * to another read-only page) could only turn one of its own writes into a
 * write to its own device instead of an abort, never let a write reach
 * memory. A read-only page without a device model (a peer's ivc output)
 * refuses the write.
 */
static bool emulated_write(struct zone *z, u64 far, u64 *ipa)
{
	struct arch_percpu *a = &this_cpu()->arch;
	bool kernel = far >> 55 & 1;
	u64 ttbr1 = kernel ? read_sysreg(ttbr1_el1) : 0;

	if (kernel && a->wr_zone == z && a->wr_ttbr1 == ttbr1 &&
	    a->wr_va == (far & ~0xfffUL)) {
		*ipa = a->wr_ipa | (far & 0xfff);
		return true;
	}
	if (!fault_ipa(far, ipa) || !mmio_covers(z, *ipa))
		return false;
	if (kernel) {
		a->wr_zone = z;
		a->wr_ttbr1 = ttbr1;
		a->wr_va = far & ~0xfffUL;
		a->wr_ipa = *ipa & ~0xfffUL;
	}
	return true;
}

static void handle_dabt(struct trap_frame *f, u64 esr)
{
	struct zone *z = this_cpu()->zone;
	u64 iss = ESR_ISS(esr);
	u64 ipa = ((read_sysreg(hpfar_el2) & 0xfffffffffff0UL) << 8) |
		  (read_sysreg(far_el2) & 0xfff);
	struct mmio_access a;
	unsigned int reg = DABT_SRT(iss);
	int ret;

	/* A zone's read-only pages: its console's and its virtio registers
	 * (writes emulated), its peers' ivc output sections (refused) */
	if (DFSC_IS_PERM(DABT_DFSC(iss)) && !(iss & DABT_S1PTW) &&
	    !emulated_write(z, read_sysreg(far_el2), &ipa)) {
		log_refused(z, f, esr, ipa, "read-only in this zone");
		inject_abort(f, esr, read_sysreg(far_el2));
		return;
	}
	if (!(iss & DABT_ISV) || (iss & DABT_S1PTW)) {
		log_refused(z, f, esr, ipa,
			    (iss & DABT_S1PTW)
				    ? "page-table walk outside the zone"
				    : "not mapped, not emulable");
		inject_abort(f, esr, read_sysreg(far_el2));
		return;
	}
	a.size = 1u << DABT_SAS(iss);
	a.write = iss & DABT_WNR;
	a.value = (a.write && reg != 31) ? f->x[reg] : 0;
	if (a.write && a.size < 8)
		a.value &= (1UL << (8 * a.size)) - 1;
	ret = mmio_dispatch(z, ipa, &a);
	if (ret == MMIO_RETRY)
		return;
	if (ret) {
		log_refused(z, f, esr, ipa,
			    ret == -HV_ENOENT ? "not mapped in this zone"
					      : "refused by its device model");
		inject_abort(f, esr, read_sysreg(far_el2));
		return;
	}
	if (!a.write && reg != 31) {
		u64 v = a.value;

		if ((iss & DABT_SSE) && a.size < 8 &&
		    (v & (1UL << (8 * a.size - 1))))
			v |= ~0UL << (8 * a.size);
		if (!(iss & DABT_SF))
			v &= 0xffffffffUL;
		f->x[reg] = v;
	}
	skip_insn(f, esr);
}

static void handle_iabt(struct trap_frame *f, u64 esr)
{
	struct zone *z = this_cpu()->zone;
	u64 ipa = ((read_sysreg(hpfar_el2) & 0xfffffffffff0UL) << 8) |
		  (read_sysreg(far_el2) & 0xfff);

	log_refused(z, f, esr, ipa, "instruction fetch outside the zone");
	inject_abort(f, esr, read_sysreg(far_el2));
}

static void handle_hvc(struct trap_frame *f, u64 esr)
{
	(void)esr;
	if (f->x[0] == HV_SMCCC_UID_FN) {
		f->x[0] = HV_UID0;
		f->x[1] = HV_UID1;
		f->x[2] = HV_UID2;
		f->x[3] = HV_UID3;
		return;
	}
	if (psci_is_call(f->x[0]))
		f->x[0] = (u64)psci_handle(f);
	else
		f->x[0] = (u64)hypercall_handle(f->x[0], f->x[1], f->x[2],
						f->x[3]);
}

static void handle_smc(struct trap_frame *f, u64 esr)
{
	/* a trapped SMC returns to itself: step over it */
	skip_insn(f, esr);
	f->x[0] = psci_is_call(f->x[0]) ? (u64)psci_handle(f)
					: (u64)PSCI_NOT_SUPPORTED;
}

#define SYSREG_ISS_MASK 0x3ffc1eUL /* Op0, Op2, Op1, CRn, CRm (no Rt, dir) */
/* Op0 3, Op1 0, CRn 12, CRm 11, Op2 5 / 6 / 7 */
#define SYSREG_SGI1R 0x3a3016UL
#define SYSREG_ASGI1R 0x3c3016UL
#define SYSREG_SGI0R 0x3e3016UL
/* DC ISW / CSW / CISW: Op0 1, Op1 0, CRn 7, CRm 6 / 10 / 14, Op2 2 */
#define SYSREG_DC_ISW 0x141c0cUL
#define SYSREG_DC_CSW 0x141c14UL
#define SYSREG_DC_CISW 0x141c1cUL

static void handle_sysreg(struct trap_frame *f, u64 esr)
{
	u64 iss = ESR_ISS(esr);
	unsigned int rt = (iss >> 5) & 0x1f;
	bool read = iss & 1;

	if ((iss & SYSREG_ISS_MASK) == SYSREG_SGI1R && !read) {
		vgic_sgi1r(this_cpu()->zone, rt == 31 ? 0 : f->x[rt]);
		skip_insn(f, esr);
		return;
	}
	/* Cache maintenance by set/way reaches the physical caches, which hold
	 * other zones' dirty lines too: an invalidate could destroy them. Any
	 * set/way operation becomes clean+invalidate, which loses nothing. */
	if ((iss & SYSREG_ISS_MASK) == SYSREG_DC_ISW ||
	    (iss & SYSREG_ISS_MASK) == SYSREG_DC_CSW ||
	    (iss & SYSREG_ISS_MASK) == SYSREG_DC_CISW) {
		asm volatile("dc cisw, %0" ::"r"(rt == 31 ? 0 : f->x[rt])
			     : "memory");
		skip_insn(f, esr);
		return;
	}
	/* group 0 and alias SGIs: nothing the guest owns, ignored */
	if ((iss & SYSREG_ISS_MASK) == SYSREG_ASGI1R ||
	    (iss & SYSREG_ISS_MASK) == SYSREG_SGI0R) {
		if (read && rt != 31)
			f->x[rt] = 0;
		skip_insn(f, esr);
		return;
	}
	pr_debug("zone %u: unexpected system register trap, ISS 0x%lx\n",
		 this_cpu()->zone->id, iss);
	inject_undef(f, esr);
}

static void handle_unknown(struct trap_frame *f, u64 esr)
{
	struct zone *z = this_cpu()->zone;

	if (zone_log_ok(z))
		pr_warn("zone %u (%s) CPU %u: unhandled trap EC 0x%lx (ESR 0x%lx ELR 0x%lx), injecting undefined instruction\n",
			z->id, z->name, this_cpu_id(), ESR_EC(esr), esr,
			f->elr);
	inject_undef(f, esr);
}

static const trap_handler_t trap_table[EC_MAX + 1] = {
	[EC_HVC64] = handle_hvc,     [EC_SMC64] = handle_smc,
	[EC_SYSREG] = handle_sysreg, [EC_IABT_LOW] = handle_iabt,
	[EC_DABT_LOW] = handle_dabt,
};

void trap_sync(struct trap_frame *f)
{
	u64 esr = read_sysreg(esr_el2);
	trap_handler_t h = trap_table[ESR_EC(esr)];
	struct hv_cpu_stats *st = &this_cpu()->stats;

	st->traps++;
	switch (ESR_EC(esr)) {
	case EC_DABT_LOW:
		st->mmio++;
		break;
	case EC_HVC64:
		st->hypercalls++;
		break;
	case EC_SMC64:
		st->smc++;
		break;
	case EC_SYSREG:
		st->sysreg++;
		break;
	default:
		st->other++;
	}
	(h ? h : handle_unknown)(f, esr);
}

void trap_irq(struct trap_frame *f)
{
	(void)f;
	gic_handle_irq();
	vcpu_handle_events();
}

void trap_serror(struct trap_frame *f)
{
	struct zone *z = this_cpu()->zone;

	pr_err("zone %u CPU %u: SError (ESR 0x%lx ELR 0x%lx)\n", z->id,
	       this_cpu_id(), read_sysreg(esr_el2), f->elr);
	zone_fail(z, "SError");
}

void hv_fatal(struct trap_frame *f)
{
	panic("exception in the hypervisor: ESR 0x%lx ELR 0x%lx FAR 0x%lx SPSR 0x%lx\n",
	      read_sysreg(esr_el2), f->elr, read_sysreg(far_el2), f->spsr);
}

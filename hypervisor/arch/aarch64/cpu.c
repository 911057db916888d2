// SPDX-License-Identifier: GPL-2.0
/* EL2 set-up of a CPU, its own page tables, and entering a guest vCPU. */
#include "arch/aarch64/arch.h"
#include "arch/aarch64/sysreg.h"
#include "arch/aarch64/gic.h"
#include "arch/aarch64/stage2.h"
#include "core/lib.h"
#include "core/zone.h"
#include "core/printk.h"
#include "core/board.h"

#define PSCI_CPU_ON_64 0xc4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL

#define MAIR_VALUE 0x04ffUL /* attr0 normal WB, attr1 device-nGnRE */
#define PTE_BLOCK_NORMAL (1UL | (0UL << 2) | (3UL << 8) | BIT(10))
#define PTE_BLOCK_DEVICE (1UL | (1UL << 2) | BIT(10) | BIT(53) | BIT(54))
#define TCR_EL2_VALUE                                                          \
	(BIT(31) | BIT(23) | (2UL << 16) | (3UL << 12) | (1UL << 10) |         \
	 (1UL << 8) | 25)
#define SCTLR_EL2_RES1 0x30c50830UL
#define SCTLR_EL2_ON (SCTLR_EL2_RES1 | BIT(0) | BIT(2) | BIT(3) | BIT(12))
#define SCTLR_EL1_RESET 0x30d00800UL /* MMU and caches off */

/* EL2's own map: identity, 1 GiB blocks, the board's RAM normal memory and
 * everything else device; a GiB that holds both is split in 2 MiB blocks
 * (RAM and devices may share one on a board). */
#define EL2_L2_TABLES 4
#define PTE_TABLE 3UL
static u64 el2_l1[512] __attribute__((aligned(4096)));
static u64 el2_l2[EL2_L2_TABLES][512] __attribute__((aligned(4096)));

/* Breakpoint i (and watchpoint i, for the first four) to ctrl/value. The
 * register number is part of the instruction, hence the table. */
static void write_dbg(unsigned int i, u64 ctrl, u64 value)
{
#define DBG(n)                                                                 \
	case n:                                                                \
		write_sysreg(dbgbcr##n##_el1, ctrl);                           \
		write_sysreg(dbgbvr##n##_el1, value);                          \
		if (n < 4) {                                                   \
			write_sysreg(dbgwcr##n##_el1, ctrl);                   \
			write_sysreg(dbgwvr##n##_el1, value);                  \
		}                                                              \
		break
	switch (i) {
		DBG(0);
		DBG(1);
		DBG(2);
		DBG(3);
		DBG(4);
		DBG(5);
	}
#undef DBG
}

void arch_mmu_init(void)
{
	unsigned int i, j, used = 0;
	u64 a;

	for (i = 0, a = 0; i < 512; i++, a += SZ_1G) {
		if (board_is_ram(&board, a, SZ_1G)) {
			el2_l1[i] = a | PTE_BLOCK_NORMAL;
			continue;
		}
		if (!board_touches_ram(&board, a, SZ_1G)) {
			el2_l1[i] = a | PTE_BLOCK_DEVICE;
			continue;
		}
		if (used == EL2_L2_TABLES)
			panic("more than %u GiB hold both RAM and devices\n",
			      EL2_L2_TABLES);
		for (j = 0; j < 512; j++) {
			u64 b = a + j * SZ_2M;

			el2_l2[used][j] = b |
					  (board_touches_ram(&board, b, SZ_2M)
						   ? PTE_BLOCK_NORMAL
						   : PTE_BLOCK_DEVICE);
		}
		el2_l1[i] = (u64)el2_l2[used++] | PTE_TABLE;
	}
}

void arch_cpu_init(struct percpu *pc)
{
	pc->arch.mpidr = cpu_mpidr();
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_VALUE);
	write_sysreg(ttbr0_el2, (u64)el2_l1);
	isb();
	asm volatile("tlbi alle2" ::: "memory");
	dsb(nsh);
	write_sysreg(sctlr_el2, SCTLR_EL2_ON);
	isb();

	write_sysreg(hcr_el2, HCR_RW);
	write_sysreg(cptr_el2, 0x33ffUL); /* no FP/SIMD traps */
	/* guests keep all PMU counters and get no debug traps */
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11) & 0x1f);
	write_sysreg(cnthctl_el2, 3); /* EL1 physical counter/timer access */
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(vtcr_el2, S2_VTCR);
	isb();
}

u64 arch_boot_cpu_id(void)
{
	return cpu_mpidr();
}

int arch_cpu_power_on(unsigned int cpu)
{
	extern char secondary_entry[];

	return (int)smc_call(PSCI_CPU_ON_64, board.mpidr[cpu],
			     (u64)secondary_entry, cpu);
}

void arch_zone_flush_tlb(struct zone *z)
{
	u64 vttbr = read_sysreg(vttbr_el2);

	/* TLBI by VMID acts on the VMID in VTTBR_EL2: borrow the zone's */
	write_sysreg(vttbr_el2, ((u64)z->vmid << 48) | (u64)z->s2.root);
	isb();
	dsb(ishst);
	asm volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

void arch_zone_setup(struct zone *z)
{
	/* new tables for this VMID: drop anything cached for it anywhere */
	arch_zone_flush_tlb(z);
}

void fpsimd_reset(void);

/* Every EL1/EL0 register a guest can read back starts at its reset value:
 * nothing of the CPU's previous owner (zone0 lending a CPU, or another
 * zone) survives into the next: translation, exception, thread, timer,
 * PMU, debug and FP/SIMD state. */
static void el1_reset(void)
{
	unsigned int i;

	write_sysreg(sctlr_el1, SCTLR_EL1_RESET); /* MMU and caches off */
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(tcr_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(amair_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(vbar_el1, 0);
	write_sysreg(esr_el1, 0);
	write_sysreg(far_el1, 0);
	write_sysreg(afsr0_el1, 0);
	write_sysreg(afsr1_el1, 0);
	write_sysreg(par_el1, 0);
	write_sysreg(elr_el1, 0);
	write_sysreg(spsr_el1, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(csselr_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntp_cval_el0, 0);
	/* PMU: counters stopped, cleared, disabled, no EL0 access */
	write_sysreg(pmcr_el0, BIT(1) | BIT(2)); /* P, C: reset the counts */
	write_sysreg(pmcntenclr_el0, ~0UL);
	write_sysreg(pmintenclr_el1, ~0UL);
	write_sysreg(pmovsclr_el0, ~0UL);
	write_sysreg(pmuserenr_el0, 0);
	write_sysreg(pmselr_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);
	/* debug: no breakpoints, watchpoints or single-step left armed */
	write_sysreg(mdscr_el1, 0);
	for (i = 0; i < 6; i++)
		write_dbg(i, 0, 0);
	fpsimd_reset();
	isb();
}

void arch_vcpu_enter(struct percpu *pc, u64 entry, u64 x0)
{
	struct zone *z = pc->zone;
	struct trap_frame *f = percpu_frame(pc);

	write_sysreg(vttbr_el2, ((u64)z->vmid << 48) | (u64)z->s2.root);
	write_sysreg(hcr_el2, HCR_GUEST);
	isb();
	asm volatile("tlbi vmalls12e1" ::: "memory");
	asm volatile("ic iallu" ::: "memory");
	dsb(nsh);

	el1_reset();
	gic_vcpu_reset();

	pc->arch.wr_zone = NULL; /* translations of an earlier guest */
	memset(f, 0, sizeof(*f));
	f->x[0] = x0;
	f->elr = entry;
	f->spsr = PSR_DAIF | PSR_MODE_EL1h;
	pc->vcpu_state = VCPU_RUNNING;
	guest_enter(f);
}

void arch_send_event(unsigned int cpu)
{
	gic_send_sgi(cpu, GIC_SGI_EVENT);
}

void arch_irq_poll(void)
{
	gic_handle_irq();
}

static u64 dcache_line(void)
{
	return 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

void arch_dcache_clean(const void *p, u64 size)
{
	u64 line = dcache_line(), pa = (u64)p, a;

	for (a = pa & ~(line - 1); a < pa + size; a += line)
		asm volatile("dc cvac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

void arch_mem_scrub(u64 pa, u64 size)
{
	u64 dczid = read_sysreg(dczid_el0);
	u64 blk = 4UL << (dczid & 0xf), a;

	if (dczid & BIT(4)) { /* DC ZVA prohibited */
		memset((void *)pa, 0, size);
	} else {
		for (a = pa; a < pa + size; a += blk)
			asm volatile("dc zva, %0" ::"r"(a) : "memory");
	}
	arch_dcache_clean((const void *)(pa), size);
}

void arch_mem_load(u64 dst, const void *src, u64 size)
{
	memcpy((void *)dst, src, size);
	arch_dcache_clean((const void *)(dst), size);
	asm volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}

u64 arch_now_ns(void)
{
	u64 cnt = read_sysreg(cntpct_el0), freq = read_sysreg(cntfrq_el0);

	/* split so that cnt * 1e9 cannot overflow */
	return cnt / freq * 1000000000UL + cnt % freq * 1000000000UL / freq;
}

void arch_system_off(void)
{
	smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	panic("firmware SYSTEM_OFF returned\n");
}

void arch_system_reset(void)
{
	smc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	panic("firmware SYSTEM_RESET returned\n");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Boot flow on loongarch64. The boot CPU: console banner, the core's page
 * pool, exception vectors (checked with a `break`), then each parked CPU
 * released in turn; all four then run a lock test, and last the check
 * for LVZ. Without LVZ no zone can run: say so and power off.
 */
#include "arch.h"
#include "board.h"
#include "arch/loongarch64/smp.h"
#include "arch/loongarch64/trap.h"
#include "core/mm.h"
#include "core/percpu.h"
#include "core/printk.h"
#include "core/spinlock.h"

#define LOCK_ROUNDS 500

struct percpu percpu_data[BOARD_NR_CPUS];
extern char __hv_start[], __hv_end[], __bss_start[];
extern char secondary_entry[];

/* The lock test's state and the online mask live in .bss on purpose: a
 * CPU that clears .bss after the boot CPU started loses them. */
static spinlock_t test_lock = SPINLOCK_INIT;
static u64 test_counter; /* written only under test_lock */
static u32 online_mask, done_mask;
static u32 test_go, lock_violations;

static u64 ticks_per_ms(void)
{
	u64 freq = cpucfg(CPUCFG_CC_FREQ);
	u32 muldiv = cpucfg(CPUCFG_CC_MULDIV);
	u32 mul = muldiv & 0xffff, div = muldiv >> 16;

	if (mul && div)
		freq = freq * mul / div;
	return freq / 1000 ? freq / 1000 : 1;
}

/* wait until every bit of `want` is set in *mask, at most ms */
static bool wait_mask(u32 *mask, u32 want, unsigned int ms)
{
	u64 end = la_ticks() + ms * ticks_per_ms();

	while ((__atomic_load_n(mask, __ATOMIC_ACQUIRE) & want) != want)
		if (la_ticks() > end)
			return false;
	return true;
}

static void cpu_setup(unsigned int cpu)
{
	struct percpu *pc = per_cpu(cpu);

	pc->cpu_id = cpu;
	csr_write(CSR_KS1, (u64)pc);
	la_trap_init();
}

/* each CPU adds LOCK_ROUNDS to the counter by separate read and write:
 * only a working lock keeps the sum exact */
static void lock_rounds(unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < LOCK_ROUNDS; i++) {
		u64 v;

		spin_lock(&test_lock);
		v = READ_ONCE(test_counter);
		WRITE_ONCE(test_counter, v + 1);
		spin_unlock(&test_lock);
	}
	__atomic_fetch_or(&done_mask, 1U << cpu, __ATOMIC_RELEASE);
}

void la_secondary_main(unsigned int cpu)
{
	cpu_setup(cpu);
	pr_info("CPU %u online\n", cpu);
	__atomic_fetch_or(&online_mask, 1U << cpu, __ATOMIC_RELEASE);
	/* the boot CPU holds test_lock until every CPU is up: getting it
	 * before test_go means the lock did not hold */
	spin_lock(&test_lock);
	if (!__atomic_load_n(&test_go, __ATOMIC_ACQUIRE))
		lock_violations++;
	spin_unlock(&test_lock);
	lock_rounds(cpu);
	for (;;)
		arch_cpu_wait();
}

/* returns the CPUs seen coming up (kept on the stack: .bss is what a
 * wrong entry path would wipe) */
static u32 bring_up_cpus(void)
{
	u32 seen = 1;
	unsigned int cpu;

	for (cpu = 1; cpu < BOARD_NR_CPUS; cpu++) {
		la_cpu_release(cpu, (u64)secondary_entry);
		if (wait_mask(&online_mask, 1U << cpu, 1000))
			seen |= 1U << cpu;
		else
			pr_err("CPU %u did not come up\n", cpu);
	}
	return seen;
}

static void smp_and_lock_test(void)
{
	u32 all = (1U << BOARD_NR_CPUS) - 1, seen, mask;
	u64 want = (u64)LOCK_ROUNDS * BOARD_NR_CPUS;

	spin_lock(&test_lock);
	seen = bring_up_cpus();
	mask = READ_ONCE(online_mask);
	__atomic_store_n(&test_go, 1, __ATOMIC_RELEASE);
	spin_unlock(&test_lock);
	if (seen != all || mask != all) {
		pr_err("CPUs online: mask 0x%x (seen 0x%x), expected 0x%x\n",
		       mask, seen, all);
		if (seen != all)
			return;
	} else {
		pr_info("all %u CPUs online\n", BOARD_NR_CPUS);
	}

	lock_rounds(0);
	if (!wait_mask(&done_mask, all, 20000))
		pr_err("lock test: FAILED, CPUs done 0x%x of 0x%x (a lock never came free)\n",
		       READ_ONCE(done_mask), all);
	else if (READ_ONCE(lock_violations))
		pr_err("lock test: FAILED, %u CPUs took a lock the boot CPU held\n",
		       READ_ONCE(lock_violations));
	else if (READ_ONCE(test_counter) != want)
		pr_err("lock test: FAILED, counter %lu, expected %lu\n",
		       READ_ONCE(test_counter), want);
	else
		pr_info("lock test: %u CPUs x %u rounds = %lu, held off while the boot CPU held it: ok\n",
			BOARD_NR_CPUS, LOCK_ROUNDS, want);
}

void la_boot_main(void)
{
	u32 cfg2;

	cpu_setup(0);
	__atomic_fetch_or(&online_mask, 1U, __ATOMIC_RELEASE);
	pr_info("hvisor %s (ABI %u.%u) on %s, %u CPUs\n", HVISOR_VERSION,
		HV_ABI_MAJOR, HV_ABI_MINOR, BOARD_NAME, BOARD_NR_CPUS);
	mm_init((u64)__hv_end, LA_CACHED(BOARD_HV_BASE + BOARD_HV_SIZE));
	pr_info("reserved 0x%lx-0x%lx (%lu KiB): image %lu KiB + bss %lu KiB, page pool %lu pages\n",
		BOARD_HV_BASE, BOARD_HV_BASE + BOARD_HV_SIZE - 1,
		BOARD_HV_SIZE >> 10, ((u64)__bss_start - (u64)__hv_start) >> 10,
		((u64)__hv_end - (u64)__bss_start) >> 10, mm_total_pages());
	pr_info("CPU 0: PRID 0x%x\n", cpucfg(CPUCFG_PRID));

	asm volatile("break 0" ::: "memory");
	if (la_trap_breaks(0) != 1) {
		pr_err("trap dispatch: break not handled\n");
		arch_system_off();
	}
	pr_info("trap dispatch: break (ecode 0x%x) handled\n", ECODE_BRK);

	smp_and_lock_test();

	cfg2 = cpucfg(CPUCFG_FEATURES);
	if (!(cfg2 & CPUCFG2_LVZ)) {
		pr_info("LVZ not present: cannot host zones (CPUCFG2 0x%x)\n",
			cfg2);
		pr_info("powering off\n");
		arch_system_off();
	}
	pr_info("LVZ present (version %u); zones on loongarch64 are not implemented yet\n",
		(cfg2 >> 11) & 7);
	pr_info("powering off\n");
	arch_system_off();
}

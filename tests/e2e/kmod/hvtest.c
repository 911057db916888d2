// SPDX-License-Identifier: GPL-2.0
/*
 * hvtest.ko: lets the end-to-end tests make calls from zone0's kernel that
 * no userspace program can: PSCI through SMC, and raw hypercalls. Each call
 * is made once at load time and its result printed; then it unloads itself
 * by failing the load with -ECANCELED, so it can be loaded again at once.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/delay.h>
#include <asm/sysreg.h>
#include <asm/cputype.h>
#include <linux/arm-smccc.h>
#include <uapi/linux/psci.h>

static long cpu_on = -1;
module_param(cpu_on, long, 0);
MODULE_PARM_DESC(cpu_on, "MPIDR to start with PSCI CPU_ON (refusal expected)");
static long affinity = -1;
module_param(affinity, long, 0);
MODULE_PARM_DESC(affinity, "MPIDR to ask PSCI AFFINITY_INFO about");
static long psci_fn = -1;
module_param(psci_fn, long, 0);
MODULE_PARM_DESC(psci_fn, "raw PSCI function id to call with SMC");

static long hvc = -1;
module_param(hvc, long, 0);
MODULE_PARM_DESC(hvc,
		 "hvisor hypercall code to make, with a 4 KiB buffer of ours");

static long peek = -1;
module_param(peek, long, 0);
MODULE_PARM_DESC(peek, "physical MMIO address to read, then write back");

static long poke[2] = { -1, -1 };
static int npoke;
module_param_array(poke, long, &npoke, 0);
MODULE_PARM_DESC(
	poke,
	"up to two physical MMIO addresses to write all-ones to, in order");

static int sgiburst;
module_param(sgiburst, int, 0);
MODULE_PARM_DESC(
	sgiburst,
	"with interrupts masked, raise more interrupts than there are list registers");

static int setway;
module_param(setway, int, 0);
MODULE_PARM_DESC(setway,
		 "run DC ISW/CSW/CISW (the hypervisor must make them safe)");
static int spin;
module_param(spin, int, 0);
MODULE_PARM_DESC(spin, "spin forever on this CPU with interrupts masked");

static int __init hvtest_init(void)
{
	struct arm_smccc_res res;
	int i;

	if (peek >= 0) {
		void __iomem *p = ioremap(peek & PAGE_MASK, PAGE_SIZE);
		u32 v;

		if (!p)
			return -ENOMEM;
		v = readl(p + (peek & ~PAGE_MASK));
		writel(v, p + (peek & ~PAGE_MASK));
		pr_info("hvtest: peek 0x%lx = 0x%x\n", peek, v);
		iounmap(p);
	}
	for (i = 0; i < npoke; i++) {
		void __iomem *p = ioremap(poke[i] & PAGE_MASK, PAGE_SIZE);

		if (!p)
			return -ENOMEM;
		writel(~0u, p + (poke[i] & ~PAGE_MASK));
		iounmap(p);
	}
	if (npoke)
		pr_info("hvtest: poke 0x%lx done\n", poke[0]);
	if (sgiburst) {
		/* IPIs that are harmless when spurious: reschedule, call
		 * function, broadcast tick, irq work; plus the timer, which ticks
		 * during the delay. Five or more pending at once. */
		static const u64 sgis[] = { 0, 1, 4, 5 };
		u64 target = BIT(read_cpuid_mpidr() & 0xf);
		unsigned long flags;

		local_irq_save(flags);
		for (i = 0; i < ARRAY_SIZE(sgis); i++)
			write_sysreg_s(target | (sgis[i] << 24),
				       SYS_ICC_SGI1R_EL1);
		mdelay(30);
		local_irq_restore(flags);
		pr_info("hvtest: interrupt burst delivered\n");
	}
	if (setway) {
		/* set 0, way 0, level 1: harmless when made clean+invalidate */
		asm volatile("dc isw, %0\n dc csw, %0\n dc cisw, %0" ::"r"(0UL)
			     : "memory");
		pr_info("hvtest: set/way operations done\n");
	}
	if (spin) {
		pr_warn("hvtest: spinning with interrupts masked\n");
		local_irq_disable();
		for (;;)
			cpu_relax();
	}

	if (hvc >= 0) {
		void *buf = kzalloc(PAGE_SIZE, GFP_KERNEL);

		if (!buf)
			return -ENOMEM;
		/* x1 = a buffer in our RAM, x2 = a size that fits any call */
		arm_smccc_1_1_hvc(hvc, virt_to_phys(buf), 1, &res);
		pr_info("hvtest: hypercall %ld = %ld\n", hvc, (long)res.a0);
		kfree(buf);
	}
	if (cpu_on >= 0) {
		/* the entry is zone0's own kernel: only the CPU is wrong */
		arm_smccc_smc(PSCI_0_2_FN64_CPU_ON, cpu_on, 0x42200000, 0, 0, 0,
			      0, 0, &res);
		pr_info("hvtest: CPU_ON(0x%lx) = %ld\n", cpu_on, (long)res.a0);
	}
	if (affinity >= 0) {
		arm_smccc_smc(PSCI_0_2_FN64_AFFINITY_INFO, affinity, 0, 0, 0, 0,
			      0, 0, &res);
		pr_info("hvtest: AFFINITY_INFO(0x%lx) = %ld\n", affinity,
			(long)res.a0);
	}
	if (psci_fn >= 0) {
		arm_smccc_smc(psci_fn, 0, 0, 0, 0, 0, 0, 0, &res);
		pr_info("hvtest: PSCI 0x%lx = %ld\n", psci_fn, (long)res.a0);
	}
	return -ECANCELED;
}

module_init(hvtest_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor end-to-end test helper");

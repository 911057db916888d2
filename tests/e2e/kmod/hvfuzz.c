// SPDX-License-Identifier: GPL-2.0
/*
 * hvfuzz.ko: the guest side of the attack suite (tests/e2e/test_60_attacks.py).
 * Loaded in a zone with op=NAME, it does one kind of hostile thing to the
 * hypervisor from EL1, prints "hvfuzz: NAME done ..." with what it saw, and
 * fails the load (-ECANCELED) so it can be loaded again at once. The zone
 * itself may be left hurt (its own interrupts disabled, say); the suite
 * checks that the hypervisor, zone0 and the other zone are not.
 */
#include <linux/module.h>
#include <linux/io.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/random.h>
#include <linux/arm-smccc.h>
#include <asm/sysreg.h>
#include <asm/cputype.h>

static char *op = "";
module_param(op, charp, 0);
MODULE_PARM_DESC(op, "what to do: see hvfuzz_init");
static ulong arg;
module_param(arg, ulong, 0);
MODULE_PARM_DESC(arg, "a number some ops take");

#define GICD 0x08000000UL
#define GICR 0x080a0000UL
#define GICR_SIZE 0x80000UL /* four CPUs' frames */

/* Every 4-byte register of a frame read, then written all-ones and
 * all-zeros; bytes, halves and doublewords at every alignment too. */
static void sweep(phys_addr_t base, size_t size, bool unaligned)
{
	/* unaligned accesses to Device memory fault in the zone itself:
	 * mapped Normal (non-cacheable), they reach the hypervisor as they are */
	void __iomem *p = unaligned ? ioremap_wc(base, size)
				    : ioremap(base, size);
	size_t off;

	if (!p)
		return;
	for (off = 0; off < size; off += 4) {
		if (!unaligned) {
			(void)readl(p + off);
			writel(~0u, p + off);
			writel(0, p + off);
			continue;
		}
		/* plain loads and stores: readw() and friends may use
		 * load-acquire, which faults on any misalignment */
		(void)*(volatile u8 *)(p + off + 1);
		*(volatile u8 *)(p + off + 3) = 0xff;
		(void)*(volatile u16 *)(p + off + 1);
		*(volatile u16 *)(p + off + 2) = 0xffff;
		if (off + 8 <= size) /* at 0 and at 4 mod 8, inside the frame */
			(void)*(volatile u64 *)(p + off);
		*(volatile u64 *)(p + (off & ~7UL)) = ~0ULL;
	}
	iounmap(p);
}

/* SGIs at every CPU but our own (SGI 2 to ourselves would stop us) */
static void sgi_storm(unsigned long n)
{
	u64 mpidr = read_cpuid_mpidr(), self_aff1 = (mpidr >> 8) & 0xff;
	u64 self = BIT_ULL(mpidr & 0xf);
	unsigned long i;

	for (i = 0; i < n; i++) {
		u64 intid = i % 16, aff1 = (i >> 4) % 4;
		u64 targets = aff1 == self_aff1 ? 0xffff & ~self : 0xffff;

		/* target lists of every CPU of every cluster, broadcast too */
		write_sysreg_s((intid << 24) | (aff1 << 16) | targets,
			       SYS_ICC_SGI1R_EL1);
		if (!(i % 7))
			write_sysreg_s((intid << 24) | BIT_ULL(40),
				       SYS_ICC_SGI1R_EL1);
	}
	isb();
}

/* GICv2: SGIs through GICD_SGIR, every target list and filter (the zone's
 * own CPU excluded from lists: SGI 2 would stop it) */
static void sgi_storm_v2(unsigned long n)
{
	void __iomem *p = ioremap(GICD, 0x10000);
	u32 self = readl(p + 0x800) & 0xff; /* ITARGETSR0: our own bit */
	unsigned long i;

	if (!p)
		return;
	for (i = 0; i < n; i++) {
		u32 intid = i % 16, list = (i * 37) & 0xff & ~self;

		writel(list << 16 | intid, p + 0xf00);
		if (!(i % 7)) /* everyone but us */
			writel(1u << 24 | intid, p + 0xf00);
		if (!(i % 11)) /* the reserved filter, every list */
			writel(3u << 24 | 0xffu << 16 | intid, p + 0xf00);
		if (!(i % 13)) /* ourselves */
			writel(2u << 24 | intid, p + 0xf00);
	}
	iounmap(p);
}

/* GICv2: every SPI aimed at every CPU interface, one byte at a time and
 * four at once */
static void route_all_v2(void)
{
	void __iomem *p = ioremap(GICD, 0x10000);
	unsigned int intid, cpu;

	if (!p)
		return;
	for (intid = 32; intid < 256; intid++)
		for (cpu = 0; cpu < 8; cpu++) {
			writeb(1u << cpu, p + 0x800 + intid);
			writel(0x01010101u << cpu, p + 0x800 + (intid & ~3u));
			writeb(0xff, p + 0x800 + intid);
		}
	iounmap(p);
}

static void route_all(void)
{
	void __iomem *p = ioremap(GICD, 0x10000);
	unsigned int intid, cpu;

	if (!p)
		return;
	for (intid = 32; intid < 256; intid++)
		for (cpu = 0; cpu < 8; cpu++) {
			writeq(cpu, p + 0x6000 + 8 * intid);
			writeq(BIT_ULL(31), p + 0x6000 + 8 * intid); /* IRM */
			writel(cpu << 8, p + 0x6000 + 8 * intid);
		}
	iounmap(p);
}

static long psci(bool hvc, u32 fn, u64 a1, u64 a2, u64 a3)
{
	struct arm_smccc_res res;

	if (hvc)
		arm_smccc_hvc(fn, a1, a2, a3, 0, 0, 0, 0, &res);
	else
		arm_smccc_smc(fn, a1, a2, a3, 0, 0, 0, 0, &res);
	return (long)res.a0;
}

/* Every function in the PSCI range but SYSTEM_OFF/RESET (which would end
 * this zone: tested elsewhere), CPU_ON of every MPIDR with good and bad
 * entry points. Returns how many CPU_ON calls succeeded. */
static unsigned int psci_fuzz(bool hvc)
{
	static const u64 entries[] = { 0, 1, 0x40000000, 0x42200000,
				       0xfffffffffffffffcULL };
	unsigned int mpidr, i, on = 0;
	u32 fn;

	for (fn = 0; fn < 0x20; fn++) {
		if (fn == 8 || fn == 9 || fn == 2 || fn == 1 || fn == 0xe ||
		    fn == 0x12) /* off, reset, CPU_OFF, suspends */
			continue;
		psci(hvc, 0x84000000 + fn, ~0ULL, ~0ULL, ~0ULL);
		psci(hvc, 0xc4000000 + fn, 0, 0, 0);
	}
	for (mpidr = 0; mpidr < 0x104; mpidr++)
		for (i = 0; i < ARRAY_SIZE(entries); i++)
			on += psci(hvc, 0xc4000003, mpidr, entries[i], 0) == 0;
	for (mpidr = 0; mpidr < 0x104; mpidr++)
		psci(hvc, 0xc4000004, mpidr, 0, 0); /* AFFINITY_INFO */
	return on;
}

/* Every hypercall number with arguments pointing at nothing, at zone0's
 * RAM, at the hypervisor; returns how many calls succeeded. */
static unsigned int hypercall_fuzz(void)
{
	static const u64 args[] = { 0,		~0ULL,	    0x40000000,
				    0x42000000, 0x80000000, 0x41fff000 };
	unsigned int code, i, j, ok = 0;
	struct arm_smccc_res res;

	for (code = 0; code < 70; code++)
		for (i = 0; i < ARRAY_SIZE(args); i++)
			for (j = 0; j < ARRAY_SIZE(args); j++) {
				arm_smccc_hvc(code, args[i], args[j], args[j],
					      0, 0, 0, 0, &res);
				/* ABI check and info may answer anyone */
				if (!res.a0 && code > 1)
					ok++;
			}
	arm_smccc_hvc(0x12345678, 0, 0, 0, 0, 0, 0, 0, &res);
	return ok;
}

static void refused_calls(unsigned long n)
{
	struct arm_smccc_res res;
	unsigned long i;

	for (i = 0; i < n; i++) {
		arm_smccc_hvc(3, 0, 0, 0, 0, 0, 0, 0, &res); /* shutdown */
		arm_smccc_smc(0xc4000003, 0, 0x80200000, 0, 0, 0, 0, 0, &res);
	}
}

static void cache_storm(unsigned long n)
{
	unsigned long i, set, way;

	for (i = 0; i < n; i++)
		for (set = 0; set < 256; set++)
			for (way = 0; way < 4; way++) {
				u64 sw = (way << 30) | (set << 6);

				asm volatile(
					"dc isw, %0\n dc csw, %0\n dc cisw, %0" ::
						"r"(sw)
					: "memory");
			}
	asm volatile("ic iallu\n dsb sy\n isb" ::: "memory");
}

/* Values a CPU's next owner must not see: set here, read back there. */
static void canaries(bool set)
{
	u64 par, bvr;

	if (set) {
		/* registers Linux itself leaves alone (it writes CONTEXTIDR
		 * on every task switch) */
		write_sysreg(0x5a5a5a5a5a5a5000UL, par_el1);
		asm volatile("msr dbgbvr0_el1, %0\n msr dbgwvr0_el1, %0" ::"r"(
			0x4d4d4d4d4d4d4d40UL));
		isb();
	}
	par = read_sysreg(par_el1);
	asm volatile("mrs %0, dbgbvr0_el1" : "=r"(bvr));
	pr_info("hvfuzz: canaries par=0x%llx dbgbvr0=0x%llx\n", par, bvr);
}

/* A page of ours filled with a pattern and never freed: its physical
 * address is printed so that the zone's next life can look there. */
static void ram_mark(void)
{
	u8 *p = (u8 *)__get_free_page(GFP_KERNEL);

	if (!p)
		return;
	memset(p, 0xa5, PAGE_SIZE);
	pr_info("hvfuzz: marked page at 0x%llx\n", (u64)virt_to_phys(p));
}

static void ram_look(phys_addr_t pa)
{
	u8 *p = memremap(pa, PAGE_SIZE, MEMREMAP_WB);
	unsigned int i, same = 0;

	if (!p)
		return;
	for (i = 0; i < PAGE_SIZE; i++)
		same += p[i] == 0xa5;
	pr_info("hvfuzz: page at 0x%llx holds %u bytes of the old pattern\n",
		(u64)pa, same);
	memunmap(p);
}

static int __init hvfuzz_init(void)
{
	if (!strcmp(op, "gicd"))
		sweep(GICD, 0x10000, false);
	else if (!strcmp(op, "gicd-unaligned"))
		sweep(GICD, 0x10000, true);
	else if (!strcmp(op, "gicr"))
		sweep(GICR, GICR_SIZE, false);
	else if (!strcmp(op, "gicr-unaligned"))
		sweep(GICR, GICR_SIZE, true);
	else if (!strcmp(op, "sgi-storm"))
		sgi_storm(arg ? arg : 100000);
	else if (!strcmp(op, "sgi-storm-v2"))
		sgi_storm_v2(arg ? arg : 100000);
	else if (!strcmp(op, "route-v2"))
		route_all_v2();
	else if (!strcmp(op, "route"))
		route_all();
	else if (!strcmp(op, "psci-smc"))
		pr_info("hvfuzz: psci-smc started %u CPUs\n", psci_fuzz(false));
	else if (!strcmp(op, "psci-hvc"))
		pr_info("hvfuzz: psci-hvc started %u CPUs\n", psci_fuzz(true));
	else if (!strcmp(op, "hypercalls"))
		pr_info("hvfuzz: hypercalls accepted %u\n", hypercall_fuzz());
	else if (!strcmp(op, "refused"))
		refused_calls(arg ? arg : 100000);
	else if (!strcmp(op, "cache"))
		cache_storm(arg ? arg : 100);
	else if (!strcmp(op, "canaries-set"))
		canaries(true);
	else if (!strcmp(op, "canaries"))
		canaries(false);
	else if (!strcmp(op, "ram-mark"))
		ram_mark();
	else if (!strcmp(op, "ram-look"))
		ram_look(arg);
	else
		return -EINVAL;
	pr_warn("hvfuzz: %s done\n", op);
	return -ECANCELED;
}

module_init(hvfuzz_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor end-to-end test: hostile calls from a zone");

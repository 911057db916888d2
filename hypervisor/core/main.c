// SPDX-License-Identifier: GPL-2.0
/*
 * Boot flow. CPU 0: the board from its device tree, console, page pool,
 * EL2 MMU, interrupt controller, zone0 from the config the loader put in
 * its boot slot (checked against the board), then the other CPUs through
 * firmware PSCI; last it enters zone0 at its entry point. Other CPUs set
 * themselves up and park until a zone starts them.
 */
#include "core/board.h"
#include "core/lib.h"
#include "core/printk.h"
#include "core/mm.h"
#include "core/zone.h"
#include "core/vcpu.h"
#include "arch.h"

struct percpu percpu_data[BOARD_MAX_CPUS];
extern char __hv_start[], __hv_end[], __hv_limit[], __bss_start[];
extern char __boot_dtb[], __boot_zone0[];

#define BOOT_SLOT_SIZE 0x80000UL

static void secondary_main(struct percpu *pc)
{
	arch_cpu_init(pc);
	arch_irq_cpu_init(pc);
	__atomic_store_n(&pc->online, true, __ATOMIC_RELEASE);
	vcpu_park();
}

static void bring_up_cpus(void)
{
	unsigned int cpu;

	for (cpu = 1; cpu < board.nr_cpus; cpu++) {
		int ret = arch_cpu_power_on(cpu);

		if (ret) {
			pr_err("CPU %u (MPIDR 0x%lx): firmware CPU_ON failed (%d)\n",
			       cpu, board.mpidr[cpu], ret);
			continue;
		}
		while (!__atomic_load_n(&per_cpu(cpu)->online,
					__ATOMIC_ACQUIRE))
			;
	}
}

/* A board the hypervisor cannot run on: say why if its UART is known
 * (board_init finds it first), then stop. */
static __attribute__((noreturn)) void no_board(const char *why)
{
	if (board.uart.kind)
		pr_err("hvisor %s cannot run on %s: %s\n", HVISOR_VERSION,
		       board.name, why);
	for (;;)
		arch_cpu_wait();
}

/* zone0's config against the board: a line for each mismatch (the rules
 * at zone_create stop at the first). Returns the number found. */
static unsigned int check_zone0(const struct hv_zone_config *c)
{
	const struct hv_arch_config *a = &c->arch;
	unsigned int n = 0, i;

#define MISMATCH(...)                                                          \
	do {                                                                   \
		pr_err("zone0's config does not fit the board: " __VA_ARGS__); \
		n++;                                                           \
	} while (0)
	if (a->gic_version != board.gic.version)
		MISMATCH("arch_config.gic_version %u, the board has a GICv%u\n",
			 a->gic_version, board.gic.version);
	if (a->gicd_base != board.gic.gicd)
		MISMATCH("arch_config.gicd_base 0x%lx, the board's is 0x%lx\n",
			 a->gicd_base, board.gic.gicd);
	if (board.gic.version == 3 && a->gicr_base != board.gic.gicr)
		MISMATCH("arch_config.gicr_base 0x%lx, the board's is 0x%lx\n",
			 a->gicr_base, board.gic.gicr);
	if (board.gic.version == 2 && a->gicc_base != board.gic.gicc)
		MISMATCH("arch_config.gicc_base 0x%lx, the board's is 0x%lx\n",
			 a->gicc_base, board.gic.gicc);
	for (i = 0; i < 64; i++)
		if ((c->cpus >> i & 1) && i >= board.nr_cpus)
			MISMATCH("CPU %u, the board has %u\n", i,
				 board.nr_cpus);
	for (i = 0; i < c->num_mem_regions && i < HV_MAX_MEM_REGIONS; i++) {
		const struct hv_mem_region *r = &c->mem_regions[i];

		if (r->type == HV_MEM_RAM &&
		    !board_is_ram(&board, r->phys_start, r->size))
			MISMATCH(
				"memory_regions[%u] 0x%lx+0x%lx is not the board's RAM\n",
				i, r->phys_start, r->size);
		if (r->type == HV_MEM_IO &&
		    board_touches_ram(&board, r->phys_start, r->size))
			MISMATCH(
				"memory_regions[%u] 0x%lx+0x%lx is a device region in the board's RAM\n",
				i, r->phys_start, r->size);
	}
#undef MISMATCH
	return n;
}

static void print_board(void)
{
	unsigned int i;

	pr_info("hvisor %s (ABI %u.%u) on %s: GICv%u, %u CPUs, %s UART at 0x%lx\n",
		HVISOR_VERSION, HV_ABI_MAJOR, HV_ABI_MINOR, board.name,
		board.gic.version, board.nr_cpus,
		board.uart.kind == UART_PL011 ? "PL011" : "Cadence",
		board.uart.base);
	for (i = 0; i < board.nr_cpus; i++)
		pr_info("CPU %u: MPIDR 0x%lx\n", i, board.mpidr[i]);
	for (i = 0; i < board.nr_ram; i++)
		pr_info("RAM 0x%lx-0x%lx\n", board.ram[i].base,
			board.ram[i].base + board.ram[i].size - 1);
}

void hv_cpu_main(unsigned int cpu, bool primary, u64 dtb)
{
	struct percpu *pc = per_cpu(cpu);
	static struct hv_zone_config z0_cfg;
	static char why[96];
	struct zone *z0;
	u64 hv_base = (u64)__hv_start, hv_size = (u64)__hv_limit - hv_base;
	unsigned int i;

	pc->cpu_id = cpu;
	if (!primary) {
		secondary_main(pc);
		return;
	}

	if (board_init(&board, dtb ? (const void *)dtb : __boot_dtb,
		       dtb ? SZ_1M : BOOT_SLOT_SIZE, hv_base, hv_size,
		       arch_boot_cpu_id(), why, sizeof(why)))
		no_board(why);
	print_board();
	mm_init((u64)__hv_end, (u64)__boot_dtb);
	pr_info("reserved 0x%lx-0x%lx (%lu KiB): image %lu KiB + bss %lu KiB, page pool %lu pages, boot slots %lu KiB\n",
		hv_base, hv_base + hv_size - 1, hv_size >> 10,
		((u64)__bss_start - hv_base) >> 10,
		((u64)__hv_end - (u64)__bss_start) >> 10, mm_total_pages(),
		((u64)__hv_limit - (u64)__boot_dtb) >> 10);
	arch_mmu_init();
	arch_cpu_init(pc);
	arch_irq_init();
	arch_irq_cpu_init(pc);
	pc->online = true;

	/* the loader's copy of zone0's config, checked like any other */
	memcpy(&z0_cfg, __boot_zone0, sizeof(z0_cfg));
	if (z0_cfg.magic != HV_ABI_MAGIC || z0_cfg.size != sizeof(z0_cfg) ||
	    z0_cfg.version >> 16 != HV_ABI_MAJOR)
		panic("no zone0 config of ABI %u in its boot slot at 0x%lx (hvisor config compile, loaded there)\n",
		      HV_ABI_MAJOR, (u64)__boot_zone0);
	if (check_zone0(&z0_cfg))
		panic("zone0's config does not fit %s; nothing to run\n",
		      board.name);
	bring_up_cpus();
	z0_cfg.flags |=
		HV_ZONE_START_PAUSED; /* started below, after the table */
	if (zone_create(&z0_cfg, &z0))
		panic("zone0's config was refused; nothing to run\n");
	for (i = 0; i < board.nr_cpus; i++)
		if (!per_cpu(i)->online)
			pr_warn("CPU %u is not available\n", i);
	zone_print_table();
	pr_info("page pool: %lu of %lu pages free\n", mm_free_pages(),
		mm_total_pages());
	z0->state = HV_ZONE_RUNNING;
	zone_start(z0);
	vcpu_park();
}

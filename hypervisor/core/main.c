// SPDX-License-Identifier: GPL-2.0
/*
 * Boot flow. CPU 0: console, page pool, EL2 MMU, GIC, zone0 from its
 * built-in config, then the other CPUs through firmware PSCI; last it
 * enters zone0 at its entry point. Other CPUs set themselves up and park
 * until a zone starts them.
 */
#include "core/printk.h"
#include "core/mm.h"
#include "core/zone.h"
#include "core/vcpu.h"
#include "arch.h"

struct percpu percpu_data[BOARD_NR_CPUS];
extern const struct hv_zone_config zone0_config;
extern const u32 zone0_config_size;
extern char __hv_start[], __hv_end[], __bss_start[];

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

	for (cpu = 1; cpu < BOARD_NR_CPUS; cpu++) {
		int ret = arch_cpu_power_on(cpu);

		if (ret) {
			pr_err("CPU %u: firmware CPU_ON failed (%d)\n", cpu,
			       ret);
			continue;
		}
		while (!__atomic_load_n(&per_cpu(cpu)->online,
					__ATOMIC_ACQUIRE))
			;
	}
}

void hv_cpu_main(unsigned int cpu, bool primary)
{
	struct percpu *pc = per_cpu(cpu);
	static struct hv_zone_config z0_cfg;
	struct zone *z0;
	unsigned int i;

	pc->cpu_id = cpu;
	if (!primary) {
		secondary_main(pc);
		return;
	}

	pr_info("hvisor %s (ABI %u.%u) on %s, %u CPUs\n", HVISOR_VERSION,
		HV_ABI_MAJOR, HV_ABI_MINOR, BOARD_NAME, BOARD_NR_CPUS);
	mm_init((u64)__hv_end, BOARD_HV_BASE + BOARD_HV_SIZE);
	pr_info("reserved 0x%lx-0x%lx (%lu KiB): image %lu KiB + bss %lu KiB, page pool %lu pages\n",
		BOARD_HV_BASE, BOARD_HV_BASE + BOARD_HV_SIZE - 1,
		BOARD_HV_SIZE >> 10, ((u64)__bss_start - BOARD_HV_BASE) >> 10,
		((u64)__hv_end - (u64)__bss_start) >> 10, mm_total_pages());
	arch_mmu_init();
	arch_cpu_init(pc);
	arch_irq_init();
	arch_irq_cpu_init(pc);
	pc->online = true;

	if (zone0_config_size != sizeof(struct hv_zone_config))
		panic("built-in zone0 config has %u bytes, expected %u\n",
		      zone0_config_size,
		      (unsigned int)sizeof(struct hv_zone_config));
	bring_up_cpus();
	z0_cfg = zone0_config;
	z0_cfg.flags |=
		HV_ZONE_START_PAUSED; /* started below, after the table */
	if (zone_create(&z0_cfg, &z0))
		panic("zone0's config was refused; nothing to run\n");
	for (i = 0; i < BOARD_NR_CPUS; i++)
		if (!per_cpu(i)->online)
			pr_warn("CPU %u is not available\n", i);
	zone_print_table();
	pr_info("page pool: %lu of %lu pages free\n", mm_free_pages(),
		mm_total_pages());
	z0->state = HV_ZONE_RUNNING;
	zone_start(z0);
	vcpu_park();
}

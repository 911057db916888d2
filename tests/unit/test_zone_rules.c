// sources: hypervisor/core/zone_rules.c hypervisor/core/config_check.c hypervisor/core/config_ivc.c
/*
 * The hypervisor's live rules for a new zone (core/zone_rules.c), each
 * accepted and refused, on a snapshot shaped like the real board: zone0 on
 * CPUs 0-1 with RAM at 0x42000000, the hypervisor at 0x40000000.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/zone_rules.h"

static struct hv_zone_config zone0, zone1, cfg;
static struct zone_rules_ctx ctx;
/* QEMU virt as the hypervisor reads it from its device tree */
static struct board b;
static const struct board qemu_virt = {
	.nr_cpus = 4,
	.gic = { .version = 3,
		 .gicd = 0x08000000,
		 .gicr = 0x080a0000,
		 .gicr_size = 0xf60000,
		 .span = { 0x08000000, 0x01000000 } },
	.nr_ram = 1,
	.ram = { { 0x40000000, 0x100000000UL } },
	.hv = { 0x40000000, 0x02000000 },
};
static struct hv_cfg_error err;
static char msg[128];

static void region(struct hv_zone_config *c, u32 type, u64 pa, u64 size)
{
	struct hv_mem_region *r = &c->mem_regions[c->num_mem_regions++];

	r->type = type;
	r->phys_start = r->virt_start = pa;
	r->size = size;
}

static void base(struct hv_zone_config *c, u32 id, const char *name, u64 cpus)
{
	memset(c, 0, sizeof(*c));
	c->magic = HV_ABI_MAGIC;
	c->version = HV_ABI_VERSION;
	c->size = sizeof(*c);
	c->zone_id = id;
	strcpy(c->name, name);
	c->cpus = cpus;
	c->arch.gic_version = HV_GIC_V3;
	c->arch.gicd_base = 0x08000000;
	c->arch.gicd_size = 0x10000;
	c->arch.gicr_base = 0x080a0000;
	c->arch.gicr_size = 0xf60000;
}

static int setup(void **state)
{
	(void)state;
	base(&zone0, 0, "zone0", 0x3);
	region(&zone0, HV_MEM_RAM, 0x42000000, 0x3e000000);
	region(&zone0, HV_MEM_IO, 0x09000000, 0x1000);
	zone0.irqs[zone0.num_irqs++] = 33;

	base(&cfg, 1, "zone1", 0x4);
	region(&cfg, HV_MEM_RAM, 0x80000000, 0x20000000);
	cfg.irqs[cfg.num_irqs++] = 40;
	cfg.console_base = 0x09100000;
	cfg.console_irq = 41;

	memset(&ctx, 0, sizeof(ctx));
	b = qemu_virt;
	ctx.board = &b;
	ctx.nr_cpus = 4;
	ctx.cpus_online = 0xf;
	ctx.zones[0] = &zone0;
	ctx.zone_cpus[0] = 0x3;
	ctx.root = 0;
	ctx.root_boot_cpu = 0;
	ctx.root_cpus_on = 0x3;
	memset(&err, 0, sizeof(err));
	msg[0] = '\0';
	return 0;
}

static int check(void)
{
	int ret = zone_rules_check(&ctx, &cfg, &err);

	if (ret)
		hv_cfg_error_format(&err, msg, sizeof(msg));
	return ret;
}

static void add_zone1(void)
{
	base(&zone1, 1, "zone1", 0x4);
	region(&zone1, HV_MEM_RAM, 0x80000000, 0x20000000);
	zone1.irqs[zone1.num_irqs++] = 40;
	zone1.console_base = 0x09100000;
	zone1.console_irq = 41;
	ctx.zones[3] = &zone1;
	ctx.zone_cpus[3] = 0x4;
}

static void test_good_zone_accepted(void **s)
{
	(void)s;
	assert_int_equal(check(), 0);
}

static void test_id_in_use(void **s)
{
	(void)s;
	cfg.zone_id = 0;
	assert_int_equal(check(), -HV_EEXIST);
	assert_string_equal(msg, "zone_id: 0: is in use");
}

static void test_name_in_use(void **s)
{
	(void)s;
	add_zone1();
	cfg.zone_id = 2;
	cfg.cpus = 0x8;
	assert_int_equal(check(), -HV_EEXIST);
	assert_string_equal(msg, "name: is in use by zone 1");
}

static void test_cpu_missing_or_not_online(void **s)
{
	(void)s;
	cfg.cpus = 0x10;
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(msg, "cpus: 4: is not available");
	cfg.cpus = 0x8;
	ctx.cpus_online = 0x7;
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(msg, "cpus: 3: is not available");
}

static void test_cpu_of_other_zone(void **s)
{
	(void)s;
	add_zone1();
	base(&cfg, 2, "zone2", 0x4);
	region(&cfg, HV_MEM_RAM, 0xa0000000, 0x20000000);
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(msg, "cpus: 2: belongs to zone 1");
}

static void test_zone0_boot_cpu_refused(void **s)
{
	(void)s;
	cfg.cpus = 0x1;
	ctx.root_cpus_on = 0x2; /* even if it were offline */
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(msg, "cpus: 0: is the boot CPU of zone 0");
}

static void test_zone0_online_cpu_refused_offline_accepted(void **s)
{
	(void)s;
	cfg.cpus = 0x2;
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"cpus: 1: is online in zone0 (take it offline there first)");
	ctx.root_cpus_on = 0x1;
	assert_int_equal(check(), 0);
}

static void test_ram_over_hypervisor(void **s)
{
	(void)s;
	cfg.mem_regions[0].phys_start = 0x41000000;
	cfg.mem_regions[0].size = 0x1000000;
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"memory_regions[0].physical_start: 0x41000000: overlaps the hypervisor's memory");
}

/* the former save area is RAM like any other now */
static void test_ram_in_former_save_area(void **s)
{
	(void)s;
	cfg.mem_regions[0].phys_start = 0xc0000000;
	assert_int_equal(check(), 0);
}

static void test_ram_outside_board_ram(void **s)
{
	(void)s;
	cfg.mem_regions[0].phys_start = 0x140000000UL;
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"memory_regions[0].physical_start: 0x140000000: is not inside the board's RAM");
	cfg.mem_regions[0].phys_start = 0x13ff00000UL; /* runs past the end */
	assert_int_equal(check(), -HV_EINVAL);
	cfg.mem_regions[0].phys_start = 0x10000000; /* PCIe window as RAM */
	assert_int_equal(check(), -HV_EINVAL);
}

static void test_device_region_in_ram(void **s)
{
	(void)s;
	region(&cfg, HV_MEM_IO, 0x100000000UL, 0x1000);
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"memory_regions[1].physical_start: 0x100000000: is a device region inside RAM");
}

static void test_device_region_over_gic(void **s)
{
	(void)s;
	region(&cfg, HV_MEM_IO, 0x080c0000, 0x20000);
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"memory_regions[1].physical_start: 0x80c0000: overlaps the GIC, which the hypervisor owns");
}

static void test_overlaps_zone0_ram_and_devices(void **s)
{
	(void)s;
	cfg.mem_regions[0].phys_start = 0x7ff00000;
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"memory_regions[0].physical_start: 0x7ff00000: overlaps memory_regions[0] of zone 0");
	setup(NULL);
	region(&cfg, HV_MEM_IO, 0x09000000, 0x1000); /* zone0's UART */
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"memory_regions[1].physical_start: 0x9000000: overlaps memory_regions[1] of zone 0");
}

static void test_adjacent_regions_accepted(void **s)
{
	(void)s;
	cfg.mem_regions[0].phys_start = 0x80000000; /* zone0 ends here */
	region(&cfg, HV_MEM_IO, 0x09001000, 0x1000);
	assert_int_equal(check(), 0);
}

static void test_irq_of_other_zone(void **s)
{
	(void)s;
	cfg.irqs[cfg.num_irqs++] = 33;
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(msg, "interrupts[1]: 33: belongs to zone 0");
}

/* A console interrupt is virtual: the same number may be another zone's
 * physical SPI (zone1's console is INTID 33 like zone0's real UART). */
static void test_console_irq_is_virtual(void **s)
{
	(void)s;
	cfg.console_irq = 33;
	assert_int_equal(check(), 0);
}

static void test_gic_addresses_must_match_board(void **s)
{
	(void)s;
	cfg.arch.gicd_base = 0x08010000;
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"arch_config.gicd_base: 0x8010000: differs from the board's GIC distributor");
	cfg.arch.gicd_base = 0x08000000;
	cfg.arch.gicr_base = 0x080c0000;
	assert_int_equal(check(), -HV_EINVAL);
}

static void test_gic_version_and_v2_frames_must_match_board(void **s)
{
	(void)s;
	/* a GICv2 board (QEMU virt, gic-version=2) */
	b.gic = (typeof(b.gic)){ .version = 2,
				 .gicd = 0x08000000,
				 .gicc = 0x08010000,
				 .gicc_size = 0x10000,
				 .gich = 0x08030000,
				 .gicv = 0x08040000,
				 .span = { 0x08000000, 0x50000 } };
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg, "arch_config.gic_version: 3: the board's GIC is a GICv2");
	cfg.arch = (struct hv_arch_config){ .gic_version = HV_GIC_V2,
					    .gicd_base = 0x08000000,
					    .gicd_size = 0x10000,
					    .gicc_base = 0x08010000,
					    .gicc_size = 0x10000 };
	assert_int_equal(check(), 0);
	cfg.arch.gicv_base = 0x08050000; /* not the board's */
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"arch_config.gicv_base: 0x8050000: differs from the board's virtual CPU interface");
	cfg.arch.gicv_base = 0x08040000;
	cfg.arch.gicc_base = 0x08020000;
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"arch_config.gicc_base: 0x8020000: differs from the board's GIC CPU interface");
}

static void test_ram_banks_of_a_board(void **s)
{
	(void)s;
	/* RAM in two banks with a hole (ZCU102-like) */
	b.nr_ram = 2;
	b.ram[0] = (struct board_range){ 0x0, 0x80000000 };
	b.ram[1] = (struct board_range){ 0x800000000UL, 0x80000000 };
	b.hv = (struct board_range){ 0x40000000, 0x800000 };
	cfg.mem_regions[0].phys_start = cfg.mem_regions[0].virt_start =
		0x800000000UL;
	check();
	assert_string_equal(msg, "");
	cfg.mem_regions[0].phys_start = 0x7ff00000; /* across the hole */
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"memory_regions[0].physical_start: 0x7ff00000: is not inside the board's RAM");
}

static void test_second_zone_after_first(void **s)
{
	(void)s;
	add_zone1();
	base(&cfg, 2, "zone2", 0x8);
	region(&cfg, HV_MEM_RAM, 0xa0000000, 0x20000000);
	cfg.irqs[cfg.num_irqs++] = 42;
	assert_int_equal(check(), 0);
	cfg.mem_regions[0].phys_start = 0x9ff00000; /* into zone1's RAM */
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"memory_regions[0].physical_start: 0x9ff00000: overlaps memory_regions[0] of zone 1");
}

static void ivc(struct hv_zone_config *c, u32 peer, u32 out, u32 irq)
{
	c->ivc[c->num_ivc++] = (struct hv_ivc_config){
		.ivc_id = 3,
		.peer_id = peer,
		.control_table_ipa = 0x0b000000,
		.shared_mem_ipa = 0x0b010000,
		.rw_sec_size = 0x1000,
		.out_sec_size = out,
		.interrupt_num = irq,
		.max_peers = 2,
	};
	c->irqs[c->num_irqs++] = irq;
}

/* a channel's peers must agree on its shape and take different ids */
static void test_ivc_peers_must_agree(void **s)
{
	(void)s;
	add_zone1();
	ivc(&zone1, 0, 0x10000, 80);
	cfg.zone_id = 2;
	strcpy(cfg.name, "zone2");
	cfg.cpus = 0x8;
	cfg.mem_regions[0].phys_start = cfg.mem_regions[0].virt_start =
		0xa0000000;
	cfg.irqs[0] = 42;
	ivc(&cfg, 1, 0x10000, 81);
	assert_int_equal(check(), 0);
	cfg.ivc[0].out_sec_size = 0x2000;
	assert_int_equal(check(), -HV_EINVAL);
	assert_string_equal(
		msg,
		"ivc_configs[0].out_sec_size: 0x2000: differs from its peer's in zone 1");
	cfg.ivc[0].out_sec_size = 0x10000;
	cfg.ivc[0].peer_id = 0;
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(
		msg,
		"ivc_configs[0].peer_id: 0: is taken by its peer in zone 1");
	/* another channel id is another channel */
	cfg.ivc[0].ivc_id = 4;
	assert_int_equal(check(), 0);
	/* one doorbell SPI per zone: a peer's is its own */
	cfg.ivc[0].ivc_id = 3;
	cfg.ivc[0].peer_id = 1;
	cfg.irqs[cfg.num_irqs - 1] = 80;
	cfg.ivc[0].interrupt_num = 80;
	assert_int_equal(check(), -HV_EBUSY);
	assert_string_equal(msg, "interrupts[1]: 80: belongs to zone 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_good_zone_accepted),
		T(test_id_in_use),
		T(test_name_in_use),
		T(test_cpu_missing_or_not_online),
		T(test_cpu_of_other_zone),
		T(test_zone0_boot_cpu_refused),
		T(test_zone0_online_cpu_refused_offline_accepted),
		T(test_ram_over_hypervisor),
		T(test_ram_in_former_save_area),
		T(test_ram_outside_board_ram),
		T(test_device_region_in_ram),
		T(test_device_region_over_gic),
		T(test_overlaps_zone0_ram_and_devices),
		T(test_adjacent_regions_accepted),
		T(test_irq_of_other_zone),
		T(test_console_irq_is_virtual),
		T(test_gic_addresses_must_match_board),
		T(test_gic_version_and_v2_frames_must_match_board),
		T(test_ram_banks_of_a_board),
		T(test_second_zone_after_first),
		T(test_ivc_peers_must_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

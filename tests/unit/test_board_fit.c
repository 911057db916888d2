// sources: tools/config/board_fit.c tools/config/board_dtb.c tools/config/dtb.c tools/lib/file.c hypervisor/core/board.c hypervisor/core/devtree.c tools/config/config.c tools/config/zf_json.c tools/config/zf_zone.c tools/config/zf_virtio.c tools/config/zf_ivc.c tools/config/virtio_cfg.c hypervisor/core/config_check.c hypervisor/core/config_ivc.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `hvisor config check` in zone0 against the board the hypervisor reports
 * (tools/config/board_fit.c): each contradiction is one line naming the file, the
 * field, the value and the board's; a config that fits prints nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "board_dtb.h"
#include "config.h"
#include "virtio_cfg.h"
#include "board_fit.h"

static char *out;
static size_t out_size;

/* QEMU virt with a GICv2, as its info call reports it */
static void v2_board(struct hv_info *b)
{
	memset(b, 0, sizeof(*b));
	strcpy(b->board, "linux,dummy-virt");
	b->gic_version = HV_GIC_V2;
	b->num_cpus = 4;
	b->gicd_base = 0x08000000;
	b->gicc_base = 0x08010000;
	b->gich_base = 0x08030000;
	b->gicv_base = 0x08040000;
	b->num_ram = 1;
	b->ram[0].base = 0x40000000;
	b->ram[0].size = 0x100000000;
}

static void v2_zone(struct hv_zone_config *c)
{
	memset(c, 0, sizeof(*c));
	c->cpus = 0x4;
	c->num_mem_regions = 2;
	c->mem_regions[0] = (struct hv_mem_region){ .type = HV_MEM_RAM,
						    .phys_start = 0x80000000,
						    .virt_start = 0x80000000,
						    .size = 0x20000000 };
	c->mem_regions[1] = (struct hv_mem_region){ .type = HV_MEM_IO,
						    .phys_start = 0x0a001000,
						    .virt_start = 0x0a001000,
						    .size = 0x1000 };
	c->arch.gic_version = HV_GIC_V2;
	c->arch.gicd_base = 0x08000000;
	c->arch.gicd_size = 0x10000;
	c->arch.gicc_base = 0x08010000;
	c->arch.gicc_size = 0x10000;
}

static unsigned int fit(const struct hv_zone_config *c, const struct hv_info *b)
{
	FILE *f;
	unsigned int n;

	free(out);
	out = NULL;
	f = open_memstream(&out, &out_size);
	n = board_fit_check(c, b, "z.json", f);
	fclose(f);
	return n;
}

static void test_fits(void **state)
{
	struct hv_info b;
	struct hv_zone_config c;

	(void)state;
	v2_board(&b);
	v2_zone(&c);
	assert_int_equal(fit(&c, &b), 0);
	assert_string_equal(out, "");
	/* hvisor's configs name the virtual frames too: the board's are fine */
	c.arch.gich_base = 0x08030000;
	c.arch.gicv_base = 0x08040000;
	assert_int_equal(fit(&c, &b), 0);
}

static void test_wrong_version(void **state)
{
	struct hv_info b;
	struct hv_zone_config c;

	(void)state;
	v2_board(&b);
	v2_zone(&c);
	c.arch.gic_version = HV_GIC_V3;
	assert_int_equal(fit(&c, &b), 1);
	assert_string_equal(
		out,
		"hvisor: z.json: arch_config.gic_version: v3: the board (linux,dummy-virt) has a GICv2\n");
}

static void test_every_frame_named(void **state)
{
	struct hv_info b;
	struct hv_zone_config c;

	(void)state;
	v2_board(&b);
	v2_zone(&c);
	c.arch.gicd_base = 0x08001000;
	c.arch.gicc_base = 0x08020000;
	c.arch.gich_base = 0x08050000;
	c.arch.gicv_base = 0x08060000;
	assert_int_equal(fit(&c, &b), 4);
	assert_non_null(strstr(
		out,
		"arch_config.gicd_base: 0x8001000: the board's distributor is at 0x8000000\n"));
	assert_non_null(strstr(
		out,
		"arch_config.gicc_base: 0x8020000: the board's CPU interface is at 0x8010000\n"));
	assert_non_null(strstr(out, "arch_config.gich_base: 0x8050000"));
	assert_non_null(strstr(out, "arch_config.gicv_base: 0x8060000"));
}

static void test_v3_redistributors(void **state)
{
	struct hv_info b;
	struct hv_zone_config c;

	(void)state;
	v2_board(&b);
	b.gic_version = HV_GIC_V3;
	b.gicr_base = 0x080a0000;
	v2_zone(&c);
	c.arch.gic_version = HV_GIC_V3;
	c.arch.gicr_base = 0x080a0000;
	assert_int_equal(fit(&c, &b), 0);
	c.arch.gicr_base = 0x080c0000;
	assert_int_equal(fit(&c, &b), 1);
	assert_non_null(strstr(out, "arch_config.gicr_base: 0x80c0000: the "
				    "board's redistributor range is at "
				    "0x80a0000"));
}

static void test_cpus_and_memory(void **state)
{
	struct hv_info b;
	struct hv_zone_config c;

	(void)state;
	v2_board(&b);
	v2_zone(&c);
	c.cpus = 0x1c0; /* CPUs 6, 7, 8 of a 4-CPU board */
	c.mem_regions[0].phys_start = 0x20000000; /* below the RAM */
	c.mem_regions[1].phys_start = 0x50000000; /* a device in RAM */
	assert_int_equal(fit(&c, &b), 5);
	assert_non_null(strstr(
		out,
		"hvisor: z.json: cpus: 6: the board has 4 CPUs (0 to 3)\n"));
	assert_non_null(strstr(out, "cpus: 8:"));
	assert_non_null(strstr(
		out,
		"memory_regions[0]: ram 0x20000000+0x20000000 is not inside the board's RAM\n"));
	assert_non_null(strstr(
		out,
		"memory_regions[1]: device region 0x50000000+0x1000 is in the board's RAM\n"));
	/* a RAM region running past the end of the board's RAM */
	v2_zone(&c);
	c.mem_regions[0].phys_start = 0x13ff00000;
	assert_int_equal(fit(&c, &b), 1);
}

/* Offline, the board from its DTB (--board): the ZCU102's as Debian ships it
 * (`make dtbs`), read by the hypervisor's own reader; its zone fits it, the
 * GICv2 virt board's zone does not. */
static void test_board_from_zcu102_dtb(void **state)
{
	const char *path = "build/boards/zcu102/board.dtb";
	struct hv_info b;
	struct hv_zone_config c;
	FILE *f;

	(void)state;
	f = fopen(path, "rb");
	if (!f)
		skip();
	fclose(f);
	assert_int_equal(board_from_dtb(path, &b, stderr), 0);
	assert_string_equal(b.board, "ZynqMP ZCU102 Rev1.0");
	assert_int_equal(b.num_cpus, 4);
	assert_int_equal(b.mpidr[3], 3);
	assert_int_equal(b.gic_version, HV_GIC_V2);
	assert_true(b.gicd_base == 0xf9010000 && b.gicv_base == 0xf9060000);
	assert_true(b.uart_base == 0xff000000 && b.uart_kind == 2);
	assert_true(b.num_ram == 2 && b.ram[0].base == 0 &&
		    b.ram[0].size == 0x80000000);
	v2_zone(&c);
	/* distributor, CPU interface, RAM outside, a device page in RAM */
	assert_int_equal(fit(&c, &b), 4);
	assert_non_null(
		strstr(out, "the board's distributor is at 0xf9010000"));
	c.arch.gicd_base = 0xf9010000;
	c.arch.gicc_base = 0xf9020000;
	c.mem_regions[0].phys_start = c.mem_regions[0].virt_start = 0x50000000;
	c.mem_regions[1].phys_start = c.mem_regions[1].virt_start = 0xa0000000;
	assert_int_equal(fit(&c, &b), 0);
	/* not a DTB */
	free(out);
	f = open_memstream(&out, &out_size);
	assert_int_equal(board_from_dtb("zone-configs/zone0.json", &b, f), -1);
	fclose(f);
	assert_non_null(strstr(out, "not a device tree blob"));
}

/* hvisor's and hvisor-tool's own configs for the ZCU102 and QEMU's GICv2
 * board (zone-configs/hvisor-tool/, unchanged) fit their board as its DTB
 * describes it, and not the other; their virtio_cfg.json files pass too,
 * with the blk and console devices they give zone 1 (mask 0x2). */
static void test_hvisor_configs_fit_their_board(void **state)
{
	static const struct {
		const char *cfg, *vcfg, *board, *other;
	} t[] = {
		{ "zone-configs/hvisor-tool/zcu102/zone1_linux.json",
		  "zone-configs/hvisor-tool/zcu102/virtio_cfg.json",
		  "build/boards/zcu102/board.dtb",
		  "build/boards/qemu-virt-gicv2/board.dtb" },
		{ "zone-configs/hvisor-tool/qemu-gicv2/zone1-linux.json",
		  "zone-configs/hvisor-tool/qemu-gicv2/zone1-linux-virtio.json",
		  "build/boards/qemu-virt-gicv2/board.dtb",
		  "build/boards/zcu102/board.dtb" },
	};
	static struct zone_file zf;
	struct hv_info b;
	unsigned int i;
	FILE *f;

	(void)state;
	f = fopen(t[0].board, "rb");
	if (!f)
		skip();
	fclose(f);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(board_from_dtb(t[i].board, &b, stderr), 0);
		assert_int_equal(
			zone_file_load(t[i].cfg, b.num_cpus, &zf, NULL), 0);
		assert_int_equal(fit(&zf.cfg, &b), 0);
		assert_int_equal(virtio_cfg_check(t[i].vcfg, "/root", stderr),
				 0x2);
		assert_int_equal(board_from_dtb(t[i].other, &b, stderr), 0);
		assert_true(fit(&zf.cfg, &b) >= 4); /* the GIC's four frames */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_wrong_version),
		cmocka_unit_test(test_every_frame_named),
		cmocka_unit_test(test_v3_redistributors),
		cmocka_unit_test(test_cpus_and_memory),
		cmocka_unit_test(test_board_from_zcu102_dtb),
		cmocka_unit_test(test_hvisor_configs_fit_their_board),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	free(out);
	return ret;
}

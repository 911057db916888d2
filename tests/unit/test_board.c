// sources: hypervisor/core/board.c hypervisor/core/devtree.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The board as the hypervisor reads it from a device tree (core/board.c
 * over core/devtree.c): QEMU's own DTBs for the two virt boards the build
 * dumps (build/boards/BOARD/board.dtb), a GIC-400 board with RAM in two
 * banks and aliases (built here with dtc), and broken blobs, which must
 * give an error and never a read outside the blob (ASan watches).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/board.h"
#include "core/devtree.h"

void printk(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

/* core/lib.c's, which the host build does not link (libc has the rest) */
void strlcpy_hv(char *d, const char *s, size_t size)
{
	size_t n = strnlen(s, size - 1);

	memcpy(d, s, n);
	d[n] = '\0';
}

static struct board b;
static char why[96];

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = malloc(1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* a DTS through dtc, into a malloc'ed blob */
static void *from_dts(const char *dts, size_t *len)
{
	FILE *f = fopen("build/unit/board-test.dts", "w");

	assert_non_null(f);
	fputs(dts, f);
	fclose(f);
	assert_int_equal(
		system("dtc -q -I dts -O dtb -o build/unit/board-test.dtb "
		       "build/unit/board-test.dts"),
		0);
	return slurp("build/unit/board-test.dtb", len);
}

static void test_qemu_virt_gicv3(void **state)
{
	size_t len;
	void *dtb = slurp("build/boards/qemu-virt-gicv3/board.dtb", &len);

	(void)state;
	assert_int_equal(board_init(&b, dtb, len, 0x40000000, 0x800000, 0, why,
				    sizeof(why)),
			 0);
	assert_string_equal(b.name, "linux,dummy-virt");
	assert_int_equal(b.nr_cpus, 4);
	assert_int_equal(b.mpidr[3], 3);
	assert_int_equal(b.gic.version, 3);
	assert_int_equal(b.gic.gicd, 0x08000000);
	assert_int_equal(b.gic.gicr, 0x080a0000);
	assert_int_equal(b.gic.gicr_size, 0xf60000);
	assert_int_equal(b.gic.maint_intid, 25);
	/* the ITS is the GIC's too */
	assert_true(b.gic.span.base == 0x08000000 &&
		    b.gic.span.base + b.gic.span.size >= 0x09000000);
	assert_int_equal(b.uart.kind, UART_PL011);
	assert_int_equal(b.uart.base, 0x09000000);
	assert_int_equal(b.nr_ram, 1);
	assert_int_equal(b.ram[0].base, 0x40000000);
	assert_int_equal(b.ram[0].size, 0x100000000UL);
	assert_true(board_is_ram(&b, 0x80000000, 0x20000000));
	assert_false(board_is_ram(&b, 0x3ff00000, 0x200000));
	assert_int_equal(board_cpu_by_mpidr(&b, 0x80000002UL), 2);
	free(dtb);
}

static void test_qemu_virt_gicv2(void **state)
{
	size_t len;
	void *dtb = slurp("build/boards/qemu-virt-gicv2/board.dtb", &len);

	(void)state;
	assert_int_equal(board_init(&b, dtb, len, 0x40000000, 0x800000, 0, why,
				    sizeof(why)),
			 0);
	assert_int_equal(b.gic.version, 2);
	assert_int_equal(b.gic.gicd, 0x08000000);
	assert_int_equal(b.gic.gicc, 0x08010000);
	assert_int_equal(b.gic.gich, 0x08030000);
	assert_int_equal(b.gic.gicv, 0x08040000);
	assert_int_equal(b.nr_cpus, 4);
	free(dtb);
}

static const char gic400_board[] =
	"/dts-v1/;\n"
	"/ { model = \"two banks\"; #address-cells = <2>; #size-cells = <2>;\n"
	"  aliases { serial0 = &uart0; };\n"
	"  chosen { stdout-path = \"serial0:115200n8\"; };\n"
	"  cpus { #address-cells = <1>; #size-cells = <0>;\n"
	"    cpu@100 { device_type = \"cpu\"; reg = <0x100>; };\n"
	"    cpu@0 { device_type = \"cpu\"; reg = <0x0>; };\n"
	"    cpu@200 { device_type = \"cpu\"; reg = <0x200>; status = \"disabled\"; };\n"
	"  };\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0 0 0x80000000>, <8 0 0 0x80000000>; };\n"
	"  axi { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"    gic: interrupt-controller@f9010000 { compatible = \"arm,gic-400\";\n"
	"      interrupt-controller; #interrupt-cells = <3>;\n"
	"      reg = <0 0xf9010000 0 0x10000>, <0 0xf9020000 0 0x20000>,\n"
	"            <0 0xf9040000 0 0x20000>, <0 0xf9060000 0 0x20000>;\n"
	"      interrupts = <1 9 0xf04>; };\n"
	"    uart0: serial@ff000000 { compatible = \"cdns,uart-r1p12\", \"xlnx,xuartps\";\n"
	"      reg = <0 0xff000000 0 0x1000>; };\n"
	"  };\n"
	"};\n";

static void test_gic400_two_banks_aliases(void **state)
{
	size_t len;
	void *dtb = from_dts(gic400_board, &len);

	(void)state;
	/* booted on the CPU with MPIDR 0x100: it is logical CPU 0 */
	assert_int_equal(board_init(&b, dtb, len, 0x40000000, 0x800000, 0x100,
				    why, sizeof(why)),
			 0);
	assert_string_equal(b.name, "two banks");
	assert_int_equal(b.nr_cpus, 2); /* the disabled one is not counted */
	assert_int_equal(b.mpidr[0], 0x100);
	assert_int_equal(b.mpidr[1], 0x0);
	assert_int_equal(b.gic.version, 2);
	assert_int_equal(b.gic.gicc, 0xf9020000);
	assert_int_equal(b.gic.gicc_size, 0x20000);
	assert_int_equal(b.uart.kind, UART_CADENCE);
	assert_int_equal(b.uart.base, 0xff000000);
	assert_int_equal(b.nr_ram, 2);
	assert_int_equal(b.ram[1].base, 0x800000000UL);
	assert_false(board_touches_ram(&b, 0x80000000, 0x1000));
	/* a boot CPU the tree does not list, the hypervisor outside RAM */
	assert_int_equal(board_init(&b, dtb, len, 0x40000000, 0x800000, 0x300,
				    why, sizeof(why)),
			 -1);
	assert_string_equal(why,
			    "/cpus lists no CPU with the boot CPU's MPIDR");
	assert_int_equal(board_init(&b, dtb, len, 0x90000000, 0x800000, 0, why,
				    sizeof(why)),
			 -1);
	assert_string_equal(why,
			    "the hypervisor's RAM is not inside a memory node");
	free(dtb);
}

/* Truncated, corrupted and random blobs: an error or a board, never a
 * read outside the blob (the buffer is exactly as long as the blob). */
/* RAM nobody has: the board's minus the hypervisor's and the zones' */
static void test_free_ram(void **state)
{
	struct board fb = { .nr_ram = 2 };
	struct board_range used[3] = {
		{ 0x42000000, 0x3e000000 }, /* zone0 */
		{ 0x90000000, 0x10000000 }, /* a hole in the middle */
		{ 0x800000000ull, 0x1000 }, /* nobody's RAM: no effect */
	};
	struct board_range out[4];
	unsigned int n;

	(void)state;
	fb.ram[0] = (struct board_range){ 0x40000000, 0x80000000 };
	fb.ram[1] = (struct board_range){ 0x200000000ull, 0x40000000 };
	fb.hv = (struct board_range){ 0x40000000, 0x2000000 };
	n = board_free_ram(&fb, used, 3, out, 4);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].base, 0x80000000);
	assert_int_equal(out[0].size, 0x10000000);
	assert_int_equal(out[1].base, 0xa0000000);
	assert_int_equal(out[1].size, 0x20000000);
	assert_int_equal(out[2].base, 0x200000000ull);
	assert_int_equal(out[2].size, 0x40000000);
	/* all of a bank taken; no room to split: the piece below stays */
	used[1] = (struct board_range){ 0x200000000ull, 0x40000000 };
	n = board_free_ram(&fb, used, 2, out, 4);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].base, 0x80000000);
	assert_int_equal(out[0].size, 0x40000000);
	used[1] = (struct board_range){ 0x90000000, 0x10000000 };
	n = board_free_ram(&fb, used, 2, out, 2);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, 0x80000000);
	assert_int_equal(out[0].size, 0x10000000);
	assert_int_equal(out[1].base, 0x200000000ull);
}

static void test_broken_blobs(void **state)
{
	size_t len, i;
	unsigned char *good =
		slurp("build/boards/qemu-virt-gicv2/board.dtb", &len);
	unsigned int seed = 1;

	(void)state;
	assert_int_equal(board_init(&b, good, 20, 0x40000000, 0x800000, 0, why,
				    sizeof(why)),
			 -1);
	assert_string_equal(why, "no device tree blob of the board");
	for (i = 0; i < 2000; i++) {
		size_t cut = 40 + (size_t)rand_r(&seed) % (len - 40), k;
		unsigned char *copy = malloc(cut);

		memcpy(copy, good, cut);
		for (k = 0; k < 8; k++)
			copy[(size_t)rand_r(&seed) % cut] =
				(unsigned char)rand_r(&seed);
		/* the header may claim more than there is: max says not */
		(void)board_init(&b, copy, cut, 0x40000000, 0x800000, 0, why,
				 sizeof(why));
		free(copy);
	}
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_virt_gicv3),
		cmocka_unit_test(test_qemu_virt_gicv2),
		cmocka_unit_test(test_gic400_two_banks_aliases),
		cmocka_unit_test(test_broken_blobs),
		cmocka_unit_test(test_free_ram),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

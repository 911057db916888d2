// sources: tools/config/dtb.c tools/config/dtb_check.c tools/config/dtb_carve.c tools/config/dtb_irqs.c tools/config/image.c tools/lib/file.c tools/config/config.c tools/config/zf_json.c tools/config/zf_zone.c tools/config/zf_virtio.c tools/config/zf_ivc.c hypervisor/core/config_check.c hypervisor/core/config_ivc.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Device tree patching and checks (tools/config/dtb.c) on the project's real DTBs
 * (build/boards/qemu-virt-gicv3/dts/zone0.dtb against zone-configs/zone0.json: `make dtbs`) and on
 * small trees built here with libfdt's sequential-write API; arm64 Image
 * headers and image placement. Each failure asserts the exact message.
 * Runs from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "config.h"
#include "dtb.h"

#define CPUS 4
#define ZONE0_JSON "zone-configs/zone0.json"
#define ZONE0_DTB "build/boards/qemu-virt-gicv3/dts/zone0.dtb"
#define ZONE0_PATCHED "build/boards/qemu-virt-gicv3/zone0.dtb"
#define ZONE0_CPIO "build/zone0-initramfs.cpio"

static struct zone_file zf;
static char *out; /* what the last call wrote to errf */
static size_t out_len;
static FILE *errf;

/* ---- capturing messages --------------------------------------------- */

static void cap_begin(void)
{
	free(out);
	out = NULL;
	errf = open_memstream(&out, &out_len);
	assert_non_null(errf);
}

static const char *cap_end(void)
{
	fclose(errf);
	errf = NULL;
	return out;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void assert_has_line(const char *text, const char *line)
{
	const char *p = text;
	size_t n = strlen(line);

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
		p += n;
	}
	fail_msg("missing line \"%s\" in:\n%s", line, text);
}

/* ---- configs ---------------------------------------------------------- */

#define REG(t, p, v, s)                                                        \
	"{\"type\": \"" t "\", \"physical_start\": \"" p "\", "                \
	"\"virtual_start\": \"" v "\", \"size\": \"" s "\"}"
#define RAM0 REG("ram", "0x50000000", "0x50000000", "0x10000000")
#define IO1 REG("io", "0x9030000", "0x9030000", "0x1000")
#define ARCH                                                                   \
	"{\"gic_version\": \"v3\", \"gicd_base\": \"0x8000000\", "             \
	"\"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\", "           \
	"\"gicr_size\": \"0xf60000\"}"

/* A zone on CPUs 2-3 with a GPIO page, two SPIs and a console. */
static const char *cfg_kernel = "0x50400000"; /* and entry_point */
static const char *cfg_dtb = "0x50000000";

static void parse_cfg(const char *regions, const char *cmdline,
		      const char *ramdisk_paddr)
{
	char json[4096];
	int n;

	n = snprintf(
		json, sizeof(json),
		"{\"name\": \"linux1\", \"zone_id\": 1, \"cpus\": [2, 3],\n"
		"\"memory_regions\": [%s],\n"
		"\"interrupts\": [76, 77],\n"
		"\"kernel_filepath\": \"Image\",\n"
		"\"kernel_load_paddr\": \"%s\",\n"
		"\"entry_point\": \"%s\",\n"
		"\"dtb_filepath\": \"linux1.dtb\",\n"
		"\"dtb_load_paddr\": \"%s\",\n"
		"\"ramdisk_filepath\": \"rootfs.cpio\",\n"
		"\"ramdisk_load_paddr\": \"%s\",\n"
		"\"cmdline\": \"%s\",\n"
		"\"console\": {\"base\": \"0x9040000\", \"irq\": 40},\n"
		"\"arch_config\": " ARCH "}\n",
		regions, cfg_kernel, cfg_kernel, cfg_dtb, ramdisk_paddr,
		cmdline);
	assert_true(n > 0 && (size_t)n < sizeof(json));
	cap_begin();
	if (zone_file_parse("zone1.json", json, (size_t)n, CPUS, &zf, errf))
		fail_msg("config refused: %s", cap_end());
	cap_end();
}

static void base_cfg(void)
{
	parse_cfg(RAM0 ", " IO1, "console=ttyAMA0", "0x54000000");
}

static void load_zone0_cfg(void)
{
	cap_begin();
	if (zone_file_load(ZONE0_JSON, CPUS, &zf, errf))
		fail_msg("%s refused: %s", ZONE0_JSON, cap_end());
	cap_end();
}

/* ---- small trees ------------------------------------------------------ */

#define PHANDLE_GIC 1
#define PHANDLE_GPIO 2

struct tree {
	int root_cells; /* #address-cells = #size-cells of / */
	uint32_t cpus[4];
	int ncpus;
	int disabled_cpu; /* that index gets status = "disabled", or -1 */
	uint64_t gicd, gicr;
	uint64_t mem_base, mem_size; /* size 0: no memory node */
	int chosen;
	void (*extra)(void *fdt); /* more nodes under / */
};

static struct tree base_tree(void)
{
	struct tree t = {
		.root_cells = 2,
		.cpus = { 2, 3 },
		.ncpus = 2,
		.disabled_cpu = -1,
		.gicd = 0x8000000,
		.gicr = 0x80a0000,
		.mem_base = 0x50000000,
		.mem_size = 0x10000000,
		.chosen = 1,
	};
	return t;
}

static int tree_cells = 2;

static void p_cells(void *fdt, const char *name, int n, ...)
{
	fdt32_t v[16];
	va_list ap;
	int i;

	assert_true(n <= 16);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	assert_int_equal(fdt_property(fdt, name, v, n * 4), 0);
}

/* reg = <addr size> in the root's cells. */
static void p_reg(void *fdt, uint64_t addr, uint64_t size)
{
	if (tree_cells == 1)
		p_cells(fdt, "reg", 2, (uint32_t)addr, (uint32_t)size);
	else
		p_cells(fdt, "reg", 4, (uint32_t)(addr >> 32), (uint32_t)addr,
			(uint32_t)(size >> 32), (uint32_t)size);
}

static void p_str(void *fdt, const char *name, const char *s)
{
	assert_int_equal(fdt_property_string(fdt, name, s), 0);
}

static void begin(void *fdt, const char *name)
{
	assert_int_equal(fdt_begin_node(fdt, name), 0);
}

static void end(void *fdt)
{
	assert_int_equal(fdt_end_node(fdt), 0);
}

/* A device at the root: reg and, if spi >= 0, one SPI. */
static void device(void *fdt, const char *name, uint64_t base, uint64_t size,
		   int spi)
{
	begin(fdt, name);
	p_str(fdt, "compatible", "test,dev");
	p_reg(fdt, base, size);
	if (spi >= 0)
		p_cells(fdt, "interrupts", 3, 0, (uint32_t)spi, 4);
	end(fdt);
}

/* Build t into a buffer exactly as large as the blob (so patching grows). */
static void build(const struct tree *t, struct dtb_buf *b)
{
	size_t cap = 64 * 1024;
	char name[32];
	void *fdt = calloc(1, cap);
	int i;

	assert_non_null(fdt);
	tree_cells = t->root_cells;
	assert_int_equal(fdt_create(fdt, (int)cap), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	begin(fdt, "");
	p_cells(fdt, "#address-cells", 1, t->root_cells);
	p_cells(fdt, "#size-cells", 1, t->root_cells);
	p_cells(fdt, "interrupt-parent", 1, PHANDLE_GIC);
	p_str(fdt, "compatible", "linux,dummy-virt");

	begin(fdt, "cpus");
	p_cells(fdt, "#address-cells", 1, 1);
	p_cells(fdt, "#size-cells", 1, 0);
	for (i = 0; i < t->ncpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", t->cpus[i]);
		begin(fdt, name);
		p_str(fdt, "device_type", "cpu");
		p_cells(fdt, "reg", 1, t->cpus[i]);
		if (i == t->disabled_cpu)
			p_str(fdt, "status", "disabled");
		end(fdt);
	}
	end(fdt);

	if (t->mem_size) {
		snprintf(name, sizeof(name), "memory@%llx",
			 (unsigned long long)t->mem_base);
		begin(fdt, name);
		p_str(fdt, "device_type", "memory");
		p_reg(fdt, t->mem_base, t->mem_size);
		end(fdt);
	}

	snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)t->gicd);
	begin(fdt, name);
	p_str(fdt, "compatible", "arm,gic-v3");
	p_cells(fdt, "#interrupt-cells", 1, 3);
	assert_int_equal(fdt_property(fdt, "interrupt-controller", NULL, 0), 0);
	if (tree_cells == 1)
		p_cells(fdt, "reg", 4, (uint32_t)t->gicd, 0x10000,
			(uint32_t)t->gicr, 0xf60000);
	else
		p_cells(fdt, "reg", 8, 0, (uint32_t)t->gicd, 0, 0x10000, 0,
			(uint32_t)t->gicr, 0, 0xf60000);
	p_cells(fdt, "interrupts", 3, 1, 9, 4);
	p_cells(fdt, "phandle", 1, PHANDLE_GIC);
	end(fdt);

	begin(fdt, "timer");
	p_str(fdt, "compatible", "arm,armv8-timer");
	p_cells(fdt, "interrupts", 6, 1, 13, 4, 1, 14, 4);
	end(fdt);

	device(fdt, "pl061@9030000", 0x9030000, 0x1000, 44); /* INTID 76 */
	device(fdt, "pl011@9040000", 0x9040000, 0x1000, 8); /* console 40 */

	if (t->extra)
		t->extra(fdt);
	if (t->chosen) {
		begin(fdt, "chosen");
		p_str(fdt, "stdout-path", "/pl011@9040000");
		end(fdt);
	}
	end(fdt);
	assert_int_equal(fdt_finish(fdt), 0);

	b->size = fdt_totalsize(fdt);
	b->data = malloc(b->size);
	assert_non_null(b->data);
	memcpy(b->data, fdt, b->size);
	free(fdt);
}

static void build_base(struct dtb_buf *b)
{
	struct tree t = base_tree();

	build(&t, b);
}

/* ---- reading back ----------------------------------------------------- */

static const void *getprop(const void *fdt, const char *path, const char *name,
			   int *len)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		return NULL;
	return fdt_getprop(fdt, node, name, len);
}

static uint64_t getprop_u64(const void *fdt, const char *path, const char *name)
{
	const void *p;
	fdt64_t v;
	int len;

	p = getprop(fdt, path, name, &len);
	assert_non_null(p);
	assert_int_equal(len, 8);
	memcpy(&v, p, sizeof(v)); /* properties are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

/* reg of path as 4 cells (root cells 2). */
static void assert_reg2(const void *fdt, const char *path, uint64_t addr,
			uint64_t size)
{
	const fdt32_t *p;
	int len;

	p = getprop(fdt, path, "reg", &len);
	assert_non_null(p);
	assert_int_equal(len, 16);
	assert_int_equal(((uint64_t)fdt32_to_cpu(p[0]) << 32) |
				 fdt32_to_cpu(p[1]),
			 addr);
	assert_int_equal(((uint64_t)fdt32_to_cpu(p[2]) << 32) |
				 fdt32_to_cpu(p[3]),
			 size);
}

/* Names of the device_type = "memory" nodes, space-separated. */
static void memory_nodes(const void *fdt, char *buf, size_t n)
{
	int node = -1;
	size_t o = 0;

	buf[0] = '\0';
	for (;;) {
		node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", 7);
		if (node < 0)
			break;
		o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? " " : "",
				      fdt_get_name(fdt, node, NULL));
		assert_true(o < n);
	}
}

/* A child of / with exactly this name (fdt_path_offset would take
 * "memory" for "memory@..."). */
static int has_root_child(const void *fdt, const char *name)
{
	int node;

	fdt_for_each_subnode(node, fdt,
			     0) if (!strcmp(fdt_get_name(fdt, node, NULL),
					    name)) return 1;
	return 0;
}

static int run_check(const void *fdt)
{
	int ret;

	cap_begin();
	ret = dtb_check(fdt, &zf, errf);
	cap_end();
	return ret;
}

static int run_patch(struct dtb_buf *b, uint64_t ramdisk_size)
{
	int ret;

	cap_begin();
	ret = dtb_patch(b, &zf, ramdisk_size, errf);
	cap_end();
	return ret;
}

static int have_file(const char *path)
{
	if (!access(path, R_OK))
		return 1;
	print_message("%s missing: run `make dtbs` first\n", path);
	return 0;
}

/* ---- the project's DTBs ----------------------------------------------- */

static void test_real_zone0_load_and_check(void **state)
{
	struct dtb_buf b;

	(void)state;
	if (!have_file(ZONE0_DTB))
		skip();
	load_zone0_cfg();
	cap_begin();
	assert_int_equal(dtb_load_file(ZONE0_DTB, &b, errf), 0);
	assert_string_equal(cap_end(), "");
	assert_int_equal(fdt_check_header(b.data), 0);
	assert_true(b.size >= fdt_totalsize(b.data));
	assert_int_equal(dtb_size(&b), fdt_totalsize(b.data));
	assert_int_equal(run_check(b.data), 0);
	assert_string_equal(out, "");
	dtb_free(&b);
	assert_null(b.data);
	dtb_free(&b); /* twice is harmless */

	/* the build's patched one too */
	if (!access(ZONE0_PATCHED, R_OK)) {
		assert_int_equal(dtb_load_file(ZONE0_PATCHED, &b, NULL), 0);
		assert_int_equal(run_check(b.data), 0);
		dtb_free(&b);
	}
}

/* A real board's own tree carved for its root zone: the ZCU102's (Debian's
 * DTB, `make dtbs`) for zone-configs/zcu102/zone0.json. Checked before: it
 * gives zone0 CPUs, devices and SPIs that are not its; after: it passes,
 * with two cpu nodes, UART0 kept, the GEMs disabled and the event channel. */
#define ZCU102_BOARD "build/boards/zcu102/board.dtb"
#define ZCU102_ZONE0 "zone-configs/zcu102/zone0.json"
static void test_carve_zcu102_for_zone0(void **state)
{
	struct dtb_buf b;
	const char *status;
	const void *fdt;
	int node, n = 0;

	(void)state;
	if (!have_file(ZCU102_BOARD))
		skip();
	cap_begin();
	if (zone_file_load(ZCU102_ZONE0, CPUS, &zf, errf))
		fail_msg("%s refused: %s", ZCU102_ZONE0, cap_end());
	cap_end();
	assert_int_equal(dtb_load_file(ZCU102_BOARD, &b, NULL), 0);
	assert_int_equal(run_check(b.data), -1);
	assert_non_null(strstr(
		out, "/cpus/cpu@2: CPU 2 (MPIDR 0x2) is not in cpus [0, 1]"));
	assert_non_null(strstr(out, "/axi/ethernet@ff0e0000: reg 0xff0e0000"));
	cap_begin();
	assert_int_equal(dtb_carve(&b, &zf, errf), 0);
	assert_string_equal(cap_end(), "");
	assert_int_equal(run_check(b.data), 0);
	assert_string_equal(out, "");
	fdt = b.data;
	fdt_for_each_subnode(node, fdt, fdt_path_offset(fdt, "/cpus"))
		n += !strncmp(fdt_get_name(fdt, node, NULL), "cpu@", 4);
	assert_int_equal(n, 2);
	node = fdt_path_offset(fdt, "/axi/serial@ff000000");
	status = fdt_getprop(fdt, node, "status", NULL);
	assert_true(node >= 0 && (!status || !strcmp(status, "okay")));
	node = fdt_path_offset(fdt, "/axi/ethernet@ff0e0000");
	assert_string_equal(fdt_getprop(fdt, node, "status", NULL), "disabled");
	node = fdt_node_offset_by_compatible(fdt, -1, "hvisor,event-channel");
	assert_true(node >= 0);
	dtb_free(&b);
}

/* Shrinking zone0's config shows each kind of problem on the real DTB. */
static void test_real_zone0_mismatches(void **state)
{
	struct dtb_buf b;

	(void)state;
	if (!have_file(ZONE0_DTB))
		skip();
	load_zone0_cfg();
	assert_int_equal(dtb_load_file(ZONE0_DTB, &b, NULL), 0);
	zf.cfg.cpus = 1; /* [0] */
	zf.cfg.num_irqs = 1; /* [33] */
	zf.cfg.num_mem_regions = 2; /* RAM and the PL011: no PL031, no disk */
	zf.cfg.arch.gicd_base = 0x8001000;
	zf.cfg.mem_regions[0].size = 0x1000000;
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /cpus/cpu@1: CPU 1 (MPIDR 0x1) is not in cpus [0]\n"
		"DTB: /intc@8000000: distributor at 0x8000000 differs from arch_config.gicd_base 0x8001000\n"
		"DTB: /memory@42000000: reg 0x42000000+0x3e000000 is not inside any ram region of memory_regions (guest addresses)\n"
		"DTB: /pl031@9010000: reg 0x9010000+0x1000 is not inside any io/virtio region of memory_regions\n"
		"DTB: /pl031@9010000: interrupt SPI 2 (INTID 34) is not in interrupts\n"
		"DTB: /virtio_mmio@a000000: reg 0xa000000+0x200 is not inside any io/virtio region of memory_regions\n"
		"DTB: /virtio_mmio@a000000: interrupt SPI 16 (INTID 48) is not in interrupts\n"
		"DTB: /hvisor-events: interrupt SPI 0 (INTID 32) is not in interrupts\n");
	dtb_free(&b);
}

static void test_real_zone0_patch(void **state)
{
	struct dtb_buf b;
	char mem[128];
	void *first;
	size_t first_size;
	const char *s;
	int len;

	(void)state;
	if (!have_file(ZONE0_DTB))
		skip();
	load_zone0_cfg();
	assert_int_equal(dtb_load_file(ZONE0_DTB, &b, NULL), 0);
	assert_int_equal(run_patch(&b, 0x2295600), 0);
	assert_string_equal(out, "");
	s = getprop(b.data, "/chosen", "bootargs", &len);
	assert_non_null(s);
	assert_string_equal(s, zf.cmdline);
	assert_int_equal(len, (int)strlen(zf.cmdline) + 1);
	assert_int_equal(getprop_u64(b.data, "/chosen", "linux,initrd-start"),
			 0x46000000);
	assert_int_equal(getprop_u64(b.data, "/chosen", "linux,initrd-end"),
			 0x48295600);
	s = getprop(b.data, "/chosen", "stdout-path", NULL);
	assert_non_null(s);
	assert_string_equal(s, "/pl011@9000000"); /* kept */
	memory_nodes(b.data, mem, sizeof(mem));
	assert_string_equal(mem, "memory@42000000");
	assert_reg2(b.data, "/memory@42000000", 0x42000000, 0x3e000000);
	assert_int_equal(run_check(b.data), 0);

	/* again: the same bytes */
	first_size = dtb_size(&b);
	first = malloc(first_size);
	assert_non_null(first);
	memcpy(first, b.data, first_size);
	assert_int_equal(run_patch(&b, 0x2295600), 0);
	assert_int_equal(dtb_size(&b), first_size);
	assert_memory_equal(b.data, first, first_size);
	free(first);
	dtb_free(&b);
}

/* The build's patched build/boards/qemu-virt-gicv3/zone0.dtb has the same /chosen. */
static void test_real_zone0_matches_build(void **state)
{
	static const char *const props[] = {
		"bootargs",
		"linux,initrd-start",
		"linux,initrd-end",
		"stdout-path",
	};
	struct dtb_buf mine, theirs;
	struct stat cst, dst;
	const void *a, *b;
	int alen, blen;
	size_t i;
	FILE *f;
	long cpio;

	(void)state;
	if (!have_file(ZONE0_DTB) || !have_file(ZONE0_PATCHED) ||
	    !have_file(ZONE0_CPIO))
		skip();
	if (stat(ZONE0_CPIO, &cst) || stat(ZONE0_PATCHED, &dst) ||
	    cst.st_mtime > dst.st_mtime) {
		print_message("%s is older than %s: not compared\n",
			      ZONE0_PATCHED, ZONE0_CPIO);
		skip();
	}
	f = fopen(ZONE0_CPIO, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	cpio = ftell(f);
	fclose(f);
	load_zone0_cfg();
	assert_int_equal(dtb_load_file(ZONE0_DTB, &mine, NULL), 0);
	assert_int_equal(dtb_load_file(ZONE0_PATCHED, &theirs, NULL), 0);
	assert_int_equal(run_patch(&mine, (uint64_t)cpio), 0);
	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		a = getprop(mine.data, "/chosen", props[i], &alen);
		b = getprop(theirs.data, "/chosen", props[i], &blen);
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, (size_t)alen);
	}
	dtb_free(&mine);
	dtb_free(&theirs);
}

/* ---- patching small trees --------------------------------------------- */

static void test_patch_adds_chosen(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;
	const char *s;
	char mem[128];

	(void)state;
	base_cfg();
	t.chosen = 0;
	t.mem_size = 0;
	build(&t, &b);
	assert_true(fdt_path_offset(b.data, "/chosen") < 0);
	assert_int_equal(run_patch(&b, 0x3000), 0);
	assert_string_equal(out, "");
	s = getprop(b.data, "/chosen", "bootargs", NULL);
	assert_non_null(s);
	assert_string_equal(s, "console=ttyAMA0");
	assert_int_equal(getprop_u64(b.data, "/chosen", "linux,initrd-start"),
			 0x54000000);
	assert_int_equal(getprop_u64(b.data, "/chosen", "linux,initrd-end"),
			 0x54003000);
	memory_nodes(b.data, mem, sizeof(mem));
	assert_string_equal(mem, "memory@50000000");
	assert_reg2(b.data, "/memory@50000000", 0x50000000, 0x10000000);
	s = getprop(b.data, "/memory@50000000", "device_type", NULL);
	assert_string_equal(s, "memory");
	assert_int_equal(run_check(b.data), 0);
	dtb_free(&b);
}

/* Each virtio device of the config gets its virtio_mmio@BASE node, and
 * the checker counts the device's window as the zone's. */
static void test_patch_adds_virtio_nodes(void **state)
{
	const char *path = "/virtio_mmio@a003c00";
	struct dtb_buf b;
	const fdt32_t *irq;
	size_t size;
	void *first;
	int len;

	(void)state;
	base_cfg();
	zf.cfg.num_virtio = 1;
	zf.cfg.virtio[0].base = 0xa003c00;
	zf.cfg.virtio[0].irq = 78;
	zf.cfg.irqs[zf.cfg.num_irqs++] = 78;
	build_base(&b);
	assert_int_equal(run_patch(&b, 0x1000), 0);
	assert_string_equal(getprop(b.data, path, "compatible", NULL),
			    "virtio,mmio");
	assert_reg2(b.data, path, 0xa003c00, 0x200);
	irq = getprop(b.data, path, "interrupts", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(irq[0]), 0); /* SPI */
	assert_int_equal(fdt32_to_cpu(irq[1]), 78 - 32);
	assert_int_equal(fdt32_to_cpu(irq[2]), 1); /* edge */
	assert_non_null(getprop(b.data, path, "dma-coherent", NULL));
	assert_int_equal(run_check(b.data), 0);
	/* patching again replaces the node: the same bytes */
	size = dtb_size(&b);
	first = malloc(size);
	memcpy(first, b.data, size);
	assert_int_equal(run_patch(&b, 0x1000), 0);
	assert_int_equal(dtb_size(&b), size);
	assert_memory_equal(b.data, first, size);
	/* without the interrupt the checker objects */
	zf.cfg.num_irqs--;
	assert_int_equal(run_check(b.data), -1);
	assert_true(strstr(
		out,
		"/virtio_mmio@a003c00: interrupt SPI 46 (INTID 78) is not in interrupts"));
	free(first);
	dtb_free(&b);
}

static void test_patch_twice_same_bytes(void **state)
{
	struct dtb_buf b;
	void *first;
	size_t size;

	(void)state;
	base_cfg();
	build_base(&b);
	assert_int_equal(run_patch(&b, 0x1000), 0);
	size = dtb_size(&b);
	first = malloc(size);
	assert_non_null(first);
	memcpy(first, b.data, size);
	assert_int_equal(run_patch(&b, 0x1000), 0);
	assert_int_equal(dtb_size(&b), size);
	assert_memory_equal(b.data, first, size);
	/* a third time from a tight copy */
	dtb_free(&b);
	b.data = first;
	b.size = size;
	assert_int_equal(run_patch(&b, 0x1000), 0);
	assert_int_equal(dtb_size(&b), size);
	dtb_free(&b);
}

/* The blob starts with no free space; a long cmdline must grow it. */
static void test_patch_grows_buffer(void **state)
{
	struct dtb_buf b;
	char cmdline[1000];
	size_t before;
	const char *s;
	int len;

	(void)state;
	memset(cmdline, 'x', sizeof(cmdline) - 1);
	cmdline[sizeof(cmdline) - 1] = '\0';
	parse_cfg(RAM0 ", " IO1, cmdline, "0x54000000");
	build_base(&b);
	before = b.size;
	assert_int_equal(b.size, fdt_totalsize(b.data));
	assert_int_equal(run_patch(&b, 0x1000), 0);
	assert_true(b.size > before);
	assert_true(dtb_size(&b) >= before + sizeof(cmdline));
	assert_true(dtb_size(&b) <= b.size);
	s = getprop(b.data, "/chosen", "bootargs", &len);
	assert_non_null(s);
	assert_int_equal(len, (int)sizeof(cmdline));
	assert_string_equal(s, cmdline);
	assert_int_equal(fdt_check_full(b.data, b.size), 0);
	dtb_free(&b);
}

static void extra_more_memory(void *fdt)
{
	begin(fdt, "memory@70000000");
	p_str(fdt, "device_type", "memory");
	p_reg(fdt, 0x70000000, 0x1000000);
	end(fdt);
	begin(fdt, "memory"); /* no device_type, old style name */
	p_reg(fdt, 0x80000000, 0x1000000);
	end(fdt);
}

/* Old memory nodes go; one per RAM region comes, at guest addresses. */
static void test_patch_replaces_memory(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;
	char mem[256];

	(void)state;
	parse_cfg(REG("ram", "0x50000000", "0x50000000",
		      "0x8000000") ", " IO1
				   ", " REG("ram", "0x60000000", "0x100000000",
					    "0x120000000"),
		  "", "0x60000000");
	t.extra = extra_more_memory;
	build(&t, &b);
	assert_int_equal(run_patch(&b, 0x2000), 0);
	assert_string_equal(out, "");
	memory_nodes(b.data, mem, sizeof(mem));
	assert_string_equal(mem, "memory@50000000 memory@100000000");
	assert_false(has_root_child(b.data, "memory"));
	assert_true(fdt_path_offset(b.data, "/memory@70000000") < 0);
	assert_reg2(b.data, "/memory@50000000", 0x50000000, 0x8000000);
	assert_reg2(b.data, "/memory@100000000", 0x100000000, 0x120000000);
	/* the initrd at its guest address; empty cmdline: no bootargs */
	assert_int_equal(getprop_u64(b.data, "/chosen", "linux,initrd-start"),
			 0x100000000);
	assert_int_equal(getprop_u64(b.data, "/chosen", "linux,initrd-end"),
			 0x100002000);
	assert_null(getprop(b.data, "/chosen", "bootargs", NULL));
	assert_int_equal(run_check(b.data), 0);
	dtb_free(&b);
}

/* No ramdisk: initrd properties go; an empty cmdline keeps bootargs. */
static void test_patch_no_ramdisk(void **state)
{
	struct dtb_buf b;
	const char *s;

	(void)state;
	base_cfg();
	build_base(&b);
	assert_int_equal(run_patch(&b, 0x1000), 0);
	assert_non_null(getprop(b.data, "/chosen", "linux,initrd-start", NULL));
	zf.cmdline[0] = '\0';
	assert_int_equal(run_patch(&b, 0), 0);
	assert_null(getprop(b.data, "/chosen", "linux,initrd-start", NULL));
	assert_null(getprop(b.data, "/chosen", "linux,initrd-end", NULL));
	s = getprop(b.data, "/chosen", "bootargs", NULL);
	assert_non_null(s);
	assert_string_equal(s, "console=ttyAMA0");
	dtb_free(&b);
}

/* A root with one address and one size cell. */
static void test_patch_one_cell_root(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;
	const fdt32_t *reg;
	int len;

	(void)state;
	base_cfg();
	t.root_cells = 1;
	build(&t, &b);
	assert_int_equal(run_check(b.data), 0);
	assert_int_equal(run_patch(&b, 0), 0);
	reg = getprop(b.data, "/memory@50000000", "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(reg[0]), 0x50000000);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x10000000);
	dtb_free(&b);

	/* RAM above 4 GiB cannot be written in one cell */
	parse_cfg(RAM0 ", " IO1
		       ", " REG("ram", "0x60000000", "0x100000000", "0x1000"),
		  "", "0x54000000");
	build(&t, &b);
	assert_int_equal(run_patch(&b, 0), -1);
	assert_string_equal(
		out,
		"DTB: /memory@100000000: 0x100000000+0x1000 does not fit in the root's #address-cells = 1, #size-cells = 1\n");
	dtb_free(&b);
}

static void test_patch_refuses_garbage(void **state)
{
	struct dtb_buf b = { NULL, 0 };
	char junk[64];

	(void)state;
	base_cfg();
	assert_int_equal(run_patch(&b, 0), -1);
	assert_string_equal(out,
			    "DTB: not a device tree blob (empty buffer)\n");
	memset(junk, 0x5a, sizeof(junk));
	b.data = junk;
	b.size = sizeof(junk);
	assert_int_equal(run_patch(&b, 0), -1);
	assert_string_equal(out,
			    "DTB: not a device tree blob (FDT_ERR_BADMAGIC)\n");
}

/* ---- checking small trees ---------------------------------------------- */

static void test_check_base_ok(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.cpus[2] = 1;
	t.ncpus = 3;
	t.disabled_cpu = 2; /* not the zone's, but disabled: fine */
	build(&t, &b);
	assert_int_equal(run_check(b.data), 0);
	assert_string_equal(out, "");
	dtb_free(&b);
}

static void test_check_cpu_not_in_cpus(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.cpus[0] = 1;
	t.cpus[2] = 0;
	t.ncpus = 3;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /cpus/cpu@1: CPU 1 (MPIDR 0x1) is not in cpus [2, 3]\n"
		"DTB: /cpus/cpu@0: CPU 0 (MPIDR 0x0) is not in cpus [2, 3]\n");
	dtb_free(&b);
}

/* On a board whose MPIDRs are not CPU numbers (rk3588: cpu@200...), a cpu
 * node's reg is looked up in the board's list. */
static void test_check_cpus_by_mpidr(void **state)
{
	struct hv_info board = { .num_cpus = 4,
				 .mpidr = { 0x0, 0x100, 0x200, 0x300 } };
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg(); /* cpus [2, 3] */
	t.cpus[0] = 0x200;
	t.cpus[1] = 0x300;
	t.ncpus = 2;
	build(&t, &b);
	dtb_use_board(&board);
	assert_int_equal(run_check(b.data), 0);
	dtb_free(&b);
	t.cpus[1] = 0x3;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out, "DTB: /cpus/cpu@3: MPIDR 0x3 is no CPU of the board\n");
	dtb_free(&b);
	t.cpus[1] = 0x100;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /cpus/cpu@256: CPU 1 (MPIDR 0x100) is not in cpus [2, 3]\n");
	dtb_use_board(NULL);
	dtb_free(&b);
}

static void extra_devices(void *fdt)
{
	/* outside every region */
	device(fdt, "pl061@9050000", 0x9050000, 0x1000, -1);
	/* runs past the io page */
	device(fdt, "big@9030800", 0x9030800, 0x1000, -1);
	/* disabled: not checked */
	begin(fdt, "off@a000000");
	p_reg(fdt, 0xa000000, 0x1000);
	p_str(fdt, "status", "disabled");
	end(fdt);
	/* a bus whose ranges move 0x0 to 0x9030000 */
	begin(fdt, "soc");
	p_cells(fdt, "#address-cells", 1, 1);
	p_cells(fdt, "#size-cells", 1, 1);
	p_cells(fdt, "ranges", 4, 0x0, 0x0, 0x9030000, 0x2000);
	begin(fdt, "inside@100");
	p_cells(fdt, "reg", 2, 0x100, 0x100);
	end(fdt);
	begin(fdt, "outside@1000");
	p_cells(fdt, "reg", 2, 0x1000, 0x100);
	end(fdt);
	/* an I2C controller (0x9030800 once translated, inside the io
	 * page) whose children's reg is not an address */
	begin(fdt, "i2c@800");
	p_cells(fdt, "#address-cells", 1, 1);
	p_cells(fdt, "#size-cells", 1, 0);
	p_cells(fdt, "reg", 2, 0x800, 0x100);
	begin(fdt, "sensor@48");
	p_cells(fdt, "reg", 1, 0x48);
	end(fdt);
	end(fdt);
	end(fdt);
	/* reserved-memory is not a device */
	begin(fdt, "reserved-memory");
	p_cells(fdt, "#address-cells", 1, 2);
	p_cells(fdt, "#size-cells", 1, 2);
	assert_int_equal(fdt_property(fdt, "ranges", NULL, 0), 0);
	begin(fdt, "buf@7000000");
	p_reg(fdt, 0x7000000, 0x100000);
	end(fdt);
	end(fdt);
}

static void test_check_device_reg(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.extra = extra_devices;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /pl061@9050000: reg 0x9050000+0x1000 is not inside any io/virtio region of memory_regions\n"
		"DTB: /big@9030800: reg 0x9030800+0x1000 is not inside any io/virtio region of memory_regions\n"
		"DTB: /soc/outside@1000: reg 0x9031000+0x100 is not inside any io/virtio region of memory_regions\n");
	dtb_free(&b);

	/* two touching io pages cover a two-page device; so does virtio */
	parse_cfg(RAM0 ", " IO1
		       ", " REG("virtio", "0x9031000", "0x9031000",
				"0x1000") ", " REG("io", "0x9050000",
						   "0x9050000", "0x1000"),
		  "", "0x54000000");
	build(&t, &b);
	assert_int_equal(run_check(b.data), 0);
	assert_string_equal(out, "");
	dtb_free(&b);
}

static void extra_irqs(void *fdt)
{
	/* SPI 50 = INTID 82: not the zone's; SPI 45 = 77 is */
	begin(fdt, "uart@9030100");
	p_cells(fdt, "reg", 4, 0, 0x9030100, 0, 0x100);
	p_cells(fdt, "interrupts", 6, 0, 45, 4, 0, 50, 4);
	end(fdt);
	/* interrupts-extended, to the GIC */
	begin(fdt, "ext");
	p_cells(fdt, "interrupts-extended", 8, PHANDLE_GIC, 0, 51, 4,
		PHANDLE_GIC, 1, 7, 4);
	end(fdt);
	/* a GPIO controller: its lines are not GIC INTIDs */
	begin(fdt, "gpio");
	p_cells(fdt, "#interrupt-cells", 1, 2);
	assert_int_equal(fdt_property(fdt, "interrupt-controller", NULL, 0), 0);
	p_cells(fdt, "phandle", 1, PHANDLE_GPIO);
	end(fdt);
	begin(fdt, "button");
	p_cells(fdt, "interrupt-parent", 1, PHANDLE_GPIO);
	p_cells(fdt, "interrupts", 2, 99, 1);
	end(fdt);
	/* an ESPI: not something a zone can own */
	begin(fdt, "espi");
	p_cells(fdt, "interrupts", 3, 2, 5, 4);
	end(fdt);
}

static void test_check_spis(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.extra = extra_irqs;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /uart@9030100: interrupt SPI 50 (INTID 82) is not in interrupts\n"
		"DTB: /ext: interrupt SPI 51 (INTID 83) is not in interrupts\n"
		"DTB: /espi: interrupt type 2 is not supported (0 = SPI, 1 = PPI)\n");
	dtb_free(&b);

	/* the console's SPI is only fine while there is a console */
	t.extra = NULL;
	build(&t, &b);
	zf.cfg.console_base = 0;
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /pl011@9040000: reg 0x9040000+0x1000 is not inside any io/virtio region of memory_regions\n"
		"DTB: /pl011@9040000: interrupt SPI 8 (INTID 40) is not in interrupts\n");
	dtb_free(&b);
}

static void test_check_gic_addresses(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	zf.cfg.arch.gicd_base = 0x8001000;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /intc@8000000: distributor at 0x8000000 differs from arch_config.gicd_base 0x8001000\n");
	dtb_free(&b);

	base_cfg();
	t.gicr = 0x80c0000;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /intc@8000000: redistributors at 0x80c0000 differ from arch_config.gicr_base 0x80a0000\n");
	dtb_free(&b);

	zf.cfg.arch.gicd_size = 0x20000;
	zf.cfg.arch.gicr_base = 0x80c0000;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /intc@8000000: distributor size 0x10000 differs from arch_config.gicd_size 0x20000\n");
	dtb_free(&b);
}

static void test_check_memory_outside_ram(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.mem_base = 0x40000000;
	t.mem_size = 0x8000000;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out,
		"DTB: /memory@40000000: reg 0x40000000+0x8000000 is not inside any ram region of memory_regions (guest addresses)\n");
	dtb_free(&b);

	/* one byte too many */
	t.mem_base = 0x50000000;
	t.mem_size = 0x10001000;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_has_line(
		out,
		"DTB: /memory@50000000: reg 0x50000000+0x10001000 is not inside any ram region of memory_regions (guest addresses)");
	dtb_free(&b);
}

/* Every problem is reported, not just the first. */
static void test_check_reports_all(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.cpus[0] = 0;
	t.gicd = 0x8010000;
	t.mem_base = 0x40000000;
	t.extra = extra_irqs;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_int_equal(count_lines(out), 6);
	assert_has_line(
		out,
		"DTB: /cpus/cpu@0: CPU 0 (MPIDR 0x0) is not in cpus [2, 3]");
	assert_has_line(
		out,
		"DTB: /intc@8010000: distributor at 0x8010000 differs from arch_config.gicd_base 0x8000000");
	assert_has_line(
		out,
		"DTB: /memory@40000000: reg 0x40000000+0x10000000 is not inside any ram region of memory_regions (guest addresses)");
	assert_has_line(
		out,
		"DTB: /uart@9030100: interrupt SPI 50 (INTID 82) is not in interrupts");
	dtb_free(&b);
}

static void extra_no_gic_parent(void *fdt)
{
	begin(fdt, "dangling");
	p_cells(fdt, "interrupt-parent", 1, 77);
	p_cells(fdt, "interrupts", 3, 0, 44, 4);
	end(fdt);
}

static void test_check_bad_interrupt_parent(void **state)
{
	struct tree t = base_tree();
	struct dtb_buf b;

	(void)state;
	base_cfg();
	t.extra = extra_no_gic_parent;
	build(&t, &b);
	assert_int_equal(run_check(b.data), -1);
	assert_string_equal(
		out, "DTB: /dangling: interrupt-parent <0x4d> names no node\n");
	dtb_free(&b);
}

/* ---- loading files ----------------------------------------------------- */

static char tmp_path[64];

static void write_tmp(const void *data, size_t len)
{
	FILE *f;
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "/tmp/test_dtb.XXXXXX");
	fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Load tmp_path: expect failure and "PATH: <msg>". */
static void assert_load_fails(const char *msg)
{
	struct dtb_buf b = { (void *)1, 1 };
	char want[256];

	cap_begin();
	assert_int_equal(dtb_load_file(tmp_path, &b, errf), -1);
	cap_end();
	assert_null(b.data);
	assert_int_equal(b.size, 0);
	snprintf(want, sizeof(want), "%s: %s\n", tmp_path, msg);
	assert_string_equal(out, want);
}

static void test_load_refuses_bad_files(void **state)
{
	struct dtb_buf good, b;
	char *bytes;
	size_t size;

	(void)state;
	base_cfg();
	build_base(&good);
	size = good.size;
	bytes = good.data;

	write_tmp("", 0);
	assert_load_fails("not a device tree blob (empty file)");
	unlink(tmp_path);

	write_tmp("hello, world, this is not a device tree\n", 40);
	assert_load_fails(
		"not a device tree blob (bad magic: it does not start with 0xd00dfeed)");
	unlink(tmp_path);

	write_tmp(bytes, 20);
	assert_load_fails(
		"not a device tree blob (truncated: 20 bytes, less than a header)");
	unlink(tmp_path);

	write_tmp(bytes, size - 1);
	{
		char msg[128];

		snprintf(
			msg, sizeof(msg),
			"not a device tree blob (truncated: %zu bytes, its header says %zu)",
			size - 1, size);
		assert_load_fails(msg);
	}
	unlink(tmp_path);

	/* a broken structure block: the first node's FDT_BEGIN_NODE token */
	bytes[fdt_off_dt_struct(bytes) + 3] = 0x7f;
	write_tmp(bytes, size);
	assert_load_fails("not a device tree blob (FDT_ERR_BADSTRUCTURE)");
	unlink(tmp_path);
	dtb_free(&good);

	cap_begin();
	assert_int_equal(dtb_load_file("/nonexistent/x.dtb", &b, errf), -1);
	cap_end();
	assert_string_equal(
		out,
		"/nonexistent/x.dtb: cannot open: No such file or directory\n");
	/* a good one loads, with trailing bytes after the blob allowed */
	build_base(&good);
	bytes = realloc(good.data, good.size + 16);
	assert_non_null(bytes);
	memset(bytes + good.size, 0, 16);
	write_tmp(bytes, good.size + 16);
	assert_int_equal(dtb_load_file(tmp_path, &b, NULL), 0);
	assert_int_equal(b.size, good.size + 16);
	assert_int_equal(dtb_size(&b), good.size);
	unlink(tmp_path);
	dtb_free(&b);
	free(bytes);
}

/* ---- images ------------------------------------------------------------ */

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A kernel that is no Linux Image (RuxOS, a bare payload) is loaded raw, as
 * hvisor-tool does, with a warning; an empty file is no kernel. */
static void test_image_kernel_size(void **state)
{
	unsigned char hdr[64];

	(void)state;
	memset(hdr, 0, sizeof(hdr));
	put_le(hdr + 16, 0x2010000, 8);
	put_le(hdr + 56, 0x644d5241, 4);
	cap_begin();
	assert_int_equal(image_kernel_size("Image", hdr, sizeof(hdr), 0x1000000,
					   errf),
			 0x2010000);
	assert_string_equal(cap_end(), "");
	cap_begin();
	assert_int_equal(image_kernel_size("ruxos.bin", "\x1f\x20\x03\xd5", 4,
					   4, errf),
			 4);
	assert_string_equal(
		cap_end(),
		"warning: ruxos.bin: not an arm64 Linux Image (no ARM\\x64 magic): loaded as a raw binary of 4 bytes and entered at entry_point\n");
	cap_begin();
	assert_int_equal(image_kernel_size("empty", "", 0, 0, errf), 0);
	assert_string_equal(cap_end(), "empty: empty: no kernel\n");
}

static void test_image_check_arm64(void **state)
{
	unsigned char hdr[64];

	(void)state;
	memset(hdr, 0, sizeof(hdr));
	put_le(hdr + 16, 0x2010000, 8);
	cap_begin();
	assert_int_equal(image_check_arm64("Image", hdr, sizeof(hdr), errf),
			 -1);
	cap_end();
	assert_string_equal(
		out, "Image: not an arm64 Linux Image (no ARM\\x64 magic)\n");

	put_le(hdr + 56, 0x644d5241, 4);
	assert_memory_equal(hdr + 56, "ARM\x64", 4);
	cap_begin();
	assert_int_equal(image_check_arm64("Image", hdr, sizeof(hdr), errf), 0);
	cap_end();
	assert_string_equal(out, "");

	cap_begin();
	assert_int_equal(image_check_arm64("Image", hdr, 60, errf), -1);
	cap_end();
	assert_string_equal(
		out,
		"Image: not an arm64 Linux Image (60 bytes, shorter than its 64-byte header)\n");

	/* image_size counts the BSS; 0 means "use the file size" */
	assert_int_equal(image_arm64_mem_size(hdr, sizeof(hdr), 0x1000000),
			 0x2010000);
	assert_int_equal(image_arm64_mem_size(hdr, sizeof(hdr), 0x3000000),
			 0x3000000);
	put_le(hdr + 16, 0, 8);
	assert_int_equal(image_arm64_mem_size(hdr, sizeof(hdr), 0x1234),
			 0x1234);
	assert_int_equal(image_arm64_mem_size(hdr, 10, 0x1234), 0x1234);
}

/* Kernel at 0x80200000, DTB at 0x80000000, ramdisk at 0x84000000. */
static void cfg_at_2g(void)
{
	cfg_kernel = "0x80200000";
	cfg_dtb = "0x80000000";
	parse_cfg(REG("ram", "0x80000000", "0x80000000", "0x10000000") ", " IO1,
		  "", "0x84000000");
	cfg_kernel = "0x50400000";
	cfg_dtb = "0x50000000";
}

static int run_images(uint64_t k, uint64_t d, uint64_t r)
{
	int ret;

	cap_begin();
	ret = images_check(&zf, k, d, r, errf);
	cap_end();
	return ret;
}

static void test_images_overlap(void **state)
{
	(void)state;
	cfg_at_2g();
	assert_int_equal(run_images(0x4010000, 0x1000, 0x3000000), -1);
	assert_string_equal(
		out,
		"zone1.json: ramdisk_filepath: 0x84000000+0x3000000 overlaps kernel_filepath 0x80200000+0x4010000\n");
	assert_int_equal(run_images(0x3e00000, 0x1000, 0x3000000), 0);
	assert_string_equal(out, "");
	/* the DTB running into the kernel */
	assert_int_equal(run_images(0x1000000, 0x200001, 0), -1);
	assert_string_equal(
		out,
		"zone1.json: dtb_filepath: 0x80000000+0x200001 overlaps kernel_filepath 0x80200000+0x1000000\n");
	/* 0 skips an image: no DTB, no ramdisk */
	assert_int_equal(run_images(0x5000000, 0, 0), 0);
}

static void test_images_do_not_fit(void **state)
{
	(void)state;
	cfg_at_2g();
	assert_int_equal(run_images(0x10000000, 0x1000, 0x1000), -1);
	assert_string_equal(
		out,
		"zone1.json: kernel_filepath: 0x80200000+0x10000000 does not fit in memory_regions[0], which ends at 0x90000000\n"
		"zone1.json: ramdisk_filepath: 0x84000000+0x1000 overlaps kernel_filepath 0x80200000+0x10000000\n");
	zf.ramdisk_load_paddr = 0x90000000;
	assert_int_equal(run_images(0x1000, 0x1000, 0x1000), -1);
	assert_string_equal(
		out,
		"zone1.json: ramdisk_filepath: 0x90000000+0x1000 is not inside a RAM region (physical addresses)\n");
	/* a size that wraps around */
	zf.ramdisk_load_paddr = 0x84000000;
	assert_int_equal(run_images(0, 0, UINT64_MAX), -1);
	assert_has_line(
		out,
		"zone1.json: ramdisk_filepath: 0x84000000+0xffffffffffffffff does not fit in memory_regions[0], which ends at 0x90000000");
	/* exactly to the end is fine */
	assert_int_equal(run_images(0, 0, 0xc000000), 0);
}

static int teardown_group(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_zone0_load_and_check),
		cmocka_unit_test(test_real_zone0_mismatches),
		cmocka_unit_test(test_real_zone0_patch),
		cmocka_unit_test(test_real_zone0_matches_build),
		cmocka_unit_test(test_patch_adds_chosen),
		cmocka_unit_test(test_patch_adds_virtio_nodes),
		cmocka_unit_test(test_patch_twice_same_bytes),
		cmocka_unit_test(test_patch_grows_buffer),
		cmocka_unit_test(test_patch_replaces_memory),
		cmocka_unit_test(test_patch_no_ramdisk),
		cmocka_unit_test(test_patch_one_cell_root),
		cmocka_unit_test(test_patch_refuses_garbage),
		cmocka_unit_test(test_check_base_ok),
		cmocka_unit_test(test_check_cpu_not_in_cpus),
		cmocka_unit_test(test_check_cpus_by_mpidr),
		cmocka_unit_test(test_check_device_reg),
		cmocka_unit_test(test_check_spis),
		cmocka_unit_test(test_check_gic_addresses),
		cmocka_unit_test(test_check_memory_outside_ram),
		cmocka_unit_test(test_check_reports_all),
		cmocka_unit_test(test_check_bad_interrupt_parent),
		cmocka_unit_test(test_load_refuses_bad_files),
		cmocka_unit_test(test_carve_zcu102_for_zone0),
		cmocka_unit_test(test_image_check_arm64),
		cmocka_unit_test(test_image_kernel_size),
		cmocka_unit_test(test_images_overlap),
		cmocka_unit_test(test_images_do_not_fit),
	};

	return cmocka_run_group_tests(tests, NULL, teardown_group);
}

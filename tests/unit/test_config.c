// sources: tools/config/config.c tools/config/zf_json.c tools/config/zf_zone.c tools/config/zf_virtio.c tools/config/zf_ivc.c tools/lib/file.c tools/config/virtio_cfg.c hypervisor/core/config_check.c hypervisor/core/config_ivc.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Zone config parsing (tools/config/config.c) and the shared checker
 * (hypervisor/core/config_check.c). Bad configs are inline JSON built from
 * one good config with fields replaced, and each asserts the exact message a
 * user would see. Runs from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "config_check.h"
#include "virtio_cfg.h"

#define CPUS 4

/* ---- building configs ---------------------------------------------- */

#define REG(t, p, v, s)                                                        \
	"{\"type\": \"" t "\", \"physical_start\": \"" p "\", "                \
	"\"virtual_start\": \"" v "\", \"size\": \"" s "\"}"
#define RAM0 REG("ram", "0x50000000", "0x50000000", "0x10000000")
#define IO1 REG("io", "0x9030000", "0x9030000", "0x1000")
#define ARCH(db, ds, rb, rs)                                                   \
	"{\"gic_version\": \"v3\", \"gicd_base\": \"" db "\", "                \
	"\"gicd_size\": \"" ds "\", \"gicr_base\": \"" rb "\", "               \
	"\"gicr_size\": \"" rs "\"}"
#define ARCH_OK ARCH("0x8000000", "0x10000", "0x80a0000", "0xf60000")

struct kv {
	const char *key;
	const char *val;
};

/* A good config for a 4-CPU machine; tests replace fields of it. */
static const struct kv base_cfg[] = {
	{ "name", "\"linux1\"" },
	{ "zone_id", "1" },
	{ "cpus", "[2, 3]" },
	{ "memory_regions", "[" RAM0 ", " IO1 "]" },
	{ "interrupts", "[76, 77]" },
	{ "kernel_filepath", "\"Image\"" },
	{ "kernel_load_paddr", "\"0x50400000\"" },
	{ "entry_point", "\"0x50400000\"" },
	{ "dtb_filepath", "\"linux1.dtb\"" },
	{ "dtb_load_paddr", "\"0x50000000\"" },
	{ "cmdline", "\"console=ttyAMA0\"" },
	{ "arch_config", ARCH_OK },
};

#define NBASE (sizeof(base_cfg) / sizeof(base_cfg[0]))
#define MAX_OVERRIDES 8

static char json_buf[1 << 16];

static void json_add(size_t *n, const char *s)
{
	size_t len = strlen(s);

	assert_true(*n + len < sizeof(json_buf));
	memcpy(json_buf + *n, s, len + 1);
	*n += len;
}

/*
 * The base config with fields replaced (value NULL: removed) or added:
 * mk("zone_id", "9", "name", NULL, NULL). Returns a static buffer.
 */
static const char *mk(const char *key, ...)
{
	const char *ok[MAX_OVERRIDES], *ov[MAX_OVERRIDES];
	int used[MAX_OVERRIDES] = { 0 };
	int n = 0, i, first = 1;
	size_t len = 0;
	size_t b;
	va_list ap;

	va_start(ap, key);
	for (; key; key = va_arg(ap, const char *)) {
		assert_true(n < MAX_OVERRIDES);
		ok[n] = key;
		ov[n++] = va_arg(ap, const char *);
	}
	va_end(ap);

	json_add(&len, "{\n");
	for (b = 0; b < NBASE; b++) {
		const char *val = base_cfg[b].val;

		for (i = 0; i < n; i++) {
			if (!strcmp(ok[i], base_cfg[b].key)) {
				val = ov[i];
				used[i] = 1;
			}
		}
		if (!val)
			continue;
		json_add(&len, first ? "\t\"" : ",\n\t\"");
		json_add(&len, base_cfg[b].key);
		json_add(&len, "\": ");
		json_add(&len, val);
		first = 0;
	}
	for (i = 0; i < n; i++) {
		if (used[i] || !ov[i])
			continue;
		json_add(&len, first ? "\t\"" : ",\n\t\"");
		json_add(&len, ok[i]);
		json_add(&len, "\": ");
		json_add(&len, ov[i]);
		first = 0;
	}
	json_add(&len, "\n}\n");
	return json_buf;
}

#define MK(...) mk(__VA_ARGS__, (const char *)0)

/* ---- running the parser --------------------------------------------- */

static struct zone_file zf;
static char *out; /* what the last parse wrote to errf */

static int parse_len(const char *path, const char *text, size_t len)
{
	size_t size;
	FILE *f;
	int ret;

	free(out);
	out = NULL;
	f = open_memstream(&out, &size);
	assert_non_null(f);
	ret = zone_file_parse(path, text, len, CPUS, &zf, f);
	fclose(f);
	return ret;
}

static int parse(const char *text)
{
	return parse_len("zone1.json", text, strlen(text));
}

static void check_err(const char *text, const char *msg, int line)
{
	int ret = parse(text);

	if (ret != -1 || !strstr(out, msg))
		fail_msg(
			"line %d: ret %d, wanted -1 and\n  %s\ngot:\n%s\nfor:\n%s",
			line, ret, msg, out, text);
}

static void check_ok(const char *text, int line)
{
	int ret = parse(text);

	if (ret != 0)
		fail_msg("line %d: ret %d, wanted 0; got:\n%s\nfor:\n%s", line,
			 ret, out, text);
}

#define EXPECT_ERR(text, msg) check_err(text, msg, __LINE__)
#define EXPECT_OK(text) check_ok(text, __LINE__)

static int teardown_group(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

/* ---- parsing: good configs ----------------------------------------- */

static void test_zone0_json(void **state)
{
	const char *path = "zone-configs/zone0.json";
	size_t size;
	FILE *f;
	int ret;

	(void)state;
	free(out);
	out = NULL;
	f = open_memstream(&out, &size);
	ret = zone_file_load(path, CPUS, &zf, f);
	fclose(f);
	if (ret)
		fail_msg("%s", out);
	assert_string_equal(out, "");
	assert_string_equal(zf.cfg.name, "zone0");
	assert_int_equal(zf.cfg.magic, HV_ABI_MAGIC);
	assert_int_equal(zf.cfg.version, HV_ABI_VERSION);
	assert_int_equal(zf.cfg.size, sizeof(zf.cfg));
	assert_int_equal(zf.cfg.zone_id, 0);
	assert_int_equal(zf.cfg.cpus, 0x3);
	assert_int_equal(zf.cfg.num_mem_regions, 4);
	assert_int_equal(zf.cfg.mem_regions[0].type, HV_MEM_RAM);
	assert_int_equal(zf.cfg.mem_regions[0].size, 0x3e000000);
	assert_int_equal(zf.cfg.mem_regions[1].type, HV_MEM_IO);
	/* the channel's doorbell and the event channel's SPI join the
	 * listed ones */
	assert_int_equal(zf.cfg.num_irqs, 5);
	assert_int_equal(zf.cfg.irqs[0], 33);
	assert_int_equal(zf.cfg.irqs[3], 82);
	assert_int_equal(zf.cfg.irqs[4], 32);
	assert_int_equal(zf.cfg.num_ivc, 1);
	assert_int_equal(zf.cfg.ivc[0].ivc_id, 1);
	assert_int_equal(zf.cfg.event_irq, 32);
	assert_int_equal(zf.cfg.num_virtio, 0);
	assert_int_equal(zf.cfg.entry_point, 0x42200000);
	assert_int_equal(zf.cfg.dtb_addr, 0x42000000);
	assert_int_equal(zf.cfg.arch.gic_version, HV_GIC_V3);
	assert_int_equal(zf.cfg.arch.gicr_size, 0xf60000);
	assert_string_equal(zf.dir, "zone-configs");
	assert_string_equal(zf.kernel_path, "zone-configs/../build/deps/Image");
	assert_string_equal(
		zf.dtb_path,
		"zone-configs/../build/boards/qemu-virt-gicv3/zone0.dtb");
	assert_int_equal(zf.has_ramdisk, 1);
	assert_int_equal(zf.ramdisk_load_paddr, 0x46000000);
	assert_true(strstr(zf.cmdline, "rdinit=/init") != NULL);
	assert_int_equal(zf.console_mirror, 1);
	assert_int_equal(zf.cfg.flags, HV_ZONE_CONSOLE_MIRROR);
}

/* The GICv2 board's zone0: its CPU interface and the board's virtual
 * frames, no redistributors. */
static void test_gicv2_zone0_json(void **state)
{
	const char *path = "zone-configs/qemu-virt-gicv2/zone0.json";
	size_t size;
	FILE *f;
	int ret;

	(void)state;
	free(out);
	out = NULL;
	f = open_memstream(&out, &size);
	ret = zone_file_load(path, CPUS, &zf, f);
	fclose(f);
	if (ret)
		fail_msg("%s", out);
	assert_string_equal(out, "");
	assert_int_equal(zf.cfg.arch.gic_version, HV_GIC_V2);
	assert_int_equal(zf.cfg.arch.gicd_base, 0x08000000);
	assert_int_equal(zf.cfg.arch.gicc_base, 0x08010000);
	assert_int_equal(zf.cfg.arch.gicc_size, 0x10000);
	assert_int_equal(zf.cfg.arch.gich_base, 0x08030000);
	assert_int_equal(zf.cfg.arch.gicv_base, 0x08040000);
	assert_int_equal(zf.cfg.arch.gicr_base, 0);
	assert_string_equal(
		zf.dtb_path,
		"zone-configs/qemu-virt-gicv2/../../build/boards/qemu-virt-gicv2/zone0.dtb");
}

static void test_base_ok(void **state)
{
	(void)state;
	assert_int_equal(
		parse_len("cfgs/zone1.json", mk(NULL), strlen(mk(NULL))), 0);
	assert_string_equal(out, "");
	assert_string_equal(zf.path, "cfgs/zone1.json");
	assert_string_equal(zf.dir, "cfgs");
	assert_string_equal(zf.kernel_path, "cfgs/Image");
	assert_string_equal(zf.dtb_path, "cfgs/linux1.dtb");
	assert_string_equal(zf.ramdisk_path, "");
	assert_int_equal(zf.has_ramdisk, 0);
	assert_int_equal(zf.kernel_load_paddr, 0x50400000);
	assert_int_equal(zf.cfg.cpus, 0xc);
	assert_int_equal(zf.cfg.num_irqs, 2);
	assert_int_equal(zf.cfg.irqs[1], 77);
	assert_string_equal(zf.cmdline, "console=ttyAMA0");
	assert_int_equal(zf.cfg.console_base, 0);
}

static void test_paths(void **state)
{
	const char *t = MK("kernel_filepath", "\"/boot/Image\"");

	(void)state;
	assert_int_equal(parse_len("/etc/zones/z.json", t, strlen(t)), 0);
	assert_string_equal(zf.kernel_path, "/boot/Image");
	assert_string_equal(zf.dtb_path, "/etc/zones/linux1.dtb");
	/* a config in the current folder */
	EXPECT_OK(mk(NULL));
	assert_string_equal(zf.dir, ".");
	assert_string_equal(zf.kernel_path, "Image");
	/* one in / */
	assert_int_equal(parse_len("/z.json", t, strlen(t)), 0);
	assert_string_equal(zf.dtb_path, "/linux1.dtb");
	/* "" and null mean "no file" */
	EXPECT_OK(MK("dtb_filepath", "\"\""));
	assert_string_equal(zf.dtb_path, "");
	EXPECT_OK(MK("dtb_filepath", "null"));
}

static void test_number_formats(void **state)
{
	(void)state;
	/* JSON numbers, hex strings in either case, decimal strings */
	EXPECT_OK(MK("entry_point", "1346371584", "zone_id", "\"1\"",
		     "dtb_load_paddr", "\"0X50000000\""));
	assert_int_equal(zf.cfg.entry_point, 0x50400000);
	assert_int_equal(zf.cfg.dtb_addr, 0x50000000);
	EXPECT_OK(MK("interrupts", "[\"0x4c\", 77.0]"));
	assert_int_equal(zf.cfg.irqs[0], 76);
	assert_int_equal(zf.cfg.irqs[1], 77);
	/* all 64 bits in a string (gits_* is checked but unused) */
	EXPECT_OK(MK("arch_config",
		     "{\"gic_version\": 3, \"gicd_base\": \"0x8000000\", "
		     "\"gicd_size\": 65536, \"gicr_base\": \"0x80a0000\", "
		     "\"gicr_size\": \"0xf60000\", "
		     "\"gits_base\": \"0xffffffffffffffff\", "
		     "\"gits_size\": \"18446744073709551615\"}"));
	/* the largest exact JSON number */
	EXPECT_ERR(MK("entry_point", "9007199254740988"),
		   "entry_point: 0x1ffffffffffffc: not inside a RAM region");
}

static void test_unknown_fields_warn(void **state)
{
	(void)state;
	EXPECT_OK(MK("pci_config", "{\"x\": 1}"));
	assert_true(strstr(
		out,
		"warning: zone1.json: pci_config: unknown field, ignored\n"));
	EXPECT_OK(
		MK("arch_config",
		   "{\"gic_version\": \"v3\", \"gicd_base\": \"0x8000000\", "
		   "\"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\", "
		   "\"gicr_size\": \"0xf60000\", \"gicz_base\": 0}"));
	assert_true(strstr(
		out,
		"warning: zone1.json: arch_config.gicz_base: unknown field, ignored"));
	EXPECT_OK(MK("memory_regions",
		     "[{\"type\": \"ram\", \"physical_start\": \"0x50000000\", "
		     "\"virtual_start\": \"0x50000000\", \"size\": "
		     "\"0x10000000\", \"comment\": \"main RAM\"}]"));
	assert_true(strstr(out, "memory_regions[0].comment: unknown field"));
	/* field names are case-sensitive */
	EXPECT_ERR(MK("name", NULL, "Name", "\"x\""),
		   "zone1.json: name: missing");
	assert_true(strstr(out, "warning: zone1.json: Name: unknown field"));
}

static void test_missing_required(void **state)
{
	static const char *const req[] = {
		"name",		  "zone_id",	 "cpus",
		"memory_regions", "entry_point", "dtb_load_paddr",
		"arch_config",
	};
	char msg[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		snprintf(msg, sizeof(msg), "zone1.json: %s: missing\n", req[i]);
		EXPECT_ERR(MK(req[i], NULL), msg);
	}
	EXPECT_ERR(MK("memory_regions",
		      "[{\"type\": \"ram\", \"physical_start\": 0, "
		      "\"virtual_start\": 0}]"),
		   "zone1.json: memory_regions[0].size: missing\n");
	EXPECT_ERR(MK("arch_config", "{\"gicd_base\": 0}"),
		   "zone1.json: arch_config.gic_version: missing\n");
	assert_true(strstr(out, "arch_config.gicr_size: missing\n"));
	/* optional ones may go */
	EXPECT_OK(MK("interrupts", NULL, "kernel_filepath", NULL,
		     "kernel_load_paddr", NULL, "dtb_filepath", NULL, "cmdline",
		     NULL));
	assert_int_equal(zf.cfg.num_irqs, 0);
}

static void test_reports_every_parse_error(void **state)
{
	(void)state;
	EXPECT_ERR(MK("name", "7", "zone_id", "-3", "entry_point", "true"),
		   "zone1.json: name: 7: expected a string\n");
	assert_true(strstr(
		out,
		"zone1.json: zone_id: -3: negative numbers are not allowed\n"));
	assert_true(strstr(
		out, "zone1.json: entry_point: true: expected a number\n"));
}

static void test_wrong_types(void **state)
{
	(void)state;
	EXPECT_ERR(
		MK("cpus", "\"0,1\""),
		"zone1.json: cpus: \"0,1\": expected an array of CPU numbers");
	EXPECT_ERR(MK("memory_regions", "{}"),
		   "zone1.json: memory_regions: {...}: expected an array");
	EXPECT_ERR(MK("memory_regions", "[5]"),
		   "zone1.json: memory_regions[0]: 5: expected an object");
	EXPECT_ERR(MK("memory_regions",
		      "[" RAM0 ", {\"type\": 1, "
		      "\"physical_start\": 0, \"virtual_start\": 0, "
		      "\"size\": 4096}]"),
		   "zone1.json: memory_regions[1].type: 1: expected a string");
	EXPECT_ERR(MK("interrupts", "76"),
		   "zone1.json: interrupts: 76: expected an array of INTIDs");
	EXPECT_ERR(MK("interrupts", "[76, [77]]"),
		   "zone1.json: interrupts[1]: [...]: expected a number");
	EXPECT_ERR(MK("arch_config", "[]"),
		   "zone1.json: arch_config: [...]: expected an object");
	EXPECT_ERR(MK("cmdline", "false"),
		   "zone1.json: cmdline: false: expected a string");
	EXPECT_ERR(MK("kernel_filepath", "1"),
		   "zone1.json: kernel_filepath: 1: expected a string");
	EXPECT_ERR(MK("zone_id", "null"),
		   "zone1.json: zone_id: null: expected a number");
	EXPECT_ERR(MK("modules", "{}"),
		   "zone1.json: modules: {...}: expected an array");
	EXPECT_ERR("[1, 2]",
		   "zone1.json: top level: [...]: expected an object");
	EXPECT_ERR("\"zone\"",
		   "zone1.json: top level: \"zone\": expected an object");
}

static void test_negative_numbers(void **state)
{
	(void)state;
	EXPECT_ERR(MK("zone_id", "-1"),
		   "zone1.json: zone_id: -1: negative numbers are not allowed");
	EXPECT_ERR(
		MK("entry_point", "\"-0x10\""),
		"zone1.json: entry_point: \"-0x10\": negative numbers are not allowed");
	EXPECT_ERR(MK("cpus", "[-2]"),
		   "zone1.json: cpus[0]: -2: negative numbers are not allowed");
}

static void test_huge_numbers(void **state)
{
	(void)state;
	EXPECT_ERR(
		MK("entry_point", "9007199254740993"),
		"zone1.json: entry_point: 9007199254740992: too large for a JSON number (2^53 and above may be rounded); use a \"0x...\" string");
	EXPECT_ERR(MK("entry_point", "1e400"),
		   "entry_point: inf: too large for a JSON number");
	EXPECT_ERR(
		MK("entry_point", "\"0x10000000000000000\""),
		"zone1.json: entry_point: \"0x10000000000000000\": does not fit in 64 bits");
	EXPECT_ERR(
		MK("entry_point", "\"18446744073709551616\""),
		"zone1.json: entry_point: \"18446744073709551616\": does not fit in 64 bits");
	EXPECT_ERR(
		MK("zone_id", "\"0x100000001\""),
		"zone1.json: zone_id: \"0x100000001\": out of range (more than 32 bits)");
	EXPECT_ERR(
		MK("interrupts", "[4294967296]"),
		"zone1.json: interrupts[0]: 4294967296: out of range (more than 32 bits)");
}

static void test_bad_number_strings(void **state)
{
	(void)state;
	EXPECT_ERR(MK("entry_point", "\"0x\""),
		   "zone1.json: entry_point: \"0x\": not a number\n");
	EXPECT_ERR(MK("entry_point", "\"\""),
		   "zone1.json: entry_point: \"\": not a number\n");
	EXPECT_ERR(
		MK("entry_point", "\"0x5040000g\""),
		"zone1.json: entry_point: \"0x5040000g\": not a number (write \"0x...\" hex or decimal digits)");
	EXPECT_ERR(MK("entry_point", "\" 0x50400000\""),
		   "entry_point: \" 0x50400000\": not a number");
	EXPECT_ERR(MK("entry_point", "\"50400000h\""),
		   "entry_point: \"50400000h\": not a number");
	EXPECT_ERR(
		MK("zone_id", "\"01\""),
		"zone1.json: zone_id: \"01\": leading zero (octal is not supported; write \"0x...\" or plain decimal)");
	EXPECT_ERR(MK("zone_id", "\"0b1\""), "zone_id: \"0b1\": not a number");
}

static void test_fractions(void **state)
{
	(void)state;
	EXPECT_ERR(MK("zone_id", "1.5"),
		   "zone1.json: zone_id: 1.5: not an integer");
	EXPECT_ERR(MK("entry_point", "\"1.5\""),
		   "zone1.json: entry_point: \"1.5\": not an integer");
	EXPECT_ERR(MK("entry_point", "\"1e3\""),
		   "zone1.json: entry_point: \"1e3\": not an integer");
	EXPECT_ERR(MK("cpus", "[0.25]"),
		   "zone1.json: cpus[0]: 0.25: not an integer");
}

static void test_malformed_json(void **state)
{
	(void)state;
	/* cut off inside the cpus array: the last byte is reported */
	EXPECT_ERR("{\n\t\"name\": \"x\",\n\t\"cpus\": [1,",
		   "zone1.json:3:12: malformed JSON\n");
	EXPECT_ERR("{\n  \"name\": x\n}", "zone1.json:2:11: malformed JSON\n");
	EXPECT_ERR("{\"name\": \"x\" \"zone_id\": 1}",
		   "zone1.json:1:14: malformed JSON\n");
	EXPECT_ERR("{\"name\": \"x\",}", "zone1.json:1:14: malformed JSON\n");
	EXPECT_ERR(
		"{} {}",
		"zone1.json:1:4: malformed JSON: text after the top-level value\n");
	EXPECT_ERR("{\"name\": \"x\\u0\"}", "zone1.json:1:");
	/* the whole message is exactly one line */
	EXPECT_ERR("{", "zone1.json:1:1: malformed JSON\n");
	assert_string_equal(out, "zone1.json:1:1: malformed JSON\n");
}

static void test_empty_and_nul(void **state)
{
	(void)state;
	EXPECT_ERR("", "zone1.json: empty file\n");
	EXPECT_ERR(" \n\t\r\n", "zone1.json: empty file\n");
	assert_int_equal(parse_len("zone1.json", "{\n\"a\0", 5), -1);
	assert_string_equal(out, "zone1.json:2:3: malformed JSON (NUL byte)\n");
}

static void test_load_files(void **state)
{
	char path[] = "/tmp/hvisor-test-XXXXXX";
	size_t size;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fclose(f);

	free(out);
	f = open_memstream(&out, &size);
	assert_int_equal(zone_file_load(path, CPUS, &zf, f), -1);
	fclose(f);
	assert_true(strstr(out, ": empty file\n"));

	f = fopen(path, "w");
	assert_non_null(f);
	fputs(mk(NULL), f);
	fclose(f);
	free(out);
	f = open_memstream(&out, &size);
	assert_int_equal(zone_file_load(path, CPUS, &zf, f), 0);
	fclose(f);
	assert_string_equal(zf.kernel_path, "/tmp/Image");
	remove(path);

	free(out);
	f = open_memstream(&out, &size);
	assert_int_equal(zone_file_load("/nonexistent/zone.json", CPUS, &zf, f),
			 -1);
	fclose(f);
	assert_string_equal(
		out,
		"/nonexistent/zone.json: cannot open: No such file or directory\n");
}

static void test_deep_nesting(void **state)
{
	size_t n = 2000, i, len = 0;
	char *t = malloc(2 * n + 64);

	(void)state;
	assert_non_null(t);
	for (i = 0; i < n; i++)
		t[len++] = '[';
	for (i = 0; i < n; i++)
		t[len++] = ']';
	t[len] = '\0';
	EXPECT_ERR(
		t,
		"zone1.json:1:33: malformed JSON: nested more than 32 levels deep\n");

	/* the same inside a field, and brackets in strings do not count */
	len = (size_t)sprintf(t, "{\"s\": \"[[[[\", \"x\": ");
	for (i = 0; i < n; i++)
		t[len++] = '{';
	t[len] = '\0';
	EXPECT_ERR(
		t,
		"zone1.json:1:51: malformed JSON: nested more than 32 levels deep\n");
	free(t);
}

static void test_duplicate_field(void **state)
{
	(void)state;
	EXPECT_ERR("{\"name\": \"a\", \"name\": \"b\"}",
		   "zone1.json: name: duplicate field\n");
	EXPECT_ERR(MK("console", "{\"base\": \"0x9040000\", \"irq\": 40, "
				 "\"irq\": 41}"),
		   "zone1.json: console.irq: duplicate field\n");
}

static void test_name(void **state)
{
	(void)state;
	EXPECT_OK(MK("name", "\"abcdefghijklmnopqrstuvwxyz01234\""));
	assert_string_equal(zf.cfg.name, "abcdefghijklmnopqrstuvwxyz01234");
	EXPECT_ERR(
		MK("name", "\"abcdefghijklmnopqrstuvwxyz012345\""),
		"zone1.json: name: \"abcdefghijklmnopqrstuvwxyz012345\": too long (at most 31 characters)");
	EXPECT_ERR(MK("name", "\"\""), "zone1.json: name: \"\": empty\n");
	EXPECT_ERR(
		MK("name", "\"my zone\""),
		"zone1.json: name: \"my zone\": invalid character (allowed: A-Z a-z 0-9 _ . -)");
	EXPECT_ERR(MK("name", "\"a/b\""), "name: \"a/b\": invalid character");
	EXPECT_ERR(MK("name", "\"tab\\there\""),
		   "name: \"tab?here\": invalid character");
	EXPECT_OK(MK("name", "\"Linux-2_test.a\""));
}

static void test_zone_id(void **state)
{
	(void)state;
	EXPECT_OK(MK("zone_id", "7"));
	assert_int_equal(zf.cfg.zone_id, 7);
	EXPECT_OK(MK("zone_id", "0"));
	EXPECT_ERR(MK("zone_id", "8"),
		   "zone1.json: zone_id: 8: out of range (0..7)\n");
}

static void test_cpus(void **state)
{
	(void)state;
	EXPECT_OK(MK("cpus", "[0, 1, 2, 3]"));
	assert_int_equal(zf.cfg.cpus, 0xf);
	EXPECT_ERR(MK("cpus", "[]"), "zone1.json: cpus: 0: no CPUs given\n");
	EXPECT_ERR(
		MK("cpus", "[1, 4]"),
		"zone1.json: cpus: 4: CPU does not exist on this machine (it has 4 CPUs: 0..3)\n");
	EXPECT_ERR(
		MK("cpus", "[64]"),
		"zone1.json: cpus[0]: 64: out of range (CPU numbers are 0..63)\n");
	EXPECT_ERR(MK("cpus", "[2, 3, 2]"),
		   "zone1.json: cpus[2]: 2: duplicate of cpus[0]\n");
}

static void test_region_limits(void **state)
{
	char regions[16384];
	size_t len = 0;
	int i;

	(void)state;
	/* 64 regions (hvisor-tool's limit) is fine, 65 is one too many */
	len += (size_t)sprintf(regions, "[" RAM0);
	for (i = 1; i < HV_MAX_MEM_REGIONS; i++)
		len += (size_t)sprintf(regions + len,
				       ", " REG("io", "0x%x", "0x%x", "0x1000"),
				       0x9100000 + i * 0x1000,
				       0x9100000 + i * 0x1000);
	strcpy(regions + len, "]");
	EXPECT_OK(MK("memory_regions", regions));
	assert_int_equal(zf.cfg.num_mem_regions, 64);
	strcpy(regions + len, ", " IO1 "]");
	EXPECT_ERR(
		MK("memory_regions", regions),
		"zone1.json: memory_regions: 65 entries: more than the limit of 64 (HV_MAX_MEM_REGIONS)\n");
	EXPECT_ERR(MK("memory_regions", "[]"),
		   "zone1.json: memory_regions: no regions\n");
}

static void test_region_rules(void **state)
{
	(void)state;
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0
		   ", " REG("rom", "0x9030000", "0x9030000", "0x1000") "]"),
		"zone1.json: memory_regions[1].type: \"rom\": unknown type (expected \"ram\", \"io\" or \"virtio\")\n");
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0
		   ", " REG("io", "0x9030000", "0x9030000", "0x1234") "]"),
		"zone1.json: memory_regions[1].size: 0x1234: not 4 KiB aligned\n");
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0
		   ", " REG("io", "0x9030800", "0x9030000", "0x1000") "]"),
		"zone1.json: memory_regions[1].physical_start: 0x9030800: not 4 KiB aligned\n");
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0
		   ", " REG("io", "0x9030000", "0x9030004", "0x1000") "]"),
		"zone1.json: memory_regions[1].virtual_start: 0x9030004: not 4 KiB aligned\n");
	EXPECT_ERR(MK("memory_regions",
		      "[" RAM0
		      ", " REG("io", "0x9030000", "0x9030000", "0") "]"),
		   "zone1.json: memory_regions[1].size: 0x0: is zero\n");
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0 ", " REG("io", "0xfffffffffffff000", "0x9030000",
				     "0x2000") "]"),
		"zone1.json: memory_regions[1].size: 0x2000: physical_start + size passes the end of the 64-bit address space\n");
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0 ", " REG("io", "0x9030000", "0xfffffffffffff000",
				     "0x1000") "]"),
		"memory_regions[1].size: 0x1000: virtual_start + size passes the end");
	/* a "virtio" region is a device window kept by the tool, not a
	 * region the hypervisor maps */
	EXPECT_OK(MK("memory_regions",
		     "[" RAM0 ", " REG("virtio", "0xa000000", "0xa000000",
				       "0x4000") "]"));
	assert_int_equal(zf.cfg.num_mem_regions, 1);
	assert_int_equal(zf.num_windows, 1);
	assert_int_equal(zf.windows[0].size, 0x4000);
	EXPECT_ERR(MK("memory_regions", "[" IO1 "]"),
		   "zone1.json: memory_regions: no region of type ram\n");
}

static void test_region_overlaps(void **state)
{
	(void)state;
	/* guest ranges overlap, physical ones do not */
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0 ", " IO1
		   ", " REG("io", "0x9040000", "0x5ffff000", "0x2000") "]"),
		"zone1.json: memory_regions[2].virtual_start: 0x5ffff000: overlaps memory_regions[0]\n");
	/* physical ranges overlap, guest ones do not */
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0 ", " IO1
		   ", " REG("ram", "0x9030000", "0x70000000", "0x1000") "]"),
		"zone1.json: memory_regions[2].physical_start: 0x9030000: overlaps memory_regions[1]\n");
	/* touching is fine */
	EXPECT_OK(MK("memory_regions",
		     "[" RAM0 ", " REG("ram", "0x60000000", "0x60000000",
				       "0x1000") "]"));
	/* one region inside another */
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0
		   ", " REG("ram", "0x51000000", "0x51000000", "0x1000") "]"),
		"memory_regions[1].virtual_start: 0x51000000: overlaps memory_regions[0]\n");
}

static void test_interrupts(void **state)
{
	char irqs[1024];
	size_t len;
	int i;

	(void)state;
	EXPECT_OK(MK("interrupts", "[32, 1019]"));
	EXPECT_OK(MK("interrupts", "[]"));
	EXPECT_ERR(
		MK("interrupts", "[76, 31]"),
		"zone1.json: interrupts[1]: 31: is an SGI/PPI (INTID < 32); configs use absolute INTIDs, i.e. SPI number + 32\n");
	EXPECT_ERR(MK("interrupts", "[0]"), "interrupts[0]: 0: is an SGI/PPI");
	EXPECT_ERR(
		MK("interrupts", "[1020]"),
		"zone1.json: interrupts[0]: 1020: out of range (SPIs are INTIDs 32..1019)\n");
	EXPECT_ERR(
		MK("interrupts", "[40, 41, 40]"),
		"zone1.json: interrupts[2]: 40: duplicate of interrupts[0]\n");

	len = (size_t)sprintf(irqs, "[32");
	for (i = 1; i < HV_MAX_IRQS; i++)
		len += (size_t)sprintf(irqs + len, ", %d", 32 + i);
	strcpy(irqs + len, "]");
	EXPECT_OK(MK("interrupts", irqs));
	assert_int_equal(zf.cfg.num_irqs, HV_MAX_IRQS);
	strcpy(irqs + len, ", 200]");
	EXPECT_ERR(
		MK("interrupts", irqs),
		"zone1.json: interrupts: 65 entries: more than the limit of 64 (HV_MAX_IRQS)\n");
}

static void test_entry_and_dtb(void **state)
{
	(void)state;
	EXPECT_ERR(
		MK("entry_point", "\"0x40000000\""),
		"zone1.json: entry_point: 0x40000000: not inside a RAM region (guest addresses)\n");
	EXPECT_ERR(MK("entry_point", "\"0x60000000\""),
		   "entry_point: 0x60000000: not inside a RAM region");
	/* an I/O region is not RAM */
	EXPECT_ERR(MK("entry_point", "\"0x9030000\""),
		   "entry_point: 0x9030000: not inside a RAM region");
	EXPECT_ERR(MK("entry_point", "\"0x50400002\""),
		   "zone1.json: entry_point: 0x50400002: not 4-byte aligned\n");
	EXPECT_ERR(
		MK("dtb_load_paddr", "\"0x4ffff000\""),
		"zone1.json: dtb_load_paddr: 0x4ffff000: not inside a RAM region (guest addresses)\n");
	EXPECT_ERR(
		MK("dtb_load_paddr", "\"0x50000004\""),
		"zone1.json: dtb_load_paddr: 0x50000004: not 8-byte aligned\n");
	EXPECT_OK(MK("entry_point", "\"0x5ffffffc\"", "dtb_load_paddr",
		     "\"0x5ffff000\""));
}

static void test_guest_vs_physical(void **state)
{
	/*
	 * RAM the guest sees at 0x50000000 but really at 0x60000000, and an
	 * identity-mapped window for the DTB, which must be both.
	 */
	const char *regions = "[" REG("ram", "0x60000000", "0x50000000",
				      "0x8000000") ", " REG("ram", "0x58000000",
							    "0x58000000",
							    "0x1000000") "]";

	(void)state;
	EXPECT_OK(MK("memory_regions", regions, "kernel_load_paddr",
		     "\"0x60400000\"", "dtb_load_paddr", "\"0x58000000\""));
	EXPECT_ERR(
		MK("memory_regions", regions),
		"zone1.json: kernel_load_paddr: 0x50400000: not inside a RAM region (physical addresses)\n");
	assert_true(strstr(
		out,
		"zone1.json: dtb_load_paddr: 0x50000000: not inside a RAM region (physical addresses)\n"));
	EXPECT_ERR(
		MK("memory_regions", regions, "kernel_load_paddr",
		   "\"0x60400000\"", "dtb_load_paddr", "\"0x60000000\""),
		"zone1.json: dtb_load_paddr: 0x60000000: not inside a RAM region (guest addresses)\n");
}

static void test_images(void **state)
{
	(void)state;
	EXPECT_ERR(
		MK("kernel_load_paddr", NULL),
		"zone1.json: kernel_load_paddr: missing (needed with kernel_filepath)\n");
	EXPECT_ERR(
		MK("kernel_filepath", NULL),
		"zone1.json: kernel_filepath: missing (needed with kernel_load_paddr)\n");
	EXPECT_ERR(
		MK("kernel_load_paddr", "\"0x9030000\""),
		"zone1.json: kernel_load_paddr: 0x9030000: not inside a RAM region (physical addresses)\n");
	EXPECT_OK(MK("ramdisk_filepath", "\"initrd.cpio\"",
		     "ramdisk_load_paddr", "\"0x54000000\""));
	assert_int_equal(zf.has_ramdisk, 1);
	assert_string_equal(zf.ramdisk_path, "initrd.cpio");
	assert_int_equal(zf.ramdisk_load_paddr, 0x54000000);
	EXPECT_ERR(
		MK("ramdisk_filepath", "\"initrd.cpio\""),
		"zone1.json: ramdisk_load_paddr: missing (needed with ramdisk_filepath)\n");
	EXPECT_ERR(
		MK("ramdisk_filepath", "\"initrd.cpio\"", "ramdisk_load_paddr",
		   "\"0x70000000\""),
		"zone1.json: ramdisk_load_paddr: 0x70000000: not inside a RAM region (physical addresses)\n");
}

static void test_modules(void **state)
{
	(void)state;
	EXPECT_OK(MK("modules",
		     "[{\"name\": \"initrd\", \"filepath\": "
		     "\"rootfs.cpio\", \"load_paddr\": \"0x54000000\"}]"));
	assert_int_equal(zf.has_ramdisk, 1);
	assert_string_equal(zf.ramdisk_path, "rootfs.cpio");
	assert_int_equal(zf.ramdisk_load_paddr, 0x54000000);
	EXPECT_OK(MK("modules", "[{\"name\": \"fw\", \"filepath\": \"fw.bin\", "
				"\"load_paddr\": \"0x54000000\"}]"));
	assert_int_equal(zf.has_ramdisk, 0);
	assert_true(strstr(
		out,
		"warning: zone1.json: modules[0].name: \"fw\": only a \"ramdisk\" or \"initrd\" module is supported, ignored\n"));
	EXPECT_ERR(
		MK("ramdisk_filepath", "\"a.cpio\"", "ramdisk_load_paddr",
		   "\"0x54000000\"", "modules",
		   "[{\"name\": \"ramdisk\", \"filepath\": "
		   "\"b.cpio\", \"load_paddr\": \"0x55000000\"}]"),
		"zone1.json: modules[0]: second ramdisk (also given by ramdisk_load_paddr)\n");
	EXPECT_ERR(
		MK("modules", "[{\"name\": \"ramdisk\", \"filepath\": "
			      "\"b.cpio\", \"load_paddr\": \"0x40000000\"}]"),
		"zone1.json: modules[0].load_paddr: 0x40000000: not inside a RAM region (physical addresses)\n");
	EXPECT_ERR(MK("modules",
		      "[{\"name\": \"ramdisk\", \"filepath\": \"b\"}]"),
		   "zone1.json: modules[0].load_paddr: missing\n");
}

static void test_cmdline(void **state)
{
	char big[1100];

	(void)state;
	big[0] = '"';
	memset(big + 1, 'a', 1024);
	strcpy(big + 1025, "\"");
	EXPECT_ERR(MK("cmdline", big), "zone1.json: cmdline: \"aaaaaaaa");
	assert_true(strstr(out, "...\": too long (at most 1023 characters)\n"));
	strcpy(big + 1024, "\"");
	EXPECT_OK(MK("cmdline", big));
	assert_int_equal(strlen(zf.cmdline), 1023);
}

#define CON(b, i) "{\"base\": \"" b "\", \"irq\": " i "}"

#define VBLK(b, i)                                                             \
	"{\"type\": \"blk\", \"base\": \"" b "\", \"irq\": " i                 \
	", \"image\": \"d.img\"}"
#define VCON(b, i)                                                             \
	"{\"type\": \"console\", \"base\": \"" b "\", \"irq\": " i "}"

static void test_virtio_devices(void **state)
{
	(void)state;
	EXPECT_OK(MK("virtio", "[" VBLK("0xa003c00", "78") ", " VCON(
				       "0xa003a00", "79") "]"));
	assert_int_equal(zf.cfg.num_virtio, 2);
	assert_int_equal(zf.cfg.virtio[0].base, 0xa003c00);
	assert_int_equal(zf.cfg.virtio[0].device_id, 2);
	assert_int_equal(zf.cfg.virtio[0].queue_max, 256);
	assert_int_equal(zf.cfg.virtio[1].device_id, 3);
	assert_int_equal(zf.cfg.virtio[1].num_queues, 2);
	assert_string_equal(zf.virtio[0].image, "d.img");
	/* the devices' SPIs join the zone's */
	assert_int_equal(zf.cfg.num_irqs, 4);
	assert_int_equal(zf.cfg.irqs[2], 78);
	assert_int_equal(zf.cfg.irqs[3], 79);
	/* a listed one is not added twice */
	EXPECT_OK(MK("virtio", "[" VBLK("0xa003c00", "76") "]"));
	assert_int_equal(zf.cfg.num_irqs, 2);
	EXPECT_ERR(
		MK("virtio", "[" VBLK("0xa003c10", "78") "]"),
		"zone1.json: virtio[0].base: 0xa003c10: not 0x200 aligned\n");
	EXPECT_ERR(
		MK("virtio", "[" VBLK("0x9030000", "78") "]"),
		"zone1.json: virtio[0].base: 0x9030000: overlaps memory_regions[1]\n");
	EXPECT_ERR(
		MK("virtio", "[" VBLK("0xa003c00", "78") ", " VCON("0xa003c00",
								   "77") "]"),
		"zone1.json: virtio[1].base: 0xa003c00: overlaps virtio[0]\n");
	EXPECT_ERR(MK("virtio", "[" VBLK("0xa003c00", "78") ", " VCON(
					"0xa003a00", "78") "]"),
		   "zone1.json: virtio[1].irq: 78: shared with virtio[0]\n");
	EXPECT_ERR(
		MK("virtio", "[" VBLK("0xa003c00", "20") "]"),
		"zone1.json: virtio[0].irq: 20: out of range (SPIs are INTIDs 32..1019)\n");
	EXPECT_ERR(
		MK("virtio",
		   "[{\"type\": \"blk\", \"base\": 4096, \"irq\": 78}]"),
		"zone1.json: virtio[0].image: missing (a blk device needs an image)\n");
	EXPECT_ERR(
		MK("virtio",
		   "[{\"type\": \"gpu\", \"base\": 4096, \"irq\": 78}]"),
		"zone1.json: virtio[0].type: \"gpu\": unknown type (expected \"blk\", \"console\" or \"net\")\n");
	EXPECT_ERR(
		MK("virtio",
		   "[{\"type\": \"console\", \"base\": 4096, \"irq\": 78, "
		   "\"queue_size\": 100}]"),
		"zone1.json: virtio[0].queue_size: 100: not a power of two from 2 to 32768\n");
	EXPECT_ERR(
		MK("virtio", "[{\"type\": \"console\", \"base\": 4096, "
			     "\"irq\": 78, \"poll_us\": 50}]"),
		"zone1.json: virtio[0].poll_us: 50: only a blk or net device polls\n");
	EXPECT_ERR(
		MK("virtio",
		   "[{\"type\": \"blk\", \"base\": 4096, \"irq\": 78, "
		   "\"image\": \"a.img\", \"poll_us\": 1001}]"),
		"zone1.json: virtio[0].poll_us: 1001: more than 1000 (microseconds)\n");
	EXPECT_OK(MK("virtio",
		     "[{\"type\": \"blk\", \"base\": 4096, \"irq\": 78, "
		     "\"image\": \"a.img\", \"poll_us\": 200}, " VCON(
			     "0xa003a00", "77") "]"));
	assert_int_equal(zf.virtio[0].poll_us, 200);
	assert_int_equal(zf.virtio[1].poll_us, 0); /* off unless asked */
	EXPECT_ERR(
		MK("zone_id", "0", "name", "\"zone0\"", "virtio",
		   "[" VCON("0xa003a00", "77") "]"),
		"zone1.json: virtio: 1: zone0 serves virtio devices, it has none\n");
	EXPECT_ERR(
		MK("event_irq", "32"),
		"zone1.json: event_irq: 32: only zone0 has an event channel\n");
}

static void test_console(void **state)
{
	(void)state;
	EXPECT_OK(MK("console", CON("0x9040000", "40")));
	assert_int_equal(zf.cfg.console_base, 0x9040000);
	assert_int_equal(zf.cfg.console_irq, 40);
	assert_int_equal(zf.console_mirror, 1);
	assert_int_equal(zf.cfg.flags, HV_ZONE_CONSOLE_MIRROR);
	EXPECT_OK(MK("console", "{\"base\": \"0x9040000\", \"irq\": 40, "
				"\"mirror\": false}"));
	assert_int_equal(zf.console_mirror, 0);
	assert_int_equal(zf.cfg.flags, 0);
	EXPECT_ERR(MK("console", "{\"base\": \"0x9040000\", \"irq\": 40, "
				 "\"mirror\": 1}"),
		   "zone1.json: console.mirror: 1: expected true or false\n");
	EXPECT_ERR(MK("console", CON("0x9040800", "40")),
		   "zone1.json: console.base: 0x9040800: not 4 KiB aligned\n");
	EXPECT_ERR(
		MK("console", CON("0x9030000", "40")),
		"zone1.json: console.base: 0x9030000: overlaps memory_regions[1]\n");
	EXPECT_ERR(MK("console", CON("0x8000000", "40")),
		   "zone1.json: console.base: 0x8000000: overlaps the GIC\n");
	EXPECT_ERR(
		MK("console", CON("0x9040000", "20")),
		"zone1.json: console.irq: 20: out of range (SPIs are INTIDs 32..1019)\n");
	EXPECT_ERR(MK("console", CON("0x9040000", "1020")),
		   "console.irq: 1020: out of range");
	EXPECT_ERR(
		MK("console", CON("0x9040000", "77")),
		"zone1.json: console.irq: 77: also listed in interrupts[1]\n");
	EXPECT_ERR(
		MK("console", CON("0", "40")),
		"zone1.json: console.base: 0: must be non-zero (leave out \"console\" for no console)\n");
	EXPECT_ERR(MK("console", "{\"base\": \"0x9040000\"}"),
		   "zone1.json: console.irq: missing\n");
	EXPECT_ERR(MK("console", "\"uart\""),
		   "zone1.json: console: \"uart\": expected an object\n");
}

static void test_arch_config(void **state)
{
	(void)state;
	/* a GICv2 names its CPU interface, not redistributors */
	EXPECT_ERR(
		MK("arch_config",
		   "{\"gic_version\": \"v2\", \"gicd_base\": \"0x8000000\", "
		   "\"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\", "
		   "\"gicr_size\": \"0xf60000\"}"),
		"zone1.json: arch_config.gicc_base: missing\n"
		"zone1.json: arch_config.gicc_size: missing\n");
	EXPECT_ERR(
		MK("arch_config",
		   "{\"gic_version\": 2, \"gicd_base\": \"0x8000000\", "
		   "\"gicd_size\": \"0x10000\", \"gicc_base\": \"0x8010000\", "
		   "\"gicc_size\": \"0x10000\", \"gicc_offset\": \"0x10000\"}"),
		"arch_config.gicc_offset: 0x10000: not inside gicc_size");
	EXPECT_ERR(
		MK("arch_config",
		   "{\"gic_version\": \"v4\", \"gicd_base\": \"0x8000000\", "
		   "\"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\", "
		   "\"gicr_size\": \"0xf60000\"}"),
		"arch_config.gic_version: \"v4\": unknown GIC version (expected \"v2\" or \"v3\")\n");
	EXPECT_ERR(
		MK("arch_config",
		   "{\"gic_version\": true, \"gicd_base\": \"0x8000000\", "
		   "\"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\", "
		   "\"gicr_size\": \"0xf60000\"}"),
		"arch_config.gic_version: true: expected \"v2\", \"v3\", 2 or 3\n");
	EXPECT_ERR(
		MK("arch_config",
		   ARCH("0x8001000", "0x10000", "0x80a0000", "0xf60000")),
		"zone1.json: arch_config.gicd_base: 0x8001000: not 64 KiB aligned\n");
	EXPECT_ERR(MK("arch_config",
		      ARCH("0x8000000", "0", "0x80a0000", "0xf60000")),
		   "zone1.json: arch_config.gicd_size: 0x0: is zero\n");
	EXPECT_ERR(MK("arch_config",
		      ARCH("0x8000000", "0x10000", "0", "0xf60000")),
		   "zone1.json: arch_config.gicr_base: 0x0: is zero\n");
	EXPECT_ERR(
		MK("arch_config",
		   ARCH("0x8000000", "0x10000", "0x80a0000", "0x1000")),
		"zone1.json: arch_config.gicr_size: 0x1000: not a multiple of 64 KiB\n");
	EXPECT_ERR(
		MK("arch_config",
		   ARCH("0x8000000", "0x10000", "0x50000000", "0x20000")),
		"zone1.json: arch_config.gicr_base: 0x50000000: overlaps memory_regions[0]\n");
	EXPECT_ERR(
		MK("arch_config",
		   ARCH("0x8000000", "0x20000", "0x8010000", "0x20000")),
		"zone1.json: arch_config.gicr_base: 0x8010000: overlaps the GICD range\n");
	/* a region whose physical side covers the GIC */
	EXPECT_ERR(
		MK("memory_regions",
		   "[" RAM0
		   ", " REG("io", "0x8000000", "0x7000000", "0x1000") "]"),
		"zone1.json: arch_config.gicd_base: 0x8000000: overlaps memory_regions[1]\n");
}

/* ---- hv_config_check() on structures ------------------------------- */

static void good_cfg(struct hv_zone_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->magic = HV_ABI_MAGIC;
	cfg->version = HV_ABI_VERSION;
	cfg->size = sizeof(*cfg);
	cfg->zone_id = 2;
	strcpy(cfg->name, "z2");
	cfg->cpus = 0x4;
	cfg->num_mem_regions = 2;
	cfg->mem_regions[0] = (struct hv_mem_region){
		.phys_start = 0x60000000,
		.virt_start = 0x60000000,
		.size = 0x1000000,
		.type = HV_MEM_RAM,
	};
	cfg->mem_regions[1] = (struct hv_mem_region){
		.phys_start = 0x9040000,
		.virt_start = 0x9040000,
		.size = 0x1000,
		.type = HV_MEM_IO,
	};
	cfg->num_irqs = 1;
	cfg->irqs[0] = 80;
	cfg->entry_point = 0x60200000;
	cfg->dtb_addr = 0x60000000;
	cfg->arch.gic_version = HV_GIC_V3;
	cfg->arch.gicd_base = 0x8000000;
	cfg->arch.gicd_size = 0x10000;
	cfg->arch.gicr_base = 0x80a0000;
	cfg->arch.gicr_size = 0xf60000;
}

static struct hv_cfg_error cerr;

static int check(const struct hv_zone_config *cfg, unsigned int num_cpus)
{
	memset(&cerr, 0, sizeof(cerr));
	return hv_config_check(cfg, num_cpus, &cerr);
}

static void assert_cerr(int ret, int code, const char *field, int index,
			const char *sub, hv_u64 value, int other)
{
	assert_int_equal(ret, -code);
	assert_int_equal(cerr.code, code);
	assert_string_equal(cerr.field, field);
	assert_int_equal(cerr.index, index);
	if (sub)
		assert_string_equal(cerr.sub, sub);
	else
		assert_null(cerr.sub);
	assert_int_equal(cerr.value, value);
	assert_int_equal(cerr.other, other);
	assert_non_null(cerr.rule);
}

static void test_check_good(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	assert_int_equal(check(&cfg, 4), 0);
	/* err may be NULL */
	assert_int_equal(hv_config_check(&cfg, 4, NULL), 0);
	cfg.zone_id = 99;
	assert_int_equal(hv_config_check(&cfg, 4, NULL), -HV_EINVAL);
	assert_int_equal(hv_config_check(NULL, 4, NULL), -HV_EINVAL);
}

static void test_check_header(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.magic = 0x12345678;
	assert_cerr(check(&cfg, 4), HV_EPROTO, "magic", -1, NULL, 0x12345678,
		    -1);
	good_cfg(&cfg);
	cfg.version = (HV_ABI_MAJOR + 1) << 16;
	assert_cerr(check(&cfg, 4), HV_EPROTO, "version", -1, NULL,
		    (HV_ABI_MAJOR + 1) << 16, -1);
	good_cfg(&cfg);
	cfg.size = sizeof(cfg) - 8;
	assert_cerr(check(&cfg, 4), HV_EPROTO, "size", -1, NULL,
		    sizeof(cfg) - 8, -1);
	good_cfg(&cfg);
	cfg.flags = 0x80;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "flags", -1, NULL, 0x80, -1);
}

/* A process zone: one CPU, no interrupts, devices or console. */
static void test_check_process(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.flags = HV_ZONE_PROCESS;
	cfg.num_irqs = 0;
	assert_int_equal(check(&cfg, 4), 0);
	cfg.cpus = 0xc;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "flags", -1, NULL,
		    HV_ZONE_PROCESS, -1);
	assert_string_equal(cerr.rule, "a process zone has one CPU");
	cfg.cpus = 0x4;
	cfg.num_irqs = 1;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "flags", -1, NULL,
		    HV_ZONE_PROCESS, -1);
	assert_string_equal(
		cerr.rule,
		"a process zone has no interrupts, devices or console");
	cfg.num_irqs = 0;
	cfg.console_base = 0x9000000;
	cfg.console_irq = 33;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "flags", -1, NULL,
		    HV_ZONE_PROCESS, -1);
}

static void test_check_name(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	memset(cfg.name, 'a', sizeof(cfg.name)); /* no NUL at all */
	assert_cerr(check(&cfg, 4), HV_EINVAL, "name", -1, NULL, HV_NAME_LEN,
		    -1);
	assert_string_equal(cerr.rule, "too long (at most 31 characters)");
	cfg.name[31] = '\0';
	assert_int_equal(check(&cfg, 4), 0);
	cfg.name[3] = '\xc3';
	assert_cerr(check(&cfg, 4), HV_EINVAL, "name", -1, NULL, 0xc3, -1);
	cfg.name[0] = '\0';
	assert_cerr(check(&cfg, 4), HV_EINVAL, "name", -1, NULL, 0, -1);
	assert_string_equal(cerr.rule, "empty");
}

static void test_check_cpus(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.cpus = 0x6;
	assert_cerr(check(&cfg, 2), HV_EINVAL, "cpus", -1, NULL, 2, -1);
	assert_string_equal(cerr.rule, "CPU does not exist on this machine");
	cfg.cpus = (hv_u64)1 << 63;
	assert_int_equal(check(&cfg, 64), 0);
	assert_int_equal(check(&cfg, 1000), 0); /* clamped to the mask */
	assert_cerr(check(&cfg, 63), HV_EINVAL, "cpus", -1, NULL, 63, -1);
	cfg.cpus = 0;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "cpus", -1, NULL, 0, -1);
}

static void test_check_counts(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.num_mem_regions = HV_MAX_MEM_REGIONS + 1;
	assert_cerr(check(&cfg, 4), HV_E2BIG, "memory_regions", -1, NULL,
		    HV_MAX_MEM_REGIONS + 1, -1);
	good_cfg(&cfg);
	cfg.num_irqs = 0xffffffff;
	assert_cerr(check(&cfg, 4), HV_E2BIG, "interrupts", -1, NULL,
		    0xffffffff, -1);
	good_cfg(&cfg);
	cfg.num_mem_regions = 0;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "memory_regions", -1, NULL, 0,
		    -1);
}

static void test_check_regions(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.mem_regions[1].type = 3;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "memory_regions", 1, "type", 3,
		    -1);
	good_cfg(&cfg);
	cfg.mem_regions[0].reserved = 1;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "memory_regions", 0, "reserved",
		    1, -1);
	good_cfg(&cfg);
	cfg.mem_regions[1].virt_start = 0x60fff000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "memory_regions", 1,
		    "virtual_start", 0x60fff000, 0);
	assert_string_equal(cerr.rule, "overlaps memory_regions");
	good_cfg(&cfg);
	cfg.mem_regions[1].phys_start = 0x60000000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "memory_regions", 1,
		    "physical_start", 0x60000000, 0);
	/* a range ending exactly at 2^64 cannot be expressed */
	good_cfg(&cfg);
	cfg.mem_regions[1].phys_start = 0xfffffffffffff000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "memory_regions", 1, "size",
		    0x1000, -1);
}

static void test_check_irqs_console_arch(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.num_irqs = 3;
	cfg.irqs[1] = 81;
	cfg.irqs[2] = 80;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "interrupts", 2, NULL, 80, 0);
	assert_string_equal(cerr.rule, "duplicate of interrupts");

	good_cfg(&cfg);
	cfg.console_irq = 40;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "console", -1, "irq", 40, -1);
	assert_string_equal(cerr.rule, "set without a console base");
	cfg.console_base = 0x9050000;
	assert_int_equal(check(&cfg, 4), 0);
	cfg.console_irq = 80;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "console", -1, "irq", 80, 0);
	cfg.console_irq = 40;
	cfg.console_base = 0x9040000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "console", -1, "base", 0x9040000,
		    1);
	cfg.console_base = 0xfffffffffffff000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "console", -1, "base",
		    0xfffffffffffff000, -1);

	good_cfg(&cfg);
	cfg.arch.gic_version = 4;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "arch_config", -1, "gic_version",
		    4, -1);
	good_cfg(&cfg); /* a v2 without its CPU interface */
	cfg.arch.gic_version = 2;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "arch_config", -1, "gicc_base",
		    0, -1);
	good_cfg(&cfg);
	cfg.arch.reserved = 5;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "arch_config", -1, "reserved", 5,
		    -1);
	good_cfg(&cfg);
	cfg.arch.gicd_base = 0x60800000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "arch_config", -1, "gicd_base",
		    0x60800000, 0);
	good_cfg(&cfg);
	cfg.arch.gicr_size = 0xffffffffffff0000;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "arch_config", -1, "gicr_size",
		    0xffffffffffff0000, -1);
}

static void test_check_boot(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.entry_point = 0x9040000; /* the I/O region is not RAM */
	assert_cerr(check(&cfg, 4), HV_EINVAL, "entry_point", -1, NULL,
		    0x9040000, -1);
	good_cfg(&cfg);
	cfg.entry_point = 0x61000000; /* one past the end of RAM */
	assert_cerr(check(&cfg, 4), HV_EINVAL, "entry_point", -1, NULL,
		    0x61000000, -1);
	good_cfg(&cfg);
	cfg.entry_point = 0x60fffffc; /* its last word */
	assert_int_equal(check(&cfg, 4), 0);
	cfg.dtb_addr = 0x60000001;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "dtb_load_paddr", -1, NULL,
		    0x60000001, -1);
	assert_string_equal(cerr.rule, "not 8-byte aligned");
	cfg.dtb_addr = 0;
	assert_cerr(check(&cfg, 4), HV_EINVAL, "dtb_load_paddr", -1, NULL, 0,
		    -1);
}

static void test_check_no_cpus_machine(void **state)
{
	struct hv_zone_config cfg;

	(void)state;
	good_cfg(&cfg);
	cfg.cpus = 1;
	assert_cerr(check(&cfg, 0), HV_EINVAL, "cpus", -1, NULL, 0, -1);
	assert_int_equal(check(&cfg, 1), 0);
}

static void test_warning_only_output(void **state)
{
	(void)state;
	EXPECT_OK(MK("comment", "\"a test zone\""));
	assert_string_equal(
		out, "warning: zone1.json: comment: unknown field, ignored\n");
}

/* The shape hvisor-tool's own configs have: numbers, modules, the ITS. */
static void test_hvisor_tool_style(void **state)
{
	static const char *const cfg =
		"{\n"
		"  \"arch\": \"arm64\",\n"
		"  \"name\": \"linux2\",\n"
		"  \"zone_id\": 1,\n"
		"  \"cpus\": [2, 3],\n"
		"  \"memory_regions\": [\n"
		"    {\"type\": \"ram\", \"physical_start\": \"0x50000000\",\n"
		"     \"virtual_start\": \"0x50000000\", \"size\": \"0x30000000\"},\n"
		"    {\"type\": \"virtio\", \"physical_start\": \"0xa003c00\",\n"
		"     \"virtual_start\": \"0xa003c00\", \"size\": \"0x200\"}\n"
		"  ],\n"
		"  \"interrupts\": [76, 78],\n"
		"  \"kernel_filepath\": \"./Image\",\n"
		"  \"dtb_filepath\": \"./linux2.dtb\",\n"
		"  \"kernel_load_paddr\": \"0x50400000\",\n"
		"  \"dtb_load_paddr\": \"0x50000000\",\n"
		"  \"entry_point\": \"0x50400000\",\n"
		"  \"arch_config\": {\n"
		"    \"gic_version\": \"v3\", \"gicd_base\": \"0x8000000\",\n"
		"    \"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\",\n"
		"    \"gicr_size\": \"0xf60000\", \"gits_base\": \"0x8080000\",\n"
		"    \"gits_size\": \"0x20000\"\n"
		"  }\n"
		"}\n";

	(void)state;
	/* its sub-page virtio window is accepted and waits for a device */
	EXPECT_OK(cfg);
	assert_true(strstr(
		out, "warning: zone1.json: arch: unknown field, ignored\n"));
	assert_int_equal(zf.num_windows, 1);
	assert_int_equal(zf.windows[0].base, 0xa003c00);
	assert_int_equal(zf.windows[0].json_index, 1);
	assert_int_equal(zone_file_check_windows(&zf, 1, NULL), 1);
}

#define IVC(peer, ct, shm, rw, out, irq)                                       \
	"[{\"ivc_id\": 0, \"peer_id\": " peer ", \"control_table_ipa\": \"" ct \
	"\", \"shared_mem_ipa\": \"" shm "\", \"rw_sec_size\": \"" rw          \
	"\", \"out_sec_size\": \"" out "\", \"interrupt_num\": " irq           \
	", \"max_peers\": 2}]"
#define IVC_OK IVC("1", "0x70000000", "0x70001000", "0", "0x1000", "66")

/* hvisor's ivc_configs: parsed, the doorbell SPI made the zone's, and
 * each rule of a channel with the message it gives */
static void test_ivc_configs(void **state)
{
	(void)state;
	EXPECT_OK(MK("ivc_configs", IVC_OK));
	assert_int_equal(zf.cfg.num_ivc, 1);
	assert_int_equal(zf.cfg.ivc[0].peer_id, 1);
	assert_int_equal(zf.cfg.ivc[0].control_table_ipa, 0x70000000);
	assert_int_equal(zf.cfg.ivc[0].shared_mem_ipa, 0x70001000);
	assert_int_equal(zf.cfg.ivc[0].out_sec_size, 0x1000);
	assert_int_equal(zf.cfg.ivc[0].max_peers, 2);
	assert_int_equal(zf.cfg.num_irqs, 3);
	assert_int_equal(zf.cfg.irqs[2], 66);
	EXPECT_OK(MK("ivc_configs", "[]"));
	assert_int_equal(zf.cfg.num_ivc, 0);
	EXPECT_ERR(
		MK("ivc_configs", "{}"),
		"zone1.json: ivc_configs: {...}: expected an array of channels\n");
	EXPECT_ERR(MK("ivc_configs", "[{\"ivc_id\": 0}]"),
		   "zone1.json: ivc_configs[0].max_peers: missing\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("2", "0x70000000", "0x70001000", "0", "0x1000", "66")),
		"zone1.json: ivc_configs[0].peer_id: 2: not below max_peers\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("1", "0x70000000", "0x70001000", "0", "0x800", "66")),
		"zone1.json: ivc_configs[0].out_sec_size: 0x800: not a non-zero multiple of 4 KiB\n");
	EXPECT_ERR(
		MK("ivc_configs", IVC("1", "0x70000000", "0x70001000", "0x1000",
				      "0x80000", "66")),
		"zone1.json: ivc_configs[0].out_sec_size: 0x80000: rw_sec_size + max_peers * out_sec_size exceeds 1 MiB\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("1", "0x70000000", "0x5ffff000", "0", "0x1000", "66")),
		"zone1.json: ivc_configs[0].shared_mem_ipa: 0x5ffff000: overlaps memory_regions[0]\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("1", "0x8000000", "0x70001000", "0", "0x1000", "66")),
		"zone1.json: ivc_configs[0].control_table_ipa: 0x8000000: overlaps the GIC\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("1", "0x70000000", "0x70000000", "0", "0x1000", "66")),
		"zone1.json: ivc_configs[0].shared_mem_ipa: 0x70000000: overlaps its control_table_ipa\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("1", "0x70000800", "0x70001000", "0", "0x1000", "66")),
		"zone1.json: ivc_configs[0].control_table_ipa: 0x70000800: not 4 KiB aligned\n");
	EXPECT_ERR(
		MK("ivc_configs",
		   IVC("1", "0x70000000", "0x70001000", "0", "0x1000", "20")),
		"zone1.json: ivc_configs[0].interrupt_num: 20: out of range (SPIs are INTIDs 32..1019)\n");
	EXPECT_ERR(
		MK("virtio", "[" VBLK("0xa003c00", "76") "]", "ivc_configs",
		   IVC("1", "0x70000000", "0x70001000", "0", "0x1000", "76")),
		"zone1.json: ivc_configs[0].interrupt_num: 76: shared with virtio[0]\n");
}

/* hvisor-tool's IVC demo zone, unchanged: its GIC pages, listed as an
 * "io" region, are left out (the GIC stays emulated) and its channel is
 * taken as it is */
static void test_hvisor_tool_ivc_demo(void **state)
{
	const char *path =
		"zone-configs/hvisor-tool/ivc/zone1_ruxos_display.json";
	size_t size;
	FILE *f;
	int ret;

	(void)state;
	free(out);
	out = NULL;
	f = open_memstream(&out, &size);
	ret = zone_file_load(path, CPUS, &zf, f);
	fclose(f);
	if (ret)
		fail_msg("%s", out);
	assert_true(strstr(
		out,
		"memory_regions[4]: 0x8000000+0x40000: overlaps the GIC, which the hypervisor emulates for the zone: ignored\n"));
	assert_int_equal(zf.cfg.num_mem_regions, 4);
	assert_int_equal(zf.cfg.num_ivc, 1);
	assert_int_equal(zf.cfg.ivc[0].interrupt_num, 66);
	assert_int_equal(zf.cfg.ivc[0].rw_sec_size, 0);
	assert_int_equal(hv_config_check(&zf.cfg, CPUS, NULL), 0);
}

#define VNET(b, i, extra)                                                      \
	"{\"type\": \"net\", \"base\": \"" b "\", \"irq\": " i extra "}"

static void test_virtio_net(void **state)
{
	static const hv_u8 mac[6] = { 0x02, 0x48, 0x56, 0, 1, 1 };

	(void)state;
	/* defaults: a stable MAC from zone and device, 10.0.0.(10 + id) for
	 * the zone's first net device, zone0's bridge hvbr0 at 10.0.0.1 */
	EXPECT_OK(
		MK("virtio", "[" VCON("0xa003a00", "79") ", " VNET(
				     "0xa003600", "75",
				     "") ", " VNET("0xa003400", "74", "") "]"));
	assert_int_equal(zf.cfg.virtio[1].device_id, 1);
	assert_int_equal(zf.cfg.virtio[1].num_queues, 2);
	assert_memory_equal(zf.virtio[1].mac, mac, 6);
	assert_string_equal(zf.virtio[1].ip, "10.0.0.11/24");
	assert_string_equal(zf.virtio[2].ip, "");
	assert_string_equal(zf.virtio[1].bridge, "hvbr0");
	assert_string_equal(zf.virtio[1].bridge_ip, "10.0.0.1/24");
	EXPECT_OK(MK("virtio",
		     "[" VNET("0xa003600", "75",
			      ", \"mac\": \"02:00:00:00:00:09\", \"ip\": "
			      "\"192.168.7.2/24\", \"bridge\": \"br1\", "
			      "\"bridge_ip\": \"192.168.7.1/24\"") "]"));
	assert_int_equal(zf.virtio[0].mac[5], 9);
	assert_string_equal(zf.virtio[0].ip, "192.168.7.2/24");
	assert_string_equal(zf.virtio[0].bridge, "br1");
	EXPECT_ERR(
		MK("virtio", "[" VNET("0xa003600", "75",
				      ", \"mac\": \"03:00:00:00:00:09\"") "]"),
		"zone1.json: virtio[0].mac: \"03:00:00:00:00:09\": not a unicast MAC address \"xx:xx:xx:xx:xx:xx\"\n");
	EXPECT_ERR(
		MK("virtio", "[" VNET("0xa003600", "75",
				      ", \"ip\": \"10.0.0.300/24\"") "]"),
		"zone1.json: virtio[0].ip: \"10.0.0.300/24\": expected an IPv4 address with its prefix, \"a.b.c.d/len\"\n");
	EXPECT_ERR(MK("virtio",
		      "[{\"type\": \"console\", \"base\": 4096, \"irq\": 79, "
		      "\"mac\": \"02:00:00:00:00:01\"}]"),
		   "zone1.json: virtio[0].mac: only a net device has this\n");
}

/* hvisor-tool's virtio_cfg.json fills those windows */
static void test_hvisor_tool_virtio_cfg(void **state)
{
	char path[] = "/tmp/hvisor-test-vcfg-XXXXXX";
	FILE *f;
	int fd;

	(void)state;
	EXPECT_OK(MK("memory_regions",
		     "[" RAM0 ", " REG("virtio", "0xa003c00", "0xa003c00",
				       "0x200") "]"));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("{\"zones\": [{\"id\": 1, \"memory_region\": [],\n"
	      " \"devices\": [{\"type\": \"blk\", \"addr\": \"0xa003c00\",\n"
	      "   \"len\": \"0x200\", \"irq\": 78, \"img\": \"disk.img\",\n"
	      "   \"status\": \"enable\"},\n"
	      "  {\"type\": \"console\", \"addr\": \"0xa003800\", \"len\": \"0x200\",\n"
	      "   \"irq\": 76, \"status\": \"disable\"}]},\n"
	      " {\"id\": 2, \"devices\": [{\"type\": \"console\",\n"
	      "   \"addr\": \"0xa003a00\", \"irq\": 77}]}]}\n",
	      f);
	fclose(f);
	assert_int_equal(virtio_cfg_check(path, "/root", NULL), 0x6);
	assert_int_equal(virtio_cfg_apply(path, "/root", &zf, NULL), 1);
	assert_int_equal(zf.cfg.num_virtio, 1);
	assert_int_equal(zf.cfg.virtio[0].base, 0xa003c00);
	assert_int_equal(zf.cfg.virtio[0].device_id, 2);
	assert_string_equal(zf.virtio[0].image, "/root/disk.img");
	assert_int_equal(zf.cfg.irqs[zf.cfg.num_irqs - 1], 78);
	assert_int_equal(zone_file_check_windows(&zf, 0, NULL), 0);
	assert_int_equal(hv_config_check(&zf.cfg, CPUS, NULL), 0);
	/* hvisor-tool's net device: its MAC taken, its TAP name not (the
	 * backend names its TAP and joins zone0's bridge) */
	f = fopen(path, "w");
	fputs("{\"zones\": [{\"id\": 1, \"devices\": [{\"type\": \"net\",\n"
	      "  \"addr\": \"0xa003600\", \"irq\": 75, \"tap\": \"tap0\",\n"
	      "  \"mac\": [\"0x00\", \"0x16\", \"0x3e\", \"0x10\", \"0x10\", 16]}]}]}",
	      f);
	fclose(f);
	EXPECT_OK(MK("memory_regions",
		     "[" RAM0 ", " REG("virtio", "0xa003000", "0xa003000",
				       "0x1000") "]"));
	assert_int_equal(virtio_cfg_apply(path, "/root", &zf, NULL), 1);
	assert_int_equal(zf.cfg.virtio[0].device_id, 1);
	assert_int_equal(zf.cfg.virtio[0].num_queues, 2);
	assert_memory_equal(zf.virtio[0].mac, "\x00\x16\x3e\x10\x10\x10", 6);
	assert_string_equal(zf.virtio[0].bridge, "hvbr0");
	assert_string_equal(zf.virtio[0].ip, "");
	/* a multicast MAC is refused by name */
	f = fopen(path, "w");
	fputs("{\"zones\": [{\"id\": 1, \"devices\": [{\"type\": \"net\",\n"
	      "  \"addr\": \"0xa003600\", \"irq\": 75,\n"
	      "  \"mac\": [1, 2, 3, 4, 5, 6]}]}]}",
	      f);
	fclose(f);
	free(out);
	out = NULL;
	{
		size_t size;

		f = open_memstream(&out, &size);
		assert_int_equal(virtio_cfg_check(path, "/root", f), -1);
		fclose(f);
	}
	assert_true(
		strstr(out, "zones[0].devices[0].mac: a multicast address"));
	unlink(path);
}

static void test_ranges_overlap(void **state)
{
	hv_u64 top = 0xfffffffffffff000;

	(void)state;
	assert_true(hv_ranges_overlap(0x1000, 0x1000, 0x1fff, 1));
	assert_false(hv_ranges_overlap(0x1000, 0x1000, 0x2000, 0x1000));
	assert_false(hv_ranges_overlap(0x2000, 0x1000, 0x1000, 0x1000));
	assert_true(hv_ranges_overlap(0x1000, 0x10000, 0x3000, 0x1000));
	assert_true(hv_ranges_overlap(0x3000, 0x1000, 0x1000, 0x10000));
	assert_false(hv_ranges_overlap(0x1000, 0, 0x1000, 0x1000));
	assert_false(hv_ranges_overlap(0x1000, 0x1000, 0x1000, 0));
	assert_true(hv_ranges_overlap(top, 0xfff, top + 0xffe, 1));
	assert_false(hv_ranges_overlap(0, 0x1000, top, 0xfff));
	assert_true(hv_ranges_overlap(0, ~(hv_u64)0, top, 0x1000));
}

static void test_strerror(void **state)
{
	static const int codes[] = {
		HV_EPERM, HV_ENOENT, HV_E2BIG,	HV_ENOMEM, HV_EFAULT,
		HV_EBUSY, HV_EEXIST, HV_EINVAL, HV_ENOSYS, HV_EPROTO,
	};
	size_t i, j;

	(void)state;
	assert_string_equal(hv_strerror(HV_EBUSY),
			    "resource held by another zone");
	assert_string_equal(hv_strerror(-HV_EBUSY),
			    "resource held by another zone");
	assert_string_equal(hv_strerror(12345), "unknown error");
	/* every code has its own text */
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_string_not_equal(hv_strerror(codes[i]), "unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(hv_strerror(codes[i]),
						hv_strerror(codes[j]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone0_json),
		cmocka_unit_test(test_gicv2_zone0_json),
		cmocka_unit_test(test_base_ok),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_unknown_fields_warn),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_reports_every_parse_error),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_negative_numbers),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_bad_number_strings),
		cmocka_unit_test(test_fractions),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_empty_and_nul),
		cmocka_unit_test(test_load_files),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_duplicate_field),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_zone_id),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_region_limits),
		cmocka_unit_test(test_region_rules),
		cmocka_unit_test(test_region_overlaps),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_entry_and_dtb),
		cmocka_unit_test(test_guest_vs_physical),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_modules),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_virtio_devices),
		cmocka_unit_test(test_hvisor_tool_virtio_cfg),
		cmocka_unit_test(test_virtio_net),
		cmocka_unit_test(test_ivc_configs),
		cmocka_unit_test(test_hvisor_tool_ivc_demo),
		cmocka_unit_test(test_arch_config),
		cmocka_unit_test(test_check_good),
		cmocka_unit_test(test_check_header),
		cmocka_unit_test(test_check_name),
		cmocka_unit_test(test_check_process),
		cmocka_unit_test(test_check_cpus),
		cmocka_unit_test(test_check_counts),
		cmocka_unit_test(test_check_regions),
		cmocka_unit_test(test_check_irqs_console_arch),
		cmocka_unit_test(test_check_boot),
		cmocka_unit_test(test_check_no_cpus_machine),
		cmocka_unit_test(test_warning_only_output),
		cmocka_unit_test(test_hvisor_tool_style),
		cmocka_unit_test(test_ranges_overlap),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, teardown_group);
}

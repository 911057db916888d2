// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * JSON zone configs (docs/zone-config.md) -> struct zone_file.
 *
 * Parsing goes on after a bad field so that one run lists every problem,
 * each with the JSON path of the field. Only a config that parses cleanly
 * goes on to hv_config_check(), the rules the hypervisor itself applies;
 * its findings are mapped back to JSON paths here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "config.h"
#include "file.h"
#include "config_check.h"

#define ZF_MAX_DEPTH 32 /* real configs nest 3 deep */
#define ZF_JPATH_LEN 160
#define ZF_VALUE_LEN 80
/* A JSON number is an IEEE double: integers from 2^53 on may be rounded. */
#define ZF_JSON_INT_LIMIT 9007199254740992.0

struct zf_ctx {
	const char *path;
	FILE *errf;
	int errors;
	struct zone_file *zf;
	int has_kernel_paddr;
	char ramdisk_src[ZF_JPATH_LEN]; /* JSON path of the ramdisk address */
};

static const char *const zf_top_keys[] = { "name",
					   "zone_id",
					   "cpus",
					   "memory_regions",
					   "interrupts",
					   "kernel_filepath",
					   "kernel_load_paddr",
					   "dtb_filepath",
					   "dtb_load_paddr",
					   "entry_point",
					   "ramdisk_filepath",
					   "ramdisk_load_paddr",
					   "modules",
					   "cmdline",
					   "console",
					   "virtio",
					   "event_irq",
					   "on_reset",
					   "arch_config",
					   NULL };
static const char *const zf_region_keys[] = { "type",	       "physical_start",
					      "virtual_start", "size",
					      "reset",	       NULL };
static const char *const zf_reset_keys[] = { "offset", "value", NULL };
static const char *const zf_module_keys[] = { "name", "filepath", "load_paddr",
					      NULL };
static const char *const zf_console_keys[] = { "base", "irq", "mirror", NULL };
static const char *const zf_virtio_keys[] = { "type",  "base",	   "irq",
					      "image", "readonly", "queue_size",
					      NULL };
static const char *const zf_arch_keys[] = {
	"gic_version", "gicd_base", "gicd_size", "gicr_base", "gicr_size",
	"gits_base",   "gits_size", "gicc_base", "gicc_size", "gicc_offset",
	"gich_base",   "gich_size", "gicv_base", "gicv_size", NULL
};

static void zf_vreport(struct zf_ctx *c, int warning, const char *jpath,
		       const char *value, const char *fmt, va_list ap)
{
	if (!warning)
		c->errors++;
	if (!c->errf)
		return;
	fprintf(c->errf, "%s%s: ", warning ? "warning: " : "", c->path);
	if (jpath)
		fprintf(c->errf, "%s: ", jpath);
	if (value)
		fprintf(c->errf, "%s: ", value);
	vfprintf(c->errf, fmt, ap);
	fputc('\n', c->errf);
}

/* Report an error; returns -1 so callers can "return zf_err(...)". */
__attribute__((format(printf, 4, 5))) static int zf_err(struct zf_ctx *c,
							const char *jpath,
							const char *value,
							const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zf_vreport(c, 0, jpath, value, fmt, ap);
	va_end(ap);
	return -1;
}

__attribute__((format(printf, 4, 5))) static void zf_warn(struct zf_ctx *c,
							  const char *jpath,
							  const char *value,
							  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zf_vreport(c, 1, jpath, value, fmt, ap);
	va_end(ap);
}

/* Quote s for a message: at most max bytes, control characters as '?'. */
static void zf_quote(char *buf, size_t n, const char *s, size_t max)
{
	size_t i, o = 0;

	buf[o++] = '"';
	for (i = 0; i < max && s[i] && o + 6 < n; i++)
		buf[o++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (i < max && s[i]) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

/* A JSON value as the user wrote it (near enough) for messages. */
static const char *zf_show(const cJSON *it, char *buf, size_t n)
{
	if (cJSON_IsString(it))
		zf_quote(buf, n, it->valuestring, SIZE_MAX);
	else if (cJSON_IsNumber(it))
		snprintf(buf, n, "%.16g", it->valuedouble);
	else if (cJSON_IsTrue(it))
		snprintf(buf, n, "true");
	else if (cJSON_IsFalse(it))
		snprintf(buf, n, "false");
	else if (cJSON_IsNull(it))
		snprintf(buf, n, "null");
	else if (cJSON_IsArray(it))
		snprintf(buf, n, "[...]");
	else
		snprintf(buf, n, "{...}");
	return buf;
}

/* Only an absurd unknown key overflows a JSON path; mark the cut. */
static void zf_jpath_cut(char *buf, int n)
{
	if (n < 0 || n >= ZF_JPATH_LEN)
		memcpy(buf + ZF_JPATH_LEN - 4, "...", 4);
}

static void zf_jkey(char *buf, const char *prefix, const char *key)
{
	if (prefix && prefix[0])
		zf_jpath_cut(buf,
			     snprintf(buf, ZF_JPATH_LEN, "%s.%s", prefix, key));
	else
		zf_jpath_cut(buf, snprintf(buf, ZF_JPATH_LEN, "%s", key));
}

static void zf_jidx(char *buf, const char *prefix, int index)
{
	zf_jpath_cut(buf, snprintf(buf, ZF_JPATH_LEN, "%s[%d]", prefix, index));
}

static const cJSON *zf_get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* An optional member: NULL if absent or null. */
static const cJSON *zf_opt(const cJSON *obj, const char *key)
{
	const cJSON *it = zf_get(obj, key);

	return cJSON_IsNull(it) ? NULL : it;
}

/* A required member, or NULL after reporting it missing. */
static const cJSON *zf_need(struct zf_ctx *c, const cJSON *obj,
			    const char *prefix, const char *key)
{
	const cJSON *it = zf_get(obj, key);
	char jp[ZF_JPATH_LEN];

	if (!it) {
		zf_jkey(jp, prefix, key);
		zf_err(c, jp, NULL, "missing");
	}
	return it;
}

/* Warn about unknown members and refuse repeated ones. */
static void zf_check_keys(struct zf_ctx *c, const cJSON *obj,
			  const char *prefix, const char *const *known)
{
	const cJSON *it, *prev;
	char jp[ZF_JPATH_LEN];
	int i;

	cJSON_ArrayForEach(it, obj)
	{
		zf_jkey(jp, prefix, it->string);
		for (i = 0; known[i]; i++)
			if (!strcmp(known[i], it->string))
				break;
		if (!known[i])
			zf_warn(c, jp, NULL, "unknown field, ignored");
		for (prev = obj->child; prev != it; prev = prev->next) {
			if (!strcmp(prev->string, it->string)) {
				zf_err(c, jp, NULL, "duplicate field");
				break;
			}
		}
	}
}

static int zf_digit(char ch, int base)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (base == 16 && ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (base == 16 && ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int zf_num_str(struct zf_ctx *c, const char *s, const char *jp,
		      const char *v, hv_u64 *out)
{
	const char *p = s;
	hv_u64 x = 0;
	int base = 10;
	int d;

	if (*p == '-')
		return zf_err(c, jp, v, "negative numbers are not allowed");
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
		/* "010" means 8 to some tools and 10 to others. */
		return zf_err(
			c, jp, v,
			"leading zero (octal is not supported; write \"0x...\" or plain decimal)");
	}
	if (!*p)
		return zf_err(c, jp, v, "not a number");
	for (; *p; p++) {
		d = zf_digit(*p, base);
		if (d < 0 && base == 10 &&
		    (*p == '.' || *p == 'e' || *p == 'E'))
			return zf_err(c, jp, v, "not an integer");
		if (d < 0)
			return zf_err(
				c, jp, v,
				"not a number (write \"0x...\" hex or decimal digits)");
		if (x > (UINT64_MAX - (hv_u64)d) / (hv_u64)base)
			return zf_err(c, jp, v, "does not fit in 64 bits");
		x = x * (hv_u64)base + (hv_u64)d;
	}
	*out = x;
	return 0;
}

/* A non-negative integer: a JSON number, or a "0x..." or decimal string. */
static int zf_num(struct zf_ctx *c, const cJSON *it, const char *jp,
		  hv_u64 *out)
{
	char v[ZF_VALUE_LEN];
	double d;

	zf_show(it, v, sizeof(v));
	if (cJSON_IsString(it))
		return zf_num_str(c, it->valuestring, jp, v, out);
	if (!cJSON_IsNumber(it))
		return zf_err(c, jp, v, "expected a number");
	d = it->valuedouble;
	if (d < 0)
		return zf_err(c, jp, v, "negative numbers are not allowed");
	if (!(d < ZF_JSON_INT_LIMIT))
		return zf_err(
			c, jp, v,
			"too large for a JSON number (2^53 and above may be rounded); use a \"0x...\" string");
	if (d != (double)(hv_u64)d)
		return zf_err(c, jp, v, "not an integer");
	*out = (hv_u64)d;
	return 0;
}

static int zf_u32(struct zf_ctx *c, const cJSON *it, const char *jp,
		  hv_u32 *out)
{
	char v[ZF_VALUE_LEN];
	hv_u64 x;

	if (zf_num(c, it, jp, &x))
		return -1;
	if (x > UINT32_MAX)
		return zf_err(c, jp, zf_show(it, v, sizeof(v)),
			      "out of range (more than 32 bits)");
	*out = (hv_u32)x;
	return 0;
}

static int zf_str(struct zf_ctx *c, const cJSON *it, const char *jp,
		  const char **out)
{
	char v[ZF_VALUE_LEN];

	*out = "";
	if (!cJSON_IsString(it))
		return zf_err(c, jp, zf_show(it, v, sizeof(v)),
			      "expected a string");
	*out = it->valuestring;
	return 0;
}

/* Required number member obj.key. */
static int zf_need_num(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		       const char *key, hv_u64 *out)
{
	const cJSON *it = zf_need(c, obj, prefix, key);
	char jp[ZF_JPATH_LEN];

	if (!it)
		return -1;
	zf_jkey(jp, prefix, key);
	return zf_num(c, it, jp, out);
}

/* Optional number member: 1 if given, 0 if absent, -1 if bad. */
static int zf_opt_num(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		      const char *key, hv_u64 *out)
{
	const cJSON *it = zf_opt(obj, key);
	char jp[ZF_JPATH_LEN];

	if (!it)
		return 0;
	zf_jkey(jp, prefix, key);
	return zf_num(c, it, jp, out) ? -1 : 1;
}

/* rel resolved against the config's folder into out (PATH_LEN bytes). */
static int zf_resolve(struct zf_ctx *c, const char *jp, const char *rel,
		      char *out)
{
	const char *dir = c->zf->dir;
	char v[ZF_VALUE_LEN];
	int n;

	if (rel[0] == '/' || !strcmp(dir, "."))
		n = snprintf(out, ZONE_FILE_PATH_LEN, "%s", rel);
	else if (dir[strlen(dir) - 1] == '/')
		n = snprintf(out, ZONE_FILE_PATH_LEN, "%s%s", dir, rel);
	else
		n = snprintf(out, ZONE_FILE_PATH_LEN, "%s/%s", dir, rel);
	if (n < 0 || n >= ZONE_FILE_PATH_LEN) {
		out[0] = '\0';
		zf_quote(v, sizeof(v), rel, 60);
		return zf_err(c, jp, v, "path too long (at most %d bytes)",
			      ZONE_FILE_PATH_LEN - 1);
	}
	return 0;
}

/* Optional file path member: 1 if given, 0 if absent (or ""), -1 if bad. */
static int zf_opt_path(struct zf_ctx *c, const cJSON *obj, const char *key,
		       char *out)
{
	const cJSON *it = zf_opt(obj, key);
	const char *s;

	if (!it)
		return 0;
	if (zf_str(c, it, key, &s))
		return -1;
	if (!s[0])
		return 0;
	return zf_resolve(c, key, s, out) ? -1 : 1;
}

static void zf_parse_name(struct zf_ctx *c, const cJSON *root)
{
	const cJSON *it = zf_need(c, root, NULL, "name");
	char v[ZF_VALUE_LEN];
	const char *s;

	if (!it || zf_str(c, it, "name", &s))
		return;
	if (strlen(s) >= HV_NAME_LEN) {
		zf_err(c, "name", zf_show(it, v, sizeof(v)),
		       "too long (at most %d characters)", HV_NAME_LEN - 1);
		return;
	}
	/* The characters are hv_config_check()'s business. */
	memcpy(c->zf->cfg.name, s, strlen(s) + 1);
}

static void zf_parse_cpus(struct zf_ctx *c, const cJSON *arr)
{
	int first[HV_MAX_CPUS];
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it;
	hv_u64 cpu;
	int i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "cpus", zf_show(arr, v, sizeof(v)),
		       "expected an array of CPU numbers");
		return;
	}
	for (cpu = 0; cpu < HV_MAX_CPUS; cpu++)
		first[cpu] = -1;
	cJSON_ArrayForEach(it, arr)
	{
		zf_jidx(jp, "cpus", i);
		if (zf_num(c, it, jp, &cpu)) {
			/* reported */
		} else if (cpu >= HV_MAX_CPUS) {
			zf_err(c, jp, zf_show(it, v, sizeof(v)),
			       "out of range (CPU numbers are 0..%d)",
			       HV_MAX_CPUS - 1);
		} else if (first[cpu] >= 0) {
			zf_err(c, jp, zf_show(it, v, sizeof(v)),
			       "duplicate of cpus[%d]", first[cpu]);
		} else {
			first[cpu] = i;
			c->zf->cfg.cpus |= (hv_u64)1 << cpu;
		}
		i++;
	}
}

/*
 * "reset" of a device region: how the hypervisor stops the device when the
 * zone ends, before its RAM goes to anybody else. "virtio-mmio" (every
 * transport in the region), {"offset": ..., "value": ...} (one 32-bit
 * register write) or "none". Without it, zone start fills in virtio-mmio
 * where the zone's device tree puts virtio,mmio nodes (dtb.c).
 */
static void zf_parse_reset(struct zf_ctx *c, const cJSON *obj, const char *pre,
			   int i, struct hv_mem_region *r)
{
	const cJSON *it = zf_opt(obj, "reset");
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	hv_u64 value = 0;

	if (!it)
		return;
	zf_jkey(jp, pre, "reset");
	c->zf->reset_given |= 1u << i;
	if (cJSON_IsString(it) && !strcmp(it->valuestring, "virtio-mmio")) {
		r->quiesce = HV_QUIESCE_VIRTIO_MMIO;
	} else if (cJSON_IsString(it) && !strcmp(it->valuestring, "none")) {
		r->quiesce = HV_QUIESCE_NONE;
	} else if (cJSON_IsObject(it)) {
		zf_check_keys(c, it, jp, zf_reset_keys);
		r->quiesce = HV_QUIESCE_WRITE32;
		zf_need_num(c, it, jp, "offset", &r->quiesce_offset);
		if (!zf_need_num(c, it, jp, "value", &value) &&
		    value > 0xffffffffULL) {
			char vp[ZF_JPATH_LEN];

			zf_jkey(vp, jp, "value");
			snprintf(v, sizeof(v), "0x%llx",
				 (unsigned long long)value);
			zf_err(c, vp, v, "does not fit in 32 bits");
		}
		r->quiesce_value = (hv_u32)value;
	} else {
		zf_err(c, jp, zf_show(it, v, sizeof(v)),
		       "expected \"virtio-mmio\", \"none\" or {\"offset\": ..., \"value\": ...}");
	}
}

static void zf_parse_region(struct zf_ctx *c, const cJSON *obj, int i)
{
	struct hv_mem_region *r = &c->zf->cfg.mem_regions[i];
	char pre[ZF_JPATH_LEN], jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *t;
	const char *s;

	zf_jidx(pre, "memory_regions", i);
	if (!cJSON_IsObject(obj)) {
		zf_err(c, pre, zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, pre, zf_region_keys);
	t = zf_need(c, obj, pre, "type");
	zf_jkey(jp, pre, "type");
	if (t && !zf_str(c, t, jp, &s)) {
		if (!strcmp(s, "ram"))
			r->type = HV_MEM_RAM;
		else if (!strcmp(s, "io"))
			r->type = HV_MEM_IO;
		else if (!strcmp(s, "virtio"))
			r->type = HV_MEM_VIRTIO;
		else
			zf_err(c, jp, zf_show(t, v, sizeof(v)),
			       "unknown type (expected \"ram\", \"io\" or \"virtio\")");
	}
	zf_need_num(c, obj, pre, "physical_start", &r->phys_start);
	zf_need_num(c, obj, pre, "virtual_start", &r->virt_start);
	zf_need_num(c, obj, pre, "size", &r->size);
	zf_parse_reset(c, obj, pre, i, r);
}

/*
 * hvisor-tool declares each virtio device's trapped window as a "virtio"
 * memory region, often smaller than a page (0x200). Here the device itself
 * (virtio[] or a virtio_cfg.json) defines its window: the regions are only
 * checked and kept aside, and the hypervisor never sees them.
 */
static void zf_take_windows(struct zf_ctx *c)
{
	struct zone_file *zf = c->zf;
	struct hv_zone_config *cfg = &zf->cfg;
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	unsigned int i, n = 0;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type != HV_MEM_VIRTIO) {
			zf->region_json_index[n] = (int)i;
			cfg->mem_regions[n++] = *r;
			continue;
		}
		zf_jidx(jp, "memory_regions", (int)i);
		snprintf(v, sizeof(v), "0x%llx+0x%llx",
			 (unsigned long long)r->phys_start,
			 (unsigned long long)r->size);
		if (r->phys_start != r->virt_start)
			zf_err(c, jp, v,
			       "a virtio window is where the guest sees it: physical_start and virtual_start must be equal");
		else if (!r->size ||
			 (r->phys_start | r->size) % HV_VIRTIO_WINDOW)
			zf_err(c, jp, v,
			       "a virtio window is whole 0x200-byte device windows");
		zf->windows[zf->num_windows].base = r->phys_start;
		zf->windows[zf->num_windows].size = r->size;
		zf->windows[zf->num_windows].json_index = (int)i;
		zf->num_windows++;
	}
	cfg->num_mem_regions = n;
}

int zone_file_check_windows(const struct zone_file *zf, int warn, FILE *errf)
{
	unsigned int w, d, missing = 0;

	for (w = 0; w < zf->num_windows; w++) {
		hv_u64 base = zf->windows[w].base, size = zf->windows[w].size;

		for (d = 0; d < zf->cfg.num_virtio; d++)
			if (zf->cfg.virtio[d].base >= base &&
			    zf->cfg.virtio[d].base - base < size)
				break;
		if (d < zf->cfg.num_virtio)
			continue;
		missing++;
		if (errf)
			fprintf(errf,
				"%s%s: memory_regions[%d]: virtio window 0x%llx+0x%llx has no device (give it in \"virtio\", or with `hvisor virtio start FILE` or `hvisor zone start --virtio FILE`)\n",
				warn ? "warning: " : "", zf->path,
				zf->windows[w].json_index,
				(unsigned long long)base,
				(unsigned long long)size);
	}
	return (int)missing;
}

static void zf_parse_regions(struct zf_ctx *c, const cJSON *arr)
{
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	int n, i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "memory_regions", zf_show(arr, v, sizeof(v)),
		       "expected an array");
		return;
	}
	n = cJSON_GetArraySize(arr);
	if (n > HV_MAX_MEM_REGIONS) {
		snprintf(v, sizeof(v), "%d entries", n);
		zf_err(c, "memory_regions", v,
		       "more than the limit of %d (HV_MAX_MEM_REGIONS)",
		       HV_MAX_MEM_REGIONS);
		return;
	}
	cJSON_ArrayForEach(it, arr) zf_parse_region(c, it, i++);
	c->zf->cfg.num_mem_regions = (hv_u32)n;
	zf_take_windows(c);
}

static void zf_parse_irqs(struct zf_ctx *c, const cJSON *arr)
{
	struct hv_zone_config *cfg = &c->zf->cfg;
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it;
	int n, i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "interrupts", zf_show(arr, v, sizeof(v)),
		       "expected an array of INTIDs");
		return;
	}
	n = cJSON_GetArraySize(arr);
	if (n > HV_MAX_IRQS) {
		snprintf(v, sizeof(v), "%d entries", n);
		zf_err(c, "interrupts", v,
		       "more than the limit of %d (HV_MAX_IRQS)", HV_MAX_IRQS);
		return;
	}
	cJSON_ArrayForEach(it, arr)
	{
		zf_jidx(jp, "interrupts", i);
		zf_u32(c, it, jp, &cfg->irqs[i]);
		i++;
	}
	cfg->num_irqs = (hv_u32)n;
}

/* One of kernel/ramdisk: a file and its load address, both or neither. */
static void zf_parse_image(struct zf_ctx *c, const cJSON *root,
			   const char *file_key, const char *addr_key,
			   char *path, hv_u64 *addr, int *has)
{
	int f = zf_opt_path(c, root, file_key, path);
	int a = zf_opt_num(c, root, NULL, addr_key, addr);

	if (f == 1 && a == 0)
		zf_err(c, addr_key, NULL, "missing (needed with %s)", file_key);
	else if (a == 1 && f == 0)
		zf_err(c, file_key, NULL, "missing (needed with %s)", addr_key);
	*has = f == 1 && a == 1;
}

static void zf_parse_module(struct zf_ctx *c, const cJSON *obj, int i)
{
	struct zone_file *zf = c->zf;
	char pre[ZF_JPATH_LEN], jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it;
	const char *s;

	zf_jidx(pre, "modules", i);
	if (!cJSON_IsObject(obj)) {
		zf_err(c, pre, zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, pre, zf_module_keys);
	it = zf_need(c, obj, pre, "name");
	zf_jkey(jp, pre, "name");
	if (!it || zf_str(c, it, jp, &s))
		return;
	if (strcmp(s, "ramdisk") && strcmp(s, "initrd")) {
		zf_warn(c, jp, zf_show(it, v, sizeof(v)),
			"only a \"ramdisk\" or \"initrd\" module is supported, ignored");
		return;
	}
	if (zf->has_ramdisk) {
		zf_err(c, pre, NULL, "second ramdisk (also given by %s)",
		       c->ramdisk_src);
		return;
	}
	it = zf_need(c, obj, pre, "filepath");
	zf_jkey(jp, pre, "filepath");
	if (!it || zf_str(c, it, jp, &s))
		return;
	if (!s[0]) {
		zf_err(c, jp, "\"\"", "empty path");
		return;
	}
	if (zf_resolve(c, jp, s, zf->ramdisk_path) ||
	    zf_need_num(c, obj, pre, "load_paddr", &zf->ramdisk_load_paddr))
		return;
	zf->has_ramdisk = 1;
	zf_jkey(c->ramdisk_src, pre, "load_paddr");
}

static void zf_parse_modules(struct zf_ctx *c, const cJSON *arr)
{
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	int i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "modules", zf_show(arr, v, sizeof(v)),
		       "expected an array");
		return;
	}
	cJSON_ArrayForEach(it, arr) zf_parse_module(c, it, i++);
}

static void zf_parse_console(struct zf_ctx *c, const cJSON *obj)
{
	struct zone_file *zf = c->zf;
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	hv_u64 base;

	if (!cJSON_IsObject(obj)) {
		zf_err(c, "console", zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, "console", zf_console_keys);
	if (!zf_need_num(c, obj, "console", "base", &base)) {
		if (!base)
			zf_err(c, "console.base", "0",
			       "must be non-zero (leave out \"console\" for no console)");
		zf->cfg.console_base = base;
	}
	it = zf_need(c, obj, "console", "irq");
	if (it)
		zf_u32(c, it, "console.irq", &zf->cfg.console_irq);
	it = zf_opt(obj, "mirror");
	if (it && !cJSON_IsBool(it))
		zf_err(c, "console.mirror", zf_show(it, v, sizeof(v)),
		       "expected true or false");
	else if (it)
		zf->console_mirror = cJSON_IsTrue(it);
}

#define ZF_VIRTIO_QUEUE_DEFAULT 256

/* "a.b.c.d/len" (or "": none): 0 if it is one */
static int zf_ipv4(const char *s)
{
	unsigned int a, b, cc, d, len;
	char end;

	if (!*s)
		return 0;
	return sscanf(s, "%u.%u.%u.%u/%u%c", &a, &b, &cc, &d, &len, &end) ==
				       5 &&
			       a < 256 && b < 256 && cc < 256 && d < 256 &&
			       len >= 1 && len <= 30
		       ? 0
		       : -1;
}

/* An optional string member that must fit in out and pass ok (if given). */
static void zf_opt_short(struct zf_ctx *c, const cJSON *obj, const char *pre,
			 const char *key, char *out, size_t size,
			 int (*ok)(const char *), const char *rule)
{
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it = zf_opt(obj, key);
	const char *s;

	zf_jkey(jp, pre, key);
	if (!it || zf_str(c, it, jp, &s))
		return;
	if (strlen(s) >= size || (ok && ok(s)))
		zf_err(c, jp, zf_show(it, v, sizeof(v)), "%s", rule);
	else
		memcpy(out, s, strlen(s) + 1);
}

static int zf_ifname(const char *s)
{
	return !*s || strchr(s, '/') || strchr(s, ' ') ? -1 : 0;
}

/*
 * A net device: its MAC (default 02:48:56:00:<zone>:<device>, the same at
 * every start), the bridge in zone0 its TAP joins, the zone's address and
 * zone0's address on a bridge this creates. The zone's first net device gets
 * 10.0.0.(10 + zone id)/24 unless told otherwise.
 */
static void zf_parse_net(struct zf_ctx *c, const cJSON *obj, const char *pre,
			 int i, int is_net)
{
	struct zone_virtio *zv = &c->zf->virtio[i];
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN], mac[24] = "";
	unsigned int m[6], k, nets = 0;
	char end;

	if (!is_net) {
		static const char *const only_net[] = { "mac", "ip", "bridge",
							"bridge_ip", NULL };

		for (k = 0; only_net[k]; k++)
			if (zf_opt(obj, only_net[k])) {
				zf_jkey(jp, pre, only_net[k]);
				zf_err(c, jp, NULL,
				       "only a net device has this");
			}
		return;
	}
	for (k = 0; k < (unsigned int)i; k++)
		nets += c->zf->cfg.virtio[k].device_id == 1;
	zv->mac[0] = 0x02; /* locally administered, unicast */
	zv->mac[1] = 0x48;
	zv->mac[2] = 0x56;
	zv->mac[4] = (hv_u8)c->zf->cfg.zone_id;
	zv->mac[5] = (hv_u8)i;
	zf_opt_short(c, obj, pre, "mac", mac, sizeof(mac), NULL,
		     "expected \"xx:xx:xx:xx:xx:xx\"");
	if (mac[0]) {
		zf_jkey(jp, pre, "mac");
		if (sscanf(mac, "%x:%x:%x:%x:%x:%x%c", &m[0], &m[1], &m[2],
			   &m[3], &m[4], &m[5], &end) != 6 ||
		    m[0] > 255 || m[1] > 255 || m[2] > 255 || m[3] > 255 ||
		    m[4] > 255 || m[5] > 255 || (m[0] & 1)) {
			snprintf(v, sizeof(v), "\"%s\"", mac);
			zf_err(c, jp, v,
			       "not a unicast MAC address \"xx:xx:xx:xx:xx:xx\"");
		} else {
			for (k = 0; k < 6; k++)
				zv->mac[k] = (hv_u8)m[k];
		}
	}
	strcpy(zv->bridge, ZONE_NET_BRIDGE);
	strcpy(zv->bridge_ip, ZONE_NET_BRIDGE_IP);
	if (!nets)
		snprintf(zv->ip, sizeof(zv->ip), "10.0.0.%u/24",
			 10 + c->zf->cfg.zone_id);
	zf_opt_short(c, obj, pre, "bridge", zv->bridge, sizeof(zv->bridge),
		     zf_ifname,
		     "not a network interface name (1 to 15 characters)");
	zf_opt_short(
		c, obj, pre, "ip", zv->ip, sizeof(zv->ip), zf_ipv4,
		"expected an IPv4 address with its prefix, \"a.b.c.d/len\"");
	zf_opt_short(
		c, obj, pre, "bridge_ip", zv->bridge_ip, sizeof(zv->bridge_ip),
		zf_ipv4,
		"expected an IPv4 address with its prefix, \"a.b.c.d/len\"");
}

static void zf_parse_virtio_dev(struct zf_ctx *c, const cJSON *obj, int i)
{
	struct hv_virtio_dev *d = &c->zf->cfg.virtio[i];
	struct zone_virtio *zv = &c->zf->virtio[i];
	char pre[ZF_JPATH_LEN], jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it;
	const char *s;
	hv_u64 qs = ZF_VIRTIO_QUEUE_DEFAULT;

	zf_jidx(pre, "virtio", i);
	if (!cJSON_IsObject(obj)) {
		zf_err(c, pre, zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, pre, zf_virtio_keys);
	it = zf_need(c, obj, pre, "type");
	zf_jkey(jp, pre, "type");
	if (it && !zf_str(c, it, jp, &s)) {
		if (!strcmp(s, "blk") || !strcmp(s, "block")) {
			d->device_id = 2;
			d->num_queues = 1;
		} else if (!strcmp(s, "console")) {
			d->device_id = 3;
			d->num_queues = 2;
		} else if (!strcmp(s, "net")) {
			d->device_id = 1;
			d->num_queues = 2;
		} else {
			zf_err(c, jp, zf_show(it, v, sizeof(v)),
			       "unknown type (expected \"blk\", \"console\" or \"net\")");
		}
	}
	zf_need_num(c, obj, pre, "base", &d->base);
	it = zf_need(c, obj, pre, "irq");
	zf_jkey(jp, pre, "irq");
	if (it)
		zf_u32(c, it, jp, &d->irq);
	if (zf_opt_num(c, obj, pre, "queue_size", &qs) == 1 &&
	    (qs < 2 || qs > 32768 || (qs & (qs - 1)))) {
		zf_jkey(jp, pre, "queue_size");
		snprintf(v, sizeof(v), "%llu", (unsigned long long)qs);
		zf_err(c, jp, v, "not a power of two from 2 to 32768");
	}
	d->queue_max = (hv_u16)qs;
	/* what the hypervisor checks; the backend fills in the rest */
	d->features = (hv_u64)1 << 32; /* VIRTIO_F_VERSION_1 */
	it = zf_opt(obj, "image");
	zf_jkey(jp, pre, "image");
	if (it && !zf_str(c, it, jp, &s)) {
		if (d->device_id != 2)
			zf_err(c, jp, NULL, "only a blk device has an image");
		else if (!s[0])
			zf_err(c, jp, "\"\"", "empty path");
		else
			zf_resolve(c, jp, s, zv->image);
	} else if (!it && d->device_id == 2) {
		zf_err(c, jp, NULL, "missing (a blk device needs an image)");
	}
	it = zf_opt(obj, "readonly");
	zf_jkey(jp, pre, "readonly");
	if (it && !cJSON_IsBool(it))
		zf_err(c, jp, zf_show(it, v, sizeof(v)),
		       "expected true or false");
	else if (it)
		zv->readonly = cJSON_IsTrue(it);
	zf_parse_net(c, obj, pre, i, d->device_id == 1);
}

static void zf_parse_virtio(struct zf_ctx *c, const cJSON *arr)
{
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	int n, i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "virtio", zf_show(arr, v, sizeof(v)),
		       "expected an array of devices");
		return;
	}
	n = cJSON_GetArraySize(arr);
	if (n > HV_MAX_VIRTIO) {
		snprintf(v, sizeof(v), "%d entries", n);
		zf_err(c, "virtio", v,
		       "more than the limit of %d (HV_MAX_VIRTIO)",
		       HV_MAX_VIRTIO);
		return;
	}
	cJSON_ArrayForEach(it, arr) zf_parse_virtio_dev(c, it, i++);
	c->zf->cfg.num_virtio = (hv_u32)n;
}

/* A device's interrupt belongs to the zone without being listed twice. */
static void zf_add_irq(struct zf_ctx *c, hv_u32 irq, const char *why)
{
	struct hv_zone_config *cfg = &c->zf->cfg;
	char v[ZF_VALUE_LEN];
	unsigned int i;

	/* one out of range is the checker's to report, under its own name */
	if (irq < HV_SPI_BASE || irq > HV_MAX_INTID)
		return;
	for (i = 0; i < cfg->num_irqs; i++)
		if (cfg->irqs[i] == irq)
			return;
	if (cfg->num_irqs >= HV_MAX_IRQS) {
		snprintf(v, sizeof(v), "%u", irq);
		zf_err(c, why, v, "no room left in interrupts (at most %d)",
		       HV_MAX_IRQS);
		return;
	}
	cfg->irqs[cfg->num_irqs++] = irq;
}

static void zf_parse_gic_version(struct zf_ctx *c, const cJSON *it)
{
	const char *jp = "arch_config.gic_version";
	char v[ZF_VALUE_LEN];
	int ver = -1;

	zf_show(it, v, sizeof(v));
	if (cJSON_IsString(it)) {
		const char *s = it->valuestring;

		if (s[0] == 'v' || s[0] == 'V')
			s++;
		if (!strcmp(s, "2"))
			ver = 2;
		else if (!strcmp(s, "3"))
			ver = 3;
	} else if (cJSON_IsNumber(it)) {
		if (it->valuedouble == 2)
			ver = 2;
		else if (it->valuedouble == 3)
			ver = 3;
	} else {
		zf_err(c, jp, v, "expected \"v2\", \"v3\", 2 or 3");
		return;
	}
	if (ver != 2 && ver != 3)
		zf_err(c, jp, v,
		       "unknown GIC version (expected \"v2\" or \"v3\")");
	else
		c->zf->cfg.arch.gic_version = ver == 2 ? HV_GIC_V2 : HV_GIC_V3;
}

static void zf_parse_arch(struct zf_ctx *c, const cJSON *obj)
{
	struct hv_arch_config *a = &c->zf->cfg.arch;
	const char *pre = "arch_config";
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	hv_u64 ignored;

	if (!cJSON_IsObject(obj)) {
		zf_err(c, pre, zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, pre, zf_arch_keys);
	it = zf_need(c, obj, pre, "gic_version");
	if (it)
		zf_parse_gic_version(c, it);
	zf_need_num(c, obj, pre, "gicd_base", &a->gicd_base);
	zf_need_num(c, obj, pre, "gicd_size", &a->gicd_size);
	if (a->gic_version == HV_GIC_V2) {
		zf_need_num(c, obj, pre, "gicc_base", &a->gicc_base);
		zf_need_num(c, obj, pre, "gicc_size", &a->gicc_size);
		zf_opt_num(c, obj, pre, "gicc_offset", &a->gicc_offset);
		zf_opt_num(c, obj, pre, "gich_base", &a->gich_base);
		zf_opt_num(c, obj, pre, "gich_size", &a->gich_size);
		zf_opt_num(c, obj, pre, "gicv_base", &a->gicv_base);
		zf_opt_num(c, obj, pre, "gicv_size", &a->gicv_size);
		/* hvisor-tool's GICv2 configs name no redistributors */
		zf_opt_num(c, obj, pre, "gicr_base", &ignored);
		zf_opt_num(c, obj, pre, "gicr_size", &ignored);
	} else {
		zf_need_num(c, obj, pre, "gicr_base", &a->gicr_base);
		zf_need_num(c, obj, pre, "gicr_size", &a->gicr_size);
		/* a GICv3 has no memory-mapped CPU interface to give */
		zf_opt_num(c, obj, pre, "gicc_base", &ignored);
		zf_opt_num(c, obj, pre, "gicc_size", &ignored);
		zf_opt_num(c, obj, pre, "gicc_offset", &ignored);
		zf_opt_num(c, obj, pre, "gich_base", &ignored);
		zf_opt_num(c, obj, pre, "gich_size", &ignored);
		zf_opt_num(c, obj, pre, "gicv_base", &ignored);
		zf_opt_num(c, obj, pre, "gicv_size", &ignored);
	}
	/* hvisor-tool configs carry the ITS; no zone gets one here yet. */
	zf_opt_num(c, obj, pre, "gits_base", &ignored);
	zf_opt_num(c, obj, pre, "gits_size", &ignored);
}

static void zf_parse_root(struct zf_ctx *c, const cJSON *root)
{
	struct zone_file *zf = c->zf;
	struct hv_zone_config *cfg = &zf->cfg;
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	const char *s;
	int has_kernel, has_ramdisk;

	zf_check_keys(c, root, NULL, zf_top_keys);
	zf_parse_name(c, root);
	it = zf_need(c, root, NULL, "zone_id");
	if (it)
		zf_u32(c, it, "zone_id", &cfg->zone_id);
	it = zf_need(c, root, NULL, "cpus");
	if (it)
		zf_parse_cpus(c, it);
	it = zf_need(c, root, NULL, "memory_regions");
	if (it)
		zf_parse_regions(c, it);
	it = zf_opt(root, "interrupts");
	if (it)
		zf_parse_irqs(c, it);

	zf_parse_image(c, root, "kernel_filepath", "kernel_load_paddr",
		       zf->kernel_path, &zf->kernel_load_paddr, &has_kernel);
	c->has_kernel_paddr = has_kernel;
	zf_opt_path(c, root, "dtb_filepath", zf->dtb_path);
	if (!zf_need_num(c, root, NULL, "dtb_load_paddr", &zf->dtb_load_paddr))
		cfg->dtb_addr = zf->dtb_load_paddr;
	zf_need_num(c, root, NULL, "entry_point", &cfg->entry_point);
	zf_parse_image(c, root, "ramdisk_filepath", "ramdisk_load_paddr",
		       zf->ramdisk_path, &zf->ramdisk_load_paddr, &has_ramdisk);
	if (has_ramdisk) {
		zf->has_ramdisk = 1;
		zf_jkey(c->ramdisk_src, NULL, "ramdisk_load_paddr");
	}
	it = zf_opt(root, "modules");
	if (it)
		zf_parse_modules(c, it);

	it = zf_opt(root, "cmdline");
	if (it && !zf_str(c, it, "cmdline", &s)) {
		if (strlen(s) >= sizeof(zf->cmdline))
			zf_err(c, "cmdline", zf_show(it, v, sizeof(v)),
			       "too long (at most %zu characters)",
			       sizeof(zf->cmdline) - 1);
		else
			memcpy(zf->cmdline, s, strlen(s) + 1);
	}
	it = zf_opt(root, "console");
	if (it)
		zf_parse_console(c, it);
	it = zf_opt(root, "virtio");
	if (it)
		zf_parse_virtio(c, it);
	it = zf_opt(root, "event_irq");
	if (it)
		zf_u32(c, it, "event_irq", &cfg->event_irq);
	it = zf_opt(root, "on_reset");
	if (it && !zf_str(c, it, "on_reset", &s)) {
		if (!strcmp(s, "stop"))
			zf->on_reset_stop = 1;
		else if (strcmp(s, "restart"))
			zf_err(c, "on_reset", zf_show(it, v, sizeof(v)),
			       "must be \"restart\" (the default) or \"stop\"");
	}
	if (!c->errors) {
		unsigned int i;

		for (i = 0; i < cfg->num_virtio; i++)
			zf_add_irq(c, cfg->virtio[i].irq, "virtio");
		zf_add_irq(c, cfg->event_irq, "event_irq");
	}
	it = zf_need(c, root, NULL, "arch_config");
	if (it)
		zf_parse_arch(c, it);
	cfg->flags = (zf->console_mirror ? HV_ZONE_CONSOLE_MIRROR : 0) |
		     (zf->on_reset_stop ? HV_ZONE_ON_RESET_STOP : 0);
}

/* Which checker fields read better in decimal than in hex. */
static int zf_decimal_field(const struct hv_cfg_error *e)
{
	static const char *const dec[] = { "zone_id", "cpus",	"interrupts",
					   "size",    "virtio", "event_irq",
					   NULL };
	int i;

	if (e->code == HV_E2BIG)
		return 1;
	if (e->sub)
		return !strcmp(e->sub, "irq") || !strcmp(e->sub, "type") ||
		       !strcmp(e->sub, "gic_version") ||
		       !strcmp(e->sub, "reserved") ||
		       !strcmp(e->sub, "num_queues") ||
		       !strcmp(e->sub, "queue_size") ||
		       !strcmp(e->sub, "config_len");
	for (i = 0; dec[i]; i++)
		if (!strcmp(e->field, dec[i]))
			return 1;
	return 0;
}

static void zf_report_check(struct zf_ctx *c, const struct hv_cfg_error *e,
			    unsigned int num_cpus)
{
	const struct hv_zone_config *cfg = &c->zf->cfg;
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	char other[32] = "", extra[64] = "";
	const char *value = v;
	int index = e->index, other_index = e->other;
	size_t n;

	/* the checker counts the regions the hypervisor gets: back to JSON */
	if (!strcmp(e->field, "memory_regions")) {
		if (e->index >= 0 && e->index < HV_MAX_MEM_REGIONS)
			index = c->zf->region_json_index[e->index];
		if (e->other >= 0 && e->other < HV_MAX_MEM_REGIONS)
			other_index = c->zf->region_json_index[e->other];
	} else if (e->other >= 0 && strstr(e->rule, "memory_regions")) {
		if (e->other < HV_MAX_MEM_REGIONS)
			other_index = c->zf->region_json_index[e->other];
	}
	n = (size_t)snprintf(jp, sizeof(jp), "%s", e->field);
	if (index >= 0 && n < sizeof(jp))
		n += (size_t)snprintf(jp + n, sizeof(jp) - n, "[%d]", index);
	if (e->sub && n < sizeof(jp))
		snprintf(jp + n, sizeof(jp) - n, ".%s", e->sub);

	if (!strcmp(e->field, "name"))
		zf_quote(v, sizeof(v), cfg->name, HV_NAME_LEN);
	else if (!strcmp(e->field, "memory_regions") && e->index < 0 &&
		 e->code != HV_E2BIG)
		value = NULL; /* "no regions" and the like: nothing to show */
	else if (zf_decimal_field(e))
		snprintf(v, sizeof(v), "%llu", (unsigned long long)e->value);
	else
		snprintf(v, sizeof(v), "0x%llx", (unsigned long long)e->value);

	if (other_index >= 0)
		snprintf(other, sizeof(other), "[%d]", other_index);
	if (!strcmp(e->field, "cpus") && cfg->cpus)
		snprintf(extra, sizeof(extra), " (it has %u CPUs: 0..%u)",
			 num_cpus, num_cpus ? num_cpus - 1 : 0);
	zf_err(c, jp, value, "%s%s%s", e->rule, other, extra);
}

/* Does a RAM region's physical range hold addr? */
static int zf_in_ram_phys(const struct hv_zone_config *cfg, hv_u64 addr)
{
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type == HV_MEM_RAM && addr >= r->phys_start &&
		    addr - r->phys_start < r->size)
			return 1;
	}
	return 0;
}

/* Rules about loading images, which the hypervisor never sees. */
static void zf_check_loads(struct zf_ctx *c)
{
	const struct zone_file *zf = c->zf;
	const char *rule = "not inside a RAM region (physical addresses)";
	char v[ZF_VALUE_LEN];

	if (c->has_kernel_paddr &&
	    !zf_in_ram_phys(&zf->cfg, zf->kernel_load_paddr)) {
		snprintf(v, sizeof(v), "0x%llx",
			 (unsigned long long)zf->kernel_load_paddr);
		zf_err(c, "kernel_load_paddr", v, "%s", rule);
	}
	if (zf->has_ramdisk &&
	    !zf_in_ram_phys(&zf->cfg, zf->ramdisk_load_paddr)) {
		snprintf(v, sizeof(v), "0x%llx",
			 (unsigned long long)zf->ramdisk_load_paddr);
		zf_err(c, c->ramdisk_src, v, "%s", rule);
	}
	if (!zf_in_ram_phys(&zf->cfg, zf->dtb_load_paddr)) {
		snprintf(v, sizeof(v), "0x%llx",
			 (unsigned long long)zf->dtb_load_paddr);
		zf_err(c, "dtb_load_paddr", v, "%s", rule);
	}
}

static void zf_linecol(const char *text, size_t pos, unsigned long *line,
		       unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < pos; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int zf_syntax(struct zf_ctx *c, const char *text, size_t pos,
		     const char *what)
{
	unsigned long line, col;

	zf_linecol(text, pos, &line, &col);
	c->errors++;
	if (c->errf)
		fprintf(c->errf, "%s:%lu:%lu: %s\n", c->path, line, col, what);
	return -1;
}

static int zf_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/*
 * What cJSON handles badly or explains poorly: blank input, NUL bytes, and
 * nesting deep enough to exhaust its recursion limit.
 */
static int zf_prescan(struct zf_ctx *c, const char *text, size_t len)
{
	int depth = 0, in_str = 0, esc = 0, blank = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		char ch = text[i];

		if (ch == '\0')
			return zf_syntax(c, text, i,
					 "malformed JSON (NUL byte)");
		if (!zf_space(ch))
			blank = 0;
		if (in_str) {
			if (esc)
				esc = 0;
			else if (ch == '\\')
				esc = 1;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '[' || ch == '{') {
			if (++depth > ZF_MAX_DEPTH)
				return zf_syntax(
					c, text, i,
					"malformed JSON: nested more than 32 levels deep");
		} else if (ch == ']' || ch == '}') {
			depth--;
		}
	}
	if (blank) {
		c->errors++;
		if (c->errf)
			fprintf(c->errf, "%s: empty file\n", c->path);
		return -1;
	}
	return 0;
}

static void zf_init(struct zone_file *zf)
{
	memset(zf, 0, sizeof(*zf));
	zf->cfg.magic = HV_ABI_MAGIC;
	zf->cfg.version = HV_ABI_VERSION;
	zf->cfg.size = sizeof(zf->cfg);
	zf->console_mirror = 1;
}

static int zf_set_path(struct zf_ctx *c, const char *path)
{
	struct zone_file *zf = c->zf;
	char *slash;

	if (strlen(path) >= sizeof(zf->path)) {
		c->errors++;
		if (c->errf)
			fprintf(c->errf, "%.64s...: path too long\n", path);
		return -1;
	}
	memcpy(zf->path, path, strlen(path) + 1);
	memcpy(zf->dir, zf->path, sizeof(zf->dir));
	slash = strrchr(zf->dir, '/');
	if (!slash)
		strcpy(zf->dir, ".");
	else if (slash == zf->dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

int zone_file_parse(const char *path, const char *text, size_t len,
		    unsigned int num_cpus, struct zone_file *zf, FILE *errf)
{
	struct zf_ctx c = { .path = path, .errf = errf, .zf = zf };
	struct hv_cfg_error e;
	const char *end = NULL;
	char v[ZF_VALUE_LEN];
	cJSON *root;

	zf_init(zf);
	if (zf_set_path(&c, path) || zf_prescan(&c, text, len))
		return -1;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		if (!end || end < text || end > text + len)
			end = text;
		return zf_syntax(&c, text, (size_t)(end - text),
				 "malformed JSON");
	}
	while (end < text + len && zf_space(*end))
		end++;
	if (end < text + len) {
		cJSON_Delete(root);
		return zf_syntax(
			&c, text, (size_t)(end - text),
			"malformed JSON: text after the top-level value");
	}
	if (!cJSON_IsObject(root))
		zf_err(&c, "top level", zf_show(root, v, sizeof(v)),
		       "expected an object");
	else
		zf_parse_root(&c, root);
	cJSON_Delete(root);
	if (c.errors)
		return -1;

	if (hv_config_check(&zf->cfg, num_cpus, &e)) {
		zf_report_check(&c, &e, num_cpus);
		return -1;
	}
	zf_check_loads(&c);
	return c.errors ? -1 : 0;
}

int zone_file_load(const char *path, unsigned int num_cpus,
		   struct zone_file *zf, FILE *errf)
{
	char *buf;
	size_t len;
	FILE *f;
	int ret;

	zf_init(zf);
	f = fopen(path, "rb");
	if (!f) {
		if (errf)
			fprintf(errf, "%s: cannot open: %s\n", path,
				strerror(errno));
		return -1;
	}
	buf = file_read_all(f, ZONE_FILE_MAX_BYTES, &len);
	if (!buf) {
		fclose(f);
		if (errf)
			fprintf(errf, "%s: out of memory\n", path);
		return -1;
	}
	if (ferror(f)) {
		if (errf)
			fprintf(errf, "%s: cannot read: %s\n", path,
				strerror(errno));
		ret = -1;
	} else if (len > ZONE_FILE_MAX_BYTES) {
		if (errf)
			fprintf(errf, "%s: too large (more than %d bytes)\n",
				path, ZONE_FILE_MAX_BYTES);
		ret = -1;
	} else {
		ret = zone_file_parse(path, buf, len, num_cpus, zf, errf);
	}
	fclose(f);
	free(buf);
	return ret;
}

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
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "config_check.h"

#include "zf.h"

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
					   "ivc_configs",
					   "event_irq",
					   "on_reset",
					   "arch_config",
					   NULL };

static const char *const zf_arch_keys[] = {
	"gic_version", "gicd_base",   "gicd_size",  "gicr_base",
	"gicr_size",   "gits_base",   "gits_size",  "gicc_base",
	"gicc_size",   "gicc_offset", "gich_base",  "gich_size",
	"gicv_base",   "gicv_size",   "is_aarch32", NULL
};

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
	/* hvisor's: zones here run AArch64 kernels only */
	it = zf_opt(obj, "is_aarch32");
	if (it && !cJSON_IsFalse(it))
		zf_err(c, "arch_config.is_aarch32", zf_show(it, v, sizeof(v)),
		       "only false: AArch32 zones are not supported");
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
	it = zf_opt(root, "ivc_configs");
	if (it)
		zf_parse_ivc(c, it);
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
		for (i = 0; i < cfg->num_ivc; i++)
			zf_add_irq(c, cfg->ivc[i].interrupt_num, "ivc_configs");
		zf_add_irq(c, cfg->event_irq, "event_irq");
	}
	it = zf_need(c, root, NULL, "arch_config");
	if (it)
		zf_parse_arch(c, it);
	if (!c->errors)
		zf_drop_gic_regions(c);
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
		       !strcmp(e->sub, "config_len") ||
		       !strcmp(e->sub, "ivc_id") ||
		       !strcmp(e->sub, "peer_id") ||
		       !strcmp(e->sub, "max_peers") ||
		       !strcmp(e->sub, "interrupt_num");
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

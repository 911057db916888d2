// SPDX-License-Identifier: GPL-2.0 OR MIT
/* A zone config's own sections: name, CPUs, memory regions and their
 * reset writes, interrupts, images and modules, console. */
#include <string.h>

#include "config_check.h"
#include "zf.h"

static const char *const zf_region_keys[] = { "type",	       "physical_start",
					      "virtual_start", "size",
					      "reset",	       NULL };

static const char *const zf_reset_keys[] = { "offset", "value", NULL };

static const char *const zf_module_keys[] = { "name", "filepath", "load_paddr",
					      NULL };

static const char *const zf_console_keys[] = { "base", "irq", "mirror", NULL };

void zf_parse_name(struct zf_ctx *c, const cJSON *root)
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

void zf_parse_cpus(struct zf_ctx *c, const cJSON *arr)
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
	c->zf->reset_given |= 1ull << i;
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

/*
 * hvisor's configs list the GIC's pages as "io" regions, for a hypervisor
 * that traps them whatever the stage-2 tables say. Here a zone never gets
 * the GIC itself (it would steer every zone's interrupts): such a region
 * is dropped, with a warning, and the GIC stays emulated.
 */
void zf_drop_gic_regions(struct zf_ctx *c)
{
	struct zone_file *zf = c->zf;
	struct hv_zone_config *cfg = &zf->cfg;
	const struct hv_arch_config *a = &cfg->arch;
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	unsigned int i, n = 0;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type != HV_MEM_IO ||
		    !(hv_ranges_overlap(r->virt_start, r->size, a->gicd_base,
					a->gicd_size) ||
		      hv_ranges_overlap(r->virt_start, r->size, a->gicr_base,
					a->gicr_size) ||
		      hv_ranges_overlap(r->virt_start, r->size, a->gicc_base,
					a->gicc_size))) {
			zf->region_json_index[n] = zf->region_json_index[i];
			cfg->mem_regions[n++] = *r;
			continue;
		}
		zf_jidx(jp, "memory_regions", zf->region_json_index[i]);
		snprintf(v, sizeof(v), "0x%llx+0x%llx",
			 (unsigned long long)r->virt_start,
			 (unsigned long long)r->size);
		zf_warn(c, jp, v,
			"overlaps the GIC, which the hypervisor emulates for the zone: ignored");
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

void zf_parse_regions(struct zf_ctx *c, const cJSON *arr)
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

void zf_parse_irqs(struct zf_ctx *c, const cJSON *arr)
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
void zf_parse_image(struct zf_ctx *c, const cJSON *root, const char *file_key,
		    const char *addr_key, char *path, hv_u64 *addr, int *has)
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

void zf_parse_modules(struct zf_ctx *c, const cJSON *arr)
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

void zf_parse_console(struct zf_ctx *c, const cJSON *obj)
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

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A zone's device tree (docs/zone-config.md, "Device tree patching and
 * checks"): loading it, and dtb_patch(), which writes what the config
 * decides into it: the command line, the initrd, the RAM and the virtio
 * devices. The checks are in dtb_check.c, the images' in image.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "config_check.h"
#include "dtb.h"
#include "dtb_int.h"
#include "file.h"

/* ---- messages ------------------------------------------------------ */

void dtb_msg(FILE *errf, const char *fmt, ...)
{
	va_list ap;

	if (!errf)
		return;
	va_start(ap, fmt);
	vfprintf(errf, fmt, ap);
	va_end(ap);
	fputc('\n', errf);
}

/* ---- loading ------------------------------------------------------- */

void dtb_free(struct dtb_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

size_t dtb_size(const struct dtb_buf *b)
{
	if (!b || !b->data || b->size < sizeof(struct fdt_header))
		return 0;
	return fdt_totalsize(b->data);
}

/* Read all of f, at most max bytes (more: *len = max + 1). */
/* Why data (len bytes) is not a usable DTB, or NULL if it is one. */
static const char *dtb_why_bad(const void *data, size_t len, char *buf,
			       size_t n)
{
	uint32_t total;
	int err;

	if (!len)
		return "empty file";
	if (len < sizeof(fdt32_t) || fdt_magic(data) != FDT_MAGIC)
		return "bad magic: it does not start with 0xd00dfeed";
	if (len < sizeof(struct fdt_header)) {
		snprintf(buf, n, "truncated: %zu bytes, less than a header",
			 len);
		return buf;
	}
	err = fdt_check_header(data);
	if (err)
		return fdt_strerror(err);
	total = fdt_totalsize(data);
	if (total > len) {
		snprintf(buf, n, "truncated: %zu bytes, its header says %u",
			 len, (unsigned int)total);
		return buf;
	}
	err = fdt_check_full(data, len);
	if (err)
		return fdt_strerror(err);
	return NULL;
}

int dtb_load_file(const char *path, struct dtb_buf *out, FILE *errf)
{
	char why_buf[96];
	const char *why;
	size_t len = 0;
	void *data;
	FILE *f;
	int rd_err;

	out->data = NULL;
	out->size = 0;
	f = fopen(path, "rb");
	if (!f) {
		dtb_msg(errf, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	data = file_read_all(f, DTB_MAX_BYTES, &len);
	rd_err = ferror(f) ? errno : 0;
	fclose(f);
	if (!data) {
		dtb_msg(errf, "%s: out of memory", path);
		return -1;
	}
	if (rd_err) {
		free(data);
		dtb_msg(errf, "%s: cannot read: %s", path, strerror(rd_err));
		return -1;
	}
	if (len > DTB_MAX_BYTES) {
		free(data);
		dtb_msg(errf,
			"%s: not a device tree blob (larger than %u bytes)",
			path, DTB_MAX_BYTES);
		return -1;
	}
	why = dtb_why_bad(data, len, why_buf, sizeof(why_buf));
	if (why) {
		free(data);
		dtb_msg(errf, "%s: not a device tree blob (%s)", path, why);
		return -1;
	}
	out->data = data;
	out->size = len;
	return 0;
}

/* ---- reading cells ------------------------------------------------- */

int dtb_cells(const fdt32_t *p, int n, uint64_t *v)
{
	uint64_t x = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (x >> 32)
			return -1;
		x = (x << 32) | fdt32_ld(&p[i]);
	}
	*v = x;
	return 0;
}

/* Store v in n cells (the caller made sure it fits). */
static void dtb_put_cells(fdt32_t *p, int n, uint64_t v)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = cpu_to_fdt32((uint32_t)v);
		v >>= 32;
	}
}

/* ---- patching ------------------------------------------------------ */

/* Reopen the tree in place with at least extra more bytes of room. */
static int dtb_grow(struct dtb_patcher *p, size_t extra)
{
	struct dtb_buf *b = p->dtb;
	size_t total = fdt_totalsize(b->data);
	size_t want = total + extra;
	void *data;
	int err;

	if (want > DTB_MAX_BYTES) {
		dtb_msg(p->errf, "DTB: /: would grow past %u bytes",
			DTB_MAX_BYTES);
		return -1;
	}
	if (want > b->size) {
		data = realloc(b->data, want);
		if (!data) {
			dtb_msg(p->errf, "DTB: /: out of memory");
			return -1;
		}
		/* Free space ends up in the output only as zeroes. */
		memset((char *)data + b->size, 0, want - b->size);
		b->data = data;
		b->size = want;
	}
	err = fdt_open_into(b->data, b->data, (int)b->size);
	if (err) {
		dtb_msg(p->errf, "DTB: /: cannot open the tree for writing: %s",
			fdt_strerror(err));
		return -1;
	}
	return 0;
}

/* Print "DTB: NODE: what: libfdt error"; returns -1. */
static int dtb_patch_err(struct dtb_patcher *p, const char *node,
			 const char *what, int err)
{
	dtb_msg(p->errf, "DTB: %s: %s: %s", node, what, fdt_strerror(err));
	return -1;
}

int dtb_setprop(struct dtb_patcher *p, int node, const char *path,
		const char *name, const void *val, int len)
{
	char what[64];
	int err, tries;

	for (tries = 0; tries < 4; tries++) {
		err = fdt_setprop(p->dtb->data, node, name, val, len);
		if (err != -FDT_ERR_NOSPACE)
			break;
		if (dtb_grow(p, (size_t)len + strlen(name) + DTB_GROW_SLACK))
			return -1;
	}
	if (!err)
		return 0;
	snprintf(what, sizeof(what), "cannot set %s", name);
	return dtb_patch_err(p, path, what, err);
}

int dtb_add_node(struct dtb_patcher *p, int parent, const char *name,
		 const char *path)
{
	int off = -FDT_ERR_NOSPACE, tries;

	for (tries = 0; tries < 4; tries++) {
		off = fdt_add_subnode(p->dtb->data, parent, name);
		if (off != -FDT_ERR_NOSPACE)
			break;
		if (dtb_grow(p, strlen(name) + DTB_GROW_SLACK))
			return -1;
	}
	if (off >= 0)
		return off;
	return dtb_patch_err(p, path, "cannot add the node", off);
}

/* The guest address of physical address pa, as the RAM regions map it. */
static uint64_t dtb_guest_addr(const struct hv_zone_config *cfg, uint64_t pa)
{
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type == HV_MEM_RAM && pa >= r->phys_start &&
		    pa - r->phys_start < r->size)
			return r->virt_start + (pa - r->phys_start);
	}
	return pa; /* zone_file_parse() refuses such configs */
}

static int dtb_patch_chosen(struct dtb_patcher *p, const struct zone_file *zf,
			    uint64_t ramdisk_size)
{
	static const char *const initrd[] = { "linux,initrd-start",
					      "linux,initrd-end" };
	uint64_t start, end;
	fdt64_t val;
	int chosen, err, i;

	chosen = fdt_path_offset(p->dtb->data, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND) {
		chosen = dtb_add_node(p, 0, "chosen", "/chosen");
		if (chosen < 0)
			return -1;
	} else if (chosen < 0) {
		return dtb_patch_err(p, "/chosen", "cannot find the node",
				     chosen);
	}

	if (zf->cmdline[0] &&
	    dtb_setprop(p, chosen, "/chosen", "bootargs", zf->cmdline,
			(int)strlen(zf->cmdline) + 1))
		return -1;

	if (!ramdisk_size) {
		for (i = 0; i < 2; i++) {
			err = fdt_delprop(p->dtb->data, chosen, initrd[i]);
			if (err && err != -FDT_ERR_NOTFOUND)
				return dtb_patch_err(
					p, "/chosen",
					"cannot delete linux,initrd-*", err);
		}
		return 0;
	}
	start = dtb_guest_addr(&zf->cfg, zf->ramdisk_load_paddr);
	end = start + ramdisk_size;
	if (end < start) {
		dtb_msg(p->errf,
			"DTB: /chosen: initrd 0x%llx+0x%llx passes 2^64",
			ull(start), ull(ramdisk_size));
		return -1;
	}
	val = cpu_to_fdt64(start);
	if (dtb_setprop(p, chosen, "/chosen", initrd[0], &val, sizeof(val)))
		return -1;
	val = cpu_to_fdt64(end);
	return dtb_setprop(p, chosen, "/chosen", initrd[1], &val, sizeof(val));
}

/* Is node a memory node: device_type "memory", or named memory[@...]? */
static int dtb_is_memory(const void *fdt, int node, int depth)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, "device_type", &len);
	if (s && len == 7 && !memcmp(s, "memory", 7))
		return 1;
	if (depth != 1)
		return 0;
	s = fdt_get_name(fdt, node, &len);
	return s && len >= 6 && !strncmp(s, "memory", 6) &&
	       (len == 6 || s[6] == '@');
}

static int dtb_find_memory(const void *fdt)
{
	int off, depth = 0;

	for (off = fdt_next_node(fdt, 0, &depth); off >= 0 && depth > 0;
	     off = fdt_next_node(fdt, off, &depth))
		if (dtb_is_memory(fdt, off, depth))
			return off;
	return off < 0 && off != -FDT_ERR_NOTFOUND ? off : -FDT_ERR_NOTFOUND;
}

int dtb_ncells(const void *fdt, int node, const char *name, int dflt)
{
	const fdt32_t *p;
	uint32_t v;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p)
		return dflt;
	if (len != sizeof(*p))
		return -1;
	v = fdt32_ld(p);
	return v > DTB_MAX_CELLS ? -1 : (int)v;
}

static int dtb_patch_memory(struct dtb_patcher *p, const struct zone_file *zf)
{
	fdt32_t reg[2 * DTB_MAX_CELLS];
	char name[32], path[40];
	int ac, sc, off, i;

	for (;;) {
		off = dtb_find_memory(p->dtb->data);
		if (off == -FDT_ERR_NOTFOUND)
			break;
		if (off >= 0)
			off = fdt_del_node(p->dtb->data, off);
		if (off < 0)
			return dtb_patch_err(
				p, "/memory",
				"cannot delete the old memory nodes", off);
	}

	ac = dtb_ncells(p->dtb->data, 0, "#address-cells", 2);
	sc = dtb_ncells(p->dtb->data, 0, "#size-cells", 1);
	if (ac < 1 || sc < 1) {
		dtb_msg(p->errf,
			"DTB: /: #address-cells and #size-cells must be 1 to %d to describe memory",
			DTB_MAX_CELLS);
		return -1;
	}
	/* fdt_add_subnode() puts a node first: go backwards to keep order. */
	for (i = (int)zf->cfg.num_mem_regions - 1; i >= 0; i--) {
		const struct hv_mem_region *r = &zf->cfg.mem_regions[i];

		if (r->type != HV_MEM_RAM)
			continue;
		snprintf(name, sizeof(name), "memory@%llx", ull(r->virt_start));
		snprintf(path, sizeof(path), "/%s", name);
		if ((ac < 2 && r->virt_start >> 32) ||
		    (sc < 2 && r->size >> 32)) {
			dtb_msg(p->errf,
				"DTB: %s: 0x%llx+0x%llx does not fit in the root's #address-cells = %d, #size-cells = %d",
				path, ull(r->virt_start), ull(r->size), ac, sc);
			return -1;
		}
		dtb_put_cells(reg, ac, r->virt_start);
		dtb_put_cells(reg + ac, sc, r->size);
		/* A new property goes first: add them backwards too. */
		off = dtb_add_node(p, 0, name, path);
		if (off < 0 ||
		    dtb_setprop(p, off, path, "reg", reg,
				(int)((size_t)(ac + sc) * sizeof(reg[0]))) ||
		    dtb_setprop(p, off, path, "device_type", "memory", 7))
			return -1;
	}
	return 0;
}

/*
 * One virtio_mmio@BASE node per virtio device of the config, replacing a
 * node of that name the DTS may already have: the zone's DTS needs no
 * hand edits, and the interrupt is the config's.
 */
static int dtb_patch_virtio(struct dtb_patcher *p, const struct zone_file *zf)
{
	static const char compat[] = "virtio,mmio";
	fdt32_t reg[2 * DTB_MAX_CELLS], irq[3];
	char name[40], path[48];
	int ac, sc, off, i;

	ac = dtb_ncells(p->dtb->data, 0, "#address-cells", 2);
	sc = dtb_ncells(p->dtb->data, 0, "#size-cells", 1);
	if (zf->cfg.num_virtio && (ac < 1 || sc < 1)) {
		dtb_msg(p->errf,
			"DTB: /: #address-cells and #size-cells must be 1 to %d to describe virtio devices",
			DTB_MAX_CELLS);
		return -1;
	}
	for (i = (int)zf->cfg.num_virtio - 1; i >= 0; i--) {
		const struct hv_virtio_dev *d = &zf->cfg.virtio[i];

		snprintf(name, sizeof(name), "virtio_mmio@%llx", ull(d->base));
		snprintf(path, sizeof(path), "/%s", name);
		off = fdt_path_offset(p->dtb->data, path);
		if (off >= 0)
			off = fdt_del_node(p->dtb->data, off);
		if (off < 0 && off != -FDT_ERR_NOTFOUND)
			return dtb_patch_err(p, path, "cannot replace the node",
					     off);
		if (ac < 2 && d->base >> 32) {
			dtb_msg(p->errf,
				"DTB: %s: 0x%llx does not fit in the root's #address-cells = %d",
				path, ull(d->base), ac);
			return -1;
		}
		dtb_put_cells(reg, ac, d->base);
		dtb_put_cells(reg + ac, sc, HV_VIRTIO_WINDOW);
		irq[0] = cpu_to_fdt32(0); /* SPI */
		irq[1] = cpu_to_fdt32(d->irq - HV_SPI_BASE);
		irq[2] = cpu_to_fdt32(1); /* edge rising */
		off = dtb_add_node(p, 0, name, path);
		if (off < 0 ||
		    dtb_setprop(p, off, path, "dma-coherent", NULL, 0) ||
		    dtb_setprop(p, off, path, "interrupts", irq, sizeof(irq)) ||
		    dtb_setprop(p, off, path, "reg", reg,
				(int)((size_t)(ac + sc) * sizeof(reg[0]))) ||
		    dtb_setprop(p, off, path, "compatible", compat,
				sizeof(compat)))
			return -1;
	}
	return 0;
}

/*
 * One ivc@CONTROL_TABLE node per channel (docs/ivc.md), for the hivc
 * driver: its control page and memory, its doorbell and its id.
 */
static int dtb_patch_ivc(struct dtb_patcher *p, const struct zone_file *zf)
{
	static const char compat[] = "hvisor,ivc";
	fdt32_t reg[4 * DTB_MAX_CELLS], irq[3], id;
	char name[40], path[48];
	int ac, sc, off, i;

	ac = dtb_ncells(p->dtb->data, 0, "#address-cells", 2);
	sc = dtb_ncells(p->dtb->data, 0, "#size-cells", 1);
	if (zf->cfg.num_ivc && (ac < 2 || sc < 1)) {
		dtb_msg(p->errf,
			"DTB: /: #address-cells must be 2 to %d and #size-cells 1 to %d to describe channels",
			DTB_MAX_CELLS, DTB_MAX_CELLS);
		return -1;
	}
	for (i = (int)zf->cfg.num_ivc - 1; i >= 0; i--) {
		const struct hv_ivc_config *c = &zf->cfg.ivc[i];

		snprintf(name, sizeof(name), "ivc@%llx",
			 ull(c->control_table_ipa));
		snprintf(path, sizeof(path), "/%s", name);
		off = fdt_path_offset(p->dtb->data, path);
		if (off >= 0)
			off = fdt_del_node(p->dtb->data, off);
		if (off < 0 && off != -FDT_ERR_NOTFOUND)
			return dtb_patch_err(p, path, "cannot replace the node",
					     off);
		dtb_put_cells(reg, ac, c->control_table_ipa);
		dtb_put_cells(reg + ac, sc, HV_PAGE_SIZE);
		dtb_put_cells(reg + ac + sc, ac, c->shared_mem_ipa);
		dtb_put_cells(reg + 2 * ac + sc, sc, hv_ivc_bytes(c));
		irq[0] = cpu_to_fdt32(0); /* SPI */
		irq[1] = cpu_to_fdt32(c->interrupt_num - HV_SPI_BASE);
		irq[2] = cpu_to_fdt32(1); /* edge rising */
		id = cpu_to_fdt32(c->ivc_id);
		off = dtb_add_node(p, 0, name, path);
		if (off < 0 ||
		    dtb_setprop(p, off, path, "hvisor,ivc-id", &id,
				sizeof(id)) ||
		    dtb_setprop(p, off, path, "interrupts", irq, sizeof(irq)) ||
		    dtb_setprop(p, off, path, "reg", reg,
				(int)((size_t)(ac + sc) * 2 * sizeof(reg[0]))) ||
		    dtb_setprop(p, off, path, "compatible", compat,
				sizeof(compat)))
			return -1;
	}
	return 0;
}

int dtb_patch(struct dtb_buf *dtb, const struct zone_file *zf,
	      uint64_t ramdisk_size, FILE *errf)
{
	struct dtb_patcher p = { .dtb = dtb, .errf = errf };
	size_t need;
	int err;

	if (!dtb->data || dtb->size < sizeof(struct fdt_header)) {
		dtb_msg(errf, "DTB: not a device tree blob (empty buffer)");
		return -1;
	}
	err = fdt_check_header(dtb->data);
	if (!err && fdt_totalsize(dtb->data) > dtb->size)
		err = -FDT_ERR_TRUNCATED;
	if (err) {
		dtb_msg(errf, "DTB: not a device tree blob (%s)",
			fdt_strerror(err));
		return -1;
	}
	/* Room for everything at once; the writers grow it if not. */
	need = strlen(zf->cmdline) + 1 + 2 * 24 + 128 +
	       zf->cfg.num_mem_regions * 96 + zf->cfg.num_virtio * 160 +
	       zf->cfg.num_ivc * 200 + DTB_GROW_SLACK;
	if (dtb_grow(&p, need) || dtb_patch_chosen(&p, zf, ramdisk_size) ||
	    dtb_patch_memory(&p, zf) || dtb_patch_virtio(&p, zf) ||
	    dtb_patch_ivc(&p, zf))
		return -1;
	err = fdt_pack(dtb->data);
	if (err)
		return dtb_patch_err(&p, "/", "cannot pack the tree", err);
	return 0;
}

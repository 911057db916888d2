// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A zone's device tree and images against its config (docs/zone-config.md,
 * "Device tree patching and checks").
 *
 * dtb_patch() writes what the config decides into the DTB: the command
 * line, the initrd and the RAM. dtb_check() looks for what the DTB tells
 * the guest that the config does not give it: a CPU, a device page or an
 * SPI the zone does not own, or a GIC at another address than the one the
 * hypervisor emulates. Each would otherwise show up as a hang or a stage-2
 * fault deep inside the guest's boot.
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
#include "file.h"

#define DTB_MAX_DEPTH 32 /* real trees nest 4 deep */
#define DTB_PATH_LEN 256
#define DTB_GROW_SLACK 512 /* free space added when a write runs out */
#define DTB_MAX_CELLS 4 /* FDT_MAX_NCELLS */
#define DTB_CONSOLE_SIZE 0x1000u /* the emulated PL011's page */
#define DTB_MAX_PARENT_HOPS 64 /* interrupt-parent chains */

#define GIC_SPI 0u
#define GIC_PPI 1u

/* ---- messages ------------------------------------------------------ */

__attribute__((format(printf, 2, 3))) static void dtb_msg(FILE *errf,
							  const char *fmt, ...)
{
	va_list ap;

	if (!errf)
		return;
	va_start(ap, fmt);
	vfprintf(errf, fmt, ap);
	va_end(ap);
	fputc('\n', errf);
}

static unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
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

/* n big-endian cells as a number; -1 if it needs more than 64 bits. */
static int dtb_cells(const fdt32_t *p, int n, uint64_t *v)
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

struct dtb_patcher {
	struct dtb_buf *dtb;
	FILE *errf;
};

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

static int dtb_setprop(struct dtb_patcher *p, int node, const char *path,
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

/* Add node name under parent; returns its offset or -1. */
static int dtb_add_node(struct dtb_patcher *p, int parent, const char *name,
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

/* #address-cells or #size-cells of node: dflt if absent, -1 if bad. */
static int dtb_ncells(const void *fdt, int node, const char *name, int dflt)
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
	       DTB_GROW_SLACK;
	if (dtb_grow(&p, need) || dtb_patch_chosen(&p, zf, ramdisk_size) ||
	    dtb_patch_memory(&p, zf) || dtb_patch_virtio(&p, zf))
		return -1;
	err = fdt_pack(dtb->data);
	if (err)
		return dtb_patch_err(&p, "/", "cannot pack the tree", err);
	return 0;
}

/* ---- checking ------------------------------------------------------ */

struct dtb_checker {
	const void *fdt;
	const struct zone_file *zf;
	FILE *errf;
	int errors;
	int stack[DTB_MAX_DEPTH]; /* the current node and its ancestors */
};

static const char *dtb_path(const struct dtb_checker *c, int node, char *buf,
			    size_t n)
{
	if (fdt_get_path(c->fdt, node, buf, (int)n))
		snprintf(buf, n, "<node at offset %d>", node);
	return buf;
}

__attribute__((format(printf, 3, 4))) static void
dtb_err(struct dtb_checker *c, int node, const char *fmt, ...)
{
	char path[DTB_PATH_LEN];
	va_list ap;

	c->errors++;
	if (!c->errf)
		return;
	fprintf(c->errf, "DTB: %s: ", dtb_path(c, node, path, sizeof(path)));
	va_start(ap, fmt);
	vfprintf(c->errf, fmt, ap);
	va_end(ap);
	fputc('\n', c->errf);
}

static int dtb_prop_is(const void *fdt, int node, const char *name,
		       const char *value)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, name, &len);
	return s && len == (int)strlen(value) + 1 &&
	       !memcmp(s, value, (size_t)len);
}

/* Enabled: no status, or "okay" ("ok" in old trees). */
static int dtb_enabled(const void *fdt, int node)
{
	return !fdt_getprop(fdt, node, "status", NULL) ||
	       dtb_prop_is(fdt, node, "status", "okay") ||
	       dtb_prop_is(fdt, node, "status", "ok");
}

/* Is node's name name, with or without a unit address? */
static int dtb_named(const void *fdt, int node, const char *name)
{
	size_t n = strlen(name);
	const char *s;
	int len;

	s = fdt_get_name(fdt, node, &len);
	return s && (size_t)len >= n && !strncmp(s, name, n) &&
	       ((size_t)len == n || s[n] == '@');
}

static int dtb_is_gic(const void *fdt, int node)
{
	return !fdt_node_check_compatible(fdt, node, "arm,gic-v3");
}

/* Cells of the bus node (the parent of a reg), reporting bad ones. */
static int dtb_bus_cells(struct dtb_checker *c, int bus, int *ac, int *sc)
{
	*ac = dtb_ncells(c->fdt, bus, "#address-cells", 2);
	*sc = dtb_ncells(c->fdt, bus, "#size-cells", 1);
	if (*ac >= 0 && *sc >= 0)
		return 0;
	dtb_err(c, bus,
		"bad #address-cells or #size-cells (1 cell, at most %d)",
		DTB_MAX_CELLS);
	return -1;
}

/* A node's reg, entry by entry. */
struct dtb_reg {
	const fdt32_t *cell;
	int entries, ac, sc;
};

/* 1 if node has a CPU-visible reg (r set up), 0 if not, -1 if bad. */
static int dtb_reg_open(struct dtb_checker *c, int node, int depth,
			struct dtb_reg *r)
{
	int len, stride;

	r->cell = fdt_getprop(c->fdt, node, "reg", &len);
	if (!r->cell || depth < 1)
		return 0;
	if (dtb_bus_cells(c, c->stack[depth - 1], &r->ac, &r->sc))
		return -1;
	if (!r->sc)
		return 0; /* a bus without sizes: I2C, SPI... not memory */
	stride = (r->ac + r->sc) * (int)sizeof(fdt32_t);
	if (len % stride) {
		dtb_err(c, node,
			"reg: %d bytes is not a whole number of (#address-cells %d + #size-cells %d) entries",
			len, r->ac, r->sc);
		return -1;
	}
	r->entries = len / stride;
	return 1;
}

static int dtb_reg_get(struct dtb_checker *c, int node, struct dtb_reg *r,
		       int i, uint64_t *addr, uint64_t *size)
{
	const fdt32_t *p = r->cell + i * (r->ac + r->sc);

	if (dtb_cells(p, r->ac, addr) || dtb_cells(p + r->ac, r->sc, size)) {
		dtb_err(c, node, "reg[%d]: value does not fit in 64 bits", i);
		return -1;
	}
	return 0;
}

/*
 * Translate addr, a reg of the node at depth, up through the ranges of
 * its buses to a guest address. Returns 0, 1 if it is not memory-mapped
 * (a bus without ranges, PCI), -1 if reported as wrong.
 */
static int dtb_translate(struct dtb_checker *c, int node, int depth,
			 uint64_t *addr)
{
	uint64_t child = 0, parent = 0, size;
	const fdt32_t *rg;
	int d, bus, cac, csc, pac, psc, len, stride, i;

	for (d = depth - 1; d >= 1; d--) {
		bus = c->stack[d];
		if (dtb_prop_is(c->fdt, bus, "device_type", "pci"))
			return 1;
		rg = fdt_getprop(c->fdt, bus, "ranges", &len);
		if (!rg)
			return 1;
		if (!len)
			continue; /* identity */
		if (dtb_bus_cells(c, bus, &cac, &csc) ||
		    dtb_bus_cells(c, c->stack[d - 1], &pac, &psc))
			return -1;
		stride = (cac + pac + csc) * (int)sizeof(fdt32_t);
		if (!stride || len % stride) {
			dtb_err(c, bus,
				"ranges: %d bytes is not a whole number of entries",
				len);
			return -1;
		}
		for (i = 0; i < len / stride; i++) {
			const fdt32_t *e = rg + i * (cac + pac + csc);

			if (dtb_cells(e, cac, &child) ||
			    dtb_cells(e + cac, pac, &parent) ||
			    dtb_cells(e + cac + pac, csc, &size))
				continue;
			if (*addr >= child && *addr - child < size)
				break;
		}
		if (i == len / stride) {
			char bpath[DTB_PATH_LEN];

			dtb_err(c, node,
				"reg address 0x%llx is outside the ranges of %s",
				ull(*addr),
				dtb_path(c, bus, bpath, sizeof(bpath)));
			return -1;
		}
		*addr = parent + (*addr - child);
	}
	return 0;
}

/* Which config windows count as covering a range of guest addresses. */
#define DTB_WIN_RAM 1
#define DTB_WIN_DEV 2 /* io and virtio regions, and the console page */

static int dtb_window(const struct zone_file *zf, int kind, uint64_t addr,
		      uint64_t *avail)
{
	const struct hv_zone_config *cfg = &zf->cfg;
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];
		int is_ram = r->type == HV_MEM_RAM;

		if (is_ram != (kind == DTB_WIN_RAM))
			continue;
		if (addr >= r->virt_start && addr - r->virt_start < r->size) {
			*avail = r->size - (addr - r->virt_start);
			return 1;
		}
	}
	if (kind == DTB_WIN_DEV && cfg->console_base &&
	    addr >= cfg->console_base &&
	    addr - cfg->console_base < DTB_CONSOLE_SIZE) {
		*avail = DTB_CONSOLE_SIZE - (addr - cfg->console_base);
		return 1;
	}
	for (i = 0; kind == DTB_WIN_DEV && i < cfg->num_virtio; i++) {
		const struct hv_virtio_dev *d = &cfg->virtio[i];

		if (addr >= d->base && addr - d->base < HV_VIRTIO_WINDOW) {
			*avail = HV_VIRTIO_WINDOW - (addr - d->base);
			return 1;
		}
	}
	/* hvisor-tool's "virtio" regions, which the tool keeps aside */
	for (i = 0; kind == DTB_WIN_DEV && i < zf->num_windows; i++) {
		uint64_t b = zf->windows[i].base, s = zf->windows[i].size;

		if (addr >= b && addr - b < s) {
			*avail = s - (addr - b);
			return 1;
		}
	}
	return 0;
}

/* Is [addr, addr + size) covered by windows of kind (adjacent ones too)? */
static int dtb_covered(const struct zone_file *zf, int kind, uint64_t addr,
		       uint64_t size)
{
	uint64_t avail;

	if (!size)
		size = 1;
	if (size - 1 > UINT64_MAX - addr)
		return 0;
	while (size) {
		if (!dtb_window(zf, kind, addr, &avail))
			return 0;
		if (avail >= size)
			return 1;
		addr += avail;
		size -= avail;
	}
	return 1;
}

/* Check every reg entry of node against windows of kind. */
static void dtb_check_reg(struct dtb_checker *c, int node, int depth, int kind)
{
	const char *where =
		kind == DTB_WIN_RAM
			? "any ram region of memory_regions (guest addresses)"
			: "any io/virtio region of memory_regions";
	struct dtb_reg r;
	uint64_t addr, size;
	int i;

	if (dtb_reg_open(c, node, depth, &r) <= 0)
		return;
	for (i = 0; i < r.entries; i++) {
		if (dtb_reg_get(c, node, &r, i, &addr, &size) ||
		    dtb_translate(c, node, depth, &addr))
			continue;
		if (!dtb_covered(c->zf, kind, addr, size))
			dtb_err(c, node, "reg 0x%llx+0x%llx is not inside %s",
				ull(addr), ull(size), where);
	}
}

static void dtb_cpu_list(uint64_t cpus, char *buf, size_t n)
{
	size_t o = 0;
	int i, first = 1;

	o += (size_t)snprintf(buf, n, "[");
	for (i = 0; i < HV_MAX_CPUS && o < n; i++) {
		if (!(cpus >> i & 1))
			continue;
		o += (size_t)snprintf(buf + o, n - o, "%s%d", first ? "" : ", ",
				      i);
		first = 0;
	}
	if (o < n)
		snprintf(buf + o, n - o, "]");
}

static void dtb_check_cpus(struct dtb_checker *c, int cpus)
{
	char list[HV_MAX_CPUS * 4 + 4];
	const fdt32_t *reg;
	uint64_t mpidr;
	int node, ac, sc, len;

	if (dtb_bus_cells(c, cpus, &ac, &sc))
		return;
	dtb_cpu_list(c->zf->cfg.cpus, list, sizeof(list));
	fdt_for_each_subnode(node, c->fdt, cpus)
	{
		if (!dtb_prop_is(c->fdt, node, "device_type", "cpu") ||
		    !dtb_enabled(c->fdt, node))
			continue;
		reg = fdt_getprop(c->fdt, node, "reg", &len);
		if (!reg || !ac || len < ac * (int)sizeof(*reg)) {
			dtb_err(c, node, "no reg (the CPU number)");
			continue;
		}
		if (dtb_cells(reg, ac, &mpidr))
			mpidr = UINT64_MAX;
		if (mpidr >= HV_MAX_CPUS || !(c->zf->cfg.cpus >> mpidr & 1))
			dtb_err(c, node, "CPU %llu is not in cpus %s",
				ull(mpidr), list);
	}
}

static void dtb_check_gic(struct dtb_checker *c, int gic, int depth)
{
	const struct hv_arch_config *a = &c->zf->cfg.arch;
	uint64_t addr, size, end;
	struct dtb_reg r;
	int i, nredist;

	if (dtb_reg_open(c, gic, depth, &r) <= 0 || r.entries < 2) {
		dtb_err(c, gic,
			"reg must give the distributor and the redistributors");
		return;
	}
	if (!dtb_reg_get(c, gic, &r, 0, &addr, &size) &&
	    !dtb_translate(c, gic, depth, &addr)) {
		if (addr != a->gicd_base)
			dtb_err(c, gic,
				"distributor at 0x%llx differs from arch_config.gicd_base 0x%llx",
				ull(addr), ull(a->gicd_base));
		if (size != a->gicd_size)
			dtb_err(c, gic,
				"distributor size 0x%llx differs from arch_config.gicd_size 0x%llx",
				ull(size), ull(a->gicd_size));
	}
	nredist = dtb_ncells(c->fdt, gic, "#redistributor-regions", 1);
	if (nredist < 1 || nredist >= r.entries)
		nredist = r.entries - 1;
	end = a->gicr_base + a->gicr_size;
	for (i = 1; i <= nredist; i++) {
		if (dtb_reg_get(c, gic, &r, i, &addr, &size) ||
		    dtb_translate(c, gic, depth, &addr))
			continue;
		if (i == 1 && addr != a->gicr_base)
			dtb_err(c, gic,
				"redistributors at 0x%llx differ from arch_config.gicr_base 0x%llx",
				ull(addr), ull(a->gicr_base));
		else if (addr < a->gicr_base || addr > end || size > end - addr)
			dtb_err(c, gic,
				"redistributor region 0x%llx+0x%llx is not inside arch_config.gicr_base 0x%llx + gicr_size 0x%llx",
				ull(addr), ull(size), ull(a->gicr_base),
				ull(a->gicr_size));
	}
}

static int dtb_irq_owned(const struct hv_zone_config *cfg, uint32_t intid)
{
	unsigned int i;

	if (cfg->console_base && cfg->console_irq == intid)
		return 1;
	for (i = 0; i < cfg->num_irqs; i++)
		if (cfg->irqs[i] == intid)
			return 1;
	return 0;
}

/* One GIC specifier <type num flags ...> of node. */
static void dtb_check_spec(struct dtb_checker *c, int node, const fdt32_t *spec)
{
	uint32_t type = fdt32_ld(&spec[0]);
	uint32_t num = fdt32_ld(&spec[1]);

	if (type == GIC_SPI) {
		if (num > HV_MAX_INTID - HV_SPI_BASE)
			dtb_err(c, node,
				"interrupt SPI %u is out of range (SPIs are 0..%u)",
				num, HV_MAX_INTID - HV_SPI_BASE);
		else if (!dtb_irq_owned(&c->zf->cfg, num + HV_SPI_BASE))
			dtb_err(c, node,
				"interrupt SPI %u (INTID %u) is not in interrupts",
				num, num + HV_SPI_BASE);
	} else if (type == GIC_PPI) {
		if (num > 15)
			dtb_err(c, node,
				"interrupt PPI %u is out of range (PPIs are 0..15)",
				num);
	} else {
		dtb_err(c, node,
			"interrupt type %u is not supported (0 = SPI, 1 = PPI)",
			type);
	}
}

/* #interrupt-cells of an interrupt controller, or -1. */
static int dtb_irq_cells(const void *fdt, int ctrl)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fdt, ctrl, "#interrupt-cells", &len);
	if (!p || len != sizeof(*p) || fdt32_ld(p) > 16)
		return -1;
	return (int)fdt32_ld(p);
}

/*
 * The controller node's interrupts go to: its interrupt-parent, or its
 * parent node, whichever comes first that is an interrupt controller
 * (has #interrupt-cells), walking up. -1 after reporting.
 */
static int dtb_irq_parent(struct dtb_checker *c, int node)
{
	const fdt32_t *ph;
	int cur = node, next, hops, len;

	for (hops = 0; hops < DTB_MAX_PARENT_HOPS; hops++) {
		ph = fdt_getprop(c->fdt, cur, "interrupt-parent", &len);
		if (ph && len == sizeof(*ph)) {
			next = fdt_node_offset_by_phandle(c->fdt, fdt32_ld(ph));
			if (next < 0) {
				dtb_err(c, node,
					"interrupt-parent <0x%x> names no node",
					fdt32_ld(ph));
				return -1;
			}
		} else {
			next = fdt_parent_offset(c->fdt, cur);
			if (next < 0) {
				dtb_err(c, node,
					"interrupts without an interrupt-parent");
				return -1;
			}
		}
		if (dtb_irq_cells(c->fdt, next) >= 0)
			return next;
		cur = next;
	}
	dtb_err(c, node, "interrupt-parent chain does not end");
	return -1;
}

static void dtb_check_irqs(struct dtb_checker *c, int node)
{
	const fdt32_t *p;
	int len, ctrl, cells = 0, i, n;

	p = fdt_getprop(c->fdt, node, "interrupts-extended", &len);
	if (p) {
		n = len / (int)sizeof(*p);
		for (i = 0; i < n; i += 1 + cells) {
			ctrl = fdt_node_offset_by_phandle(c->fdt,
							  fdt32_ld(&p[i]));
			cells = ctrl < 0 ? -1 : dtb_irq_cells(c->fdt, ctrl);
			if (cells < 0 || i + 1 + cells > n) {
				dtb_err(c, node,
					"interrupts-extended: bad entry at cell %d",
					i);
				return;
			}
			if (dtb_is_gic(c->fdt, ctrl) && cells >= 3)
				dtb_check_spec(c, node, p + i + 1);
		}
		return;
	}
	p = fdt_getprop(c->fdt, node, "interrupts", &len);
	if (!p)
		return;
	ctrl = dtb_irq_parent(c, node);
	if (ctrl < 0 || !dtb_is_gic(c->fdt, ctrl))
		return; /* another controller: its own SPI is checked */
	cells = dtb_irq_cells(c->fdt, ctrl);
	if (cells < 3) {
		dtb_err(c, ctrl, "#interrupt-cells must be at least 3");
		return;
	}
	n = len / (int)sizeof(*p);
	if (n % cells) {
		dtb_err(c, node,
			"interrupts: %d cells is not a whole number of %d-cell specifiers",
			n, cells);
		return;
	}
	for (i = 0; i < n; i += cells)
		dtb_check_spec(c, node, p + i);
}

int dtb_check(const void *fdt, const struct zone_file *zf, FILE *errf)
{
	struct dtb_checker c = { .fdt = fdt, .zf = zf, .errf = errf };
	int node, depth = 0, skip = -1, gics = 0;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		if (depth < 0)
			break;
		if (skip >= 0 && depth > skip)
			continue;
		skip = -1;
		if (depth >= DTB_MAX_DEPTH) {
			dtb_err(&c, node, "nested more than %d deep",
				DTB_MAX_DEPTH);
			skip = depth;
			continue;
		}
		c.stack[depth] = node;
		if (!depth)
			continue;
		skip = depth; /* the cases below look at the subtree */
		if (!dtb_enabled(fdt, node))
			continue;
		if (depth == 1 && dtb_named(fdt, node, "cpus")) {
			dtb_check_cpus(&c, node);
		} else if (depth == 1 &&
			   (dtb_named(fdt, node, "chosen") ||
			    dtb_named(fdt, node, "reserved-memory"))) {
			/* not devices */
		} else if (dtb_prop_is(fdt, node, "device_type", "memory")) {
			dtb_check_reg(&c, node, depth, DTB_WIN_RAM);
		} else if (dtb_is_gic(fdt, node)) {
			gics++;
			dtb_check_gic(&c, node, depth);
		} else {
			skip = -1;
			dtb_check_reg(&c, node, depth, DTB_WIN_DEV);
			dtb_check_irqs(&c, node);
		}
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		dtb_err(&c, 0, "cannot walk the tree: %s", fdt_strerror(node));
	if (!gics)
		dtb_err(&c, 0,
			"no enabled \"arm,gic-v3\" interrupt controller");
	return c.errors ? -1 : 0;
}

/* ---- images -------------------------------------------------------- */

static uint64_t dtb_le(const void *data, size_t off, int bytes)
{
	const unsigned char *p = (const unsigned char *)data + off;
	uint64_t v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int image_check_arm64(const char *path, const void *data, size_t size,
		      FILE *errf)
{
	if (size < ARM64_IMAGE_HDR_SIZE) {
		dtb_msg(errf,
			"%s: not an arm64 Linux Image (%zu bytes, shorter than its %d-byte header)",
			path, size, ARM64_IMAGE_HDR_SIZE);
		return -1;
	}
	if (dtb_le(data, ARM64_IMAGE_MAGIC_OFF, 4) != ARM64_IMAGE_MAGIC) {
		dtb_msg(errf,
			"%s: not an arm64 Linux Image (no ARM\\x64 magic)",
			path);
		return -1;
	}
	return 0;
}

uint64_t image_arm64_mem_size(const void *hdr, size_t hdr_len,
			      uint64_t file_size)
{
	uint64_t image_size;

	if (hdr_len < ARM64_IMAGE_SIZE_OFF + 8)
		return file_size;
	image_size = dtb_le(hdr, ARM64_IMAGE_SIZE_OFF, 8);
	return image_size > file_size ? image_size : file_size;
}

struct dtb_image {
	const char *field;
	uint64_t load, size;
};

/* The RAM region (physical view) holding pa, or -1. */
static int dtb_ram_at(const struct hv_zone_config *cfg, uint64_t pa)
{
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type == HV_MEM_RAM && pa >= r->phys_start &&
		    pa - r->phys_start < r->size)
			return (int)i;
	}
	return -1;
}

int images_check(const struct zone_file *zf, uint64_t kernel_size,
		 uint64_t dtb_size, uint64_t ramdisk_size, FILE *errf)
{
	const struct dtb_image img[] = {
		{ "kernel_filepath", zf->kernel_load_paddr, kernel_size },
		{ "dtb_filepath", zf->dtb_load_paddr, dtb_size },
		{ "ramdisk_filepath", zf->ramdisk_load_paddr, ramdisk_size },
	};
	const int n = sizeof(img) / sizeof(img[0]);
	const struct hv_mem_region *r;
	int i, j, k, errors = 0;

	for (i = 0; i < n; i++) {
		if (!img[i].size)
			continue;
		k = dtb_ram_at(&zf->cfg, img[i].load);
		if (k < 0) {
			dtb_msg(errf,
				"%s: %s: 0x%llx+0x%llx is not inside a RAM region (physical addresses)",
				zf->path, img[i].field, ull(img[i].load),
				ull(img[i].size));
			errors++;
			continue;
		}
		r = &zf->cfg.mem_regions[k];
		if (img[i].size > r->size - (img[i].load - r->phys_start)) {
			dtb_msg(errf,
				"%s: %s: 0x%llx+0x%llx does not fit in memory_regions[%d], which ends at 0x%llx",
				zf->path, img[i].field, ull(img[i].load),
				ull(img[i].size), k,
				ull(r->phys_start + r->size));
			errors++;
		}
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (!img[i].size || !img[j].size ||
			    !hv_ranges_overlap(img[i].load, img[i].size,
					       img[j].load, img[j].size))
				continue;
			dtb_msg(errf,
				"%s: %s: 0x%llx+0x%llx overlaps %s 0x%llx+0x%llx",
				zf->path, img[j].field, ull(img[j].load),
				ull(img[j].size), img[i].field,
				ull(img[i].load), ull(img[i].size));
			errors++;
		}
	}
	return errors ? -1 : 0;
}

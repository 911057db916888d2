// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dtb_check() looks for what a zone's DTB tells the guest that the config
 * does not give it: a CPU, a device page or an SPI the zone does not own,
 * or a GIC at another address than the one the hypervisor emulates. Each
 * would otherwise show up as a hang or a stage-2 fault deep inside the
 * guest's boot.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "config_check.h"
#include "dtb.h"
#include "dtb_int.h"

/* ---- checking ------------------------------------------------------ */

static const char *dtb_path(const struct dtb_checker *c, int node, char *buf,
			    size_t n)
{
	if (fdt_get_path(c->fdt, node, buf, (int)n))
		snprintf(buf, n, "<node at offset %d>", node);
	return buf;
}

static void dtb_verr(struct dtb_checker *c, int node, const char *fmt,
		     va_list ap)
{
	char path[DTB_PATH_LEN];

	c->errors++;
	if (!c->errf)
		return;
	fprintf(c->errf, "DTB: %s: ", dtb_path(c, node, path, sizeof(path)));
	vfprintf(c->errf, fmt, ap);
	fputc('\n', c->errf);
}

__attribute__((format(printf, 3, 4))) void
dtb_err(struct dtb_checker *c, int node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dtb_verr(c, node, fmt, ap);
	va_end(ap);
}

/*
 * What the DTB gives the zone that the config does not (a CPU, a device
 * page, an SPI): an error when checking, a node to take out when carving
 * a board's tree for its root zone (dtb_carve).
 */
__attribute__((format(printf, 3, 4))) void
dtb_foreign(struct dtb_checker *c, int node, const char *fmt, ...)
{
	va_list ap;
	int i;

	if (c->carve) {
		for (i = 0; i < c->nforeign && c->foreign[i] != node; i++)
			;
		if (i < c->nforeign)
			return;
		if (c->nforeign == DTB_MAX_FOREIGN) {
			dtb_err(c, node, "more than %d nodes to take out",
				DTB_MAX_FOREIGN);
			return;
		}
		c->foreign[c->nforeign++] = node;
		return;
	}
	va_start(ap, fmt);
	dtb_verr(c, node, fmt, ap);
	va_end(ap);
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

/* 3 for a GICv3, 2 for a GICv2 (GIC-400 and its kin), else 0 */
static int dtb_gic_version(const void *fdt, int node)
{
	static const char *const v2[] = { "arm,gic-400", "arm,cortex-a15-gic",
					  "arm,cortex-a7-gic", "arm,gic-v2" };
	unsigned int i;

	if (!fdt_node_check_compatible(fdt, node, "arm,gic-v3"))
		return 3;
	for (i = 0; i < sizeof(v2) / sizeof(v2[0]); i++)
		if (!fdt_node_check_compatible(fdt, node, v2[i]))
			return 2;
	return 0;
}

int dtb_is_gic(const void *fdt, int node)
{
	return dtb_gic_version(fdt, node) != 0;
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
	for (i = 0; kind == DTB_WIN_DEV && i < cfg->num_ivc; i++) {
		const struct hv_ivc_config *v = &cfg->ivc[i];

		if (addr >= v->control_table_ipa &&
		    addr - v->control_table_ipa < HV_PAGE_SIZE) {
			*avail = HV_PAGE_SIZE - (addr - v->control_table_ipa);
			return 1;
		}
		if (addr >= v->shared_mem_ipa &&
		    addr - v->shared_mem_ipa < hv_ivc_bytes(v)) {
			*avail = hv_ivc_bytes(v) - (addr - v->shared_mem_ipa);
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
			dtb_foreign(c, node,
				    "reg 0x%llx+0x%llx is not inside %s",
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

static const struct hv_info *dtb_board;

void dtb_use_board(const struct hv_info *board)
{
	dtb_board = board;
}

/* The CPU number of a cpu node's reg, an MPIDR: its index in the board's
 * list when the board is known, else the MPIDR itself (QEMU virt's are
 * 0, 1, 2...). -1 if the board has no such CPU. */
static long long dtb_cpu_number(uint64_t mpidr)
{
	hv_u32 i;

	if (!dtb_board)
		return mpidr < HV_MAX_CPUS ? (long long)mpidr : -1;
	for (i = 0; i < dtb_board->num_cpus && i < HV_INFO_MAX_CPUS; i++)
		if (dtb_board->mpidr[i] == mpidr)
			return i;
	return -1;
}

static void dtb_check_cpus(struct dtb_checker *c, int cpus)
{
	char list[HV_MAX_CPUS * 4 + 4];
	const fdt32_t *reg;
	uint64_t mpidr;
	long long cpu;
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
		cpu = dtb_cpu_number(mpidr);
		if (cpu < 0)
			dtb_foreign(c, node,
				    "MPIDR 0x%llx is no CPU of the board",
				    ull(mpidr));
		else if (!(c->zf->cfg.cpus >> cpu & 1))
			dtb_foreign(c, node,
				    "CPU %lld (MPIDR 0x%llx) is not in cpus %s",
				    cpu, ull(mpidr), list);
	}
}

/* GICv2: the distributor and the CPU interface, where the zone expects
 * them (the zone's CPU interface is the board's virtual one, mapped there) */
static void dtb_check_gicv2(struct dtb_checker *c, int gic, int depth,
			    struct dtb_reg *r)
{
	const struct hv_arch_config *a = &c->zf->cfg.arch;
	uint64_t addr, size;

	if (!dtb_reg_get(c, gic, r, 1, &addr, &size) &&
	    !dtb_translate(c, gic, depth, &addr)) {
		if (addr != a->gicc_base)
			dtb_err(c, gic,
				"CPU interface at 0x%llx differs from arch_config.gicc_base 0x%llx",
				ull(addr), ull(a->gicc_base));
		if (size > a->gicc_size)
			dtb_err(c, gic,
				"CPU interface size 0x%llx is larger than arch_config.gicc_size 0x%llx",
				ull(size), ull(a->gicc_size));
	}
}

static void dtb_check_gic(struct dtb_checker *c, int gic, int depth)
{
	const struct hv_arch_config *a = &c->zf->cfg.arch;
	int ver = dtb_gic_version(c->fdt, gic);
	uint64_t addr, size, end;
	struct dtb_reg r;
	int i, nredist;

	if (ver != (int)a->gic_version) {
		dtb_err(c, gic, "a GICv%d, but arch_config.gic_version is v%u",
			ver, a->gic_version);
		return;
	}
	if (dtb_reg_open(c, gic, depth, &r) <= 0 || r.entries < 2) {
		dtb_err(c, gic,
			ver == 2
				? "reg must give the distributor and the CPU interface"
				: "reg must give the distributor and the redistributors");
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
	if (ver == 2) {
		dtb_check_gicv2(c, gic, depth, &r);
		return;
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

int dtb_check(const void *fdt, const struct zone_file *zf, FILE *errf)
{
	struct dtb_checker c = { .fdt = fdt, .zf = zf, .errf = errf };

	return dtb_walk(&c);
}

int dtb_walk(struct dtb_checker *c_)
{
	struct dtb_checker c = *c_;
	const void *fdt = c.fdt;
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
			"no enabled GIC (\"arm,gic-v3\", \"arm,gic-400\" or kin)");
	*c_ = c;
	return c.errors ? -1 : 0;
}

/* ---- passed-through devices ------------------------------------------ */

void dtb_fill_resets(const void *fdt, struct zone_file *zf)
{
	struct dtb_checker c = { .fdt = fdt, .zf = zf, .errf = NULL };
	struct hv_zone_config *cfg = &zf->cfg;
	int node, depth = 0, i;
	unsigned int k;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct dtb_reg r;
		uint64_t addr, size;

		if (depth < 0 || depth >= DTB_MAX_DEPTH)
			break;
		c.stack[depth] = node;
		if (!depth || !dtb_enabled(fdt, node) ||
		    fdt_node_check_compatible(fdt, node, "virtio,mmio") ||
		    dtb_reg_open(&c, node, depth, &r) <= 0)
			continue;
		for (i = 0; i < r.entries; i++) {
			if (dtb_reg_get(&c, node, &r, i, &addr, &size) ||
			    dtb_translate(&c, node, depth, &addr))
				continue;
			for (k = 0; k < cfg->num_mem_regions; k++) {
				struct hv_mem_region *m = &cfg->mem_regions[k];

				if (m->type == HV_MEM_IO &&
				    addr - m->virt_start < m->size &&
				    !(zf->reset_given >>
					      zf->region_json_index[k] &
				      1))
					m->quiesce = HV_QUIESCE_VIRTIO_MMIO;
			}
		}
	}
}

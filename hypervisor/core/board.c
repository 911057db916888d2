// SPDX-License-Identifier: GPL-2.0
#include "core/board.h"
#include "core/devtree.h"
#include "core/lib.h"
#include "core/printk.h"

struct board board;

#define MPIDR_AFF_MASK 0xff00ffffffUL

static int fail(char *why, unsigned int len, const char *msg)
{
	strlcpy_hv(why, msg, len);
	return -1;
}

static void add_range(struct board_range *span, u64 base, u64 size)
{
	u64 end = base + size;

	if (!span->size) {
		span->base = base;
		span->size = size;
		return;
	}
	if (base < span->base) {
		span->size += span->base - base;
		span->base = base;
	}
	if (end > span->base + span->size)
		span->size = end - span->base;
}

/* CPUs in the order of /cpus, the boot CPU first. */
static int parse_cpus(struct board *b, const struct dtree *f, u64 boot_mpidr)
{
	int cpus = dt_path(f, "/cpus"), node, depth = 1, base;
	u32 ac, len;
	bool boot_seen = false;

	if (cpus < 0)
		return -1;
	ac = dt_u32(f, cpus, "#address-cells", 1);
	b->nr_cpus = 1;
	b->mpidr[0] = boot_mpidr & MPIDR_AFF_MASK;
	base = depth;
	for (node = dt_next_node(f, cpus, &depth); node >= 0 && depth > base;
	     node = dt_next_node(f, node, &depth)) {
		const u32 *reg;
		u64 mpidr;

		if (depth != base + 1 ||
		    !dt_prop_is(f, node, "device_type", "cpu") ||
		    !dt_enabled(f, node))
			continue;
		reg = dt_prop(f, node, "reg", &len);
		if (!reg || ac < 1 || ac > 2 || len < ac * 4)
			continue;
		mpidr = dt_cells(reg, ac) & MPIDR_AFF_MASK;
		if (mpidr == b->mpidr[0]) {
			boot_seen = true;
			continue;
		}
		if (b->nr_cpus < BOARD_MAX_CPUS)
			b->mpidr[b->nr_cpus++] = mpidr;
	}
	return boot_seen ? 0 : -1;
}

static int parse_gic(struct board *b, const struct dtree *f)
{
	int node, depth = 0, child;
	u64 a, s;
	u32 len, i;
	const u32 *irq;

	for (node = dt_next_node(f, -1, &depth); node >= 0;
	     node = dt_next_node(f, node, &depth)) {
		if (!dt_prop(f, node, "interrupt-controller", NULL) ||
		    !dt_enabled(f, node))
			continue;
		if (dt_compatible(f, node, "arm,gic-v3")) {
			b->gic.version = 3;
			break;
		}
		if (dt_compatible(f, node, "arm,gic-400") ||
		    dt_compatible(f, node, "arm,cortex-a15-gic") ||
		    dt_compatible(f, node, "arm,cortex-a7-gic") ||
		    dt_compatible(f, node, "arm,gic-v2")) {
			b->gic.version = 2;
			break;
		}
	}
	if (node < 0)
		return -1;
	for (i = 0; !dt_reg(f, node, i, &a, &s); i++) {
		add_range(&b->gic.span, a, s);
		if (i == 0) {
			b->gic.gicd = a;
		} else if (b->gic.version == 3 && i == 1) {
			b->gic.gicr = a;
			b->gic.gicr_size = s;
		} else if (b->gic.version == 2 && i == 1) {
			b->gic.gicc = a;
			b->gic.gicc_size = s;
		} else if (b->gic.version == 2 && i == 2) {
			b->gic.gich = a;
		} else if (b->gic.version == 2 && i == 3) {
			b->gic.gicv = a;
		}
	}
	if (!b->gic.gicd || (b->gic.version == 3 && !b->gic.gicr) ||
	    (b->gic.version == 2 &&
	     (!b->gic.gicc || !b->gic.gich || !b->gic.gicv)))
		return -1;
	/* the ITS and v2m frames are children: the GIC decodes them too */
	for (child = dt_next_node(f, node, &depth); child >= 0 && depth > 0;
	     child = dt_next_node(f, child, &depth)) {
		if (dt_parent(f, child) != node)
			break;
		for (i = 0; !dt_reg(f, child, i, &a, &s); i++)
			if (s)
				add_range(&b->gic.span, a, s);
	}
	/* the maintenance interrupt: a PPI, <1 N flags> */
	irq = dt_prop(f, node, "interrupts", &len);
	b->gic.maint_intid = irq && len >= 8 && dt_cells(irq, 1) == 1
				     ? 16 + (u32)dt_cells(irq + 1, 1)
				     : 25;
	return 0;
}

/* /chosen's stdout-path, through /aliases, to the UART's node */
static int stdout_node(const struct dtree *f)
{
	int chosen = dt_path(f, "/chosen"), aliases;
	char path[96];
	const char *p;
	u32 len, n;

	if (chosen < 0)
		return -1;
	p = dt_prop(f, chosen, "stdout-path", &len);
	if (!p || !len)
		return -1;
	for (n = 0; n < len && p[n] && p[n] != ':' && n < sizeof(path) - 1; n++)
		path[n] = p[n];
	path[n] = '\0';
	if (path[0] == '/')
		return dt_path(f, path);
	aliases = dt_path(f, "/aliases");
	p = aliases >= 0 ? dt_prop(f, aliases, path, &len) : NULL;
	if (!p || !len || strnlen(p, len) == len)
		return -1;
	return dt_path(f, p);
}

static int parse_uart(struct board *b, const struct dtree *f)
{
	int node = stdout_node(f);
	u64 size;

	if (node < 0 || dt_reg(f, node, 0, &b->uart.base, &size))
		return -1;
	if (dt_compatible(f, node, "arm,pl011"))
		b->uart.kind = UART_PL011;
	else if (dt_compatible(f, node, "cdns,uart-r1p12") ||
		 dt_compatible(f, node, "cdns,uart-r1p8") ||
		 dt_compatible(f, node, "xlnx,xuartps"))
		b->uart.kind = UART_CADENCE;
	return b->uart.kind ? 0 : -1;
}

static void parse_ram(struct board *b, const struct dtree *f)
{
	int node, depth = 0;
	u64 a, s;
	u32 i;

	for (node = dt_next_node(f, -1, &depth); node >= 0;
	     node = dt_next_node(f, node, &depth)) {
		if (depth != 1 ||
		    !dt_prop_is(f, node, "device_type", "memory") ||
		    !dt_enabled(f, node))
			continue;
		for (i = 0; !dt_reg(f, node, i, &a, &s); i++)
			if (s && b->nr_ram < BOARD_MAX_RAM)
				b->ram[b->nr_ram++] =
					(struct board_range){ a, s };
	}
}

int board_init(struct board *b, const void *dtb, u64 max, u64 hv_base,
	       u64 hv_size, u64 boot_mpidr, char *why, unsigned int why_len)
{
	struct dtree f;
	const char *model;
	u32 len;

	memset(b, 0, sizeof(*b));
	if (dt_open(&f, dtb, max))
		return fail(why, why_len, "no device tree blob of the board");
	model = dt_prop(&f, dt_path(&f, "/"), "model", &len);
	strlcpy_hv(b->name, model && len ? model : "unnamed board",
		   model && len && len < sizeof(b->name) ? len
							 : sizeof(b->name));
	if (parse_uart(b, &f))
		return fail(
			why, why_len,
			"/chosen stdout-path names no PL011 or Cadence UART");
	if (parse_cpus(b, &f, boot_mpidr))
		return fail(why, why_len,
			    "/cpus lists no CPU with the boot CPU's MPIDR");
	if (parse_gic(b, &f))
		return fail(
			why, why_len,
			"no GICv2 or GICv3 with all its frames in the device tree");
	parse_ram(b, &f);
	if (!b->nr_ram)
		return fail(why, why_len, "no memory node in the device tree");
	b->hv = (struct board_range){ hv_base, hv_size };
	if (!board_is_ram(b, hv_base, hv_size))
		return fail(why, why_len,
			    "the hypervisor's RAM is not inside a memory node");
	return 0;
}

int board_cpu_by_mpidr(const struct board *b, u64 mpidr)
{
	unsigned int i;

	for (i = 0; i < b->nr_cpus; i++)
		if (b->mpidr[i] == (mpidr & MPIDR_AFF_MASK))
			return (int)i;
	return -1;
}

void board_describe(const struct board *b, struct hv_info *info)
{
	unsigned int i;

	info->num_cpus = b->nr_cpus;
	info->reserved_kib = (u32)(b->hv.size >> 10);
	strlcpy_hv(info->board, b->name, sizeof(info->board));
	info->gic_version = b->gic.version;
	for (i = 0; i < b->nr_cpus && i < HV_INFO_MAX_CPUS; i++)
		info->mpidr[i] = b->mpidr[i];
	for (i = 0; i < b->nr_ram && i < HV_INFO_MAX_RAM; i++) {
		info->ram[i].base = b->ram[i].base;
		info->ram[i].size = b->ram[i].size;
	}
	info->num_ram = i;
	info->gicd_base = b->gic.gicd;
	info->gicr_base = b->gic.gicr;
	info->gicc_base = b->gic.gicc;
	info->gich_base = b->gic.gich;
	info->gicv_base = b->gic.gicv;
	info->uart_base = b->uart.base;
	info->uart_kind = b->uart.kind;
}

/* Cut [base, base + size) out of the n ranges in r (room for max). */
static unsigned int cut(struct board_range *r, unsigned int n, unsigned int max,
			u64 base, u64 size)
{
	unsigned int i, k;

	for (i = 0; i < n && size; i++) {
		u64 s = r[i].base, e = r[i].base + r[i].size;

		if (base >= e || base + size <= s)
			continue;
		if (base > s && base + size < e) { /* a hole: split in two */
			if (n == max) { /* no room: keep the piece below */
				r[i].size = base - s;
				continue;
			}
			for (k = n; k > i + 1; k--)
				r[k] = r[k - 1];
			r[i + 1].base = base + size;
			r[i + 1].size = e - (base + size);
			r[i].size = base - s;
			n++;
			i++;
		} else if (base > s) { /* the top goes */
			r[i].size = base - s;
		} else if (base + size < e) { /* the bottom goes */
			r[i].base = base + size;
			r[i].size = e - (base + size);
		} else { /* all of it */
			for (k = i; k + 1 < n; k++)
				r[k] = r[k + 1];
			n--;
			i--;
		}
	}
	return n;
}

unsigned int board_free_ram(const struct board *b,
			    const struct board_range *used, unsigned int n_used,
			    struct board_range *out, unsigned int max)
{
	unsigned int n = 0, i;

	for (i = 0; i < b->nr_ram && n < max; i++)
		if (b->ram[i].size)
			out[n++] = b->ram[i];
	n = cut(out, n, max, b->hv.base, b->hv.size);
	for (i = 0; i < n_used; i++)
		n = cut(out, n, max, used[i].base, used[i].size);
	return n;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The interrupts a zone's DTB gives its devices (dtb_check.c's walk): each
 * GIC SPI must be one the config gives the zone, found through
 * interrupt-parent chains and interrupts-extended as Linux resolves them.
 */
#include <stdint.h>

#include <libfdt.h>

#include "dtb.h"
#include "dtb_int.h"

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
			dtb_foreign(
				c, node,
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

void dtb_check_irqs(struct dtb_checker *c, int node)
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

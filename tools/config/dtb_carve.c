// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A root zone's device tree cut from the board's own (docs/boards.md): the
 * checker's walk (dtb_check.c) lists what the tree gives that the zone's
 * config does not, and that is taken out here, so the zone's Linux never
 * touches another zone's CPU, device or interrupt, nor the hypervisor's.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dtb.h"
#include "dtb_int.h"

#define EVENTS_COMPAT "hvisor,event-channel"

static int later_first(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

static int under_cpus(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);
	const char *name = parent < 0 ? NULL : fdt_get_name(fdt, parent, NULL);

	return name && !strcmp(name, "cpus");
}

/* zone0's share of the hypervisor's event channel (hvisor.ko finds it) */
static int add_events(struct dtb_patcher *p, const struct zone_file *zf)
{
	void *fdt = p->dtb->data;
	const char *compat = EVENTS_COMPAT;
	fdt32_t irq[3];
	uint32_t ph;
	int node, gic;

	if (!zf->cfg.event_irq ||
	    fdt_node_offset_by_compatible(fdt, -1, EVENTS_COMPAT) >= 0)
		return 0;
	for (gic = fdt_next_node(fdt, -1, NULL);
	     gic >= 0 && !dtb_is_gic(fdt, gic);
	     gic = fdt_next_node(fdt, gic, NULL))
		;
	if (gic < 0) {
		dtb_msg(p->errf, "DTB: /: no GIC for the event channel");
		return -1;
	}
	ph = fdt_get_phandle(fdt, gic);
	if (!ph) {
		fdt32_t v;

		if (fdt_generate_phandle(fdt, &ph)) {
			dtb_msg(p->errf, "DTB: /: no phandle left");
			return -1;
		}
		v = cpu_to_fdt32(ph);
		if (dtb_setprop(p, gic, "the GIC", "phandle", &v, sizeof(v)))
			return -1;
	}
	node = dtb_add_node(p, 0, "hvisor-events", "/hvisor-events");
	if (node < 0)
		return -1;
	irq[0] = cpu_to_fdt32(GIC_SPI);
	irq[1] = cpu_to_fdt32(zf->cfg.event_irq - HV_SPI_BASE);
	irq[2] = cpu_to_fdt32(1); /* edge */
	if (dtb_setprop(p, node, "/hvisor-events", "compatible", compat,
			(int)strlen(compat) + 1))
		return -1;
	node = fdt_path_offset(p->dtb->data, "/hvisor-events");
	if (dtb_setprop(p, node, "/hvisor-events", "interrupts", irq,
			sizeof(irq)))
		return -1;
	node = fdt_path_offset(p->dtb->data, "/hvisor-events");
	ph = cpu_to_fdt32(ph);
	return dtb_setprop(p, node, "/hvisor-events", "interrupt-parent", &ph,
			   sizeof(ph));
}

int dtb_carve(struct dtb_buf *dtb, const struct zone_file *zf, FILE *errf)
{
	static struct dtb_checker c;
	struct dtb_patcher p = { dtb, errf };
	static const char disabled[] = "disabled";
	char path[DTB_PATH_LEN];
	int i, node, err;

	memset(&c, 0, sizeof(c));
	c.fdt = dtb->data;
	c.zf = zf;
	c.errf = errf;
	c.carve = 1;
	if (dtb_walk(&c))
		return -1;
	/* from the end: a change to a node moves only the nodes after it */
	qsort(c.foreign, (size_t)c.nforeign, sizeof(int), later_first);
	for (i = 0; i < c.nforeign; i++) {
		node = c.foreign[i];
		if (fdt_get_path(dtb->data, node, path, sizeof(path)))
			snprintf(path, sizeof(path), "<offset %d>", node);
		if (under_cpus(dtb->data, node)) {
			err = fdt_del_node(dtb->data, node);
			if (err) {
				dtb_msg(errf, "DTB: %s: cannot delete: %s",
					path, fdt_strerror(err));
				return -1;
			}
		} else if (dtb_setprop(&p, node, path, "status", disabled,
				       sizeof(disabled))) {
			return -1;
		}
	}
	if (add_events(&p, zf))
		return -1;
	err = fdt_pack(dtb->data);
	if (err) {
		dtb_msg(errf, "DTB: /: cannot pack: %s", fdt_strerror(err));
		return -1;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * What zone0 asks of the zone table, each under its lock so a zone cannot
 * go away meanwhile: a device's interrupt, control and state (for its
 * backend), a zone's console, the list, the free RAM, any call on one zone
 * (zone_with). zone.c changes the table; this only reads it, or passes a
 * zone to the device model that owns the request.
 */
#include "core/zone.h"
#include "core/zone_table.h"
#include "core/board.h"
#include "core/lib.h"
#include "core/printk.h"
#include "arch.h"

int zone_virtio_raise(u32 id, u32 dev, u32 bits, u64 requests)
{
	struct zone *z;
	int ret;

	spin_lock(&zones_lock);
	z = zone_find_locked(id);
	ret = z ? virtio_raise(z, dev, bits, requests) : -HV_ENOENT;
	spin_unlock(&zones_lock);
	return ret;
}

int zone_virtio_ctrl(u32 id, u32 dev, u32 op, u64 arg)
{
	struct zone *z;
	int ret;

	spin_lock(&zones_lock);
	z = zone_find_locked(id);
	ret = z ? virtio_ctrl(z, dev, op, arg) : -HV_ENOENT;
	spin_unlock(&zones_lock);
	return ret;
}

int zone_virtio_state(u32 id, u32 dev, struct hv_virtio_state *out)
{
	struct zone *z;
	int ret;

	spin_lock(&zones_lock);
	z = zone_find_locked(id);
	ret = z ? virtio_state(z, dev, out) : -HV_ENOENT;
	spin_unlock(&zones_lock);
	return ret;
}

int zone_console_io(struct hv_console_io *c)
{
	struct zone *z = NULL;
	unsigned int i;
	int ret = 0;

	spin_lock(&zones_lock);
	for (i = 0; i < HV_MAX_ZONES; i++)
		if (zones[i].used && zones[i].id == c->zone_id)
			z = &zones[i];
	if (!z || zone_is_root(z)) {
		ret = -HV_ENOENT;
	} else if (!z->cfg.console_base) {
		ret = -HV_EINVAL;
	} else {
		if (c->flags & HV_CONSOLE_ATTACH)
			vconsole_set_attached(z, true);
		if (c->flags & HV_CONSOLE_DETACH)
			vconsole_set_attached(z, false);
		c->in_len = vconsole_write_input(z, c->data, c->in_len);
		c->out_len = vconsole_read_output(z, &c->cursor, c->data,
						  sizeof(c->data),
						  c->flags & HV_CONSOLE_ATTACH);
	}
	spin_unlock(&zones_lock);
	return ret;
}

unsigned int zone_list(struct hv_zone_status *out, unsigned int capacity)
{
	unsigned int i, j, n = 0;

	spin_lock(&zones_lock);
	for (i = 0; i < HV_MAX_ZONES; i++) {
		struct zone *z = &zones[i];
		struct hv_zone_status *s;

		if (!z->used)
			continue;
		if (n < capacity) {
			s = &out[n];
			memset(s, 0, sizeof(*s));
			s->zone_id = z->id;
			s->state = z->state;
			s->cpus = z->cpus;
			for (j = 0; j < z->cfg.num_mem_regions; j++)
				if (z->cfg.mem_regions[j].type == HV_MEM_RAM)
					s->ram_bytes +=
						z->cfg.mem_regions[j].size;
			memcpy(s->name, z->name, HV_NAME_LEN);
			memcpy(s->reason, z->reason, sizeof(s->reason));
			s->uptime_ms =
				(arch_now_ns() - z->started_ns) / 1000000;
			virtio_stats(z, s);
			mmio_stats(z, s);
		}
		n++;
	}
	spin_unlock(&zones_lock);
	return n;
}

void zone_print_table(void)
{
	unsigned int i, j;

	pr_info("zone table:\n");
	for (i = 0; i < HV_MAX_ZONES; i++) {
		const struct zone *z = &zones[i];
		u64 ram = 0;

		if (!z->used)
			continue;
		for (j = 0; j < z->cfg.num_mem_regions; j++)
			if (z->cfg.mem_regions[j].type == HV_MEM_RAM)
				ram += z->cfg.mem_regions[j].size;
		pr_info("  id %u  %s  cpus 0x%lx  ram %lu MiB  irqs %u  vmid %u\n",
			z->id, z->name, z->cpus, ram >> 20, z->cfg.num_irqs,
			z->vmid);
	}
}

void zone_free_ram(struct hv_info *info)
{
	static struct board_range used[HV_MAX_ZONES * HV_MAX_MEM_REGIONS];
	struct board_range out[HV_INFO_MAX_FREE];
	unsigned int i, k, n = 0;

	spin_lock(&zones_lock); /* used[] too */
	for (i = 0; i < HV_MAX_ZONES; i++) {
		const struct zone *z = &zones[i];

		for (k = 0; z->used && k < z->cfg.num_mem_regions; k++)
			if (z->cfg.mem_regions[k].type == HV_MEM_RAM)
				used[n++] = (struct board_range){
					z->cfg.mem_regions[k].phys_start,
					z->cfg.mem_regions[k].size
				};
	}
	n = board_free_ram(&board, used, n, out, HV_INFO_MAX_FREE);
	spin_unlock(&zones_lock);
	info->num_free = n;
	for (i = 0; i < n; i++) {
		info->free[i].base = out[i].base;
		info->free[i].size = out[i].size;
	}
}

int zone_with(u32 id, int (*fn)(struct zone *z, void *arg), void *arg)
{
	struct zone *z;
	int ret;

	spin_lock(&zones_lock);
	z = zone_find_locked(id);
	ret = z ? fn(z, arg) : -HV_ENOENT;
	spin_unlock(&zones_lock);
	return ret;
}

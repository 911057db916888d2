// SPDX-License-Identifier: GPL-2.0
/*
 * Zones: creation from a validated config, the live rules no config can
 * check on its own (CPUs, RAM, devices and IRQs held by other zones, the
 * hypervisor's memory), and stopping a zone that failed.
 */
#include "core/zone.h"
#include "core/config_check.h"
#include "core/lib.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "arch/aarch64/arch.h"
#include "arch/aarch64/gicv3.h"
#include "board.h"

struct zone zones[HV_MAX_ZONES];
static spinlock_t zones_lock = SPINLOCK_INIT;

bool zone_is_root(const struct zone *z)
{
	return z->id == 0;
}

bool zone_ram_range(const struct zone *z, u64 addr, u64 size, u64 *pa)
{
	unsigned int i;

	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type != HV_MEM_RAM || addr < r->virt_start ||
		    addr + size < addr ||
		    addr + size > r->virt_start + r->size)
			continue;
		if (pa)
			*pa = r->phys_start + (addr - r->virt_start);
		return true;
	}
	return false;
}

static void refuse(const struct hv_zone_config *cfg, const char *what,
		   u64 value, const char *why)
{
	/* addresses in hex, CPU and interrupt numbers in decimal */
	if (value > 0xffff)
		pr_err("zone %u (%s): refused: %s 0x%lx %s\n", cfg->zone_id,
		       cfg->name, what, value, why);
	else
		pr_err("zone %u (%s): refused: %s %lu %s\n", cfg->zone_id,
		       cfg->name, what, value, why);
}

/* Rules against the live system; zones_lock held. */
static int check_live(const struct hv_zone_config *cfg)
{
	u64 hv_end = BOARD_HV_BASE + BOARD_HV_SIZE;
	unsigned int i, j, k, cpu;

	for (i = 0; i < HV_MAX_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (!z->used)
			continue;
		if (z->id == cfg->zone_id) {
			refuse(cfg, "zone_id", cfg->zone_id, "is in use");
			return -HV_EEXIST;
		}
		if (!memcmp(z->name, cfg->name, HV_NAME_LEN)) {
			pr_err("zone %u: refused: name \"%s\" is in use by zone %u\n",
			       cfg->zone_id, cfg->name, z->id);
			return -HV_EEXIST;
		}
	}
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(cfg->cpus & BIT(cpu)))
			continue;
		if (cpu >= BOARD_NR_CPUS || !per_cpu(cpu)->online) {
			refuse(cfg, "CPU", cpu, "is not available");
			return -HV_EINVAL;
		}
		if (per_cpu(cpu)->zone) {
			refuse(cfg, "CPU", cpu, "belongs to another zone");
			return -HV_EBUSY;
		}
	}
	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (hv_ranges_overlap(r->phys_start, r->size, BOARD_HV_BASE,
				      hv_end - BOARD_HV_BASE)) {
			refuse(cfg, "memory region at", r->phys_start,
			       "overlaps the hypervisor's memory");
			return -HV_EBUSY;
		}
		for (j = 0; j < HV_MAX_ZONES; j++) {
			const struct zone *z = &zones[j];

			if (!z->used)
				continue;
			for (k = 0; k < z->cfg.num_mem_regions; k++) {
				const struct hv_mem_region *o =
					&z->cfg.mem_regions[k];

				/* device regions may be shared only when
				 * neither side is RAM */
				if (r->type != HV_MEM_RAM &&
				    o->type != HV_MEM_RAM)
					continue;
				if (hv_ranges_overlap(r->phys_start, r->size,
						      o->phys_start, o->size)) {
					refuse(cfg, "memory region at",
					       r->phys_start,
					       "overlaps memory of another zone");
					return -HV_EBUSY;
				}
			}
		}
	}
	for (i = 0; i < cfg->num_irqs; i++)
		for (j = 0; j < HV_MAX_ZONES; j++)
			if (zones[j].used &&
			    zone_owns_irq(&zones[j], cfg->irqs[i])) {
				refuse(cfg, "interrupt", cfg->irqs[i],
				       "belongs to another zone");
				return -HV_EBUSY;
			}
	return 0;
}

static int map_regions(struct zone *z)
{
	unsigned int i;
	int ret;

	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type == HV_MEM_VIRTIO)
			continue; /* trapped, served by zone0 (later) */
		ret = s2_map(&z->s2, r->virt_start, r->phys_start, r->size,
			     r->type == HV_MEM_RAM ? S2_ATTR_NORMAL :
						     S2_ATTR_DEVICE);
		if (ret)
			return ret;
	}
	return 0;
}

struct zone *zone_create(const struct hv_zone_config *cfg)
{
	struct hv_cfg_error err;
	struct zone *z = NULL;
	unsigned int i;
	int ret;

	ret = hv_config_check(cfg, BOARD_NR_CPUS, &err);
	if (ret) {
		pr_err("zone config refused: %s[%d]%s%s: 0x%lx: %s\n",
		       err.field, err.index, err.sub ? "." : "",
		       err.sub ? err.sub : "", err.value, err.rule);
		return NULL;
	}

	spin_lock(&zones_lock);
	ret = check_live(cfg);
	for (i = 0; !ret && i < HV_MAX_ZONES; i++)
		if (!zones[i].used) {
			z = &zones[i];
			break;
		}
	if (!ret && !z)
		ret = -HV_ENOMEM;
	if (ret)
		goto out;

	memset(z, 0, sizeof(*z));
	z->used = true;
	z->id = cfg->zone_id;
	z->cfg = *cfg;
	z->cpus = cfg->cpus;
	z->vmid = (u16)(i + 1);
	memcpy(z->name, cfg->name, HV_NAME_LEN);
	for (i = 0; i < cfg->num_irqs; i++)
		z->irqs[cfg->irqs[i] / 64] |= BIT(cfg->irqs[i] % 64);

	ret = s2_init(&z->s2);
	if (!ret)
		ret = map_regions(z);
	if (!ret)
		ret = gic_zone_init(z);
	if (ret) {
		s2_destroy(&z->s2);
		z->used = false;
		goto out;
	}
	for (i = 0; i < BOARD_NR_CPUS; i++)
		if (zone_has_cpu(z, i))
			per_cpu(i)->zone = z;
	z->state = HV_ZONE_RUNNING;
	arch_zone_setup(z);
out:
	spin_unlock(&zones_lock);
	if (ret) {
		pr_err("zone %u (%s) not created: error %d\n", cfg->zone_id,
		       cfg->name, ret);
		return NULL;
	}
	pr_info("zone %u (%s) created: %lu stage-2 table pages\n", z->id,
		z->name, z->s2.nr_tables);
	return z;
}

void zone_start(struct zone *z)
{
	unsigned int boot = (unsigned int)__builtin_ctzll(z->cpus);

	pr_info("zone %u (%s): starting CPU %u at 0x%lx, DTB 0x%lx\n", z->id,
		z->name, boot, z->cfg.entry_point, z->cfg.dtb_addr);
	vcpu_request_start(boot, z->cfg.entry_point, z->cfg.dtb_addr);
}

void zone_fail(struct zone *z, const char *reason)
{
	unsigned int cpu, self = this_cpu_id();

	spin_lock(&z->lock);
	if (z->state != HV_ZONE_FAILED) {
		z->state = HV_ZONE_FAILED;
		strlcpy_hv(z->reason, reason, sizeof(z->reason));
		pr_err("zone %u (%s) failed: %s; stopping its CPUs\n", z->id,
		       z->name, reason);
	}
	spin_unlock(&z->lock);
	for (cpu = 0; cpu < BOARD_NR_CPUS; cpu++)
		if (cpu != self && zone_has_cpu(z, cpu))
			vcpu_request_stop(cpu);
	if (zone_has_cpu(z, self))
		vcpu_park();
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

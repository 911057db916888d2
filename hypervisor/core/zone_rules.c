// SPDX-License-Identifier: GPL-2.0
#include "core/zone_rules.h"

static int fail(struct hv_cfg_error *err, int code, const char *field,
		int index, const char *sub, u64 value, const char *rule,
		int other, int zone)
{
	hv_cfg_fail(err, code, field, index, sub, value, rule, other);
	err->zone = zone;
	return -code;
}

static int check_ids(const struct zone_rules_ctx *ctx,
		     const struct hv_zone_config *cfg, struct hv_cfg_error *err)
{
	unsigned int i, j;

	for (i = 0; i < HV_MAX_ZONES; i++) {
		const struct hv_zone_config *z = ctx->zones[i];

		if (!z)
			continue;
		if (z->zone_id == cfg->zone_id)
			return fail(err, HV_EEXIST, "zone_id", -1, NULL,
				    cfg->zone_id, "is in use", -1, -1);
		for (j = 0; j < HV_NAME_LEN && z->name[j] == cfg->name[j]; j++)
			if (!z->name[j])
				return fail(err, HV_EEXIST, "name", -1, NULL, 0,
					    "is in use by zone", -1,
					    (int)z->zone_id);
	}
	return 0;
}

static int check_cpus(const struct zone_rules_ctx *ctx,
		      const struct hv_zone_config *cfg,
		      struct hv_cfg_error *err)
{
	unsigned int cpu, i;

	for (cpu = 0; cpu < 64; cpu++) {
		if (!(cfg->cpus & BIT(cpu)))
			continue;
		if (cpu >= ctx->nr_cpus || !(ctx->cpus_online & BIT(cpu)))
			return fail(err, HV_EINVAL, "cpus", -1, NULL, cpu,
				    "is not available", -1, -1);
		for (i = 0; i < HV_MAX_ZONES; i++) {
			const struct hv_zone_config *z = ctx->zones[i];

			if (!z || !(ctx->zone_cpus[i] & BIT(cpu)))
				continue;
			if ((int)i != ctx->root)
				return fail(err, HV_EBUSY, "cpus", -1, NULL,
					    cpu, "belongs to zone", -1,
					    (int)z->zone_id);
			if (cpu == ctx->root_boot_cpu)
				return fail(err, HV_EBUSY, "cpus", -1, NULL,
					    cpu, "is the boot CPU of zone", -1,
					    (int)z->zone_id);
			if (ctx->root_cpus_on & BIT(cpu))
				return fail(
					err, HV_EBUSY, "cpus", -1, NULL, cpu,
					"is online in zone0 (take it offline there first)",
					-1, -1);
		}
	}
	return 0;
}

/* The zone expects the board's interrupt controller where it is. */
static int check_gic(const struct board *b, const struct hv_arch_config *a,
		     struct hv_cfg_error *err)
{
	if (a->gic_version != b->gic.version)
		return fail(err, HV_EINVAL, "arch_config", -1, "gic_version",
			    a->gic_version,
			    b->gic.version == 2 ? "the board's GIC is a GICv2"
						: "the board's GIC is a GICv3",
			    -1, -1);
	if (a->gicd_base != b->gic.gicd)
		return fail(err, HV_EINVAL, "arch_config", -1, "gicd_base",
			    a->gicd_base,
			    "differs from the board's GIC distributor", -1, -1);
	if (b->gic.version == 3 && a->gicr_base != b->gic.gicr)
		return fail(err, HV_EINVAL, "arch_config", -1, "gicr_base",
			    a->gicr_base,
			    "differs from the board's GIC redistributors", -1,
			    -1);
	if (b->gic.version == 2 && a->gicc_base != b->gic.gicc)
		return fail(err, HV_EINVAL, "arch_config", -1, "gicc_base",
			    a->gicc_base,
			    "differs from the board's GIC CPU interface", -1,
			    -1);
	if (b->gic.version == 2 && a->gicv_base && a->gicv_base != b->gic.gicv)
		return fail(err, HV_EINVAL, "arch_config", -1, "gicv_base",
			    a->gicv_base,
			    "differs from the board's virtual CPU interface",
			    -1, -1);
	if (b->gic.version == 2 && a->gich_base && a->gich_base != b->gic.gich)
		return fail(
			err, HV_EINVAL, "arch_config", -1, "gich_base",
			a->gich_base,
			"differs from the board's GIC virtual interface control",
			-1, -1);
	return 0;
}

static int check_region(const struct zone_rules_ctx *ctx,
			const struct hv_mem_region *r, int idx,
			struct hv_cfg_error *err)
{
	unsigned int i, k;

	const struct board *b = ctx->board;

	if (hv_ranges_overlap(r->phys_start, r->size, b->hv.base, b->hv.size))
		return fail(err, HV_EBUSY, "memory_regions", idx,
			    "physical_start", r->phys_start,
			    "overlaps the hypervisor's memory", -1, -1);
	if (r->type == HV_MEM_RAM) {
		if (!board_is_ram(b, r->phys_start, r->size))
			return fail(err, HV_EINVAL, "memory_regions", idx,
				    "physical_start", r->phys_start,
				    "is not inside the board's RAM", -1, -1);
	} else {
		if (board_touches_ram(b, r->phys_start, r->size))
			return fail(err, HV_EINVAL, "memory_regions", idx,
				    "physical_start", r->phys_start,
				    "is a device region inside RAM", -1, -1);
		if (hv_ranges_overlap(r->phys_start, r->size, b->gic.span.base,
				      b->gic.span.size))
			return fail(
				err, HV_EBUSY, "memory_regions", idx,
				"physical_start", r->phys_start,
				"overlaps the GIC, which the hypervisor owns",
				-1, -1);
	}
	for (i = 0; i < HV_MAX_ZONES; i++) {
		const struct hv_zone_config *z = ctx->zones[i];

		for (k = 0; z && k < z->num_mem_regions; k++)
			if (hv_ranges_overlap(r->phys_start, r->size,
					      z->mem_regions[k].phys_start,
					      z->mem_regions[k].size))
				return fail(err, HV_EBUSY, "memory_regions",
					    idx, "physical_start",
					    r->phys_start,
					    "overlaps memory_regions", (int)k,
					    (int)z->zone_id);
	}
	return 0;
}

static int check_irqs(const struct zone_rules_ctx *ctx,
		      const struct hv_zone_config *cfg,
		      struct hv_cfg_error *err)
{
	unsigned int n, i, k;

	for (n = 0; n < cfg->num_irqs; n++) {
		for (i = 0; i < HV_MAX_ZONES; i++) {
			const struct hv_zone_config *z = ctx->zones[i];

			for (k = 0; z && k < z->num_irqs; k++)
				if (z->irqs[k] == cfg->irqs[n])
					return fail(err, HV_EBUSY, "interrupts",
						    (int)n, NULL, cfg->irqs[n],
						    "belongs to zone", -1,
						    (int)z->zone_id);
		}
	}
	return 0;
}

/* A channel the zone shares with existing zones: both views agree. */
static int check_ivc(const struct zone_rules_ctx *ctx,
		     const struct hv_zone_config *cfg, struct hv_cfg_error *err)
{
	unsigned int n, i, k;
	int ret;

	for (n = 0; n < cfg->num_ivc; n++) {
		for (i = 0; i < HV_MAX_ZONES; i++) {
			const struct hv_zone_config *z = ctx->zones[i];

			for (k = 0; z && k < z->num_ivc; k++) {
				ret = hv_ivc_peer_check(&cfg->ivc[n], (int)n,
							&z->ivc[k], err);
				if (ret) {
					err->zone = (int)z->zone_id;
					return ret;
				}
			}
		}
	}
	return 0;
}

int zone_rules_check(const struct zone_rules_ctx *ctx,
		     const struct hv_zone_config *cfg, struct hv_cfg_error *err)
{
	unsigned int i;
	int ret;

	ret = check_ids(ctx, cfg, err);
	if (!ret)
		ret = check_cpus(ctx, cfg, err);
	for (i = 0; !ret && i < cfg->num_mem_regions; i++)
		ret = check_region(ctx, &cfg->mem_regions[i], (int)i, err);
	if (!ret)
		ret = check_irqs(ctx, cfg, err);
	if (!ret)
		ret = check_ivc(ctx, cfg, err);
	if (ret)
		return ret;
	return check_gic(ctx->board, &cfg->arch, err);
}

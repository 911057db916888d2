// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The hypervisor refuses a zone that does not fit its board at the first
 * misfit (core/zone_rules.c); `hvisor config check` in zone0 lists them all
 * at once, from the board the info call reports.
 */
#include "board_fit.h"

#define ULL(x) ((unsigned long long)(x))

static int in_ram(const struct hv_info *b, hv_u64 base, hv_u64 size)
{
	hv_u32 i,
		n = b->num_ram < HV_INFO_MAX_RAM ? b->num_ram : HV_INFO_MAX_RAM;

	for (i = 0; i < n; i++)
		if (base >= b->ram[i].base &&
		    base - b->ram[i].base <= b->ram[i].size &&
		    size <= b->ram[i].size - (base - b->ram[i].base))
			return 1;
	return 0;
}

static int touches_ram(const struct hv_info *b, hv_u64 base, hv_u64 size)
{
	hv_u32 i,
		n = b->num_ram < HV_INFO_MAX_RAM ? b->num_ram : HV_INFO_MAX_RAM;

	for (i = 0; i < n; i++)
		if (base < b->ram[i].base + b->ram[i].size &&
		    b->ram[i].base < base + size)
			return 1;
	return 0;
}

static unsigned int frame(const char *path, const char *field, hv_u64 value,
			  hv_u64 board, const char *what, FILE *err)
{
	if (value == board)
		return 0;
	fprintf(err,
		"hvisor: %s: arch_config.%s: 0x%llx: the board's %s is at 0x%llx\n",
		path, field, ULL(value), what, ULL(board));
	return 1;
}

unsigned int board_fit_check(const struct hv_zone_config *cfg,
			     const struct hv_info *b, const char *path,
			     FILE *err)
{
	const struct hv_arch_config *a = &cfg->arch;
	unsigned int n = 0, i;

	if (a->gic_version != b->gic_version) {
		fprintf(err,
			"hvisor: %s: arch_config.gic_version: v%u: the board (%.*s) has a GICv%u\n",
			path, a->gic_version, (int)sizeof(b->board), b->board,
			b->gic_version);
		n++;
	} else {
		n += frame(path, "gicd_base", a->gicd_base, b->gicd_base,
			   "distributor", err);
		if (b->gic_version == HV_GIC_V3)
			n += frame(path, "gicr_base", a->gicr_base,
				   b->gicr_base, "redistributor range", err);
		if (b->gic_version == HV_GIC_V2) {
			n += frame(path, "gicc_base", a->gicc_base,
				   b->gicc_base, "CPU interface", err);
			if (a->gich_base)
				n += frame(path, "gich_base", a->gich_base,
					   b->gich_base,
					   "virtual interface control", err);
			if (a->gicv_base)
				n += frame(path, "gicv_base", a->gicv_base,
					   b->gicv_base,
					   "virtual CPU interface", err);
		}
	}
	for (i = 0; i < 64; i++)
		if ((cfg->cpus >> i & 1) && i >= b->num_cpus) {
			fprintf(err,
				"hvisor: %s: cpus: %u: the board has %u CPUs (0 to %u)\n",
				path, i, b->num_cpus, b->num_cpus - 1);
			n++;
		}
	for (i = 0; i < cfg->num_mem_regions && i < HV_MAX_MEM_REGIONS; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type == HV_MEM_RAM &&
		    !in_ram(b, r->phys_start, r->size)) {
			fprintf(err,
				"hvisor: %s: memory_regions[%u]: ram 0x%llx+0x%llx is not inside the board's RAM\n",
				path, i, ULL(r->phys_start), ULL(r->size));
			n++;
		} else if (r->type != HV_MEM_RAM &&
			   touches_ram(b, r->phys_start, r->size)) {
			fprintf(err,
				"hvisor: %s: memory_regions[%u]: device region 0x%llx+0x%llx is in the board's RAM\n",
				path, i, ULL(r->phys_start), ULL(r->size));
			n++;
		}
	}
	return n;
}

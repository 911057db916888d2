// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The rules of a zone's channels (ivc_configs, docs/ivc.md) that need no
 * live state, shared like config_check.c by the hypervisor and the tool:
 * each channel on its own, against the rest of its zone's config, and two
 * peers' views of one channel against each other.
 */
#include <stddef.h>

#include "config_check.h"

#define F "ivc_configs"
#define PAGE_MASK_4K ((hv_u64)HV_PAGE_SIZE - 1)

static int ci_fail(struct hv_cfg_error *err, int i, const char *sub, hv_u64 v,
		   const char *rule, int other)
{
	return hv_cfg_fail(err, HV_EINVAL, F, i, sub, v, rule, other);
}

hv_u64 hv_ivc_bytes(const struct hv_ivc_config *c)
{
	return (hv_u64)c->rw_sec_size + (hv_u64)c->max_peers * c->out_sec_size;
}

/* A window of the channel (its control page or its memory) against what
 * else the zone has at that address. */
static int ci_check_window(const struct hv_zone_config *cfg, int i,
			   const char *sub, hv_u64 base, hv_u64 size,
			   struct hv_cfg_error *err)
{
	const struct hv_arch_config *a = &cfg->arch;
	unsigned int k;

	if (base & PAGE_MASK_4K)
		return ci_fail(err, i, sub, base, "not 4 KiB aligned", -1);
	if (base + size < base)
		return ci_fail(err, i, sub, base,
			       "passes the end of the address space", -1);
	for (k = 0; k < cfg->num_mem_regions; k++)
		if (hv_ranges_overlap(base, size,
				      cfg->mem_regions[k].virt_start,
				      cfg->mem_regions[k].size))
			return ci_fail(err, i, sub, base,
				       "overlaps memory_regions", (int)k);
	if (hv_ranges_overlap(base, size, a->gicd_base, a->gicd_size) ||
	    hv_ranges_overlap(base, size, a->gicr_base, a->gicr_size) ||
	    hv_ranges_overlap(base, size, a->gicc_base, a->gicc_size))
		return ci_fail(err, i, sub, base, "overlaps the GIC", -1);
	if (cfg->console_base &&
	    hv_ranges_overlap(base, size, cfg->console_base, HV_PAGE_SIZE))
		return ci_fail(err, i, sub, base, "overlaps the console's page",
			       -1);
	for (k = 0; k < cfg->num_virtio; k++)
		if (hv_ranges_overlap(base, size, cfg->virtio[k].base,
				      HV_VIRTIO_WINDOW))
			return ci_fail(err, i, sub, base, "overlaps virtio",
				       (int)k);
	for (k = 0; k < (unsigned int)i; k++) {
		const struct hv_ivc_config *o = &cfg->ivc[k];

		if (hv_ranges_overlap(base, size, o->control_table_ipa,
				      HV_PAGE_SIZE) ||
		    hv_ranges_overlap(base, size, o->shared_mem_ipa,
				      hv_ivc_bytes(o)))
			return ci_fail(err, i, sub, base,
				       "overlaps ivc_configs", (int)k);
	}
	return 0;
}

static int ci_check_one(const struct hv_zone_config *cfg, int i,
			struct hv_cfg_error *err)
{
	const struct hv_ivc_config *c = &cfg->ivc[i];
	unsigned int k;
	int ret;

	if (c->max_peers < 2 || c->max_peers > HV_IVC_MAX_PEERS)
		return ci_fail(err, i, "max_peers", c->max_peers,
			       "out of range (2..8)", -1);
	if (c->peer_id >= c->max_peers)
		return ci_fail(err, i, "peer_id", c->peer_id,
			       "not below max_peers", -1);
	if (c->rw_sec_size & PAGE_MASK_4K)
		return ci_fail(err, i, "rw_sec_size", c->rw_sec_size,
			       "not a multiple of 4 KiB", -1);
	if (!c->out_sec_size || (c->out_sec_size & PAGE_MASK_4K))
		return ci_fail(err, i, "out_sec_size", c->out_sec_size,
			       "not a non-zero multiple of 4 KiB", -1);
	if (hv_ivc_bytes(c) > HV_IVC_MAX_BYTES)
		return ci_fail(
			err, i, "out_sec_size", c->out_sec_size,
			"rw_sec_size + max_peers * out_sec_size exceeds 1 MiB",
			-1);
	ret = ci_check_window(cfg, i, "control_table_ipa", c->control_table_ipa,
			      HV_PAGE_SIZE, err);
	if (!ret)
		ret = ci_check_window(cfg, i, "shared_mem_ipa",
				      c->shared_mem_ipa, hv_ivc_bytes(c), err);
	if (ret)
		return ret;
	if (hv_ranges_overlap(c->control_table_ipa, HV_PAGE_SIZE,
			      c->shared_mem_ipa, hv_ivc_bytes(c)))
		return ci_fail(err, i, "shared_mem_ipa", c->shared_mem_ipa,
			       "overlaps its control_table_ipa", -1);
	if (c->interrupt_num < HV_SPI_BASE || c->interrupt_num > HV_MAX_INTID)
		return ci_fail(err, i, "interrupt_num", c->interrupt_num,
			       "out of range (SPIs are INTIDs 32..1019)", -1);
	if (!hv_cfg_irq_listed(cfg, c->interrupt_num))
		return ci_fail(err, i, "interrupt_num", c->interrupt_num,
			       "not one of the zone's interrupts", -1);
	if ((cfg->console_base && c->interrupt_num == cfg->console_irq) ||
	    c->interrupt_num == cfg->event_irq)
		return ci_fail(err, i, "interrupt_num", c->interrupt_num,
			       "is the console's or the event channel's", -1);
	for (k = 0; k < cfg->num_virtio; k++)
		if (c->interrupt_num == cfg->virtio[k].irq)
			return ci_fail(err, i, "interrupt_num",
				       c->interrupt_num, "shared with virtio",
				       (int)k);
	for (k = 0; k < (unsigned int)i; k++) {
		if (c->ivc_id == cfg->ivc[k].ivc_id)
			return ci_fail(err, i, "ivc_id", c->ivc_id,
				       "already used by ivc_configs", (int)k);
		if (c->interrupt_num == cfg->ivc[k].interrupt_num)
			return ci_fail(err, i, "interrupt_num",
				       c->interrupt_num,
				       "shared with ivc_configs", (int)k);
	}
	return 0;
}

int hv_config_check_ivc(const struct hv_zone_config *cfg,
			struct hv_cfg_error *err)
{
	unsigned int i;
	int ret;

	if (cfg->num_ivc > HV_MAX_IVC)
		return hv_cfg_fail(err, HV_E2BIG, F, -1, NULL, cfg->num_ivc,
				   "more channels than HV_MAX_IVC (4)", -1);
	if (cfg->reserved_ivc)
		return hv_cfg_fail(err, HV_EINVAL, "reserved_ivc", -1, NULL,
				   cfg->reserved_ivc, "must be 0", -1);
	for (i = 0; i < cfg->num_ivc; i++) {
		ret = ci_check_one(cfg, (int)i, err);
		if (ret)
			return ret;
	}
	return 0;
}

int hv_ivc_peer_check(const struct hv_ivc_config *c, int i,
		      const struct hv_ivc_config *peer,
		      struct hv_cfg_error *err)
{
	if (c->ivc_id != peer->ivc_id)
		return 0;
	if (c->max_peers != peer->max_peers)
		return ci_fail(err, i, "max_peers", c->max_peers,
			       "differs from its peer's in zone", -1);
	if (c->rw_sec_size != peer->rw_sec_size)
		return ci_fail(err, i, "rw_sec_size", c->rw_sec_size,
			       "differs from its peer's in zone", -1);
	if (c->out_sec_size != peer->out_sec_size)
		return ci_fail(err, i, "out_sec_size", c->out_sec_size,
			       "differs from its peer's in zone", -1);
	if (c->peer_id == peer->peer_id)
		return hv_cfg_fail(err, HV_EBUSY, F, i, "peer_id", c->peer_id,
				   "is taken by its peer in zone", -1);
	return 0;
}

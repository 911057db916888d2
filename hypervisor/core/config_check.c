// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Zone config validation shared by the hypervisor and the hvisor tool.
 *
 * This file is built freestanding inside the hypervisor: no libc, only the
 * compiler's <stdint.h>/<stddef.h>. Keep it that way, and keep every rule
 * here rather than in the tool, so offline checks and the hypervisor agree.
 */
#include <stddef.h>

#include "config_check.h"

#define CC_PAGE_MASK ((hv_u64)HV_PAGE_SIZE - 1)
#define CC_GIC_MASK ((hv_u64)0x10000 - 1) /* GIC frames are 64 KiB */

/* The rule texts below spell these numbers out. */
_Static_assert(HV_SPI_BASE == 32u && HV_MAX_INTID == 1019u,
	       "update the interrupt rule texts");
_Static_assert(HV_NAME_LEN == 32, "update the name rule text");
_Static_assert(HV_MAX_ZONES == 8, "update the zone_id rule text");
_Static_assert(HV_MAX_CPUS == 64, "a CPU mask is one hv_u64");

int hv_cfg_fail(struct hv_cfg_error *err, int code, const char *field,
		int index, const char *sub, hv_u64 value, const char *rule,
		int other)
{
	if (err) {
		err->code = code;
		err->field = field;
		err->index = index;
		err->sub = sub;
		err->value = value;
		err->rule = rule;
		err->other = other;
		err->zone = -1;
	}
	return -code;
}

int hv_ranges_overlap(hv_u64 a, hv_u64 asz, hv_u64 b, hv_u64 bsz)
{
	/* Differences instead of end addresses: no overflow near 2^64. */
	if (!asz || !bsz)
		return 0;
	if (a >= b)
		return a - b < bsz;
	return b - a < asz;
}

/* Non-zero if start + size does not fit in 64 bits (or is exactly 2^64). */
static int cc_wraps(hv_u64 start, hv_u64 size)
{
	return size > ~(hv_u64)0 - start;
}

static int cc_contains(hv_u64 start, hv_u64 size, hv_u64 addr)
{
	return addr >= start && addr - start < size;
}

int hv_cfg_name_char_ok(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
}

static int cc_check_name(const struct hv_zone_config *cfg,
			 struct hv_cfg_error *err)
{
	int i;

	for (i = 0; i < HV_NAME_LEN; i++) {
		char ch = cfg->name[i];

		if (ch == '\0')
			break;
		if (!hv_cfg_name_char_ok(ch))
			return hv_cfg_fail(
				err, HV_EINVAL, "name", -1, NULL,
				(unsigned char)ch,
				"invalid character (allowed: A-Z a-z 0-9 _ . -)",
				-1);
	}
	if (i == 0)
		return hv_cfg_fail(err, HV_EINVAL, "name", -1, NULL, 0, "empty",
				   -1);
	if (i == HV_NAME_LEN)
		return hv_cfg_fail(err, HV_EINVAL, "name", -1, NULL,
				   HV_NAME_LEN,
				   "too long (at most 31 characters)", -1);
	return 0;
}

static int cc_check_cpus(const struct hv_zone_config *cfg,
			 unsigned int num_cpus, struct hv_cfg_error *err)
{
	unsigned int n;

	if (!cfg->cpus)
		return hv_cfg_fail(err, HV_EINVAL, "cpus", -1, NULL, 0,
				   "no CPUs given", -1);
	for (n = num_cpus; n < HV_MAX_CPUS; n++)
		if (cfg->cpus & ((hv_u64)1 << n))
			return hv_cfg_fail(err, HV_EINVAL, "cpus", -1, NULL, n,
					   "CPU does not exist on this machine",
					   -1);
	return 0;
}

static int cc_check_region(const struct hv_zone_config *cfg, int i,
			   struct hv_cfg_error *err)
{
	const struct hv_mem_region *r = &cfg->mem_regions[i];
	const char *f = "memory_regions";

	if (r->type != HV_MEM_RAM && r->type != HV_MEM_IO &&
	    r->type != HV_MEM_VIRTIO)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "type", r->type,
				   "unknown type", -1);
	if (r->reserved)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "reserved",
				   r->reserved, "must be 0", -1);
	if (r->quiesce > HV_QUIESCE_WRITE32)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "reset", r->quiesce,
				   "unknown reset method", -1);
	if (r->quiesce && r->type != HV_MEM_IO)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "reset", r->quiesce,
				   "only a device region (type io) is reset",
				   -1);
	if (r->quiesce == HV_QUIESCE_WRITE32 &&
	    ((r->quiesce_offset & 3) || r->quiesce_offset >= r->size))
		return hv_cfg_fail(
			err, HV_EINVAL, f, i, "reset.offset", r->quiesce_offset,
			"not a 4-byte aligned offset inside the region", -1);
	if (r->quiesce != HV_QUIESCE_WRITE32 &&
	    (r->quiesce_offset || r->quiesce_value))
		return hv_cfg_fail(err, HV_EINVAL, f, i, "reset.offset",
				   r->quiesce_offset,
				   "only a register-write reset has one", -1);
	if (!r->size)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "size", 0, "is zero",
				   -1);
	if (r->phys_start & CC_PAGE_MASK)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "physical_start",
				   r->phys_start, "not 4 KiB aligned", -1);
	if (r->virt_start & CC_PAGE_MASK)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "virtual_start",
				   r->virt_start, "not 4 KiB aligned", -1);
	if (r->size & CC_PAGE_MASK)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "size", r->size,
				   "not 4 KiB aligned", -1);
	if (cc_wraps(r->phys_start, r->size))
		return hv_cfg_fail(
			err, HV_EINVAL, f, i, "size", r->size,
			"physical_start + size passes the end of the 64-bit address space",
			-1);
	if (cc_wraps(r->virt_start, r->size))
		return hv_cfg_fail(
			err, HV_EINVAL, f, i, "size", r->size,
			"virtual_start + size passes the end of the 64-bit address space",
			-1);
	return 0;
}

static int cc_check_regions(const struct hv_zone_config *cfg,
			    struct hv_cfg_error *err)
{
	const struct hv_mem_region *r = cfg->mem_regions;
	const char *f = "memory_regions";
	int n = (int)cfg->num_mem_regions;
	int have_ram = 0;
	int i, j, ret;

	if (n == 0)
		return hv_cfg_fail(err, HV_EINVAL, f, -1, NULL, 0, "no regions",
				   -1);
	for (i = 0; i < n; i++) {
		ret = cc_check_region(cfg, i, err);
		if (ret)
			return ret;
		if (r[i].type == HV_MEM_RAM)
			have_ram = 1;
	}
	/* Guest overlaps would make one address mean two things; physical
	 * ones would map the same memory twice. */
	for (i = 1; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (hv_ranges_overlap(r[i].virt_start, r[i].size,
					      r[j].virt_start, r[j].size))
				return hv_cfg_fail(err, HV_EINVAL, f, i,
						   "virtual_start",
						   r[i].virt_start,
						   "overlaps memory_regions",
						   j);
			if (hv_ranges_overlap(r[i].phys_start, r[i].size,
					      r[j].phys_start, r[j].size))
				return hv_cfg_fail(err, HV_EINVAL, f, i,
						   "physical_start",
						   r[i].phys_start,
						   "overlaps memory_regions",
						   j);
		}
	}
	if (!have_ram)
		return hv_cfg_fail(err, HV_EINVAL, f, -1, NULL, (hv_u64)n,
				   "no region of type ram", -1);
	return 0;
}

static int cc_check_irqs(const struct hv_zone_config *cfg,
			 struct hv_cfg_error *err)
{
	int n = (int)cfg->num_irqs;
	int i, j;

	for (i = 0; i < n; i++) {
		hv_u32 irq = cfg->irqs[i];

		if (irq < HV_SPI_BASE)
			return hv_cfg_fail(
				err, HV_EINVAL, "interrupts", i, NULL, irq,
				"is an SGI/PPI (INTID < 32); configs use absolute INTIDs, i.e. SPI number + 32",
				-1);
		if (irq > HV_MAX_INTID)
			return hv_cfg_fail(
				err, HV_EINVAL, "interrupts", i, NULL, irq,
				"out of range (SPIs are INTIDs 32..1019)", -1);
		for (j = 0; j < i; j++)
			if (cfg->irqs[j] == irq)
				return hv_cfg_fail(err, HV_EINVAL, "interrupts",
						   i, NULL, irq,
						   "duplicate of interrupts",
						   j);
	}
	return 0;
}

/* Index of the RAM region whose guest range holds addr, or -1. */
static int cc_ram_region_of(const struct hv_zone_config *cfg, hv_u64 addr)
{
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type == HV_MEM_RAM &&
		    cc_contains(r->virt_start, r->size, addr))
			return (int)i;
	}
	return -1;
}

static int cc_check_boot(const struct hv_zone_config *cfg,
			 struct hv_cfg_error *err)
{
	if (cfg->entry_point & 3)
		return hv_cfg_fail(err, HV_EINVAL, "entry_point", -1, NULL,
				   cfg->entry_point, "not 4-byte aligned", -1);
	if (cc_ram_region_of(cfg, cfg->entry_point) < 0)
		return hv_cfg_fail(err, HV_EINVAL, "entry_point", -1, NULL,
				   cfg->entry_point,
				   "not inside a RAM region (guest addresses)",
				   -1);
	/* The arm64 boot protocol wants the DTB 8-byte aligned. */
	if (cfg->dtb_addr & 7)
		return hv_cfg_fail(err, HV_EINVAL, "dtb_load_paddr", -1, NULL,
				   cfg->dtb_addr, "not 8-byte aligned", -1);
	if (cc_ram_region_of(cfg, cfg->dtb_addr) < 0)
		return hv_cfg_fail(err, HV_EINVAL, "dtb_load_paddr", -1, NULL,
				   cfg->dtb_addr,
				   "not inside a RAM region (guest addresses)",
				   -1);
	return 0;
}

/*
 * A GIC frame range is both where the guest sees it and where the device
 * is, so it must stay clear of every region in both address spaces.
 */
static int cc_check_gic_range(const struct hv_zone_config *cfg,
			      const char *base_name, const char *size_name,
			      hv_u64 base, hv_u64 size,
			      struct hv_cfg_error *err)
{
	const char *f = "arch_config";
	unsigned int i;

	if (!base)
		return hv_cfg_fail(err, HV_EINVAL, f, -1, base_name, 0,
				   "is zero", -1);
	if (base & CC_GIC_MASK)
		return hv_cfg_fail(err, HV_EINVAL, f, -1, base_name, base,
				   "not 64 KiB aligned", -1);
	if (!size)
		return hv_cfg_fail(err, HV_EINVAL, f, -1, size_name, 0,
				   "is zero", -1);
	if (size & CC_GIC_MASK)
		return hv_cfg_fail(err, HV_EINVAL, f, -1, size_name, size,
				   "not a multiple of 64 KiB", -1);
	if (cc_wraps(base, size))
		return hv_cfg_fail(
			err, HV_EINVAL, f, -1, size_name, size,
			"base + size passes the end of the 64-bit address space",
			-1);
	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (hv_ranges_overlap(base, size, r->virt_start, r->size) ||
		    hv_ranges_overlap(base, size, r->phys_start, r->size))
			return hv_cfg_fail(err, HV_EINVAL, f, -1, base_name,
					   base, "overlaps memory_regions",
					   (int)i);
	}
	return 0;
}

static int cc_check_arch(const struct hv_zone_config *cfg,
			 struct hv_cfg_error *err)
{
	const struct hv_arch_config *a = &cfg->arch;
	int ret;

	if (a->gic_version != HV_GIC_V3 && a->gic_version != HV_GIC_V2)
		return hv_cfg_fail(err, HV_EINVAL, "arch_config", -1,
				   "gic_version", a->gic_version,
				   "unsupported (GICv2 and GICv3 are)", -1);
	if (a->reserved)
		return hv_cfg_fail(err, HV_EINVAL, "arch_config", -1,
				   "reserved", a->reserved, "must be 0", -1);
	ret = cc_check_gic_range(cfg, "gicd_base", "gicd_size", a->gicd_base,
				 a->gicd_size, err);
	if (ret)
		return ret;
	if (a->gic_version == HV_GIC_V2) {
		/* the CPU interface is where the zone gets the virtual one */
		ret = cc_check_gic_range(cfg, "gicc_base", "gicc_size",
					 a->gicc_base, a->gicc_size, err);
		if (ret)
			return ret;
		if (a->gicc_offset >= a->gicc_size)
			return hv_cfg_fail(err, HV_EINVAL, "arch_config", -1,
					   "gicc_offset", a->gicc_offset,
					   "not inside gicc_size", -1);
		if (hv_ranges_overlap(a->gicd_base, a->gicd_size, a->gicc_base,
				      a->gicc_size))
			return hv_cfg_fail(err, HV_EINVAL, "arch_config", -1,
					   "gicc_base", a->gicc_base,
					   "overlaps the GICD range", -1);
		return 0;
	}
	ret = cc_check_gic_range(cfg, "gicr_base", "gicr_size", a->gicr_base,
				 a->gicr_size, err);
	if (ret)
		return ret;
	if (hv_ranges_overlap(a->gicd_base, a->gicd_size, a->gicr_base,
			      a->gicr_size))
		return hv_cfg_fail(err, HV_EINVAL, "arch_config", -1,
				   "gicr_base", a->gicr_base,
				   "overlaps the GICD range", -1);
	return 0;
}

static int cc_check_console(const struct hv_zone_config *cfg,
			    struct hv_cfg_error *err)
{
	const struct hv_arch_config *a = &cfg->arch;
	hv_u64 base = cfg->console_base;
	hv_u32 irq = cfg->console_irq;
	unsigned int i;

	if (!base) {
		if (irq)
			return hv_cfg_fail(err, HV_EINVAL, "console", -1, "irq",
					   irq, "set without a console base",
					   -1);
		return 0;
	}
	if ((base & CC_PAGE_MASK) || cc_wraps(base, HV_PAGE_SIZE))
		return hv_cfg_fail(err, HV_EINVAL, "console", -1, "base", base,
				   "not 4 KiB aligned", -1);
	/* The emulated UART traps its page; nothing else may live there. */
	for (i = 0; i < cfg->num_mem_regions; i++)
		if (hv_ranges_overlap(base, HV_PAGE_SIZE,
				      cfg->mem_regions[i].virt_start,
				      cfg->mem_regions[i].size))
			return hv_cfg_fail(err, HV_EINVAL, "console", -1,
					   "base", base,
					   "overlaps memory_regions", (int)i);
	if (hv_ranges_overlap(base, HV_PAGE_SIZE, a->gicd_base, a->gicd_size) ||
	    hv_ranges_overlap(base, HV_PAGE_SIZE, a->gicr_base, a->gicr_size))
		return hv_cfg_fail(err, HV_EINVAL, "console", -1, "base", base,
				   "overlaps the GIC", -1);
	if (irq < HV_SPI_BASE || irq > HV_MAX_INTID)
		return hv_cfg_fail(err, HV_EINVAL, "console", -1, "irq", irq,
				   "out of range (SPIs are INTIDs 32..1019)",
				   -1);
	/* Its interrupt is virtual; a passed-through one would clash. */
	for (i = 0; i < cfg->num_irqs; i++)
		if (cfg->irqs[i] == irq)
			return hv_cfg_fail(err, HV_EINVAL, "console", -1, "irq",
					   irq, "also listed in interrupts",
					   (int)i);
	return 0;
}

int hv_cfg_irq_listed(const struct hv_zone_config *cfg, hv_u32 irq)
{
	unsigned int i;

	for (i = 0; i < cfg->num_irqs; i++)
		if (cfg->irqs[i] == irq)
			return 1;
	return 0;
}

static int cc_pow2(hv_u64 v)
{
	return v && !(v & (v - 1));
}

/* One virtio device: its window, interrupt, queues and config space. */
static int cc_check_virtio_dev(const struct hv_zone_config *cfg, int i,
			       struct hv_cfg_error *err)
{
	const struct hv_virtio_dev *d = &cfg->virtio[i];
	const struct hv_arch_config *a = &cfg->arch;
	const char *f = "virtio";
	hv_u64 win = HV_VIRTIO_WINDOW;
	unsigned int k;
	int j;

	if ((d->base & (win - 1)) || cc_wraps(d->base, win))
		return hv_cfg_fail(err, HV_EINVAL, f, i, "base", d->base,
				   "not 0x200 aligned", -1);
	/* a "virtio" memory region only declares the trapped window */
	for (k = 0; k < cfg->num_mem_regions; k++)
		if (cfg->mem_regions[k].type != HV_MEM_VIRTIO &&
		    hv_ranges_overlap(d->base, win,
				      cfg->mem_regions[k].virt_start,
				      cfg->mem_regions[k].size))
			return hv_cfg_fail(err, HV_EINVAL, f, i, "base",
					   d->base, "overlaps memory_regions",
					   (int)k);
	if (hv_ranges_overlap(d->base, win, a->gicd_base, a->gicd_size) ||
	    hv_ranges_overlap(d->base, win, a->gicr_base, a->gicr_size))
		return hv_cfg_fail(err, HV_EINVAL, f, i, "base", d->base,
				   "overlaps the GIC", -1);
	if (cfg->console_base &&
	    hv_ranges_overlap(d->base, win, cfg->console_base, HV_PAGE_SIZE))
		return hv_cfg_fail(err, HV_EINVAL, f, i, "base", d->base,
				   "overlaps the console's page", -1);
	if (d->irq < HV_SPI_BASE || d->irq > HV_MAX_INTID)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "irq", d->irq,
				   "out of range (SPIs are INTIDs 32..1019)",
				   -1);
	if (!hv_cfg_irq_listed(cfg, d->irq))
		return hv_cfg_fail(err, HV_EINVAL, f, i, "irq", d->irq,
				   "not one of the zone's interrupts", -1);
	if (cfg->console_base && d->irq == cfg->console_irq)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "irq", d->irq,
				   "is the console's interrupt", -1);
	for (j = 0; j < i; j++) {
		if (hv_ranges_overlap(d->base, win, cfg->virtio[j].base, win))
			return hv_cfg_fail(err, HV_EINVAL, f, i, "base",
					   d->base, "overlaps virtio", j);
		if (d->irq == cfg->virtio[j].irq)
			return hv_cfg_fail(err, HV_EINVAL, f, i, "irq", d->irq,
					   "shared with virtio", j);
	}
	if (!d->device_id || d->device_id > 63)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "type", d->device_id,
				   "not a virtio device id (1..63)", -1);
	if (!d->num_queues || d->num_queues > HV_VIRTIO_MAX_QUEUES)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "num_queues",
				   d->num_queues, "out of range (1..4)", -1);
	if (!cc_pow2(d->queue_max) || d->queue_max > 32768)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "queue_size",
				   d->queue_max,
				   "not a power of two up to 32768", -1);
	if (d->config_len > HV_VIRTIO_CONFIG_MAX)
		return hv_cfg_fail(err, HV_EINVAL, f, i, "config_len",
				   d->config_len, "more than 64 bytes", -1);
	if (!(d->features & ((hv_u64)1 << 32)))
		return hv_cfg_fail(
			err, HV_EINVAL, f, i, "features", d->features,
			"VIRTIO_F_VERSION_1 missing (only modern devices)", -1);
	return 0;
}

static int cc_check_virtio(const struct hv_zone_config *cfg,
			   struct hv_cfg_error *err)
{
	unsigned int i;
	int ret;

	if (cfg->num_virtio > HV_MAX_VIRTIO)
		return hv_cfg_fail(err, HV_E2BIG, "virtio", -1, NULL,
				   cfg->num_virtio,
				   "more devices than HV_MAX_VIRTIO (8)", -1);
	if (cfg->num_virtio && cfg->zone_id == 0)
		return hv_cfg_fail(err, HV_EINVAL, "virtio", -1, NULL,
				   cfg->num_virtio,
				   "zone0 serves virtio devices, it has none",
				   -1);
	for (i = 0; i < cfg->num_virtio; i++) {
		ret = cc_check_virtio_dev(cfg, (int)i, err);
		if (ret)
			return ret;
	}
	if (!cfg->event_irq)
		return 0;
	if (cfg->zone_id != 0)
		return hv_cfg_fail(err, HV_EINVAL, "event_irq", -1, NULL,
				   cfg->event_irq,
				   "only zone0 has an event channel", -1);
	if (!hv_cfg_irq_listed(cfg, cfg->event_irq))
		return hv_cfg_fail(err, HV_EINVAL, "event_irq", -1, NULL,
				   cfg->event_irq,
				   "not one of the zone's interrupts", -1);
	return 0;
}

/* A process zone runs one program on one CPU: its supervisor in zone0 is
 * all the devices it has (docs/process-zones.md). */
static int cc_check_process(const struct hv_zone_config *cfg,
			    struct hv_cfg_error *err)
{
	const char *why = NULL;

	if (!(cfg->flags & HV_ZONE_PROCESS))
		return 0;
	if (cfg->cpus & (cfg->cpus - 1))
		why = "a process zone has one CPU";
	else if (cfg->num_irqs || cfg->num_virtio || cfg->num_ivc ||
		 cfg->console_base)
		why = "a process zone has no interrupts, devices or console";
	if (why)
		return hv_cfg_fail(err, HV_EINVAL, "flags", -1, NULL,
				   cfg->flags, why, -1);
	return 0;
}

int hv_config_check(const struct hv_zone_config *cfg, unsigned int num_cpus,
		    struct hv_cfg_error *err)
{
	int ret;

	if (!cfg)
		return hv_cfg_fail(err, HV_EINVAL, "size", -1, NULL, 0,
				   "missing", -1);
	/* A mismatched build would misread every field below. */
	if (cfg->magic != HV_ABI_MAGIC)
		return hv_cfg_fail(err, HV_EPROTO, "magic", -1, NULL,
				   cfg->magic,
				   "wrong magic (not a zone config)", -1);
	if (cfg->version != HV_ABI_VERSION)
		return hv_cfg_fail(err, HV_EPROTO, "version", -1, NULL,
				   cfg->version, "unsupported ABI version", -1);
	if (cfg->size != sizeof(*cfg))
		return hv_cfg_fail(err, HV_EPROTO, "size", -1, NULL, cfg->size,
				   "wrong structure size", -1);
	if (cfg->zone_id >= HV_MAX_ZONES)
		return hv_cfg_fail(err, HV_EINVAL, "zone_id", -1, NULL,
				   cfg->zone_id, "out of range (0..7)", -1);
	ret = cc_check_name(cfg, err);
	if (ret)
		return ret;
	if (num_cpus > HV_MAX_CPUS)
		num_cpus = HV_MAX_CPUS;
	ret = cc_check_cpus(cfg, num_cpus, err);
	if (ret)
		return ret;
	if (cfg->num_mem_regions > HV_MAX_MEM_REGIONS)
		return hv_cfg_fail(err, HV_E2BIG, "memory_regions", -1, NULL,
				   cfg->num_mem_regions,
				   "more regions than HV_MAX_MEM_REGIONS", -1);
	if (cfg->num_irqs > HV_MAX_IRQS)
		return hv_cfg_fail(err, HV_E2BIG, "interrupts", -1, NULL,
				   cfg->num_irqs,
				   "more interrupts than HV_MAX_IRQS", -1);
	ret = cc_check_regions(cfg, err);
	if (ret)
		return ret;
	ret = cc_check_irqs(cfg, err);
	if (ret)
		return ret;
	ret = cc_check_boot(cfg, err);
	if (ret)
		return ret;
	ret = cc_check_arch(cfg, err);
	if (ret)
		return ret;
	ret = cc_check_console(cfg, err);
	if (ret)
		return ret;
	ret = cc_check_virtio(cfg, err);
	if (ret)
		return ret;
	ret = hv_config_check_ivc(cfg, err);
	if (ret)
		return ret;
	if (cfg->flags & ~(hv_u32)(HV_ZONE_CONSOLE_MIRROR |
				   HV_ZONE_START_PAUSED | HV_ZONE_CHECK_ONLY |
				   HV_ZONE_ON_RESET_STOP | HV_ZONE_PROCESS))
		return hv_cfg_fail(err, HV_EINVAL, "flags", -1, NULL,
				   cfg->flags, "unknown flag", -1);
	return cc_check_process(cfg, err);
}

const char *hv_strerror(int code)
{
	if (code < 0)
		code = -code;
	switch (code) {
	case 0:
		return "success";
	case HV_EPERM:
		return "not permitted (only zone0 may do this)";
	case HV_ENOENT:
		return "no such zone";
	case HV_E2BIG:
		return "more entries than the ABI allows";
	case HV_ENOMEM:
		return "out of hypervisor memory";
	case HV_EFAULT:
		return "buffer outside the caller's RAM";
	case HV_EBUSY:
		return "resource held by another zone";
	case HV_EEXIST:
		return "zone id or name already in use";
	case HV_EINVAL:
		return "invalid argument or config";
	case HV_ENOSYS:
		return "unknown hypercall";
	case HV_EPROTO:
		return "ABI mismatch between hypervisor and caller";
	default:
		return "unknown error";
	}
}

struct cc_buf {
	char *p;
	unsigned int size, len;
};

static void cc_puts(struct cc_buf *b, const char *s)
{
	for (; s && *s; s++)
		if (b->len + 1 < b->size)
			b->p[b->len++] = *s;
}

static void cc_putnum(struct cc_buf *b, hv_u64 v, unsigned int base)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (base == 16)
		cc_puts(b, "0x");
	while (n) {
		char c[2] = { tmp[--n], 0 };

		cc_puts(b, c);
	}
}

static int cc_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Fields whose values read best in decimal. */
static int cc_decimal(const char *field, const char *sub)
{
	if (sub)
		return cc_streq(sub, "irq") || cc_streq(sub, "num_queues") ||
		       cc_streq(sub, "queue_size") || cc_streq(sub, "type") ||
		       cc_streq(sub, "config_len") ||
		       cc_streq(sub, "gic_version") ||
		       cc_streq(sub, "ivc_id") || cc_streq(sub, "peer_id") ||
		       cc_streq(sub, "max_peers") ||
		       cc_streq(sub, "interrupt_num");
	return cc_streq(field, "zone_id") || cc_streq(field, "cpus") ||
	       cc_streq(field, "interrupts") || cc_streq(field, "event_irq") ||
	       cc_streq(field, "virtio");
}

void hv_cfg_error_format(const struct hv_cfg_error *e, char *buf,
			 unsigned int size)
{
	struct cc_buf b = { buf, size, 0 };

	if (!size)
		return;
	cc_puts(&b, e->field);
	if (e->index >= 0) {
		cc_puts(&b, "[");
		cc_putnum(&b, (hv_u64)e->index, 10);
		cc_puts(&b, "]");
	}
	if (e->sub) {
		cc_puts(&b, ".");
		cc_puts(&b, e->sub);
	}
	cc_puts(&b, ": ");
	if (!cc_streq(e->field, "name")) { /* a name is no number */
		cc_putnum(&b, e->value, cc_decimal(e->field, e->sub) ? 10 : 16);
		cc_puts(&b, ": ");
	}
	cc_puts(&b, e->rule);
	if (e->other >= 0) {
		cc_puts(&b, "[");
		cc_putnum(&b, (hv_u64)e->other, 10);
		cc_puts(&b, "]");
	}
	if (e->zone >= 0) {
		cc_puts(&b, e->other >= 0 ? " of zone " : " ");
		cc_putnum(&b, (hv_u64)e->zone, 10);
	}
	b.p[b.len] = 0;
}

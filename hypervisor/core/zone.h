/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_ZONE_H
#define HV_ZONE_H

#include "core/types.h"
#include "core/mmio.h"
#include "arch/aarch64/stage2.h"
#include "arch/aarch64/spinlock.h"

#define IRQ_BITMAP_WORDS ((HV_MAX_INTID + 1 + 63) / 64)

struct zone {
	bool used;
	u32 id;
	u32 state; /* HV_ZONE_* */
	char name[HV_NAME_LEN];
	char reason[64];
	struct hv_zone_config cfg;
	u64 cpus;
	u16 vmid;
	struct s2_table s2;
	u64 irqs[IRQ_BITMAP_WORDS]; /* SPIs the zone owns */
	struct mmio_region mmio[ZONE_MAX_MMIO];
	unsigned int nr_mmio;
	unsigned int nr_refused; /* refused accesses logged so far */
	spinlock_t lock;
};

extern struct zone zones[HV_MAX_ZONES];

static inline bool zone_owns_irq(const struct zone *z, u32 intid)
{
	return intid <= HV_MAX_INTID && (z->irqs[intid / 64] & BIT(intid % 64));
}

static inline bool zone_has_cpu(const struct zone *z, unsigned int cpu)
{
	return cpu < 64 && (z->cpus & BIT(cpu));
}

struct zone *zone_create(const struct hv_zone_config *cfg);
/* Start the zone's boot CPU at its entry point with x0 = DTB. */
void zone_start(struct zone *z);
/* Stop every CPU of the zone and record why (state HV_ZONE_FAILED). */
void zone_fail(struct zone *z, const char *reason);
bool zone_is_root(const struct zone *z);
/* Is [addr, addr+size) inside one of the zone's RAM regions (guest view)?
 * Returns the physical address through *pa. */
bool zone_ram_range(const struct zone *z, u64 addr, u64 size, u64 *pa);
void zone_print_table(void);

#endif

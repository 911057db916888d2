// SPDX-License-Identifier: GPL-2.0
#include "core/mmio.h"
#include "core/lib.h"
#include "core/printk.h"
#include "core/zone.h"

int mmio_register(struct zone *z, u64 base, u64 size, mmio_handler_t fn,
		  void *arg, const char *name, u32 index)
{
	if (z->nr_mmio >= ZONE_MAX_MMIO)
		return -HV_ENOMEM;
	z->mmio[z->nr_mmio++] =
		(struct mmio_region){ base, size, fn, arg, name, index, 0 };
	return 0;
}

void mmio_stats(const struct zone *z, struct hv_zone_status *s)
{
	unsigned int i;

	for (i = 0; i < z->nr_mmio && i < HV_MAX_MMIO_STATS; i++) {
		const struct mmio_region *r = &z->mmio[i];
		struct hv_mmio_stats *m = &s->mmio[i];

		if (r->index != MMIO_NO_INDEX)
			snprintf_hv(m->name, sizeof(m->name), "%s%u", r->name,
				    r->index);
		else
			strlcpy_hv(m->name, r->name, sizeof(m->name));
		m->base = r->base;
		m->traps = __atomic_load_n(&r->traps, __ATOMIC_RELAXED);
	}
	s->num_mmio = i;
}

bool mmio_covers(const struct zone *z, u64 ipa)
{
	unsigned int i;

	for (i = 0; i < z->nr_mmio; i++)
		if (ipa >= z->mmio[i].base &&
		    ipa - z->mmio[i].base < z->mmio[i].size)
			return true;
	return false;
}

int mmio_dispatch(struct zone *z, u64 ipa, struct mmio_access *a)
{
	unsigned int i;

	for (i = 0; i < z->nr_mmio; i++) {
		struct mmio_region *r = &z->mmio[i];

		/* the whole access inside the region, or no handler sees it */
		if (ipa >= r->base && ipa - r->base < r->size &&
		    a->size <= r->size - (ipa - r->base)) {
			a->addr = ipa - r->base;
			/* an SMP zone's CPUs count here at once */
			__atomic_fetch_add(&r->traps, 1, __ATOMIC_RELAXED);
			return r->handler(z, a, r->arg);
		}
	}
	return -HV_ENOENT;
}

// SPDX-License-Identifier: GPL-2.0
#include "core/mmio.h"
#include "core/zone.h"

int mmio_register(struct zone *z, u64 base, u64 size, mmio_handler_t fn,
		  void *arg)
{
	if (z->nr_mmio >= ZONE_MAX_MMIO)
		return -HV_ENOMEM;
	z->mmio[z->nr_mmio++] = (struct mmio_region){ base, size, fn, arg };
	return 0;
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
			return r->handler(z, a, r->arg);
		}
	}
	return -HV_ENOENT;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Emulated MMIO: a zone's trapped device regions, registered by address. */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include "core/types.h"

struct zone;

struct mmio_access {
	u64 addr; /* offset from the region's base */
	unsigned int size; /* 1, 2, 4 or 8 bytes */
	bool write;
	u64 value; /* in for writes, out for reads */
};

/* Returns 0 when handled, -HV_EPERM to refuse (the guest gets an abort),
 * MMIO_RETRY to leave the access undone: the guest executes it again (a
 * write that must wait for something, without holding its CPU at EL2). */
#define MMIO_RETRY 1
typedef int (*mmio_handler_t)(struct zone *z, struct mmio_access *a, void *arg);

struct mmio_region {
	u64 base, size;
	mmio_handler_t handler;
	void *arg;
	const char *name; /* for `hvisor zone stats`: "gicd", "virtio", ... */
	u32 index; /* of a device of its kind (virtio2, ivc0), or: */
#define MMIO_NO_INDEX 0xffffffffu /* the only one: gicd, console */
	u64 traps; /* accesses dispatched to it */
};

#define ZONE_MAX_MMIO HV_MAX_MMIO_STATS /* GIC, console, virtio, ivc */

int mmio_register(struct zone *z, u64 base, u64 size, mmio_handler_t fn,
		  void *arg, const char *name, u32 index);
/* The zone's regions and their counts, for HV_HC_ZONE_LIST. */
void mmio_stats(const struct zone *z, struct hv_zone_status *s);
/* Does a region cover the address? */
bool mmio_covers(const struct zone *z, u64 ipa);
/* -HV_ENOENT if no region covers the address */
int mmio_dispatch(struct zone *z, u64 ipa, struct mmio_access *a);

#endif

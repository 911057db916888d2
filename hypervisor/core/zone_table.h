/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone table's lock, for the two files that hold it: zone.c (which
 * changes the table) and zone_query.c (which answers zone0 from it).
 */
#ifndef HV_ZONE_TABLE_H
#define HV_ZONE_TABLE_H

#include "core/spinlock.h"
#include "core/zone.h"

extern spinlock_t zones_lock;
/* The live zone with that id, or NULL; zones_lock held. */
struct zone *zone_find_locked(u32 id);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records of zones that ended, as `hvisor zone list` shows them: pure
 * bookkeeping (no locks, no kernel calls), so that the host unit tests
 * (tests/unit/test_ended.c) run the same code as hvisor.ko.
 */
#ifndef HVISOR_DRIVER_ENDED_H
#define HVISOR_DRIVER_ENDED_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#endif
#include <hvisor/ioctl.h>

struct ended_rec {
	bool used;
	hv_u32 id;
	hv_u64 seq; /* when it ended, in event order: the oldest gives way */
	hv_u32 at; /* seconds since the epoch */
	char name[HV_NAME_LEN];
	char reason[64];
};

struct ended_table {
	struct ended_rec rec[HVISOR_MAX_ENDED];
};

/* Record that zone id ended (replacing an older record of the same id;
 * when full, the record that ended first gives way). */
void ended_add(struct ended_table *t, hv_u32 id, const char *name,
	       const char *reason, hv_u64 seq, hv_u32 at);
/* Drop the record of zone id; false if there was none. */
bool ended_forget(struct ended_table *t, hv_u32 id);
/* Append to st[live..capacity) the records whose id is not among the
 * running zones st[0..live); returns the new count. */
unsigned int ended_list(const struct ended_table *t, struct hv_zone_status *st,
			unsigned int live, unsigned int capacity);

#endif

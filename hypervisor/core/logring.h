/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's log, kept: every line printk writes to the UART also goes
 * to a ring in the hypervisor's memory, which zone0 reads through
 * HV_HC_LOG (`hvisor dmesg`), so an operator without the UART sees what the
 * hypervisor said. A reader keeps a cursor counting every byte ever
 * written; what the ring overwrote before it was read is counted as lost.
 * Pure logic: the caller holds the console lock.
 */
#ifndef HV_CORE_LOGRING_H
#define HV_CORE_LOGRING_H

#include "core/types.h"

struct logring {
	char *buf;
	u64 size; /* a power of two */
	u64 head; /* bytes ever written */
};

void logring_put(struct logring *r, const char *s, u64 len);
/*
 * Copy up to max bytes from *cursor into out; *cursor moves past them. A
 * cursor behind the oldest byte kept first moves to it, and *lost gets the
 * bytes skipped; a cursor ahead of the ring (another boot's) starts over
 * at the oldest byte. Returns the bytes copied.
 */
u64 logring_read(const struct logring *r, u64 *cursor, char *out, u64 max,
		 u64 *lost);

/* printk.c's ring, read under the console lock (HV_HC_LOG) */
u64 log_read(u64 *cursor, char *out, u64 max, u64 *lost);

#endif

/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * How long a backend keeps watching a device's ring after serving it,
 * before it asks the guest for a notify and sleeps. The window adapts as
 * KVM's halt polling does: a request that came after the window but
 * within the device's limit grows it (it would have been caught), an idle
 * gap longer than the limit shrinks it, down to zero. While it is open
 * the guest adds requests without trapping, and zone0 takes no interrupt
 * and no wake-up for them. Pure logic, in nanoseconds of any clock.
 */
#ifndef HVISOR_TOOL_VPOLL_H
#define HVISOR_TOOL_VPOLL_H

#include <stdbool.h>
#include <stdint.h>

#define VPOLL_START_NS 10000u /* the first window after a late request */

struct vpoll {
	uint32_t max_ns; /* the device's limit (config poll_us); 0: never */
	uint32_t win_ns; /* the window now */
	uint64_t since; /* when the device last ran out of work */
	bool on; /* the window is open: notifications are off */
	/* counters: requests the window caught, windows that ran out, and
	 * notifies that changed the window (late: grown, idle: shrunk) */
	uint64_t hits, misses, late, idle;
};

/* The device ran out of work at now: true if its window opens (keep the
 * guest's notifications off and watch the ring), false if it sleeps. */
bool vpoll_begin(struct vpoll *p, uint64_t now);
/* The open window ran out at or before now (then notify and sleep). */
bool vpoll_expired(const struct vpoll *p, uint64_t now);
/* Work found in the open window; the window closes until the next begin. */
void vpoll_hit(struct vpoll *p);
/* The open window ran out with nothing found. */
void vpoll_miss(struct vpoll *p);
/* A guest's notify woke the device at now: adapt the window to the gap. */
void vpoll_woken(struct vpoll *p, uint64_t now);

#endif

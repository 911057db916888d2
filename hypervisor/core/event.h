/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event channel to zone0: a ring in zone0's RAM (struct hv_event_ring,
 * registered by hvisor.ko with HV_HC_EVENTS) and zone0's event_irq. Events
 * tell zone0's backends what a guest did to its virtio devices and tell the
 * driver that a zone ended or reset. Posting never blocks. A zone's device
 * events take at most its share of the ring (one zone cannot crowd out
 * another's), a QueueNotify is merged into an unread one of the same
 * queue, and zone0 is interrupted only when it may not see an event
 * otherwise (abi.h): a guest cannot turn its writes into an interrupt
 * storm in zone0.
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include "core/types.h"

struct zone;

/* HV_HC_EVENTS: use the ring at guest address addr of zone0 (bytes long),
 * or stop using any when bytes is 0. */
int event_setup(struct zone *root, u64 addr, u64 bytes);
/* Is somebody in zone0 listening? */
bool event_channel_open(void);

#define EVENT_POSTED 0
#define EVENT_MERGED 1 /* *merge named an event still unread: nothing posted */
#define EVENT_DROPPED 2 /* no channel, or the ring or the zone's share full */

/*
 * Copy e into the ring for the zone in slot `slot` of the zone table
 * (lifecycle events may use the ring's reserve; device events only the
 * zone's share). With merge non-NULL: if *merge names an event still
 * unread, post nothing; else post and make *merge name this one.
 */
int event_post(const struct hv_event *e, unsigned int slot, u64 *merge);

#endif

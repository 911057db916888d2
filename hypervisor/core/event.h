/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event channel to zone0: a ring in zone0's RAM (struct hv_event_ring,
 * registered by hvisor.ko with HV_HC_EVENTS) and zone0's event_irq, which
 * the hypervisor raises after posting. Events tell zone0's backends what a
 * guest did to its virtio devices and tell the driver that a zone ended or
 * reset. Posting never blocks: a full ring counts an overflow instead.
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
/* Copy e into the ring and raise zone0's event interrupt. False if there
 * is no channel or the ring was full (the overflow is counted). */
bool event_post(const struct hv_event *e);

#endif

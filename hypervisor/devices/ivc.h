/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels between zones (docs/ivc.md): memory from the page pool that the
 * zones naming one ivc_id share, and each zone's trapped control table,
 * whose writes ring a peer's doorbell (its SPI, pended in the distributor
 * as hardware would) or change the zone's state word. A channel exists
 * while any of its peers does; a peer that leaves has its output section
 * zeroed and its state word cleared, and the others hear it.
 */
#ifndef HV_DEVICES_IVC_H
#define HV_DEVICES_IVC_H

#include "core/types.h"

struct zone;
struct ivc_chan;

/* a zone's end of one channel: the control table's handler argument */
struct ivc_port {
	struct ivc_chan *chan;
	u32 peer; /* the zone's peer id */
};

/* Join the zone's channels (creating those nobody else has yet) and map
 * them; under the zone table lock, before the zone runs. */
int ivc_zone_init(struct zone *z);
/* Leave them: its CPUs stopped, its stage 2 gone. A channel nobody is
 * left in is scrubbed and its pages go back to the pool. */
void ivc_zone_exit(struct zone *z);
/* The zone stopped running (reset, failure, power-off pending teardown):
 * its state words become 0 and its peers hear it; with scrub (its CPUs
 * stopped) its output sections are zeroed as well. */
void ivc_zone_down(struct zone *z, bool scrub);

#endif

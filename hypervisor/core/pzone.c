// SPDX-License-Identifier: GPL-2.0
/*
 * Process zones (docs/process-zones.md): the HV_HC_PZ_* hypercalls.
 * The runtime in the zone and its supervisor in zone0 share a page of the
 * zone's RAM. A call: the runtime fills the page and makes HV_HC_PZ_CALL
 * (an event for the supervisor), then HV_HC_PZ_WAIT until the answer is
 * in; the supervisor answers in the page and makes HV_HC_PZ_KICK. The
 * kick is a flag and an SGI: a kick that comes before the wait is not
 * lost, and the CPU sleeps in between.
 */
#include "core/zone.h"
#include "core/event.h"
#include "core/percpu.h"
#include "arch.h"

static bool is_process(const struct zone *z)
{
	return z && (z->cfg.flags & HV_ZONE_PROCESS);
}

int zone_pz_call(struct zone *caller)
{
	struct hv_event e = { .type = HV_EVT_PZ_CALL };

	if (!is_process(caller))
		return -HV_EPERM;
	e.zone_id = caller->id;
	return event_post(&e, zone_slot(caller), &caller->pz_token) ==
			       EVENT_DROPPED
		       ? -HV_EBUSY
		       : 0;
}

int zone_pz_wait(struct zone *caller)
{
	struct percpu *pc = this_cpu();

	if (!is_process(caller))
		return -HV_EPERM;
	if (__atomic_fetch_and(&pc->events, ~EVT_PZ_KICK, __ATOMIC_ACQUIRE) &
	    EVT_PZ_KICK)
		return 0;
	/* IRQs are masked here; a pending one (the kick's SGI, or a stop)
	 * ends the wait and is taken as soon as the zone runs again */
	arch_cpu_wait();
	return 1;
}

static int kick(struct zone *z, void *arg)
{
	(void)arg;
	if (!is_process(z))
		return -HV_EINVAL;
	__atomic_or_fetch(&per_cpu(z->boot_cpu)->events, EVT_PZ_KICK,
			  __ATOMIC_RELEASE);
	arch_send_event(z->boot_cpu);
	return 0;
}

int zone_pz_kick(u32 id)
{
	/* under the zones' lock: the zone cannot go while its CPU is kicked */
	return zone_with(id, kick, NULL);
}

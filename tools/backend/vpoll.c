// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The adaptive polling window of a backend's device (vpoll.h). */
#include "vpoll.h"

bool vpoll_begin(struct vpoll *p, uint64_t now)
{
	p->since = now;
	p->on = p->win_ns > 0;
	return p->on;
}

bool vpoll_expired(const struct vpoll *p, uint64_t now)
{
	return p->on && now - p->since >= p->win_ns;
}

void vpoll_hit(struct vpoll *p)
{
	p->on = false;
	p->hits++;
}

void vpoll_miss(struct vpoll *p)
{
	p->on = false;
	p->misses++;
}

void vpoll_woken(struct vpoll *p, uint64_t now)
{
	uint64_t gap = now - p->since;

	if (p->on || !p->max_ns || gap <= p->win_ns)
		return;
	if (gap <= p->max_ns) {
		/* a longer window would have caught it */
		uint64_t w = p->win_ns ? 2ULL * p->win_ns : VPOLL_START_NS;

		p->win_ns = (uint32_t)(w < p->max_ns ? w : p->max_ns);
		p->late++;
	} else if (p->win_ns) {
		/* idle longer than any window: polling would only burn CPU */
		p->win_ns /= 2;
		if (p->win_ns < VPOLL_START_NS)
			p->win_ns = 0;
		p->idle++;
	}
}

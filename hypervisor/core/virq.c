// SPDX-License-Identifier: GPL-2.0
#include "core/virq.h"
#include "core/zone.h"

static struct virq *find(const struct zone *z, u32 intid)
{
	unsigned int i;

	for (i = 0; intid && i < ZONE_MAX_VIRQS; i++)
		if (z->virqs[i].intid == intid)
			return (struct virq *)&z->virqs[i];
	return NULL;
}

int virq_register(struct zone *z, u32 intid, const struct virq_ops *ops,
		  void *arg)
{
	struct virq *v = find(z, 0);
	unsigned int i;

	if (!intid || find(z, intid))
		return -HV_EBUSY;
	for (i = 0; i < ZONE_MAX_VIRQS && !v; i++)
		if (!z->virqs[i].intid)
			v = &z->virqs[i];
	if (!v)
		return -HV_ENOMEM;
	*v = (struct virq){ .intid = intid, .ops = ops, .arg = arg };
	return 0;
}

bool virq_owned(const struct zone *z, u32 intid)
{
	return find(z, intid);
}

bool virq_enabled(const struct zone *z, u32 intid)
{
	const struct virq *v = find(z, intid);

	return v && READ_ONCE(v->enabled);
}

void virq_set_enabled(struct zone *z, u32 intid, bool on)
{
	struct virq *v = find(z, intid);

	if (!v)
		return;
	WRITE_ONCE(v->enabled, on);
	if (v->ops->enable)
		v->ops->enable(z, v->arg, on);
}

void virq_eoi(struct zone *z, u32 intid)
{
	struct virq *v = find(z, intid);

	if (v && v->ops->eoi)
		v->ops->eoi(z, v->arg);
}

void virq_reset(struct zone *z)
{
	unsigned int i;

	for (i = 0; i < ZONE_MAX_VIRQS; i++)
		WRITE_ONCE(z->virqs[i].enabled, false);
}

// SPDX-License-Identifier: GPL-2.0
/* The records of zones that ended (see ended.h). */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif
#include "ended.h"

static void copy_str(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

static struct ended_rec *find(struct ended_table *t, hv_u32 id)
{
	unsigned int i;

	for (i = 0; i < HVISOR_MAX_ENDED; i++)
		if (t->rec[i].used && t->rec[i].id == id)
			return &t->rec[i];
	return NULL;
}

void ended_add(struct ended_table *t, hv_u32 id, const char *name,
	       const char *reason, hv_u64 seq, hv_u32 at)
{
	struct ended_rec *e = find(t, id), *oldest = NULL;
	unsigned int i;

	for (i = 0; !e && i < HVISOR_MAX_ENDED; i++) {
		if (!t->rec[i].used) {
			e = &t->rec[i];
			break;
		}
		if (!oldest || t->rec[i].seq < oldest->seq)
			oldest = &t->rec[i];
	}
	if (!e)
		e = oldest;
	e->used = true;
	e->id = id;
	e->seq = seq;
	e->at = at;
	copy_str(e->name, name, sizeof(e->name));
	copy_str(e->reason, reason, sizeof(e->reason));
}

bool ended_forget(struct ended_table *t, hv_u32 id)
{
	struct ended_rec *e = find(t, id);

	if (e)
		e->used = false;
	return e;
}

unsigned int ended_list(const struct ended_table *t, struct hv_zone_status *st,
			unsigned int live, unsigned int capacity)
{
	unsigned int i, j, n = live;

	for (i = 0; i < HVISOR_MAX_ENDED && n < capacity; i++) {
		const struct ended_rec *e = &t->rec[i];
		bool running = false;

		if (!e->used)
			continue;
		for (j = 0; j < live; j++) /* started again meanwhile */
			running |= st[j].zone_id == e->id;
		if (running)
			continue;
		memset(&st[n], 0, sizeof(st[n]));
		st[n].zone_id = e->id;
		st[n].state = HV_ZONE_STOPPED;
		st[n].ended_at = e->at;
		copy_str(st[n].name, e->name, sizeof(st[n].name));
		copy_str(st[n].reason, e->reason, sizeof(st[n].reason));
		n++;
	}
	return n;
}

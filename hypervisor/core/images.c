// SPDX-License-Identifier: GPL-2.0
#include "core/images.h"
#include "core/zone.h"
#include "core/printk.h"
#include "arch/aarch64/arch.h"
#include "arch/aarch64/spinlock.h"
#include "board.h"

#define NR_SLOTS (HV_MAX_ZONES + 1) /* one per zone, one staging */
#define SLOT_SIZE (BOARD_SAVE_SIZE / NR_SLOTS / SZ_2M * SZ_2M)

struct image {
	u64 dst, size, off;
};

struct slot {
	bool used;
	unsigned int n;
	u64 fill;
	struct image img[ZONE_MAX_IMAGES];
};

static struct slot slots[NR_SLOTS];
static int staging = -1;
static spinlock_t images_lock = SPINLOCK_INIT;

static u64 slot_base(int i)
{
	return BOARD_SAVE_BASE + (u64)i * SLOT_SIZE;
}

static int take_free_slot(void)
{
	int i;

	for (i = 0; i < NR_SLOTS; i++)
		if (!slots[i].used) {
			slots[i].used = true;
			slots[i].n = 0;
			slots[i].fill = 0;
			return i;
		}
	return -1;
}

int images_stage(u64 dst, const void *src, u64 size)
{
	struct slot *s;
	struct image *last;
	int ret = 0;

	spin_lock(&images_lock);
	if (staging < 0)
		staging = take_free_slot();
	if (staging < 0) {
		ret = -HV_ENOMEM;
		goto out;
	}
	s = &slots[staging];
	if (size > SLOT_SIZE - s->fill) {
		ret = -HV_ENOMEM;
		goto out;
	}
	last = s->n ? &s->img[s->n - 1] : NULL;
	/* the driver loads an image in pieces: one entry per image */
	if (last && last->dst + last->size == dst &&
	    last->off + last->size == s->fill) {
		last->size += size;
	} else if (s->n < ZONE_MAX_IMAGES) {
		s->img[s->n++] = (struct image){ dst, size, s->fill };
	} else {
		ret = -HV_E2BIG;
		goto out;
	}
	arch_mem_load(slot_base(staging) + s->fill, src, size);
	s->fill += size;
out:
	spin_unlock(&images_lock);
	if (ret)
		pr_warn("image copy for reset not kept (%d): a reset of that zone will not find its images\n",
			ret);
	return ret;
}

void images_claim(struct zone *z)
{
	struct slot *s;
	unsigned int i, n = 0;

	spin_lock(&images_lock);
	z->image_slot = -1;
	if (staging >= 0) {
		s = &slots[staging];
		for (i = 0; i < s->n; i++)
			if (zone_phys_ram_range(z, s->img[i].dst,
						s->img[i].size))
				s->img[n++] = s->img[i];
		s->n = n;
		z->image_slot = staging;
		staging = -1;
	}
	spin_unlock(&images_lock);
}

void images_discard(void)
{
	unsigned int k;

	spin_lock(&images_lock);
	if (staging >= 0) {
		/* what was loaded for the refused start leaves nothing in the
		 * free RAM it went to either */
		for (k = 0; k < slots[staging].n; k++)
			arch_mem_scrub(slots[staging].img[k].dst,
				       slots[staging].img[k].size);
		slots[staging].n = 0;
		slots[staging].fill = 0;
	}
	spin_unlock(&images_lock);
}

void images_release(struct zone *z)
{
	spin_lock(&images_lock);
	if (z->image_slot >= 0)
		slots[z->image_slot].used = false;
	z->image_slot = -1;
	spin_unlock(&images_lock);
}

void images_restore(struct zone *z)
{
	struct slot *s;
	unsigned int i;

	if (z->image_slot < 0)
		return;
	s = &slots[z->image_slot];
	for (i = 0; i < s->n; i++)
		arch_mem_load(s->img[i].dst,
			      (const void *)(slot_base(z->image_slot) +
					     s->img[i].off),
			      s->img[i].size);
}

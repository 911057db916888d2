// SPDX-License-Identifier: GPL-2.0
#include "core/mm.h"
#include "core/lib.h"
#include "core/spinlock.h"

#define MM_MAX_PAGES 2048 /* 8 MiB */

static u64 pool_base;
static unsigned long pool_pages, pool_free, pool_hint;
static unsigned long pool_low; /* fewest free pages ever: the high-water mark */
static u64 used[MM_MAX_PAGES / 64];
static spinlock_t mm_lock = SPINLOCK_INIT;

void mm_init(u64 start, u64 end)
{
	pool_base = ALIGN_UP(start, PAGE_SIZE);
	pool_pages = (end - pool_base) / PAGE_SIZE;
	if (pool_pages > MM_MAX_PAGES)
		pool_pages = MM_MAX_PAGES;
	pool_free = pool_low = pool_pages;
}

void *page_alloc(void)
{
	unsigned long i, n;
	void *p = NULL;

	spin_lock(&mm_lock);
	for (n = 0; n < pool_pages; n++) {
		i = (pool_hint + n) % pool_pages;
		if (!(used[i / 64] & BIT(i % 64))) {
			used[i / 64] |= BIT(i % 64);
			pool_free--;
			if (pool_free < pool_low)
				pool_low = pool_free;
			pool_hint = i + 1;
			p = (void *)(pool_base + i * PAGE_SIZE);
			break;
		}
	}
	spin_unlock(&mm_lock);
	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

void page_free(void *page)
{
	unsigned long i = ((u64)page - pool_base) / PAGE_SIZE;

	if (!page || i >= pool_pages)
		return;
	spin_lock(&mm_lock);
	if (used[i / 64] & BIT(i % 64)) {
		used[i / 64] &= ~BIT(i % 64);
		pool_free++;
	}
	spin_unlock(&mm_lock);
}

unsigned long mm_free_pages(void)
{
	return pool_free;
}

unsigned long mm_total_pages(void)
{
	return pool_pages;
}

unsigned long mm_max_used_pages(void)
{
	return pool_pages - pool_low;
}

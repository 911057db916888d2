/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket locks: fair, so a CPU spinning on the console lock cannot starve.
 * The architecture supplies the one atomic step, arch_ticket_take() (an
 * atomic add on aarch64, LL/SC on loongarch64).
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include "core/types.h"
#include "arch.h"

typedef struct {
	u32 next;
	u32 owner;
} spinlock_t;

#define SPINLOCK_INIT                                                          \
	{                                                                      \
		0, 0                                                           \
	}

static inline void spin_lock(spinlock_t *l)
{
	u32 me = arch_ticket_take(&l->next);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif

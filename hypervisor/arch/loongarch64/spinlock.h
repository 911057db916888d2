/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket locks on LL/SC, fair like aarch64's. Every lock lives in .bss:
 * this is why only the boot CPU may clear .bss (entry.S).
 */
#ifndef HV_ARCH_SPINLOCK_H
#define HV_ARCH_SPINLOCK_H

#include "core/types.h"

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
	u32 me, tmp;

	/* take a ticket: fetch-and-increment of next */
	asm volatile("1:	ll.w	%0, %2, 0\n"
		     "	addi.w	%1, %0, 1\n"
		     "	sc.w	%1, %2, 0\n"
		     "	beqz	%1, 1b\n"
		     : "=&r"(me), "=&r"(tmp)
		     : "r"(&l->next)
		     : "memory");
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif

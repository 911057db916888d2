/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The process-zone runtime (docs/process-zones.md): at EL1 under one Linux
 * program at EL0. It serves the program's memory calls itself and hands
 * every other system call to its supervisor in zone0.
 */
#ifndef PZ_RT_H
#define PZ_RT_H

#include "pt.h"

typedef hv_u64 u64;
typedef hv_u32 u32;
typedef long long s64;

#define RT_FRAME 288 /* start.S's FRAME: struct rt_frame, 16-aligned */

/* what the vectors save of the program: x0-x30, then these */
struct rt_frame {
	u64 x[31];
	u64 sp_el0, elr, spsr;
};

extern struct pz_comm *rt_comm;
extern u64 rt_poll_ticks;

/* start.S */
__attribute__((noreturn)) void rt_return(struct rt_frame *f);
u64 rt_hvc(u64 code);

/* rt.c: a call to the supervisor (PZ_CALL_*): its answer */
u64 rt_forward(u32 kind, u64 nr, const u64 *arg);
__attribute__((noreturn)) void rt_fatal(u64 esr, u64 far, u64 elr);

/* mem.c */
void mem_init(void);
/* a memory call the runtime serves: 1 with *ret set, or 0 */
int mem_syscall(u64 nr, const u64 *a, u64 *ret);
/* may EL1 read the program's instruction at va: its physical address */
int mem_user_pa(u64 va, u64 *pa);

void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

#endif

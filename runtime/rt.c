// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime's core: enter the program, take its exceptions. A system
 * call is the runtime's own when it is about memory (mem.c); any other
 * goes to the supervisor through the shared page, and the program waits
 * for the answer as it would in a kernel. A fault ends the program: the
 * supervisor hears what and where, and ends as the signal would.
 */
#include "rt.h"

#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_IABT_LOW 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_SP_ALIGN 0x26
#define NR_EXIT 93
#define NR_EXIT_GROUP 94

struct pz_comm *rt_comm;
u64 rt_poll_ticks; /* how long to poll for an answer before sleeping */

static void publish(u32 kind)
{
	rt_comm->kind = kind;
	/* the fields before the sequence number */
	__atomic_store_n(&rt_comm->seq, rt_comm->seq + 1, __ATOMIC_RELEASE);
}

static u64 counter(void)
{
	u64 v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static int answered(u32 seq)
{
	return __atomic_load_n(&rt_comm->done, __ATOMIC_ACQUIRE) == seq;
}

u64 rt_forward(u32 kind, u64 nr, const u64 *arg)
{
	unsigned int i;
	u64 until;
	u32 seq;

	rt_comm->nr = nr;
	for (i = 0; i < 6; i++)
		rt_comm->arg[i] = arg[i];
	publish(kind);
	seq = rt_comm->seq;
	rt_comm->forwarded_calls++;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&rt_comm->polling, __ATOMIC_RELAXED))
		rt_hvc(HV_HC_PZ_CALL);
	/* the CPU is ours alone: spinning a while costs nobody */
	until = counter() + rt_poll_ticks;
	while (!answered(seq) && counter() < until)
		asm volatile("yield");
	if (!answered(seq)) {
		rt_comm->sleeping = 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		/* the kick can come before the wait: the hypervisor keeps it */
		while (!answered(seq))
			rt_hvc(HV_HC_PZ_WAIT);
		rt_comm->sleeping = 0;
	}
	return rt_comm->ret;
}

/* The program is over: say so, and wait for the supervisor to end us. */
static __attribute__((noreturn)) void finish(u32 kind)
{
	publish(kind);
	for (;;) {
		rt_hvc(HV_HC_PZ_CALL);
		rt_hvc(HV_HC_PZ_WAIT);
	}
}

/* The program ends in a fault (the runtime's own, when runtime is 1): the
 * supervisor hears what, where, and by which instruction. */
static __attribute__((noreturn)) void report(u64 esr, u64 far, u64 elr,
					     u64 runtime)
{
	u64 pa;

	rt_comm->esr = esr;
	rt_comm->far = far;
	rt_comm->elr = elr;
	rt_comm->insn_ok = !runtime && !mem_user_pa(elr, &pa);
	if (rt_comm->insn_ok)
		rt_comm->insn = *(volatile u32 *)pa;
	rt_comm->arg[0] = runtime;
	finish(PZ_CALL_FAULT);
}

__attribute__((noreturn)) void rt_fatal(u64 esr, u64 far, u64 elr)
{
	report(esr, far, elr, 1);
}

static __attribute__((noreturn)) void fault(struct rt_frame *f, u64 esr)
{
	u64 far;

	asm volatile("mrs %0, far_el1" : "=r"(far));
	report(esr, far, f->elr, 0);
}

static void syscall(struct rt_frame *f)
{
	u64 nr = f->x[8], ret;

	if (nr == NR_EXIT || nr == NR_EXIT_GROUP) {
		rt_comm->arg[0] = f->x[0];
		finish(PZ_CALL_EXIT);
	}
	if (mem_syscall(nr, f->x, &ret)) {
		rt_comm->local_calls++;
		f->x[0] = ret;
		return;
	}
	f->x[0] = rt_forward(PZ_CALL_SYSCALL, nr, f->x);
}

void rt_sync(struct rt_frame *f)
{
	u64 esr;

	asm volatile("mrs %0, esr_el1" : "=r"(esr));
	if ((esr >> 26) == EC_SVC64)
		syscall(f);
	else
		fault(f, esr); /* aborts, undefined, alignment, brk, ... */
}

__attribute__((noreturn)) void rt_main(struct pz_comm *comm)
{
	/* at the top of our stack, where every exception's frame will be */
	struct rt_frame *f = (struct rt_frame *)((u64)comm - PZ_COMM_OFF +
						 PZ_STACK_TOP - RT_FRAME);

	rt_comm = comm;
	asm volatile("mrs %0, cntfrq_el0" : "=r"(rt_poll_ticks));
	rt_poll_ticks = rt_poll_ticks / 1000000 * PZ_POLL_US;
	mem_init();
	memset(f, 0, sizeof(*f));
	f->elr = comm->entry;
	f->sp_el0 = comm->sp;
	f->spsr = 0; /* EL0t, nothing masked */
	rt_return(f);
}

void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

// SPDX-License-Identifier: GPL-2.0
#include "core/vcpu.h"
#include "core/zone.h"
#include "core/printk.h"
#include "arch.h"
#include "core/spinlock.h"

void vcpu_park(void)
{
	struct percpu *pc = this_cpu();

	int running = VCPU_RUNNING;

	/* leaving a guest; a start already requested (boot) stays pending */
	__atomic_compare_exchange_n(&pc->vcpu_state, &running, VCPU_OFF, false,
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
	for (;;) {
		u32 ev = __atomic_exchange_n(&pc->events, 0, __ATOMIC_ACQUIRE);
		bool enter = false;
		u64 entry = 0, ctx = 0;

		/* pending -> running in one step under the lock: a zone stop
		 * sees either a start it can cancel or a CPU it must stop */
		if (ev & EVT_START) {
			spin_lock(&pc->lock);
			if (pc->zone && !READ_ONCE(pc->zone->stopping) &&
			    pc->vcpu_state == VCPU_ON_PENDING) {
				WRITE_ONCE(pc->vcpu_state, VCPU_RUNNING);
				entry = pc->boot_entry;
				ctx = pc->boot_ctx;
				enter = true;
			}
			spin_unlock(&pc->lock);
		}
		if (enter)
			arch_vcpu_enter(pc, entry, ctx);
		/* a kick arriving after the exchange is still pending here */
		arch_cpu_wait();
		arch_irq_poll();
	}
}

int vcpu_request_start(unsigned int cpu, u64 entry, u64 ctx)
{
	struct percpu *pc = per_cpu(cpu);
	int ret = 0;

	spin_lock(&pc->lock);
	/* no CPU may start into a zone being stopped (a sibling's CPU_ON
	 * racing the stop) */
	if (pc->vcpu_state != VCPU_OFF || !pc->zone ||
	    READ_ONCE(pc->zone->stopping)) {
		ret = -HV_EBUSY;
	} else {
		pc->boot_entry = entry;
		pc->boot_ctx = ctx;
		WRITE_ONCE(pc->vcpu_state, VCPU_ON_PENDING);
		__atomic_or_fetch(&pc->events, EVT_START, __ATOMIC_RELEASE);
	}
	spin_unlock(&pc->lock);
	if (!ret)
		arch_send_event(cpu);
	return ret;
}

void vcpu_request_stop(unsigned int cpu)
{
	__atomic_or_fetch(&per_cpu(cpu)->events, EVT_STOP, __ATOMIC_RELEASE);
	arch_send_event(cpu);
}

void vcpu_kick_console(unsigned int cpu)
{
	__atomic_or_fetch(&per_cpu(cpu)->events, EVT_CONSOLE, __ATOMIC_RELEASE);
	arch_send_event(cpu);
}

void vcpu_handle_events(void)
{
	struct percpu *pc = this_cpu();

	if (__atomic_load_n(&pc->events, __ATOMIC_ACQUIRE) & EVT_CONSOLE) {
		__atomic_and_fetch(&pc->events, ~EVT_CONSOLE, __ATOMIC_RELAXED);
		if (pc->zone && READ_ONCE(pc->vcpu_state) == VCPU_RUNNING)
			vconsole_update(pc->zone, false);
	}

	if (__atomic_load_n(&pc->events, __ATOMIC_ACQUIRE) & EVT_STOP) {
		__atomic_and_fetch(&pc->events, ~EVT_STOP, __ATOMIC_RELAXED);
		/* what the guest still held in the GIC must not outlive it */
		arch_vcpu_irq_release(pc);
		vcpu_park();
	}
}

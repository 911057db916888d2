/* SPDX-License-Identifier: GPL-2.0 */
/* vCPU life: parked in the hypervisor, started by CPU_ON or zone start,
 * stopped by CPU_OFF or by a zone stop. One vCPU per physical CPU. */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include "core/percpu.h"

__attribute__((noreturn)) void vcpu_park(void);
/* Ask a parked CPU to enter its zone at entry with x0 = ctx. Returns 0, or
 * -HV_EBUSY if that vCPU is not off. */
int vcpu_request_start(unsigned int cpu, u64 entry, u64 ctx);
/* Ask a CPU to leave its guest and park. */
void vcpu_request_stop(unsigned int cpu);
/* Tell a zone's CPU that its console has new input. */
void vcpu_kick_console(unsigned int cpu);
/* Act on events other CPUs posted to this one (called on every IRQ trap). */
void vcpu_handle_events(void);

#endif

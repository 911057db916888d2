/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual interrupt lines: interrupts of devices the hypervisor emulates
 * (a zone's console), which no hardware raises. A device model owns a line
 * of its zone and injects it with arch_inject_virq(); the interrupt
 * controller's emulation reports what the zone does with the line, through
 * here: enabled or disabled in its distributor, and finished (EOI). So the
 * GIC code knows no device and a device knows no GIC.
 */
#ifndef HV_CORE_VIRQ_H
#define HV_CORE_VIRQ_H

#include "core/types.h"

struct zone;

struct virq_ops {
	/* the zone enabled (or disabled) the line in its distributor */
	void (*enable)(struct zone *z, void *arg, bool on);
	/* the zone finished an injection of the line */
	void (*eoi)(struct zone *z, void *arg);
};

#define ZONE_MAX_VIRQS 4

struct virq {
	u32 intid; /* 0: unused */
	bool enabled; /* as the zone's distributor says */
	const struct virq_ops *ops;
	void *arg;
};

/* A device model takes the line intid of z. */
int virq_register(struct zone *z, u32 intid, const struct virq_ops *ops,
		  void *arg);
/* For the interrupt controller's emulation: is intid a virtual line of z
 * (then the hardware must not see the zone's writes for it)? */
bool virq_owned(const struct zone *z, u32 intid);
bool virq_enabled(const struct zone *z, u32 intid);
void virq_set_enabled(struct zone *z, u32 intid, bool on);
void virq_eoi(struct zone *z, u32 intid);
/* The zone resets: its lines disabled, as after power-on. */
void virq_reset(struct zone *z);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* The pure decisions of the GIC filter, kept free of hardware access so the
 * host unit tests exercise exactly the code the hypervisor runs. */
#ifndef HV_ARCH_VGIC_FILTER_H
#define HV_ARCH_VGIC_FILTER_H

#include "core/types.h"

/* Mask of the owned interrupts among nr interrupts from first_intid, with
 * `bits` register bits per interrupt (1, 2 or 8). SGIs/PPIs (< 32) and
 * INTIDs >= nr_irqs are never owned through the distributor. */
u64 vgic_own_mask(const u64 *owned, u32 nr_irqs, u64 first_intid,
		  unsigned int nr, unsigned int bits);

/* CPUs (bit mask) a trapped ICC_SGI1R_EL1 value may reach: only those in
 * zone_cpus; IRM=1 means all of them but `self`. */
u64 vgic_sgi_targets(u64 sgi1r, const u64 *mpidr, unsigned int ncpus,
		     u64 zone_cpus, unsigned int self);

/* May an SPI be routed (GICD_IROUTER value) this way? Only to exactly one
 * of the zone's CPUs. */
bool vgic_route_ok(u64 route, const u64 *mpidr, unsigned int ncpus,
		   u64 zone_cpus);

/* GICv2: the mask of the guest's own SGIs and PPIs (banked in the
 * distributor per CPU) among nr interrupts from first_intid, all but the
 * reserved ones. */
u64 vgic_private_mask(u32 reserved, u64 first_intid, unsigned int nr,
		      unsigned int bits);

/* GICv2: a trapped GICD_SGIR write. Returns the CPU interface target list
 * to send to (only the zone's CPUs; the filter field honoured, reserved
 * value 3 reaches nobody) and sets *cpus to the CPUs it names. */
u32 vgic_v2_sgi_targets(u32 sgir, const u8 *cpu_mask, unsigned int ncpus,
			u64 zone_cpus, unsigned int self, u64 *cpus);

/* GICv2: a write of nbytes ITARGETSR bytes: bytes the zone owns (bit i of
 * owned_bytes) take value's bits of the zone's CPU interfaces only; the
 * others keep old. Returns what to write. */
u32 vgic_v2_targets_filter(u32 value, unsigned int nbytes, u64 owned_bytes,
			   u8 zone_mask, u32 old);

#endif

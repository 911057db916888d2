// SPDX-License-Identifier: GPL-2.0
#include "arch/aarch64/vgic_filter.h"

#define MPIDR_AFF_MASK 0xff00ffffffUL

u64 vgic_own_mask(const u64 *owned, u32 nr_irqs, u64 first_intid,
		  unsigned int nr, unsigned int bits)
{
	u64 m = 0, one = BIT(bits) - 1;
	unsigned int i;

	for (i = 0; i < nr && i * bits < 64; i++) {
		u64 intid = first_intid + i;

		if (intid >= 32 && intid < nr_irqs &&
		    (owned[intid / 64] & BIT(intid % 64)))
			m |= one << (i * bits);
	}
	return m;
}

u64 vgic_sgi_targets(u64 val, const u64 *mpidr, unsigned int ncpus,
		     u64 zone_cpus, unsigned int self)
{
	u64 aff = (((val >> 48) & 0xff) << 32) | (((val >> 32) & 0xff) << 16) |
		  (((val >> 16) & 0xff) << 8);
	u64 rs = (val >> 44) & 0xf, targets = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < ncpus && cpu < 64; cpu++) {
		u64 aff0 = mpidr[cpu] & 0xff;
		bool hit;

		if (!(zone_cpus & BIT(cpu)))
			continue;
		if (val & BIT(40))
			hit = cpu != self;
		else
			hit = (mpidr[cpu] & MPIDR_AFF_MASK & ~0xffUL) == aff &&
			      (aff0 >> 4) == rs && (val & BIT(aff0 & 0xf));
		if (hit)
			targets |= BIT(cpu);
	}
	return targets;
}

bool vgic_route_ok(u64 route, const u64 *mpidr, unsigned int ncpus,
		   u64 zone_cpus)
{
	unsigned int cpu;

	if (route & BIT(31)) /* 1-of-N could reach any CPU */
		return false;
	for (cpu = 0; cpu < ncpus && cpu < 64; cpu++)
		if ((zone_cpus & BIT(cpu)) &&
		    (mpidr[cpu] & MPIDR_AFF_MASK) == (route & MPIDR_AFF_MASK))
			return true;
	return false;
}

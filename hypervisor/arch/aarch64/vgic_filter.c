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

u64 vgic_private_mask(u32 reserved, u64 first_intid, unsigned int nr,
		      unsigned int bits)
{
	u64 m = 0, one = BIT(bits) - 1;
	unsigned int i;

	for (i = 0; i < nr && i * bits < 64; i++) {
		u64 intid = first_intid + i;

		if (intid < 32 && !(reserved & BIT(intid)))
			m |= one << (i * bits);
	}
	return m;
}

u32 vgic_v2_sgi_targets(u32 sgir, const u8 *cpu_mask, unsigned int ncpus,
			u64 zone_cpus, unsigned int self, u64 *cpus)
{
	u32 filter = (sgir >> 24) & 3, list = (sgir >> 16) & 0xff, out = 0;
	unsigned int cpu;

	*cpus = 0;
	for (cpu = 0; cpu < ncpus && cpu < 64; cpu++) {
		bool hit;

		if (!(zone_cpus & BIT(cpu)))
			continue;
		if (filter == 0)
			hit = list & cpu_mask[cpu];
		else if (filter == 1)
			hit = cpu != self;
		else if (filter == 2)
			hit = cpu == self;
		else
			hit = false; /* reserved */
		if (hit) {
			out |= cpu_mask[cpu];
			*cpus |= BIT(cpu);
		}
	}
	return out;
}

u32 vgic_v2_targets_filter(u32 value, unsigned int nbytes, u64 owned_bytes,
			   u8 zone_mask, u32 old)
{
	u32 out = old;
	unsigned int i;

	for (i = 0; i < nbytes; i++) {
		u32 shift = 8 * i;

		if (!(owned_bytes & BIT(i)))
			continue;
		out &= ~(0xffu << shift);
		out |= ((value >> shift) & zone_mask) << shift;
	}
	return out;
}

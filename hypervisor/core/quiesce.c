// SPDX-License-Identifier: GPL-2.0
/*
 * Passed-through devices stop when their zone ends or resets, before its
 * RAM is scrubbed or handed on: without an IOMMU a device the zone had
 * programmed goes on reading and writing that RAM (QEMU's virtio-rng did:
 * "Guest moved used index from 3 to 0" long after its zone was gone). The
 * zone config names the method for each device region; the tool fills in
 * virtio-mmio for regions its device tree says hold virtio,mmio nodes.
 */
#include "core/zone.h"
#include "core/printk.h"
#include "arch.h"

#define VIRTIO_MMIO_STRIDE 0x200
#define VIRTIO_MMIO_MAGIC 0x000
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MAGIC 0x74726976 /* "virt" */
/* a reset is done when Status reads back 0 (virtio 1.2, 2.4.1) */
#define RESET_WAIT_NS 100000000UL

static u32 rd32(u64 pa)
{
	return *(volatile u32 *)pa;
}

static void wr32(u64 pa, u32 v)
{
	*(volatile u32 *)pa = v;
}

static void virtio_mmio_reset(struct zone *z, u64 base)
{
	u64 t0;

	if (rd32(base + VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC ||
	    !rd32(base + VIRTIO_MMIO_DEVICE_ID))
		return; /* no transport here, or one without a device */
	wr32(base + VIRTIO_MMIO_STATUS, 0);
	t0 = arch_now_ns();
	while (rd32(base + VIRTIO_MMIO_STATUS)) {
		if (arch_now_ns() - t0 > RESET_WAIT_NS) {
			pr_err("zone %u (%s): the virtio-mmio device at 0x%lx did not reset (Status 0x%x): it may still use the zone's RAM\n",
			       z->id, z->name, base,
			       rd32(base + VIRTIO_MMIO_STATUS));
			return;
		}
	}
}

void zone_quiesce_devices(struct zone *z)
{
	unsigned int i;
	u64 off;

	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type != HV_MEM_IO)
			continue;
		if (r->quiesce == HV_QUIESCE_VIRTIO_MMIO)
			for (off = 0; off + VIRTIO_MMIO_STRIDE <= r->size;
			     off += VIRTIO_MMIO_STRIDE)
				virtio_mmio_reset(z, r->phys_start + off);
		else if (r->quiesce == HV_QUIESCE_WRITE32)
			wr32(r->phys_start + r->quiesce_offset,
			     r->quiesce_value);
	}
}

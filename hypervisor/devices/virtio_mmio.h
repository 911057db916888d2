/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-mmio (version 2) transports of a non-root zone. The register file
 * lives here, so the CPU that trapped answers every register access without
 * waiting for zone0. Reads do not even trap: the zone maps a page holding
 * every register's current value read-only, kept current on each change;
 * writes fault and are emulated. Only what the backend must act on is forwarded to it,
 * as events that do not stop the guest: queue set-up, QueueNotify, status
 * changes and config writes. The backend raises the device's interrupt
 * with HV_HC_VIRTIO_IRQ, which may signal only that device's SPI, and only
 * into the zone that owns it.
 */
#ifndef HV_DEVICES_VIRTIO_MMIO_H
#define HV_DEVICES_VIRTIO_MMIO_H

#include "core/types.h"
#include "core/spinlock.h"

struct zone;

struct virtio_queue {
	u32 num; /* QueueNum */
	bool ready;
	u64 desc, driver, device;
	u64 notify_token; /* its last HV_EVT_NOTIFY, while unread: merge */
};

struct virtio_dev {
	spinlock_t lock;
	const struct hv_virtio_dev *cfg; /* in the zone's config */
	u32 index;
	u32 dev_features_sel, drv_features_sel, queue_sel;
	u64 drv_features;
	u32 status;
	u32 isr; /* InterruptStatus */
	u32 config_gen;
	/* a driver reset whose Status write waits for the backend to drop
	 * its queues (HV_VIRTIO_OP_RESET_DONE) before it completes */
	bool reset_wait, reset_acked;
	u32 reset_seq;
	u64 reset_since;
	u8 config[HV_VIRTIO_CONFIG_MAX];
	struct virtio_queue q[HV_VIRTIO_MAX_QUEUES];
	struct hv_virtio_stats stats;
	/* its window in a hypervisor page the zone maps read-only: what each
	 * register reads now, so reads do not trap (virtio_mmio.c) */
	u8 *regs;
	bool owns_page; /* the page is freed with this device */
};

/* Register the zone's transports as emulated MMIO regions. */
int virtio_zone_init(struct zone *z);
/* The zone is gone: free its register pages (its stage 2 is destroyed). */
void virtio_zone_exit(struct zone *z);
/* Back to the state after power-on (the zone resets), without events. */
void virtio_zone_reset(struct zone *z);
/* HV_HC_VIRTIO_IRQ: set interrupt status bits and signal the SPI. */
int virtio_raise(struct zone *z, u32 dev, u32 bits, u64 requests);
/* HV_HC_VIRTIO_CTRL; arg: HV_VIRTIO_OP_RESET_DONE's reset number */
int virtio_ctrl(struct zone *z, u32 dev, u32 op, u64 arg);
/* HV_HC_VIRTIO_STATE */
int virtio_state(struct zone *z, u32 dev, struct hv_virtio_state *out);
void virtio_stats(struct zone *z, struct hv_zone_status *s);

#endif

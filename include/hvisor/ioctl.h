/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * /dev/hvisor ioctls: the interface between hvisor.ko and the hvisor tool.
 * Every request carries the ABI magic and version; the driver refuses a
 * tool built for another ABI with -EPROTO (and says so in the kernel log).
 */
#ifndef HVISOR_IOCTL_H
#define HVISOR_IOCTL_H

#include "abi.h"

#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

#define HVISOR_IOC_MAGIC 0xb7 /* unused in Linux's ioctl-number.rst */

struct hvisor_ioc_hdr {
	hv_u32 magic; /* HV_ABI_MAGIC */
	hv_u32 version; /* HV_ABI_VERSION */
};

struct hvisor_ioc_info {
	struct hvisor_ioc_hdr hdr;
	struct hv_info info; /* out */
};

struct hvisor_ioc_zone_start {
	struct hvisor_ioc_hdr hdr;
	struct hv_zone_config cfg; /* in */
};

struct hvisor_ioc_zone_id {
	struct hvisor_ioc_hdr hdr;
	hv_u32 zone_id; /* in */
	hv_u32 reserved;
};

struct hvisor_ioc_zone_list {
	struct hvisor_ioc_hdr hdr;
	hv_u32 capacity; /* in: entries at zones */
	hv_u32 count; /* out: zones that exist (may exceed capacity) */
	hv_u64 zones; /* in: user address of struct hv_zone_status[] */
};

struct hvisor_ioc_load {
	struct hvisor_ioc_hdr hdr;
	hv_u64 src; /* in: user address of the image bytes */
	hv_u64 size; /* in: bytes */
	hv_u64 dst; /* in: physical address in a future zone's RAM */
};

struct hvisor_ioc_console {
	struct hvisor_ioc_hdr hdr;
	struct hv_console_io io; /* in/out, see abi.h */
};

struct hvisor_ioc_cpu_stats {
	struct hvisor_ioc_hdr hdr;
	hv_u32 capacity; /* in: entries at stats */
	hv_u32 count; /* out: CPUs written */
	hv_u64 stats; /* in: user address of struct hv_cpu_stats[] */
};

struct hvisor_ioc_log {
	struct hvisor_ioc_hdr hdr;
	struct hv_log_io io; /* in: cursor; out: see abi.h */
};

struct hvisor_ioc_zone_op {
	struct hvisor_ioc_hdr hdr;
	hv_u32 zone_id; /* in */
	hv_u32 op; /* in: HV_ZONE_OP_RUN */
};

/* This file becomes the backend of a zone's virtio devices: read() gives
 * the zone's struct hv_event records, mmap() at offset = physical address
 * maps the zone's RAM (MAP_SHARED, only while the zone exists). */
struct hvisor_ioc_backend {
	struct hvisor_ioc_hdr hdr;
	hv_u32 zone_id; /* in */
	hv_u32 reserved;
};

struct hvisor_ioc_virtio {
	struct hvisor_ioc_hdr hdr;
	hv_u32 dev; /* in: device index in the zone's config */
	hv_u32 what; /* in: HV_VIRTIO_INT_* bits, or HV_VIRTIO_OP_* */
	hv_u64 requests; /* in: requests completed since the last call */
};

/* HVISOR_VIRTIO_STATE: a device of the backend's zone, as the hypervisor
 * holds it (after HVISOR_EVT_LOST the backend rebuilds its queues from it) */
struct hvisor_ioc_virtio_state {
	struct hvisor_ioc_hdr hdr;
	hv_u32 dev; /* in */
	hv_u32 reserved;
	struct hv_virtio_state state; /* out */
};

/*
 * After HVISOR_WATCH, read() on the file gives these, one per lifecycle
 * event from then on, and poll() waits for the next. A zone that ended
 * stays in HVISOR_ZONE_LIST as HV_ZONE_STOPPED (the last HVISOR_MAX_ENDED
 * of them) until it starts again or HVISOR_ZONE_SHUTDOWN clears it.
 */
struct hvisor_life_event {
	hv_u64 seq; /* 1, 2, ...: a gap means a slow reader missed some */
	hv_u64 time_ns; /* CLOCK_REALTIME */
	hv_u32 kind; /* HVISOR_LIFE_* */
	hv_u32 zone_id;
	char name[HV_NAME_LEN];
	/* HVISOR_LIFE_STOPPED: "poweroff", "shutdown" or "fault: ..." */
	char reason[64];
};

#define HVISOR_LIFE_STARTED 1
#define HVISOR_LIFE_STOPPED 2
#define HVISOR_MAX_ENDED 16

/* Events the driver itself adds to a backend's stream. */
/* events were dropped: rebuild every device from HVISOR_VIRTIO_STATE and
 * look at every queue */
#define HVISOR_EVT_LOST 100

#define HVISOR_INFO _IOR(HVISOR_IOC_MAGIC, 1, struct hvisor_ioc_info)
#define HVISOR_ZONE_START                                                      \
	_IOW(HVISOR_IOC_MAGIC, 2, struct hvisor_ioc_zone_start)
#define HVISOR_ZONE_SHUTDOWN                                                   \
	_IOW(HVISOR_IOC_MAGIC, 3, struct hvisor_ioc_zone_id)
#define HVISOR_ZONE_LIST _IOWR(HVISOR_IOC_MAGIC, 4, struct hvisor_ioc_zone_list)
#define HVISOR_LOAD _IOW(HVISOR_IOC_MAGIC, 5, struct hvisor_ioc_load)
#define HVISOR_CONSOLE _IOWR(HVISOR_IOC_MAGIC, 6, struct hvisor_ioc_console)
#define HVISOR_ZONE_CONTINUE                                                   \
	_IOW(HVISOR_IOC_MAGIC, 7, struct hvisor_ioc_zone_op)
#define HVISOR_BACKEND_ATTACH                                                  \
	_IOW(HVISOR_IOC_MAGIC, 8, struct hvisor_ioc_backend)
#define HVISOR_VIRTIO_IRQ _IOW(HVISOR_IOC_MAGIC, 9, struct hvisor_ioc_virtio)
#define HVISOR_VIRTIO_CTRL _IOW(HVISOR_IOC_MAGIC, 10, struct hvisor_ioc_virtio)
/* the backend loaded the zone again after HV_EVT_ZONE_RESET: boot it */
#define HVISOR_RESET_DONE _IOW(HVISOR_IOC_MAGIC, 11, struct hvisor_ioc_hdr)
/* this file reads lifecycle events from now on */
#define HVISOR_WATCH _IOW(HVISOR_IOC_MAGIC, 12, struct hvisor_ioc_hdr)
#define HVISOR_VIRTIO_STATE                                                    \
	_IOWR(HVISOR_IOC_MAGIC, 13, struct hvisor_ioc_virtio_state)
/* the hypervisor's log from a cursor (HV_HC_LOG) */
#define HVISOR_LOG _IOWR(HVISOR_IOC_MAGIC, 15, struct hvisor_ioc_log)
/* every CPU's exit counters (HV_HC_CPU_STATS) */
#define HVISOR_CPU_STATS                                                       \
	_IOWR(HVISOR_IOC_MAGIC, 16, struct hvisor_ioc_cpu_stats)
/* after HV_EVT_ZONE_RESET the backend no longer touches the zone's RAM:
 * the hypervisor zeroes it (HV_ZONE_OP_RESET_QUIET), then the backend loads
 * the images again */
#define HVISOR_RESET_QUIET _IOW(HVISOR_IOC_MAGIC, 14, struct hvisor_ioc_hdr)
/* a process zone's supervisor answered its call (HV_HC_PZ_KICK): only
 * the file attached to the zone */
#define HVISOR_PZ_KICK _IOW(HVISOR_IOC_MAGIC, 17, struct hvisor_ioc_hdr)

#endif /* HVISOR_IOCTL_H */

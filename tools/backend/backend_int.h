/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Inside the virtio backend process (backend.h): the one backend a process
 * runs, and what its files share. backend.c sets it up and runs the loop,
 * backend_serve.c serves the devices, backend_log.c keeps the zone's log.
 */
#ifndef HVISOR_TOOLS_BACKEND_INT_H
#define HVISOR_TOOLS_BACKEND_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "dev.h"
#include "vblk.h"
#include "vcons.h"
#include "virtq.h"
#include "vnet.h"
#include "vpoll.h"

#define MAX_CLIENTS 4
#define BLK_BUDGET 128 /* requests per pass: other devices get a turn */

struct bdev {
	unsigned int index;
	const struct hv_virtio_dev *cfg;
	uint64_t features; /* what the driver accepted */
	struct virtq vq[HV_VIRTIO_MAX_QUEUES];
	bool broken;
	bool pending; /* a budget ran out: serve again without a notify */
	uint64_t unreported; /* requests done since the last IRQ call */
	uint64_t wakeups; /* event reads that concerned this device */
	struct vpoll poll; /* blk: its queue; net: its transmit queue */
	struct vblk blk;
	struct vcons cons;
	struct vnet net;
};

struct backend {
	const struct zone_file *zf;
	const void *dtb; /* as zone start patched and loaded it */
	size_t dtb_len;
	hv_u32 id;
	int hvfd;
	struct gmem mem;
	unsigned int ndev;
	struct bdev dev[HV_MAX_VIRTIO];
	int listen_fd;
	int client[MAX_CLIENTS];
	char sock_path[108];
	/* counters: zone0 wake-ups and events */
	uint64_t wakeups, events, irq_calls;
};

extern struct backend be;
extern volatile sig_atomic_t dump_stats, terminate;

/* backend_log.c */
void make_dirs(const char *path);
__attribute__((format(printf, 1, 2))) void blog(const char *fmt, ...);
void detach_stdio(const char *name);

/* backend_serve.c */
/* where a virtio console's output goes: the attached clients */
void console_sink(void *arg, const char *buf, size_t len);
void cons_serve(struct bdev *d);
void kick(struct bdev *d);
uint64_t now_ns(void);
/* the queue a device's polling window watches, or NULL if it has none */
struct virtq *polled_queue(struct bdev *d);
/* Check an open polling window at now: serve what came, or close it. */
void poll_check(struct bdev *d, uint64_t now);
void on_device_event(struct bdev *d, const struct hv_event *e);
void rebuild(struct bdev *d);
void on_zone_reset(void);

#endif

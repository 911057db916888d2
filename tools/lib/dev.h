/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The only part of the tool that talks to /dev/hvisor (hvisor.ko). */
#ifndef HVISOR_TOOL_DEV_H
#define HVISOR_TOOL_DEV_H

#include <stddef.h>
#include <hvisor/abi.h>

#define HVISOR_DEV "/dev/hvisor"

/* Open the device; on failure print why (and what to do) and return -1. */
int dev_open(void);
/* Each returns 0 or a negated errno; messages are the caller's job. */
int dev_info(int fd, struct hv_info *info);
/* The hypervisor's info (the board it runs on among it), quietly: -1
 * when there is none to ask (offline, on the build host) */
int dev_board(struct hv_info *info);
/* CPUs of the board the hypervisor runs on, or HV_MAX_CPUS when there is
 * none to ask */
unsigned int dev_board_cpus(void);
int dev_zone_list(int fd, struct hv_zone_status *st, unsigned int capacity,
		  unsigned int *count);
int dev_zone_start(int fd, struct hv_zone_config *cfg);
int dev_zone_shutdown(int fd, hv_u32 id);
int dev_load(int fd, hv_u64 dst, const void *data, size_t size);
/* HV_HC_CONSOLE through the driver; io->magic/version are filled in. */
int dev_console(int fd, struct hv_console_io *io);
/* The hypervisor's log from io->cursor (HV_HC_LOG): cursor, lost, len and
 * data out. */
int dev_log(int fd, struct hv_log_io *io);
/* Every CPU's exit counters (HV_HC_CPU_STATS), at most capacity. */
int dev_cpu_stats(int fd, struct hv_cpu_stats *st, unsigned int capacity,
		  unsigned int *count);
/* HV_ZONE_OP_RUN for a zone started HV_ZONE_START_PAUSED */
int dev_zone_continue(int fd, hv_u32 id, hv_u32 op);
/* the virtio backend's side (see backend.c) */
int dev_backend_attach(int fd, hv_u32 id);
int dev_virtio_irq(int fd, hv_u32 dev, hv_u32 bits, hv_u64 requests);
/* op HV_VIRTIO_OP_*; arg: HV_VIRTIO_OP_RESET_DONE's reset number */
int dev_virtio_ctrl(int fd, hv_u32 dev, hv_u32 op, hv_u64 arg);
int dev_virtio_state(int fd, hv_u32 dev, struct hv_virtio_state *st);
int dev_reset_quiet(int fd);
int dev_reset_done(int fd);
/* the process zone fd is attached to has its answer (HV_HC_PZ_KICK) */
int dev_pz_kick(int fd);
/* fd reads struct hvisor_life_event records from now on */
int dev_watch(int fd);

#endif

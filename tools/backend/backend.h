/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The virtio backend of one zone: a process of the hvisor program that
 * `hvisor zone start` forks for a zone with virtio devices, before the zone
 * runs. It attaches to the zone through /dev/hvisor, maps the zone's RAM,
 * serves the devices from the one loop that reads the zone's events
 * (preadv/pwritev on the images) and ends when the zone does. Logs go to
 * /var/log/hvisor/<zone>.log; a virtio console listens on
 * /run/hvisor/<zone>.console for `hvisor zone console --virtio`.
 */
#ifndef HVISOR_TOOL_BACKEND_H
#define HVISOR_TOOL_BACKEND_H

#include <stdio.h>

#include "config.h"

#define BACKEND_LOG_DIR "/var/log/hvisor"
#define BACKEND_RUN_DIR "/run/hvisor"

/* Images of a zone's blk devices, opened and locked before anything is
 * loaded; fd -1 for other devices. */
struct backend_images {
	int fd[HV_MAX_VIRTIO];
};

/*
 * Open every blk image (locked: shared for a readonly device, exclusive
 * otherwise, so two zones cannot write one image) and complete each
 * device's description in zf->cfg (features, config space). Problems go to
 * errf naming the file and the reason. Returns 0 or -1 (nothing left open).
 */
int backend_prepare(struct zone_file *zf, struct backend_images *img,
		    FILE *errf);
void backend_close_images(struct backend_images *img);

/*
 * Fork the backend of zone zf->cfg.zone_id (created paused). Returns 0 once
 * it is attached and ready (the caller then lets the zone run), or -1 with
 * the reason on errf. The child never returns.
 */
int backend_spawn(const struct zone_file *zf, struct backend_images *img,
		  const void *dtb, size_t dtb_len, FILE *errf);

/* The socket of a zone's virtio console. */
void backend_console_path(const char *zone_name, char *buf, size_t len);

#endif

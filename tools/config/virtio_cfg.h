/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hvisor-tool's virtio_cfg.json, for users coming from it:
 *   {"zones": [{"id": 1, "memory_region": [...],
 *     "devices": [{"type": "blk", "addr": "0xa003c00", "len": "0x200",
 *                  "irq": 78, "img": "rootfs.ext4", "status": "enable"}]}]}
 * Its devices become a zone's virtio devices. `hvisor virtio start FILE`
 * checks the file and registers it (BACKEND_RUN_DIR/virtio/zone<ID>); the
 * zone's `hvisor zone start` then takes the devices from it, or from
 * `--virtio FILE`. The backend is started with the zone, as for devices
 * given in the zone config. Relative image paths are from the directory
 * `hvisor virtio start` ran in, as hvisor-tool has it.
 */
#ifndef HVISOR_TOOL_VIRTIO_CFG_H
#define HVISOR_TOOL_VIRTIO_CFG_H

#include <stdio.h>

#include "config.h"

#define VIRTIO_CFG_REG_DIR "/run/hvisor/virtio"

/*
 * Add the devices path gives for zone zf->cfg.zone_id to zf (enabled ones;
 * relative images from base_dir). Problems go to errf as "PATH: JSON.PATH:
 * VALUE: RULE". Returns the number of devices added, or -1.
 */
int virtio_cfg_apply(const char *path, const char *base_dir,
		     struct zone_file *zf, FILE *errf);

/* Check every zone of path; returns a mask of the zone ids it has devices
 * for, or -1 with the problems on errf. */
int virtio_cfg_check(const char *path, const char *base_dir, FILE *errf);

#endif

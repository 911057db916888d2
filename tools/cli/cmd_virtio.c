// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor virtio start <virtio_cfg.json>: hvisor-tool's way of giving zones
 * their virtio devices. Here the backend is part of the zone's life, so
 * this checks the file and registers it for the zones it names; each
 * zone's `hvisor zone start` then starts its backend. It returns at once
 * (hvisor-tool users run it with `&`, which does no harm).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "virtio_cfg.h"

int cmd_virtio_start(int argc, char **argv)
{
	char path[PATH_MAX], cwd[PATH_MAX], reg[PATH_MAX];
	int mask, id;

	if (argc != 2)
		return hv_usage_error("virtio", "start",
				      argc < 2 ? "missing <virtio_cfg.json>"
					       : "one file at a time");
	if (!realpath(argv[1], path)) {
		fprintf(stderr, "hvisor: %s: %s\n", argv[1], strerror(errno));
		return HV_EXIT_FAIL;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(stderr, "hvisor: current directory: %s\n",
			strerror(errno));
		return HV_EXIT_FAIL;
	}
	mask = virtio_cfg_check(path, cwd, stderr);
	if (mask < 0)
		return HV_EXIT_FAIL;
	mkdir("/run", 0755);
	mkdir("/run/hvisor", 0755);
	mkdir(VIRTIO_CFG_REG_DIR, 0755);
	for (id = 0; id < HV_MAX_ZONES; id++) {
		FILE *f;

		if (!(mask & (1 << id)))
			continue;
		snprintf(reg, sizeof(reg), "%s/zone%d", VIRTIO_CFG_REG_DIR, id);
		f = fopen(reg, "w");
		if (!f || fprintf(f, "%s\n%s\n", path, cwd) < 0 || fclose(f)) {
			fprintf(stderr, "hvisor: %s: %s\n", reg,
				strerror(errno));
			return HV_EXIT_FAIL;
		}
		printf("hvisor: virtio devices of zone %d registered from %s; its backend starts with `hvisor zone start`\n",
		       id, path);
	}
	if (!mask)
		printf("hvisor: %s names no enabled device\n", path);
	return HV_EXIT_OK;
}

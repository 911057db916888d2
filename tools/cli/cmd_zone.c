// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor zone start|shutdown|reboot: the zone lifecycle from zone0. A start
 * checks everything it can before anything is loaded: the config, the
 * images, the DTB against the config, and the zones already running.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "backend.h"
#include "cmd.h"
#include "config.h"
#include "config_check.h"
#include "dev.h"
#include "dtb.h"
#include "file.h"
#include "virtio_cfg.h"
const char *cmd_state_name(hv_u32 state)
{
	switch (state) {
	case HV_ZONE_RUNNING:
		return "running";
	case HV_ZONE_SHUTDOWN:
		return "shut down";
	case HV_ZONE_FAILED:
		return "failed";
	case HV_ZONE_PAUSED:
		return "paused";
	case HV_ZONE_STOPPING:
		return "stopping";
	case HV_ZONE_RESETTING:
		return "resetting";
	case HV_ZONE_STOPPED:
		return "stopped";
	default:
		return "unknown";
	}
}

/* A whole image file; the images checks bound its size afterwards. */
static int read_file(const char *path, void **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	int failed;

	if (!f) {
		fprintf(stderr, "hvisor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*data = file_read_all(f, (size_t)-2, size);
	failed = !*data || ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "hvisor: %s: cannot read\n", path);
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

int cmd_list_zones(int fd, struct hv_zone_status *st, unsigned int *n)
{
	int ret = dev_zone_list(fd, st, CMD_LIST_MAX, n);

	if (ret)
		fprintf(stderr, "hvisor: zone list: %s\n", strerror(-ret));
	return ret;
}

long cmd_find_zone(int fd, const char *arg, struct hv_zone_status *found)
{
	struct hv_zone_status st[CMD_LIST_MAX];
	unsigned int n, i;
	char *end;
	long id;

	if (cmd_list_zones(fd, st, &n))
		return -1;
	id = strtol(arg, &end, 10);
	for (i = 0; i < n; i++) {
		if ((*arg && !*end && st[i].zone_id == id) ||
		    !strncmp(st[i].name, arg, HV_NAME_LEN)) {
			if (found)
				*found = st[i];
			return st[i].zone_id;
		}
	}
	fprintf(stderr,
		"hvisor: no zone with id or name '%s' (see 'hvisor zone list')\n",
		arg);
	return -1;
}

static int load_image(int fd, const char *what, const char *path, hv_u64 dst,
		      const void *data, size_t size)
{
	int ret = dev_load(fd, dst, data, size);

	if (ret) {
		fprintf(stderr, "hvisor: loading %s %s at 0x%llx: %s%s\n", what,
			path, (unsigned long long)dst, strerror(-ret),
			ret == -EBUSY
				? " (that RAM belongs to a zone or the hypervisor)"
				: "");
		return -1;
	}
	return 0;
}

static int check_live(int fd, const char *path,
		      const struct hv_zone_config *cfg)
{
	static struct hv_zone_config probe;
	struct hv_zone_status st[CMD_LIST_MAX];
	unsigned int n, i;
	int ret;

	/* the plainest message for the commonest mistake */
	if (cmd_list_zones(fd, st, &n))
		return -1;
	for (i = 0; i < n; i++) {
		if (st[i].state == HV_ZONE_STOPPED) /* only a record of it */
			continue;
		if (st[i].zone_id == cfg->zone_id ||
		    !strncmp(st[i].name, cfg->name, HV_NAME_LEN)) {
			fprintf(stderr,
				"hvisor: %s: zone %u (%s) is already %s\n",
				path, st[i].zone_id, st[i].name,
				cmd_state_name(st[i].state));
			return -1;
		}
	}
	probe = *cfg;
	probe.flags |= HV_ZONE_CHECK_ONLY;
	ret = dev_zone_start(fd, &probe);
	if (ret) {
		fprintf(stderr, "hvisor: %s: zone start refused: %s\n", path,
			probe.error[0] ? probe.error : strerror(-ret));
		return -1;
	}
	return 0;
}

/*
 * Devices from an hvisor-tool virtio_cfg.json: --virtio FILE, or the one
 * `hvisor virtio start` registered for this zone, unless the config has its
 * own. Then every "virtio" window of the config must hold a device, and
 * the whole config passes the checker again. 0 or -1 (reported).
 */
static int add_virtio_file(struct zone_file *zf, const char *file)
{
	char reg[PATH_MAX], line[2][PATH_MAX], cwd[PATH_MAX];
	struct hv_cfg_error e;
	char why[160];
	FILE *f = NULL;

	if (file && zf->cfg.num_virtio) {
		fprintf(stderr,
			"hvisor: %s: has its own \"virtio\" devices; --virtio %s would add more\n",
			zf->path, file);
		return -1;
	}
	if (file) {
		if (!getcwd(cwd, sizeof(cwd)) ||
		    virtio_cfg_apply(file, cwd, zf, stderr) < 0)
			return -1;
	} else if (!zf->cfg.num_virtio) {
		snprintf(reg, sizeof(reg), "%s/zone%u", VIRTIO_CFG_REG_DIR,
			 zf->cfg.zone_id);
		f = fopen(reg, "r");
	}
	if (f) {
		int ok = fgets(line[0], sizeof(line[0]), f) &&
			 fgets(line[1], sizeof(line[1]), f);

		fclose(f);
		line[0][strcspn(line[0], "\n")] = '\0';
		line[1][strcspn(line[1], "\n")] = '\0';
		if (!ok || virtio_cfg_apply(line[0], line[1], zf, stderr) < 0) {
			fprintf(stderr,
				"hvisor: the devices registered for zone %u (%s) are unusable\n",
				zf->cfg.zone_id, reg);
			return -1;
		}
	}
	if (zone_file_check_windows(zf, 0, stderr))
		return -1;
	if (hv_config_check(&zf->cfg, dev_board_cpus(), &e)) {
		hv_cfg_error_format(&e, why, sizeof(why));
		fprintf(stderr, "hvisor: %s: with its virtio devices: %s\n",
			zf->path, why);
		return -1;
	}
	return 0;
}

/* Each net device with an address tells the zone's init which, on the
 * kernel command line: hvisor.net=eth<N>:<a.b.c.d/len> (initramfs rcS). */
static int add_net_cmdline(struct zone_file *zf)
{
	unsigned int i, eth = 0;

	for (i = 0; i < zf->cfg.num_virtio; i++) {
		size_t len = strlen(zf->cmdline);
		int n;

		if (zf->cfg.virtio[i].device_id != 1)
			continue;
		if (zf->virtio[i].ip[0]) {
			n = snprintf(zf->cmdline + len,
				     sizeof(zf->cmdline) - len,
				     "%shvisor.net=eth%u:%s", len ? " " : "",
				     eth, zf->virtio[i].ip);
			if (n < 0 || (size_t)n >= sizeof(zf->cmdline) - len) {
				fprintf(stderr,
					"hvisor: %s: cmdline: no room for the network address of virtio[%u]\n",
					zf->path, i);
				return -1;
			}
		}
		eth++;
	}
	return 0;
}

int cmd_zone_start(int argc, char **argv)
{
	static struct zone_file zf;
	static struct hv_info board;
	struct backend_images img;
	void *kernel = NULL, *ramdisk = NULL;
	size_t kernel_size = 0, ramdisk_size = 0;
	uint64_t kernel_mem;
	struct dtb_buf dtb = { NULL, 0 };
	const char *path = NULL, *virtio_file = NULL;
	unsigned int i;
	int fd = -1, ret, status = HV_EXIT_FAIL, console = 0;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--console") || !strcmp(argv[i], "-c")) {
			console = 1;
			continue;
		}
		if (!strcmp(argv[i], "--virtio")) {
			if (++i == (unsigned int)argc)
				return hv_usage_error("zone", "start",
						      "--virtio needs a file");
			virtio_file = argv[i];
			continue;
		}
		if (argv[i][0] == '-')
			return hv_usage_error("zone", "start",
					      "unknown option '%s'", argv[i]);
		if (path)
			return hv_usage_error("zone", "start",
					      "one config file at a time");
		path = argv[i];
	}
	if (!path)
		return hv_usage_error("zone", "start", "missing <cfg.json>");

	if (zone_file_load(path, dev_board_cpus(), &zf, stderr) ||
	    add_virtio_file(&zf, virtio_file))
		return HV_EXIT_FAIL;
	/* the devices' images first: a missing or locked one stops the start
	 * before anything is loaded */
	if (backend_prepare(&zf, &img, stderr))
		return HV_EXIT_FAIL;
	fd = dev_open();
	if (fd < 0) {
		backend_close_images(&img);
		return HV_EXIT_FAIL;
	}
	/* the live rules first (CPUs, RAM, devices, IRQs held by others):
	 * the hypervisor applies them without creating anything */
	if (check_live(fd, path, &zf.cfg))
		goto out;
	if (!zf.kernel_path[0] || !zf.dtb_path[0]) {
		fprintf(stderr,
			"hvisor: %s: %s: missing (a zone needs a kernel and a DTB)\n",
			path,
			zf.kernel_path[0] ? "dtb_filepath" : "kernel_filepath");
		goto out;
	}
	if (read_file(zf.kernel_path, &kernel, &kernel_size))
		goto out;
	kernel_mem = image_kernel_size(zf.kernel_path, kernel, kernel_size,
				       kernel_size, stderr);
	if (!kernel_mem)
		goto out;
	if (zf.has_ramdisk &&
	    read_file(zf.ramdisk_path, &ramdisk, &ramdisk_size))
		goto out;
	if (!dev_board(&board))
		dtb_use_board(&board); /* the DTB's MPIDRs, the board's CPUs */
	if (add_net_cmdline(&zf) || dtb_load_file(zf.dtb_path, &dtb, stderr) ||
	    dtb_patch(&dtb, &zf, ramdisk_size, stderr) ||
	    dtb_check(dtb.data, &zf, stderr))
		goto out;
	dtb_fill_resets(dtb.data, &zf);
	if (images_check(&zf, kernel_mem, dtb_size(&dtb), ramdisk_size, stderr))
		goto out;

	if (load_image(fd, "kernel", zf.kernel_path, zf.kernel_load_paddr,
		       kernel, kernel_size) ||
	    load_image(fd, "DTB", zf.dtb_path, zf.dtb_load_paddr, dtb.data,
		       dtb_size(&dtb)) ||
	    (ramdisk &&
	     load_image(fd, "ramdisk", zf.ramdisk_path, zf.ramdisk_load_paddr,
			ramdisk, ramdisk_size)))
		goto out;
	/* loaded: the supervisor forked below must not inherit them */
	free(kernel);
	free(ramdisk);
	kernel = ramdisk = NULL;
	/* a zone with virtio devices waits for its backend before it runs */
	/* the zone waits for its supervisor (the backend process that also
	 * loads it again when it resets) before it runs */
	zf.cfg.flags |= HV_ZONE_START_PAUSED;
	ret = dev_zone_start(fd, &zf.cfg);
	if (ret) {
		fprintf(stderr, "hvisor: %s: zone start refused: %s\n", path,
			zf.cfg.error[0] ? zf.cfg.error : strerror(-ret));
		goto out;
	}
	if (backend_spawn(&zf, &img, dtb.data, dtb_size(&dtb), stderr)) {
		/* it never ran: no record of it either */
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		goto out;
	}
	ret = dev_zone_continue(fd, zf.cfg.zone_id, HV_ZONE_OP_RUN);
	if (ret) {
		fprintf(stderr, "hvisor: %s: the zone did not start: %s\n",
			path, strerror(-ret));
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		goto out;
	}
	printf("%u\n", zf.cfg.zone_id);
	fflush(stdout);
	status = console ? cmd_console_attach(fd, zf.cfg.zone_id, zf.cfg.name)
			 : HV_EXIT_OK;
out:
	backend_close_images(&img); /* the backend has its own copies */
	if (fd >= 0)
		close(fd);
	free(kernel);
	free(ramdisk);
	dtb_free(&dtb);
	return status;
}

int cmd_zone_shutdown(int argc, char **argv)
{
	long id = -1;
	int fd = -1, ret;

	ret = cmd_open_zone_arg("shutdown", argc, argv, &fd, &id);
	if (ret != HV_EXIT_OK)
		return ret;
	ret = dev_zone_shutdown(fd, (hv_u32)id);
	close(fd);
	if (ret == -EPERM) {
		fprintf(stderr,
			"hvisor: zone %ld is zone0, which cannot be shut down (use poweroff)\n",
			id);
		return HV_EXIT_FAIL;
	}
	if (ret) {
		fprintf(stderr, "hvisor: zone %ld: shutdown failed: %s\n", id,
			strerror(-ret));
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

int cmd_zone_reboot(int argc, char **argv)
{
	long id = -1;
	int fd = -1, ret;

	ret = cmd_open_zone_arg("reboot", argc, argv, &fd, &id);
	if (ret != HV_EXIT_OK)
		return ret;
	ret = dev_zone_continue(fd, (hv_u32)id, HV_ZONE_OP_REBOOT);
	close(fd);
	if (ret) {
		fprintf(stderr, "hvisor: zone %ld: reboot refused: %s\n", id,
			ret == -EINVAL ? "it is not running, or it is zone0"
				       : strerror(-ret));
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

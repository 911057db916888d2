// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "dev.h"

#define HDR                                                                    \
	{                                                                      \
		HV_ABI_MAGIC, HV_ABI_VERSION                                   \
	}

int dev_open(void)
{
	int fd = open(HVISOR_DEV, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		fprintf(stderr,
			"hvisor: %s does not exist: load the driver first (insmod /lib/modules/hvisor.ko)\n",
			HVISOR_DEV);
	else
		fprintf(stderr, "hvisor: cannot open %s: %s\n", HVISOR_DEV,
			strerror(errno));
	return -1;
}

static int dev_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	if (ret < 0) {
		ret = -errno;
		if (errno == EPROTO)
			fprintf(stderr,
				"hvisor: the driver speaks another ABI than this tool (%u.%u): update one of them\n",
				HV_ABI_MAJOR, HV_ABI_MINOR);
	}
	return ret;
}

int dev_board(struct hv_info *info)
{
	int fd = open(HVISOR_DEV, O_RDWR | O_CLOEXEC), ret = -1;

	if (fd >= 0 && !dev_info(fd, info) && info->num_cpus)
		ret = 0;
	if (fd >= 0)
		close(fd);
	return ret;
}

unsigned int dev_board_cpus(void)
{
	struct hv_info info;

	return dev_board(&info) ? HV_MAX_CPUS : info.num_cpus;
}

int dev_info(int fd, struct hv_info *info)
{
	struct hvisor_ioc_info req = { .hdr = HDR };
	int ret = dev_ioctl(fd, HVISOR_INFO, &req);

	if (!ret)
		*info = req.info;
	return ret;
}

int dev_zone_list(int fd, struct hv_zone_status *st, unsigned int capacity,
		  unsigned int *count)
{
	struct hvisor_ioc_zone_list req = {
		.hdr = HDR,
		.capacity = capacity,
		.zones = (uintptr_t)st,
	};
	int ret = dev_ioctl(fd, HVISOR_ZONE_LIST, &req);

	if (!ret)
		*count = req.count < capacity ? req.count : capacity;
	return ret;
}

int dev_zone_start(int fd, struct hv_zone_config *cfg)
{
	static struct hvisor_ioc_zone_start req;
	int ret;

	req.hdr = (struct hvisor_ioc_hdr)HDR;
	req.cfg = *cfg;
	ret = dev_ioctl(fd, HVISOR_ZONE_START, &req);
	memcpy(cfg->error, req.cfg.error, sizeof(cfg->error));
	cfg->error[sizeof(cfg->error) - 1] = '\0';
	return ret;
}

int dev_zone_shutdown(int fd, hv_u32 id)
{
	struct hvisor_ioc_zone_id req = { .hdr = HDR, .zone_id = id };

	return dev_ioctl(fd, HVISOR_ZONE_SHUTDOWN, &req);
}

int dev_load(int fd, hv_u64 dst, const void *data, size_t size)
{
	struct hvisor_ioc_load req = {
		.hdr = HDR,
		.src = (uintptr_t)data,
		.size = size,
		.dst = dst,
	};

	return dev_ioctl(fd, HVISOR_LOAD, &req);
}

int dev_console(int fd, struct hv_console_io *io)
{
	static struct hvisor_ioc_console req;
	int ret;

	req.hdr = (struct hvisor_ioc_hdr)HDR;
	req.io = *io;
	ret = dev_ioctl(fd, HVISOR_CONSOLE, &req);
	if (!ret) {
		io->cursor = req.io.cursor;
		io->in_len = req.io.in_len;
		io->out_len =
			req.io.out_len <= sizeof(io->data) ? req.io.out_len : 0;
		memcpy(io->data, req.io.data, io->out_len);
	}
	return ret;
}

int dev_zone_continue(int fd, hv_u32 id, hv_u32 op)
{
	struct hvisor_ioc_zone_op req = { .hdr = HDR, .zone_id = id, .op = op };

	return dev_ioctl(fd, HVISOR_ZONE_CONTINUE, &req);
}

int dev_backend_attach(int fd, hv_u32 id)
{
	struct hvisor_ioc_backend req = { .hdr = HDR, .zone_id = id };

	return dev_ioctl(fd, HVISOR_BACKEND_ATTACH, &req);
}

int dev_virtio_irq(int fd, hv_u32 dev, hv_u32 bits, hv_u64 requests)
{
	struct hvisor_ioc_virtio req = {
		.hdr = HDR, .dev = dev, .what = bits, .requests = requests
	};

	return dev_ioctl(fd, HVISOR_VIRTIO_IRQ, &req);
}

int dev_virtio_ctrl(int fd, hv_u32 dev, hv_u32 op, hv_u64 arg)
{
	struct hvisor_ioc_virtio req = {
		.hdr = HDR, .dev = dev, .what = op, .requests = arg
	};

	return dev_ioctl(fd, HVISOR_VIRTIO_CTRL, &req);
}

int dev_virtio_state(int fd, hv_u32 dev, struct hv_virtio_state *st)
{
	static struct hvisor_ioc_virtio_state req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.hdr = (struct hvisor_ioc_hdr)HDR;
	req.dev = dev;
	ret = dev_ioctl(fd, HVISOR_VIRTIO_STATE, &req);
	if (!ret)
		*st = req.state;
	return ret;
}

int dev_reset_done(int fd)
{
	struct hvisor_ioc_hdr req = HDR;

	return dev_ioctl(fd, HVISOR_RESET_DONE, &req);
}

int dev_reset_quiet(int fd)
{
	struct hvisor_ioc_hdr req = HDR;

	return dev_ioctl(fd, HVISOR_RESET_QUIET, &req);
}

int dev_pz_kick(int fd)
{
	struct hvisor_ioc_hdr req = HDR;

	return dev_ioctl(fd, HVISOR_PZ_KICK, &req);
}

int dev_watch(int fd)
{
	struct hvisor_ioc_hdr req = HDR;

	return dev_ioctl(fd, HVISOR_WATCH, &req);
}

int dev_log(int fd, struct hv_log_io *io)
{
	static struct hvisor_ioc_log req;
	int ret;

	req.hdr = (struct hvisor_ioc_hdr)HDR;
	req.io.cursor = io->cursor;
	ret = dev_ioctl(fd, HVISOR_LOG, &req);
	if (!ret) {
		io->cursor = req.io.cursor;
		io->lost = req.io.lost;
		io->len = req.io.len <= sizeof(io->data) ? req.io.len : 0;
		memcpy(io->data, req.io.data, io->len);
	}
	return ret;
}

int dev_cpu_stats(int fd, struct hv_cpu_stats *st, unsigned int capacity,
		  unsigned int *count)
{
	struct hvisor_ioc_cpu_stats req = {
		.hdr = HDR,
		.capacity = capacity,
		.stats = (uintptr_t)st,
	};
	int ret = dev_ioctl(fd, HVISOR_CPU_STATS, &req);

	if (!ret)
		*count = req.count < capacity ? req.count : capacity;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvraw: test-only. Hands a binary zone config (from `hvisor config
 * compile`) straight to HVISOR_ZONE_START, skipping every check the hvisor
 * tool makes first, so the tests see the hypervisor's own refusals.
 * Usage: hvraw <cfg.bin>. Exit 0 started, 1 refused, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

int main(int argc, char **argv)
{
	static struct hvisor_ioc_zone_start req;
	FILE *f;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: hvraw <cfg.bin>\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fread(&req.cfg, 1, sizeof(req.cfg), f) != sizeof(req.cfg)) {
		fprintf(stderr, "hvraw: %s: cannot read a config\n", argv[1]);
		return 2;
	}
	fclose(f);
	fd = open("/dev/hvisor", O_RDWR);
	if (fd < 0) {
		perror("hvraw: /dev/hvisor");
		return 2;
	}
	req.hdr.magic = HV_ABI_MAGIC;
	req.hdr.version = HV_ABI_VERSION;
	if (ioctl(fd, HVISOR_ZONE_START, &req)) {
		printf("refused: %s (%s)\n", req.cfg.error, strerror(errno));
		return 1;
	}
	printf("started zone %u\n", req.cfg.zone_id);
	return 0;
}

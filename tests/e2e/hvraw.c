// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvraw: test-only. Hands a binary zone config (from `hvisor config
 * compile`) straight to HVISOR_ZONE_START, skipping every check the hvisor
 * tool makes first, so the tests see the hypervisor's own refusals.
 * Usage: hvraw [--abi MAJOR] <cfg.bin>: --abi sends another ABI version,
 * as a tool from another build would. Exit 0 started, 1 refused, 2 usage.
 * hvraw --load ADDR SIZE: stage SIZE bytes of 0xa5 at ADDR (free RAM) the
 * way a zone start loads its images, then wait to be killed: a start that
 * never happened.
 */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

static int load(const char *addr, const char *size)
{
	struct hvisor_ioc_load req = { .hdr = { HV_ABI_MAGIC,
						HV_ABI_VERSION } };
	unsigned char *buf;
	int fd;

	req.dst = strtoull(addr, NULL, 0);
	req.size = strtoull(size, NULL, 0);
	buf = malloc(req.size);
	fd = open("/dev/hvisor", O_RDWR);
	if (!buf || fd < 0) {
		perror("hvraw");
		return 2;
	}
	memset(buf, 0xa5, req.size);
	req.src = (uintptr_t)buf;
	if (ioctl(fd, HVISOR_LOAD, &req)) {
		perror("hvraw: load");
		return 1;
	}
	printf("loaded 0x%llx bytes at 0x%llx\n", (unsigned long long)req.size,
	       (unsigned long long)req.dst);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static struct hvisor_ioc_zone_start req;
	unsigned int major = HV_ABI_MAJOR;
	FILE *f;
	int fd;

	if (argc == 4 && !strcmp(argv[1], "--load"))
		return load(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "--abi")) {
		major = (unsigned int)atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: hvraw [--abi MAJOR] <cfg.bin>\n");
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
	req.hdr.version = major << 16;
	if (ioctl(fd, HVISOR_ZONE_START, &req)) {
		printf("refused: %s (%s)\n", req.cfg.error, strerror(errno));
		return 1;
	}
	printf("started zone %u\n", req.cfg.zone_id);
	return 0;
}

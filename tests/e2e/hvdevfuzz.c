// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvdevfuzz: test-only, zone0's side of the attack suite: /dev/hvisor fed
 * what no hvisor tool sends. Bad magic and versions, null and wild
 * pointers, absurd sizes and counts, unknown request numbers, garbage
 * zone configs, backend calls from a file that is no backend, and zone
 * start and shutdown racing from two processes. Prints one line per group
 * with how many requests the driver accepted; every request must come back
 * (no hang) and the kernel must not oops (the test reads dmesg).
 *
 *   hvdevfuzz CFG.bin          (a compiled zone config, for the race)
 *   hvdevfuzz --hivc DEV       the same for a channel's /dev/hivcN: its
 *                              ioctls, unknown ones, and mmaps it must
 *                              refuse
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hvisor/ioctl.h>
#include <hvisor/ivc.h>

static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 8;
}

static uint8_t buf[65536];

static void garbage(void)
{
	int j;

	for (j = 0; j < (int)sizeof(buf); j += 4)
		*(uint32_t *)(buf + j) = rnd();
}

/* A channel's device: what hivc sends and what it never would. */
static int hivc_fuzz(const char *dev)
{
	static const unsigned long cmds[] = { HIVC_INFO, HIVC_DOORBELL,
					      HIVC_SET_STATE };
	struct hivc_info info;
	unsigned int i, k, ok = 0;
	size_t size, own, out;
	int fd = open(dev, O_RDWR | O_NONBLOCK);
	uint64_t n;

	if (fd < 0 || ioctl(fd, HIVC_INFO, &info)) {
		perror(dev);
		return 2;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		ok += !ioctl(fd, cmds[i], NULL);
		ok += !ioctl(fd, cmds[i], (void *)0xffffffffffff0000UL);
		for (k = 0; k < 200; k++) {
			garbage();
			/* a state word is ours to write: keep it up */
			if (cmds[i] == HIVC_SET_STATE)
				*(uint32_t *)buf |= 1;
			ok += !ioctl(fd, cmds[i], buf);
		}
	}
	printf("hvdevfuzz: hivc requests with garbage: %u accepted\n", ok);
	ok = 0;
	for (i = 0; i < 256; i++)
		ok += !ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, 'V', i, 64), buf);
	printf("hvdevfuzz: hivc unknown requests: %u accepted\n", ok);
	/* what must be refused: past the end, the peer's section writable,
	 * private copies, short reads */
	out = info.out_sec_size;
	size = info.rw_sec_size + (size_t)info.max_peers * out;
	own = info.rw_sec_size + (size_t)info.peer_id * out;
	ok = (mmap(NULL, size + 4096, PROT_READ, MAP_SHARED, fd, 0) !=
	      MAP_FAILED) +
	     (mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)size) !=
	      MAP_FAILED) +
	     (mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) !=
	      MAP_FAILED) +
	     (mmap(NULL, out, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		   (off_t)own) != MAP_FAILED) +
	     (read(fd, &n, 4) >= 0);
	printf("hvdevfuzz: hivc mappings it must refuse: %u accepted\n", ok);
	k = 1; /* up, as the driver left it */
	ioctl(fd, HIVC_SET_STATE, &k);
	printf("hvdevfuzz: done\n");
	return 0;
}

int main(int argc, char **argv)
{
	static struct hvisor_ioc_zone_start st;
	static const unsigned long cmds[] = {
		HVISOR_INFO,	      HVISOR_ZONE_START,
		HVISOR_ZONE_SHUTDOWN, HVISOR_ZONE_LIST,
		HVISOR_LOAD,	      HVISOR_CONSOLE,
		HVISOR_ZONE_CONTINUE, HVISOR_BACKEND_ATTACH,
		HVISOR_VIRTIO_IRQ,    HVISOR_VIRTIO_CTRL,
		HVISOR_RESET_DONE,    HVISOR_WATCH,
		HVISOR_VIRTIO_STATE,  HVISOR_RESET_QUIET,
		HVISOR_LOG,	      HVISOR_CPU_STATS,
	};
	unsigned int i, k, ok;
	char ev[256];
	int fd;
	FILE *f;

	if (argc == 3 && !strcmp(argv[1], "--hivc"))
		return hivc_fuzz(argv[2]);
	/* non-blocking: a garbage request may make the file a watcher
	 * (HVISOR_WATCH), whose read() would wait for a zone to end */
	fd = open("/dev/hvisor", O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		perror("hvdevfuzz: /dev/hvisor");
		return 2;
	}
	/* every request: null, wild, and garbage-filled buffers */
	ok = 0;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		ok += !ioctl(fd, cmds[i], NULL);
		ok += !ioctl(fd, cmds[i], (void *)0xffffffffffff0000UL);
		for (k = 0; k < 200; k++) {
			garbage();
			if (k & 1) { /* right header, garbage after it */
				((struct hvisor_ioc_hdr *)buf)->magic =
					HV_ABI_MAGIC;
				((struct hvisor_ioc_hdr *)buf)->version =
					HV_ABI_VERSION;
			}
			ok += !ioctl(fd, cmds[i], buf);
		}
	}
	printf("hvdevfuzz: known requests with garbage: %u accepted\n", ok);
	ok = 0;
	for (i = 0; i < 256; i++)
		ok += !ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, 0xb7, i, 64),
			     buf);
	printf("hvdevfuzz: unknown requests: %u accepted\n", ok);
	/* as a backend without being one */
	ok = (read(fd, ev, sizeof(ev)) >= 0) +
	     (mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x80000000) !=
	      MAP_FAILED) +
	     (mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x42000000) !=
	      MAP_FAILED);
	printf("hvdevfuzz: backend calls without attaching: %u accepted\n", ok);
	/* zone start and shutdown racing, from two processes */
	if (argc == 2 && (f = fopen(argv[1], "rb"))) {
		size_t n = fread(&st.cfg, 1, sizeof(st.cfg), f);

		fclose(f);
		st.hdr.magic = HV_ABI_MAGIC;
		st.hdr.version = HV_ABI_VERSION;
		for (i = 0; n == sizeof(st.cfg) && i < 10; i++) {
			pid_t pid = fork();
			struct hvisor_ioc_zone_id id = { { HV_ABI_MAGIC,
							   HV_ABI_VERSION },
							 st.cfg.zone_id,
							 0 };

			if (pid == 0) {
				int cfd = open("/dev/hvisor", O_RDWR);

				for (k = 0; k < 20; k++)
					ioctl(cfd, HVISOR_ZONE_SHUTDOWN, &id);
				_exit(0);
			}
			ioctl(fd, HVISOR_ZONE_START, &st);
			waitpid(pid, NULL, 0);
			ioctl(fd, HVISOR_ZONE_SHUTDOWN, &id);
		}
		printf("hvdevfuzz: start/shutdown races done\n");
	}
	printf("hvdevfuzz: done\n");
	return 0;
}

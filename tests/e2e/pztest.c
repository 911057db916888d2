// SPDX-License-Identifier: GPL-2.0
/*
 * pztest: what the process-zone tests run, natively in zone0 and through
 * `hvisor run`, to compare (tests/e2e/test_57_run.py, tests/e2e/bench.py).
 *   files DIR        create, write, rename, read back, unlink in DIR
 *   fault            store to 0x4000
 *   fork             call fork(); report what it returned
 *   getppid N        N getppid() calls; the virtual counter's ticks each
 *   spin N           N rounds of arithmetic; the ticks they took
 *   jitter SECS      the largest gap between two counter reads in SECS
 *   hvc              a hypercall from EL0 (an undefined instruction there)
 *   munmap           map a page at 0x200000, unmap a range that starts
 *                    below it and covers it, then touch it (must fault)
 *   exit N           exit with status N
 *   cat              stdin to stdout
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t ticks(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t freq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static int files(const char *dir)
{
	char a[256], b[256], buf[64];
	int fd;
	ssize_t n;
	struct stat st;

	snprintf(a, sizeof(a), "%s/pz-a.txt", dir);
	snprintf(b, sizeof(b), "%s/pz-b.txt", dir);
	fd = open(a, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "hello from pztest\n", 18) != 18 || close(fd))
		return perror("create"), 1;
	if (rename(a, b))
		return perror("rename"), 1;
	if (!stat(a, &st) || errno != ENOENT)
		return fprintf(stderr, "%s still there\n", a), 1;
	fd = open(b, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n != 18 || close(fd))
		return perror("read back"), 1;
	buf[n] = 0;
	if (unlink(b))
		return perror("unlink"), 1;
	printf("files ok: %s", buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? atol(argv[2]) : 0;
	uint64_t t0, t1, max = 0, last, end;
	volatile uint64_t acc = 1;
	long i;
	char buf[4096];
	ssize_t r;

	if (!strcmp(cmd, "files") && argc > 2)
		return files(argv[2]);
	if (!strcmp(cmd, "fault")) {
		*(volatile int *)0x4000 = 12;
		return 0;
	}
	if (!strcmp(cmd, "fork")) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		printf("fork: %d (%s)\n", (int)p,
		       p < 0 ? strerror(errno) : "ok");
		return p < 0 ? 3 : 0;
	}
	if (!strcmp(cmd, "getppid")) {
		t0 = ticks();
		for (i = 0; i < n; i++)
			getppid();
		t1 = ticks();
		printf("getppid: %ld calls, %.3f us each (virtual counter)\n",
		       n, (double)(t1 - t0) * 1e6 / (double)freq() / (double)n);
		return 0;
	}
	if (!strcmp(cmd, "spin")) {
		t0 = ticks();
		for (i = 0; i < n; i++)
			acc = acc * 6364136223846793005ull +
			      1442695040888963407ull;
		t1 = ticks();
		printf("spin: %ld rounds, %.3f ms (virtual counter)\n", n,
		       (double)(t1 - t0) * 1e3 / (double)freq());
		return 0;
	}
	if (!strcmp(cmd, "jitter")) {
		last = t0 = ticks();
		end = t0 + (uint64_t)n * freq();
		while ((t1 = ticks()) < end) {
			if (t1 - last > max)
				max = t1 - last;
			last = t1;
		}
		printf("jitter: largest gap %.3f us in %ld s (virtual counter)\n",
		       (double)max * 1e6 / (double)freq(), n);
		return 0;
	}
	if (!strcmp(cmd, "hvc")) {
		asm volatile("mov x0, #14; hvc #0" ::: "x0", "memory");
		return 0;
	}
	if (!strcmp(cmd, "munmap")) {
		char *p = mmap((void *)0x200000, 0x10000,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		if (p == MAP_FAILED)
			return perror("mmap"), 1;
		p[0] = 1;
		if (munmap((void *)0x100000, 0x120000))
			return perror("munmap"), 1;
		printf("munmap: still mapped: %d\n", p[0]);
		return 0;
	}
	if (!strcmp(cmd, "exit"))
		return (int)n;
	if (!strcmp(cmd, "cat")) {
		while ((r = read(0, buf, sizeof(buf))) > 0)
			if (write(1, buf, (size_t)r) != r)
				return 1;
		return r < 0;
	}
	fprintf(stderr,
		"usage: pztest files DIR|fault|fork|hvc|munmap|getppid N|spin N|jitter SECS|exit N|cat\n");
	return 2;
}

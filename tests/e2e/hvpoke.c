// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpoke: test-only, the EL0 side of the attack suite. Maps physical
 * addresses through /dev/mem and touches them from user space, each access
 * in a child process so that the fault it gets (SIGBUS from the abort the
 * hypervisor injects) ends only the child.
 *
 *   hvpoke sweep START END STEP   read one word every STEP bytes; prints
 *                                 "read 0xADDR" for each that returned data
 *   hvpoke r32 ADDR / w32 ADDR V  one 32-bit read (printed as "0xV") or
 *                                 write of a device register
 *   hvpoke forms ADDR             exclusive, acquire/release, pair and SIMD
 *                                 loads and stores at ADDR (an emulated or
 *                                 trapped device): "FORM: signal N" or
 *                                 "FORM: completed"
 * Exit 0 when nothing returned data outside what it may touch, as printed.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int memfd;

/* Run fn(p) in a child; 0 if it completed, else the signal it died of. */
static int try(void (*fn)(volatile uint8_t *), uint64_t pa)
{
	uint64_t page = pa & ~4095ULL;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		uint8_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED, memfd, (off_t)page);

		if (m == MAP_FAILED)
			_exit(100); /* the kernel refused: nothing touched */
		fn(m + (pa - page));
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	if (WIFSIGNALED(st))
		return WTERMSIG(st);
	return WEXITSTATUS(st) == 100 ? 100 : 0;
}

static void f_ldr(volatile uint8_t *p)
{
	(void)*(volatile uint32_t *)p;
}

static void f_str(volatile uint8_t *p)
{
	*(volatile uint32_t *)p = 0xffffffff;
}

static void f_ldxr(volatile uint8_t *p)
{
	uint64_t v;

	asm volatile("ldxr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
}

static void f_stxr(volatile uint8_t *p)
{
	uint32_t s;

	asm volatile("stxr %w0, %1, [%2]"
		     : "=&r"(s)
		     : "r"(~0UL), "r"(p)
		     : "memory");
}

static void f_ldar(volatile uint8_t *p)
{
	uint64_t v;

	asm volatile("ldar %0, [%1]" : "=r"(v) : "r"(p) : "memory");
}

static void f_stlr(volatile uint8_t *p)
{
	asm volatile("stlr %0, [%1]" ::"r"(~0UL), "r"(p) : "memory");
}

static void f_ldp(volatile uint8_t *p)
{
	uint64_t a, b;

	asm volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(p) : "memory");
}

static void f_stp(volatile uint8_t *p)
{
	asm volatile("stp %0, %0, [%1]" ::"r"(~0UL), "r"(p) : "memory");
}

static void f_ld1(volatile uint8_t *p)
{
	asm volatile("ld1 {v0.16b}, [%0]" ::"r"(p) : "v0", "memory");
}

static void f_st1(volatile uint8_t *p)
{
	asm volatile("movi v0.16b, #0xff\n st1 {v0.16b}, [%0]" ::"r"(p)
		     : "v0", "memory");
}

static void f_unaligned(volatile uint8_t *p)
{
	(void)*(volatile uint32_t *)(p + 1);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(volatile uint8_t *);
	} forms[] = {
		{ "ldr", f_ldr },
		{ "str", f_str },
		{ "ldxr", f_ldxr },
		{ "stxr", f_stxr },
		{ "ldar", f_ldar },
		{ "stlr", f_stlr },
		{ "ldp", f_ldp },
		{ "stp", f_stp },
		{ "ld1", f_ld1 },
		{ "st1", f_st1 },
		{ "unaligned", f_unaligned },
	};
	unsigned int i;
	int bad = 0;

	memfd = open("/dev/mem", O_RDWR | O_SYNC);
	if (memfd < 0) {
		perror("hvpoke: /dev/mem");
		return 2;
	}
	if ((argc == 3 && !strcmp(argv[1], "r32")) ||
	    (argc == 4 && !strcmp(argv[1], "w32"))) {
		uint64_t a = strtoull(argv[2], NULL, 0);
		volatile uint32_t *r;
		uint8_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED, memfd, (off_t)(a & ~4095ULL));

		if (m == MAP_FAILED) {
			perror("hvpoke: mmap");
			return 2;
		}
		r = (volatile uint32_t *)(m + (a & 4095));
		if (argc == 4)
			*r = (uint32_t)strtoul(argv[3], NULL, 0);
		else
			printf("0x%x\n", *r);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "sweep")) {
		uint64_t a = strtoull(argv[2], NULL, 0);
		uint64_t end = strtoull(argv[3], NULL, 0);
		uint64_t step = strtoull(argv[4], NULL, 0);
		unsigned long n = 0;

		for (; a < end && step; a += step, n++)
			if (try(f_ldr, a) == 0) {
				printf("read 0x%llx\n", (unsigned long long)a);
				bad++;
			}
		printf("hvpoke: swept %lu addresses, %d read\n", n, bad);
		return bad ? 1 : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "forms")) {
		static char out[4096];
		uint64_t a = strtoull(argv[2], NULL, 0);

		/* all results in one write at the end, after any log line the
		 * accesses made the hypervisor print */
		setvbuf(stdout, out, _IOFBF, sizeof(out));

		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			int r = try(forms[i].fn, a);

			if (r == 100)
				printf("%s: mapping refused\n", forms[i].name);
			else if (r)
				printf("%s: signal %d\n", forms[i].name, r);
			else
				printf("%s: completed\n", forms[i].name);
		}
		return 0;
	}
	fprintf(stderr,
		"usage: hvpoke sweep START END STEP | hvpoke forms ADDR\n");
	return 2;
}

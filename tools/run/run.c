// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor run [--cpu N] [--mem SIZE] [--name NAME] [--] PROGRAM [ARGS...]
 *
 * Make a process zone (a free CPU, or one of zone0's lent; RAM nobody
 * has), put the program and the runtime in it, and serve its system calls
 * until it ends; then end the zone and leave as the program did: its exit
 * status, or the signal that ended it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <hvisor/ioctl.h>
#include "cmd.h"
#include "config_check.h"
#include "dev.h"
#include "run.h"

#define MIB (1ull << 20)
#define ALIGN_2M (2 * MIB)
#define DEFAULT_MEM (128 * MIB)
#define MAX_MEM (1024 * MIB) /* what the runtime's table pages cover */
#define RT_PATH "/usr/lib/hvisor/pzrt.bin"

extern char **environ;
static struct run_ctx ctx;

static void on_signal(int sig)
{
	ctx.sig = sig;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* PATH lookup, as execvp does */
static const char *find_program(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH"), *p, *colon;

	if (strchr(name, '/'))
		return name;
	for (p = path ? path : "/bin:/usr/bin"; *p; p = colon + 1) {
		colon = strchr(p, ':');
		if (!colon)
			colon = p + strlen(p);
		snprintf(buf, len, "%.*s/%s", (int)(colon - p), p, name);
		if (!access(buf, X_OK))
			return buf;
		if (!*colon)
			break;
	}
	return NULL;
}

/* The highest 2 MiB aligned place for size bytes in RAM nobody has, clear
 * of the program's addresses (the runtime maps the RAM at its own). */
static int choose_ram(const struct hv_info *info, uint64_t size, uint64_t *base)
{
	uint64_t low = PZ_WIN_VA + size; /* the window's end, at most */
	int i;

	for (i = (int)info->num_free - 1; i >= 0; i--) {
		uint64_t b = info->free[i].base, e = b + info->free[i].size;
		uint64_t at = (e - size) & ~(ALIGN_2M - 1);

		if (info->free[i].size < size || at < b || at < low)
			continue;
		*base = at;
		return 0;
	}
	return -1;
}

/* A free CPU, else the highest of zone0's but its first. */
static int choose_cpu(const struct hv_info *info,
		      const struct hv_zone_status *st, unsigned int n)
{
	uint64_t held = 0, root = 0;
	unsigned int i;
	int cpu;

	for (i = 0; i < n; i++) {
		if (st[i].state == HV_ZONE_STOPPED)
			continue;
		held |= st[i].cpus;
		if (st[i].zone_id == 0)
			root = st[i].cpus;
	}
	for (cpu = (int)info->num_cpus - 1; cpu >= 0; cpu--)
		if (!(held & (1ull << cpu)))
			return cpu;
	for (cpu = (int)info->num_cpus - 1; cpu > 0; cpu--)
		if ((root & (1ull << cpu)) && (root & ((1ull << cpu) - 1)))
			return cpu;
	return -1;
}

static int choose_id(const struct hv_zone_status *st, unsigned int n)
{
	unsigned int i;
	int id;

	for (id = HV_MAX_ZONES - 1; id > 0; id--) {
		for (i = 0; i < n; i++)
			if (st[i].state != HV_ZONE_STOPPED &&
			    st[i].zone_id == (unsigned int)id)
				break;
		if (i == n)
			return id;
	}
	return -1;
}

static void default_name(char *name, const char *prog)
{
	const char *b = strrchr(prog, '/');
	char *dot;
	size_t i;

	snprintf(name, HV_NAME_LEN, "%.20s", b ? b + 1 : prog);
	/* "ld-linux-aarch64.so.1" -> "ld-linux-aarch64" */
	dot = strchr(name, '.');
	if (dot)
		*dot = '\0';
	snprintf(name + strlen(name), HV_NAME_LEN - strlen(name), ".%d",
		 (int)getpid());
	for (i = 0; name[i]; i++)
		if (!hv_cfg_name_char_ok(name[i]))
			name[i] = '_';
}

static void fill_arch(struct hv_arch_config *a, const struct hv_info *info)
{
	a->gic_version = info->gic_version;
	a->gicd_base = info->gicd_base;
	a->gicd_size = 0x10000;
	if (info->gic_version == HV_GIC_V3) {
		a->gicr_base = info->gicr_base;
		a->gicr_size = 0x20000ull * info->num_cpus;
	} else {
		a->gicc_base = info->gicc_base;
		a->gicc_size = 0x20000;
	}
}

/* /dev/hvisor, out of the program's way: the highest number it may get */
static int open_high(void)
{
	struct rlimit rl;
	int fd = dev_open(), hi;

	if (fd < 0)
		return -1;
	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < 64)
		return fd;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, (int)rl.rlim_cur - 16);
	if (hi < 0)
		return fd;
	close(fd);
	return hi;
}

/* End the zone and free what it had: our mappings first, then our file
 * (a process zone ends with it), then its record. */
static void end_zone(void)
{
	int fd;

	if (ctx.win_size)
		munmap((void *)(uintptr_t)ctx.win_va, ctx.win_size);
	if (ctx.rt)
		munmap(ctx.rt, PZ_RT_SIZE);
	ctx.win_size = 0;
	ctx.rt = NULL;
	if (ctx.fd >= 0)
		close(ctx.fd);
	ctx.fd = -1;
	fd = dev_open();
	if (fd < 0)
		return;
	dev_zone_shutdown(fd, ctx.zone_id); /* ended by the close, or now */
	dev_zone_shutdown(fd, ctx.zone_id); /* no ended record is left */
	close(fd);
}

static __attribute__((noreturn)) void die_by(int sig)
{
	struct rlimit none = { 0, 0 };

	end_zone();
	fflush(NULL);
	setrlimit(RLIMIT_CORE, &none); /* the program's fault, not ours */
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static const char *fault_name(uint64_t esr, int *sig)
{
	switch (esr >> 26) {
	case 0x20:
	case 0x24:
		*sig = SIGSEGV;
		return "segmentation fault";
	case 0x22:
	case 0x26:
		*sig = SIGBUS;
		return "bus error (misaligned PC or SP)";
	case 0x3c:
		*sig = SIGTRAP;
		return "breakpoint";
	default:
		*sig = SIGILL;
		return "illegal instruction";
	}
}

static __attribute__((noreturn)) void fault(void)
{
	const struct pz_comm *m = ctx.comm;
	uint64_t ec = m->esr >> 26;
	int sig;
	const char *what = fault_name(m->esr, &sig);

	if (m->arg[0]) { /* the runtime's own */
		fprintf(stderr,
			"hvisor run: %s: the process zone's runtime failed (ESR 0x%llx at 0x%llx, address 0x%llx)\n",
			ctx.prog, (unsigned long long)m->esr,
			(unsigned long long)m->elr, (unsigned long long)m->far);
		end_zone();
		exit(HV_EXIT_FAIL);
	}
	fprintf(stderr, "hvisor run: %s: %s", ctx.prog, what);
	if (ec == 0x24)
		fprintf(stderr, ": %s at 0x%llx",
			(m->esr >> 6) & 1 ? "write" : "read",
			(unsigned long long)m->far);
	else if (ec == 0x20)
		fprintf(stderr, ": instruction fetch at 0x%llx",
			(unsigned long long)m->far);
	fprintf(stderr, ", by the instruction at 0x%llx",
		(unsigned long long)m->elr);
	if (m->insn_ok)
		fprintf(stderr, " (%08x)", m->insn);
	fputc('\n', stderr);
	die_by(sig);
}

/* One call from the runtime: answered, or the program's end. */
static void serve_call(void)
{
	struct pz_comm *m = ctx.comm;
	uint32_t seq = __atomic_load_n(&m->seq, __ATOMIC_ACQUIRE);
	uint64_t a[6];
	long r;

	if (m->kind == PZ_CALL_EXIT) {
		int status = (int)(m->arg[0] & 0xff);

		end_zone(); /* m goes with it */
		exit(status);
	}
	if (m->kind == PZ_CALL_FAULT)
		fault();
	memcpy(a, (const void *)m->arg, sizeof(a));
	for (;;) {
		r = run_syscall(&ctx, m->nr, a);
		if (r != -EINTR || !ctx.sig || !run_sig_ignored(&ctx, ctx.sig))
			break;
		ctx.sig = 0; /* it would not have stopped the call */
	}
	m->ret = (uint64_t)r;
	__atomic_store_n(&m->done, seq, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&m->sleeping, __ATOMIC_RELAXED))
		dev_pz_kick(ctx.fd);
}

static int call_waiting(uint32_t handled)
{
	return __atomic_load_n(&ctx.comm->seq, __ATOMIC_ACQUIRE) != handled;
}

/* A while after each answer, look for the next call without sleeping:
 * it is often close behind, and then neither side enters EL2. */
static int poll_for_call(uint32_t handled)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (call_waiting(handled))
			return 1;
#ifdef __aarch64__
		asm volatile("yield");
#endif
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!ctx.sig && (t.tv_sec - t0.tv_sec) * 1000000000L +
					     (t.tv_nsec - t0.tv_nsec) <
				     PZ_POLL_US * 1000L);
	return 0;
}

static __attribute__((noreturn)) void serve(void)
{
	struct hv_event ev[8];
	uint32_t handled = 0;
	int polled = 0;
	ssize_t n, i;

	for (;;) {
		if (ctx.sig) {
			if (run_sig_ignored(&ctx, ctx.sig))
				ctx.sig = 0;
			else
				die_by(ctx.sig);
		}
		if (call_waiting(handled)) {
			handled = ctx.comm->seq;
			serve_call();
			polled = 0;
			continue;
		}
		if (!polled) {
			polled = 1;
			__atomic_store_n(&ctx.comm->polling, 1,
					 __ATOMIC_RELAXED);
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (poll_for_call(handled))
				continue;
		}
		/* about to sleep: the runtime must call, and we look once
		 * more (pzone.h) */
		__atomic_store_n(&ctx.comm->polling, 0, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (call_waiting(handled))
			continue;
		n = read(ctx.fd, ev, sizeof(ev));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr,
				"hvisor run: %s: the process zone is gone (%s)\n",
				ctx.prog, n < 0 ? strerror(errno) : "ended");
			end_zone();
			exit(HV_EXIT_FAIL);
		}
		for (i = 0; i < n / (ssize_t)sizeof(ev[0]); i++) {
			if (ev[i].type != HV_EVT_ZONE_EXIT)
				continue;
			fprintf(stderr,
				"hvisor run: %s: the process zone ended (%s)\n",
				ctx.prog,
				ev[i].value == HV_END_FAILED ? "it failed"
							     : "shut down");
			end_zone();
			exit(HV_EXIT_FAIL);
		}
	}
}

static int usage(const char *fmt, const char *arg)
{
	char msg[160];

	snprintf(msg, sizeof(msg), fmt, arg);
	return hv_usage_error("run", NULL, "%s", msg);
}

int cmd_run(int argc, char **argv)
{
	static struct hv_zone_config cfg;
	static struct hv_zone_status st[CMD_LIST_MAX];
	struct hv_info info;
	uint64_t mem = DEFAULT_MEM, base;
	const char *name = NULL, *path, *rt_path = getenv("HVISOR_RUNTIME");
	char pbuf[PATH_MAX], err[256], nbuf[HV_NAME_LEN];
	unsigned int n;
	int i = 1, cpu = -1, id, ret;
	struct sigaction sa;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			return usage("%s needs a value", argv[i]);
		if (!strcmp(argv[i], "--cpu")) {
			char *end;

			cpu = (int)strtol(argv[++i], &end, 10);
			if (*end || cpu < 0 || cpu >= 64)
				return usage("--cpu %s: not a CPU number",
					     argv[i]);
		} else if (!strcmp(argv[i], "--mem")) {
			if (parse_size(argv[++i], &mem) || mem < 8 * MIB ||
			    mem > MAX_MEM)
				return usage(
					"--mem %s: a size from 8M to 1G (e.g. 64M)",
					argv[i]);
		} else if (!strcmp(argv[i], "--name")) {
			name = argv[++i];
		} else {
			return usage("unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc)
		return usage("%s", "missing PROGRAM");
	ctx.prog = argv[i];
	path = find_program(argv[i], pbuf, sizeof(pbuf));
	if (!path) {
		fprintf(stderr, "hvisor run: %s: not found in PATH\n", argv[i]);
		return 127;
	}
	if (run_probe(path, err, sizeof(err))) {
		fprintf(stderr, "hvisor run: %s\n", err);
		return access(path, F_OK) ? 127 : 126;
	}
	mem = (mem + ALIGN_2M - 1) & ~(ALIGN_2M - 1);
	ctx.fd = open_high();
	if (ctx.fd < 0)
		return HV_EXIT_FAIL;
	if ((ret = dev_info(ctx.fd, &info)) ||
	    (ret = dev_zone_list(ctx.fd, st, CMD_LIST_MAX, &n))) {
		fprintf(stderr, "hvisor run: asking the hypervisor: %s\n",
			strerror(-ret));
		return HV_EXIT_FAIL;
	}
	if (choose_ram(&info, mem, &base)) {
		fprintf(stderr,
			"hvisor run: no free RAM for %llu MiB (hvisor --version lists the board's; zones hold the rest)\n",
			(unsigned long long)(mem / MIB));
		return HV_EXIT_FAIL;
	}
	if (cpu < 0)
		cpu = choose_cpu(&info, st, n);
	id = choose_id(st, n);
	if (cpu < 0 || id < 0) {
		fprintf(stderr,
			"hvisor run: no %s is free for a process zone\n",
			cpu < 0 ? "CPU" : "zone id");
		return HV_EXIT_FAIL;
	}
	if (!name) {
		default_name(nbuf, argv[i]);
		name = nbuf;
	}
	cfg.magic = HV_ABI_MAGIC;
	cfg.version = HV_ABI_VERSION;
	cfg.size = sizeof(cfg);
	cfg.zone_id = (hv_u32)id;
	snprintf(cfg.name, sizeof(cfg.name), "%s", name);
	cfg.cpus = 1ull << cpu;
	cfg.num_mem_regions = 1;
	cfg.mem_regions[0] = (struct hv_mem_region){ .phys_start = base,
						     .virt_start = base,
						     .size = mem,
						     .type = HV_MEM_RAM };
	cfg.entry_point = base;
	cfg.dtb_addr = base + PZ_COMM_OFF;
	cfg.flags = HV_ZONE_PROCESS | HV_ZONE_START_PAUSED;
	fill_arch(&cfg.arch, &info);
	ret = dev_zone_start(ctx.fd, &cfg);
	if (ret) {
		fprintf(stderr,
			"hvisor run: the process zone was refused: %s%s%s\n",
			strerror(-ret), cfg.error[0] ? ": " : "", cfg.error);
		return HV_EXIT_FAIL;
	}
	ctx.zone_id = (unsigned int)id;
	ctx.ram_base = base;
	ctx.ram_size = mem;
	ctx.win_va = PZ_WIN_VA;
	ret = dev_backend_attach(ctx.fd, ctx.zone_id);
	if (!ret) {
		void *p = mmap(NULL, PZ_RT_SIZE, PROT_READ | PROT_WRITE,
			       MAP_SHARED, ctx.fd, (off_t)base);

		ctx.rt = p == MAP_FAILED ? NULL : p;
		p = mmap((void *)(uintptr_t)ctx.win_va, mem - PZ_RT_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED_NOREPLACE, ctx.fd,
			 (off_t)(base + PZ_RT_SIZE));
		if (p == (void *)(uintptr_t)ctx.win_va)
			ctx.win_size = mem - PZ_RT_SIZE;
		else if (p != MAP_FAILED)
			munmap(p, mem - PZ_RT_SIZE);
		ret = ctx.rt && ctx.win_size ? 0 : (errno ? -errno : -EEXIST);
	}
	if (ret) {
		fprintf(stderr,
			"hvisor run: mapping the process zone's RAM: %s\n",
			strerror(-ret));
		end_zone();
		return HV_EXIT_FAIL;
	}
	ctx.comm = (struct pz_comm *)(ctx.rt + PZ_COMM_OFF);
	if (run_load(&ctx, path, argv + i, environ, rt_path ? rt_path : RT_PATH,
		     err, sizeof(err))) {
		fprintf(stderr, "hvisor run: %s\n", err);
		end_zone();
		return 126;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: calls come back */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	ret = dev_zone_continue(ctx.fd, ctx.zone_id, HV_ZONE_OP_RUN);
	if (ret) {
		fprintf(stderr, "hvisor run: starting the process zone: %s\n",
			strerror(-ret));
		end_zone();
		return HV_EXIT_FAIL;
	}
	serve();
}

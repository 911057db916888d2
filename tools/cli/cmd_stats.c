// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor zone stats [ZONE] [--cpu N] [--json] [--watch S]: what each CPU's
 * EL2 did since boot, by cause (HV_HC_CPU_STATS): the exits from its zone
 * (emulated MMIO, hypercalls, SMCs, system registers), the interrupts it
 * took (passed on, maintenance, the hypervisor's own SGI, dropped) and
 * the virtual interrupts it injected. --watch S prints, every S seconds,
 * what grew since the last print.
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "cmd.h"
#include "dev.h"

#define STATS_MAX 64

/* the counters, in print order */
static const struct {
	const char *name;
	size_t off;
} fields[] = {
#define F(x)                                                                   \
	{                                                                      \
#x, offsetof(struct hv_cpu_stats, x)                           \
	}
	F(traps),     F(mmio),	    F(hypercalls),  F(smc),
	F(sysreg),    F(other),	    F(irqs),	    F(irq_guest),
	F(irq_maint), F(irq_event), F(irq_dropped), F(virq),
#undef F
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static hv_u64 field(const struct hv_cpu_stats *s, unsigned int i)
{
	return *(const hv_u64 *)((const char *)s + fields[i].off);
}

static void print_table(const struct hv_cpu_stats *st,
			const struct hv_cpu_stats *base, unsigned int n,
			long zone, long cpu)
{
	unsigned int i, k;

	printf("CPU  ZONE");
	for (k = 0; k < NFIELDS; k++)
		printf(" %10s", fields[k].name);
	putchar('\n');
	for (i = 0; i < n; i++) {
		if ((zone >= 0 && st[i].zone_id != (hv_u32)zone) ||
		    (cpu >= 0 && st[i].cpu != (hv_u32)cpu))
			continue;
		printf("%-4u ", st[i].cpu);
		if (st[i].zone_id == HV_STATS_NO_ZONE)
			printf("%-4s", "-");
		else
			printf("%-4u", st[i].zone_id);
		for (k = 0; k < NFIELDS; k++)
			printf(" %10llu",
			       (unsigned long long)(field(&st[i], k) -
						    (base ? field(&base[i], k)
							  : 0)));
		putchar('\n');
	}
}

static void print_json(const struct hv_cpu_stats *st, unsigned int n, long zone,
		       long cpu)
{
	unsigned int i, k;
	int first = 1;

	putchar('[');
	for (i = 0; i < n; i++) {
		if ((zone >= 0 && st[i].zone_id != (hv_u32)zone) ||
		    (cpu >= 0 && st[i].cpu != (hv_u32)cpu))
			continue;
		printf("%s\n  {\"cpu\": %u, \"mpidr\": %llu, \"zone\": ",
		       first ? "" : ",", st[i].cpu,
		       (unsigned long long)st[i].mpidr);
		if (st[i].zone_id == HV_STATS_NO_ZONE)
			fputs("null", stdout);
		else
			printf("%u", st[i].zone_id);
		for (k = 0; k < NFIELDS; k++)
			printf(", \"%s\": %llu", fields[k].name,
			       (unsigned long long)field(&st[i], k));
		putchar('}');
		first = 0;
	}
	fputs(first ? "]\n" : "\n]\n", stdout);
}

int cmd_zone_stats(int argc, char **argv)
{
	static struct hv_cpu_stats st[STATS_MAX], prev[STATS_MAX];
	struct sigaction sa = { .sa_handler = on_signal };
	const char *zone_arg = NULL;
	long zone = -1, cpu = -1, watch = 0;
	int i, fd, json = 0, ret;
	unsigned int n;
	char *end;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--cpu") ||
			   !strcmp(argv[i], "--watch")) {
			long *v = argv[i][2] == 'c' ? &cpu : &watch;

			if (i + 1 >= argc)
				return hv_usage_error("zone", "stats",
						      "%s needs a number",
						      argv[i]);
			*v = strtol(argv[i + 1], &end, 10);
			if (*end || *v < 0 || (v == &watch && !*v) ||
			    *v > 100000)
				return hv_usage_error(
					"zone", "stats",
					"%s: '%s' is not a number%s", argv[i],
					argv[i + 1],
					v == &watch ? " of seconds (1 or more)"
						    : "");
			i++;
		} else if ((argv[i][0] == '-' && argv[i][1]) || zone_arg) {
			return hv_usage_error("zone", "stats",
					      "unexpected '%s'", argv[i]);
		} else {
			zone_arg = argv[i];
		}
	}
	if (json && watch)
		return hv_usage_error("zone", "stats",
				      "--json and --watch: pick one");
	fd = dev_open();
	if (fd < 0)
		return HV_EXIT_FAIL;
	if (zone_arg) {
		zone = cmd_find_zone(fd, zone_arg, NULL);
		if (zone < 0) {
			close(fd);
			return HV_EXIT_FAIL;
		}
	}
	ret = dev_cpu_stats(fd, st, STATS_MAX, &n);
	if (ret) {
		fprintf(stderr, "hvisor: zone stats: %s\n", strerror(-ret));
		close(fd);
		return HV_EXIT_FAIL;
	}
	if (cpu >= (long)n) {
		fprintf(stderr,
			"hvisor: zone stats: --cpu %ld: the board has CPUs 0..%u\n",
			cpu, n - 1);
		close(fd);
		return HV_EXIT_FAIL;
	}
	if (json) {
		print_json(st, n, zone, cpu);
	} else if (!watch) {
		print_table(st, NULL, n, zone, cpu);
	} else {
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		while (!stop) {
			memcpy(prev, st, sizeof(st));
			sleep((unsigned int)watch);
			if (stop || dev_cpu_stats(fd, st, STATS_MAX, &n))
				break;
			printf("in the last %ld s:\n", watch);
			print_table(st, prev, n, zone, cpu);
			fflush(stdout);
		}
	}
	close(fd);
	return HV_EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor zone stats [ZONE] [--cpu N] [--json] [--watch S]: what each CPU's
 * EL2 did since boot, by cause (HV_HC_CPU_STATS): the exits from its zone
 * (emulated MMIO, hypercalls, SMCs, system registers), the interrupts it
 * took (passed on, maintenance, the hypervisor's own SGI, dropped) and
 * the virtual interrupts it injected and SGIs its zone sent; then, per
 * zone, what each of its trapped devices cost (HV_HC_ZONE_LIST) and the
 * hypervisor's page pool. --watch S prints, every S seconds, what grew on
 * each CPU since the last print.
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
	F(traps),	F(mmio), F(hypercalls), F(smc),	      F(sysreg),
	F(other),	F(irqs), F(irq_guest),	F(irq_maint), F(irq_event),
	F(irq_dropped), F(virq), F(sgi),
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

/* the zones' trapped devices (all zones, or the one asked for) */
static struct hv_zone_status zst[HV_MAX_ZONES * 2];
static unsigned int nzones;

static void print_devices(long zone)
{
	unsigned int i, k;

	for (i = 0; i < nzones; i++) {
		const struct hv_zone_status *z = &zst[i];

		if (z->state == HV_ZONE_STOPPED ||
		    (zone >= 0 && z->zone_id != (hv_u32)zone))
			continue;
		printf("zone %u (%.*s), up %llu s, trapped devices:",
		       z->zone_id, HV_NAME_LEN, z->name,
		       (unsigned long long)(z->uptime_ms / 1000));
		for (k = 0; k < z->num_mmio && k < HV_MAX_MMIO_STATS; k++)
			printf("%s %.*s@0x%llx %llu", k ? "," : "",
			       HV_MMIO_NAME_LEN, z->mmio[k].name,
			       (unsigned long long)z->mmio[k].base,
			       (unsigned long long)z->mmio[k].traps);
		putchar('\n');
	}
}

static void json_devices(long zone)
{
	unsigned int i, k;
	int first = 1;

	for (i = 0; i < nzones; i++) {
		const struct hv_zone_status *z = &zst[i];

		if (z->state == HV_ZONE_STOPPED ||
		    (zone >= 0 && z->zone_id != (hv_u32)zone))
			continue;
		printf("%s\n    {\"id\": %u, \"uptime_ms\": %llu, \"devices\": [",
		       first ? "" : ",", z->zone_id,
		       (unsigned long long)z->uptime_ms);
		for (k = 0; k < z->num_mmio && k < HV_MAX_MMIO_STATS; k++)
			printf("%s{\"name\": \"%.*s\", \"base\": \"0x%llx\", \"traps\": %llu}",
			       k ? ", " : "", HV_MMIO_NAME_LEN, z->mmio[k].name,
			       (unsigned long long)z->mmio[k].base,
			       (unsigned long long)z->mmio[k].traps);
		printf("]}");
		first = 0;
	}
	fputs(first ? "]" : "\n  ]", stdout);
}

static void print_json(const struct hv_cpu_stats *st, unsigned int n, long zone,
		       long cpu, const struct hv_info *info)
{
	unsigned int i, k;
	int first = 1;

	printf("{\"pool\": {\"free\": %u, \"pages\": %u, \"max_used\": %u},\n \"cpus\": [",
	       info->pool_free, info->pool_pages, info->pool_max_used);
	for (i = 0; i < n; i++) {
		if ((zone >= 0 && st[i].zone_id != (hv_u32)zone) ||
		    (cpu >= 0 && st[i].cpu != (hv_u32)cpu))
			continue;
		printf("%s\n    {\"cpu\": %u, \"mpidr\": %llu, \"zone\": ",
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
	fputs(first ? "],\n \"zones\": [" : "\n  ],\n \"zones\": [", stdout);
	json_devices(zone);
	fputs("}\n", stdout);
}

int cmd_zone_stats(int argc, char **argv)
{
	static struct hv_cpu_stats st[STATS_MAX], prev[STATS_MAX];
	struct sigaction sa = { .sa_handler = on_signal };
	struct hv_info info;
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
	if (!ret)
		ret = dev_info(fd, &info);
	if (!ret)
		ret = dev_zone_list(fd, zst, HV_MAX_ZONES * 2, &nzones);
	if (nzones > HV_MAX_ZONES * 2)
		nzones = HV_MAX_ZONES * 2;
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
		print_json(st, n, zone, cpu, &info);
	} else if (!watch) {
		print_table(st, NULL, n, zone, cpu);
		print_devices(zone);
		printf("page pool: %u of %u pages free, at most %u used\n",
		       info.pool_free, info.pool_pages, info.pool_max_used);
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

// SPDX-License-Identifier: GPL-2.0 OR MIT
/* hvisor zone list: the zones, running and ended, as a table or JSON. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "cmd.h"
#include "dev.h"
/* "0-1,3" */
static void format_cpus(hv_u64 cpus, char *buf, size_t size)
{
	size_t n = 0;
	int cpu, first;

	buf[0] = '\0';
	for (cpu = 0; cpu < 64 && n < size; cpu++) {
		if (!(cpus & (1ULL << cpu)))
			continue;
		first = cpu;
		while (cpu < 63 && (cpus & (1ULL << (cpu + 1))))
			cpu++;
		if (first == cpu)
			n += snprintf(buf + n, size - n, "%s%d", n ? "," : "",
				      cpu);
		else
			n += snprintf(buf + n, size - n, "%s%d-%d",
				      n ? "," : "", first, cpu);
	}
}

/* "42s", "12m04s", "3h07m", "2d05h" */
static void format_uptime(hv_u64 ms, char *buf, size_t size)
{
	unsigned long long s = ms / 1000;

	if (s < 60)
		snprintf(buf, size, "%llus", s);
	else if (s < 3600)
		snprintf(buf, size, "%llum%02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lluh%02llum", s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, "%llud%02lluh", s / 86400, s / 3600 % 24);
}

static const char *virtio_type(hv_u32 id)
{
	switch (id) {
	case 1:
		return "net";
	case 2:
		return "blk";
	case 3:
		return "console";
	default:
		return "other";
	}
}

/* per request: how often the guest trapped, and zone0 was told */
static void print_per_request(const struct hv_virtio_stats *v)
{
	double r = v->requests ? (double)v->requests : 1.0;

	printf("%.2f EL2 entries/request (%.2f guest register traps, %.2f events to zone0, %.2f interrupts)",
	       (double)(v->reg_traps + v->irq_calls + v->irqs + v->events) / r,
	       (double)v->reg_traps / r, (double)v->events / r,
	       (double)v->irqs / r);
}

static void json_string(const char *s, size_t max)
{
	size_t i;

	putchar('"');
	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c < 0x80 ? c : '?');
	}
	putchar('"');
}

int cmd_zone_list(int argc, char **argv)
{
	struct hv_zone_status st[CMD_LIST_MAX];
	unsigned int n, i, dv;
	int fd, json = 0, cpu, first;
	char cpus[128], mem[32], up[32];

	if (argc == 2 && !strcmp(argv[1], "--json"))
		json = 1;
	else if (argc != 1)
		return hv_usage_error("zone", "list", "unexpected '%s'",
				      argv[1]);
	fd = dev_open();
	if (fd < 0)
		return HV_EXIT_FAIL;
	if (cmd_list_zones(fd, st, &n)) {
		close(fd);
		return HV_EXIT_FAIL;
	}
	close(fd);
	if (json) {
		printf("[");
		for (i = 0; i < n; i++) {
			printf("%s\n  {\"id\": %u, \"name\": ", i ? "," : "",
			       st[i].zone_id);
			json_string(st[i].name, HV_NAME_LEN);
			printf(", \"state\": \"%s\", \"cpus\": [",
			       cmd_state_name(st[i].state));
			for (cpu = 0, first = 1; cpu < 64; cpu++)
				if (st[i].cpus & (1ULL << cpu)) {
					printf("%s%d", first ? "" : ", ", cpu);
					first = 0;
				}
			printf("], \"memory_bytes\": %llu, \"reason\": ",
			       (unsigned long long)st[i].ram_bytes);
			json_string(st[i].reason, sizeof(st[i].reason));
			if (st[i].state == HV_ZONE_STOPPED)
				printf(", \"ended_at\": %u", st[i].ended_at);
			else
				printf(", \"uptime_ms\": %llu",
				       (unsigned long long)st[i].uptime_ms);
			printf(", \"virtio\": [");
			for (dv = 0;
			     dv < st[i].num_virtio && dv < HV_MAX_VIRTIO;
			     dv++) {
				const struct hv_virtio_stats *v =
					&st[i].virtio[dv];

				printf("%s{\"type\": \"%s\", \"base\": \"0x%llx\", \"irq\": %u, \"status\": %u, \"reg_traps\": %llu, \"notifies\": %llu, \"events\": %llu, \"irqs\": %llu, \"irq_calls\": %llu, \"requests\": %llu, \"merged\": %llu, \"dropped\": %llu}",
				       dv ? ", " : "",
				       virtio_type(v->device_id),
				       (unsigned long long)v->base, v->irq,
				       v->status,
				       (unsigned long long)v->reg_traps,
				       (unsigned long long)v->notifies,
				       (unsigned long long)v->events,
				       (unsigned long long)v->irqs,
				       (unsigned long long)v->irq_calls,
				       (unsigned long long)v->requests,
				       (unsigned long long)v->merged,
				       (unsigned long long)v->dropped);
			}
			printf("]}");
		}
		printf("%s]\n", n ? "\n" : "");
		return HV_EXIT_OK;
	}
	printf("%-4s %-16s %-10s %-8s %-10s %s\n", "ID", "NAME", "STATE",
	       "CPUS", "MEMORY", "UPTIME");
	for (i = 0; i < n; i++) {
		format_cpus(st[i].cpus, cpus, sizeof(cpus));
		if (st[i].state == HV_ZONE_STOPPED)
			printf("%-4u %-16.*s %-10s %-8s -", st[i].zone_id,
			       HV_NAME_LEN, st[i].name, "stopped", "-");
		else {
			snprintf(mem, sizeof(mem), "%llu MiB",
				 (unsigned long long)(st[i].ram_bytes >> 20));
			format_uptime(st[i].uptime_ms, up, sizeof(up));
			printf("%-4u %-16.*s %-10s %-8s %-10s %s",
			       st[i].zone_id, HV_NAME_LEN, st[i].name,
			       cmd_state_name(st[i].state), cpus, mem, up);
		}
		if (st[i].reason[0]) {
			printf("  (");
			hv_print_text(stdout, st[i].reason,
				      sizeof(st[i].reason));
			putchar(')');
		}
		if (st[i].state == HV_ZONE_STOPPED) {
			time_t at = st[i].ended_at;
			char when[32];
			struct tm tm;

			gmtime_r(&at, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC",
				 &tm);
			printf(" at %s", when);
		}
		putchar('\n');
		for (dv = 0; dv < st[i].num_virtio && dv < HV_MAX_VIRTIO;
		     dv++) {
			const struct hv_virtio_stats *v = &st[i].virtio[dv];

			printf("       virtio%u %-7s 0x%llx irq %u status 0x%x, %llu requests: ",
			       dv, virtio_type(v->device_id),
			       (unsigned long long)v->base, v->irq, v->status,
			       (unsigned long long)v->requests);
			print_per_request(v);
			putchar('\n');
		}
	}
	return HV_EXIT_OK;
}

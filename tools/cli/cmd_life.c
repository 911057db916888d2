// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor zone wait / hvisor zone events: what scripts use to learn that a
 * zone ended. Both sleep in poll() on /dev/hvisor, which reads lifecycle
 * events after HVISOR_WATCH (docs/hypercalls.md).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "cmd.h"
#include "dev.h"

/* `hvisor zone wait` exit statuses beyond HV_EXIT_* (docs in main.c) */
#define WAIT_EXIT_SHUTDOWN 3
#define WAIT_EXIT_FAULT 4
#define WAIT_EXIT_RESET 5
#define WAIT_EXIT_OTHER 6
#define WAIT_EXIT_TIMEOUT 124

static int reason_status(const char *reason)
{
	if (!strcmp(reason, "poweroff"))
		return HV_EXIT_OK;
	if (!strcmp(reason, "shutdown"))
		return WAIT_EXIT_SHUTDOWN;
	if (!strncmp(reason, "fault", 5))
		return WAIT_EXIT_FAULT;
	if (!strncmp(reason, "reset", 5))
		return WAIT_EXIT_RESET;
	return WAIT_EXIT_OTHER;
}

static int ended(const char *reason)
{
	hv_print_text(stdout, reason, strlen(reason));
	putchar('\n');
	return reason_status(reason);
}

/* Open /dev/hvisor already watching, so nothing that happens after the
 * list was read can be missed. */
static int open_watch(void)
{
	int fd = dev_open(), ret;

	if (fd < 0)
		return -1;
	ret = dev_watch(fd);
	if (ret) {
		fprintf(stderr, "hvisor: cannot watch zones: %s\n",
			strerror(-ret));
		close(fd);
		return -1;
	}
	return fd;
}

int cmd_zone_wait(int argc, char **argv)
{
	struct hv_zone_status zs;
	struct hvisor_life_event ev[8];
	const char *arg = NULL;
	char name[HV_NAME_LEN + 1];
	double timeout = -1;
	unsigned int i;
	long id = -1;
	struct timespec t0, now;
	char *end;
	int fd, ret, a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--timeout") && a + 1 < argc) {
			timeout = strtod(argv[++a], &end);
			if (*end || timeout < 0)
				return hv_usage_error(
					"zone", "wait",
					"--timeout '%s': seconds, 0 or more",
					argv[a]);
		} else if (!arg && argv[a][0] != '-') {
			arg = argv[a];
		} else {
			return hv_usage_error("zone", "wait", "unexpected '%s'",
					      argv[a]);
		}
	}
	if (!arg)
		return hv_usage_error("zone", "wait", "which zone?");
	fd = open_watch();
	if (fd < 0)
		return HV_EXIT_FAIL;
	id = cmd_find_zone(fd, arg, &zs);
	if (id < 0) {
		close(fd);
		return HV_EXIT_FAIL;
	}
	snprintf(name, sizeof(name), "%.*s", HV_NAME_LEN, zs.name);
	if (zs.state == HV_ZONE_STOPPED || zs.state == HV_ZONE_FAILED) {
		char reason[80];

		snprintf(reason, sizeof(reason), "%s%.64s",
			 zs.state == HV_ZONE_FAILED ? "fault: " : "",
			 zs.reason);
		close(fd);
		return ended(reason);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ms = -1;
		ssize_t got;

		if (timeout >= 0) {
			double left;

			clock_gettime(CLOCK_MONOTONIC, &now);
			left = timeout - (double)(now.tv_sec - t0.tv_sec) -
			       (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
			if (left <= 0)
				break;
			ms = (int)(left * 1000) + 1;
		}
		ret = poll(&p, 1, ms);
		if (ret < 0 && errno != EINTR) {
			perror("hvisor: poll");
			close(fd);
			return HV_EXIT_FAIL;
		}
		if (ret <= 0)
			continue;
		got = read(fd, ev, sizeof(ev));
		if (got < 0) {
			perror("hvisor: read /dev/hvisor");
			close(fd);
			return HV_EXIT_FAIL;
		}
		for (i = 0; i < (unsigned int)got / sizeof(ev[0]); i++) {
			if (ev[i].zone_id == id &&
			    ev[i].kind == HVISOR_LIFE_STOPPED) {
				close(fd);
				return ended(ev[i].reason);
			}
		}
	}
	close(fd);
	fprintf(stderr, "hvisor: zone %ld (%s): still running after %gs\n", id,
		name, timeout);
	return WAIT_EXIT_TIMEOUT;
}

static void print_event(const struct hvisor_life_event *e, int json)
{
	time_t secs = (time_t)(e->time_ns / 1000000000ULL);
	const char *kind = e->kind == HVISOR_LIFE_STARTED ? "started"
							  : "stopped";
	char when[32];
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!json) {
		printf("%s zone %u (", when, e->zone_id);
		hv_print_text(stdout, e->name, HV_NAME_LEN);
		printf(") %s%s", kind,
		       e->kind == HVISOR_LIFE_STOPPED ? ": " : "");
		hv_print_text(stdout, e->reason, sizeof(e->reason));
		putchar('\n');
		return;
	}
	/* names and reasons are printable ASCII without quotes: the
	 * config checks names, and reasons are the driver's own words or
	 * a console line the hypervisor escaped */
	printf("{\"seq\": %llu, \"time\": \"%s\", \"event\": \"%s\", \"id\": %u, \"name\": \"%.*s\", \"reason\": \"",
	       (unsigned long long)e->seq, when, kind, e->zone_id, HV_NAME_LEN,
	       e->name);
	for (const char *c = e->reason; c < e->reason + sizeof(e->reason) && *c;
	     c++)
		if (*c == '"' || *c == '\\')
			printf("\\%c", *c);
		else if (*c >= 0x20 && *c < 0x7f)
			putchar(*c);
	printf("\"}\n");
}

int cmd_zone_events(int argc, char **argv)
{
	struct hvisor_life_event ev[8];
	int fd, json = 0;
	ssize_t got, i;

	if (argc == 2 && !strcmp(argv[1], "--json"))
		json = 1;
	else if (argc != 1)
		return hv_usage_error("zone", "events", "unexpected '%s'",
				      argv[1]);
	fd = open_watch();
	if (fd < 0)
		return HV_EXIT_FAIL;
	setvbuf(stdout, NULL, _IOLBF, 0); /* a line as it happens */
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("hvisor: poll");
			break;
		}
		got = read(fd, ev, sizeof(ev));
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			perror("hvisor: read /dev/hvisor");
			break;
		}
		for (i = 0; i < got / (ssize_t)sizeof(ev[0]); i++)
			print_event(&ev[i], json);
	}
	close(fd);
	return HV_EXIT_FAIL;
}

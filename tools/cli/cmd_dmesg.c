// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor dmesg [-f] [--json]: the hypervisor's log as it wrote it to the
 * UART, from the ring it keeps (HV_HC_LOG), for an operator who does not
 * see the UART. -f follows it; --json prints the lines as a JSON array.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "cmd.h"
#include "dev.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* One JSON string of len bytes; the log is ASCII, anything else escaped */
static void json_line(const char *s, size_t len, int first)
{
	size_t i;

	fputs(first ? "\n  \"" : ",\n  \"", stdout);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int cmd_dmesg(int argc, char **argv)
{
	static struct hv_log_io io;
	static char line[4096];
	struct sigaction sa = { .sa_handler = on_signal };
	int i, follow = 0, json = 0, fd, first = 1, ret = 0;
	size_t have = 0;
	unsigned long long lost = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--follow"))
			follow = 1;
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			return hv_usage_error("dmesg", NULL,
					      "unknown argument '%s'", argv[i]);
	}
	if (follow && json)
		return hv_usage_error("dmesg", NULL,
				      "-f and --json: follow as text, or print "
				      "what is there as JSON");
	fd = dev_open();
	if (fd < 0)
		return HV_EXIT_FAIL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (json)
		fputs("[", stdout);
	io.cursor = 0;
	while (!stop) {
		ret = dev_log(fd, &io);
		if (ret) {
			fprintf(stderr, "hvisor: dmesg: %s\n", strerror(-ret));
			break;
		}
		lost += io.lost;
		if (!io.len) {
			struct timespec ts = { 0, 200 * 1000 * 1000 };

			if (!follow)
				break;
			fflush(stdout);
			nanosleep(&ts, NULL);
			continue;
		}
		if (!json) {
			fwrite(io.data, 1, io.len, stdout);
			continue;
		}
		for (i = 0; i < (int)io.len; i++) {
			if (io.data[i] != '\n') {
				if (have < sizeof(line))
					line[have++] = io.data[i];
				continue;
			}
			json_line(line, have, first);
			first = 0;
			have = 0;
		}
	}
	if (json)
		fputs(first ? "]\n" : "\n]\n", stdout);
	fflush(stdout);
	if (lost)
		fprintf(stderr,
			"hvisor: dmesg: the oldest %llu bytes of the log were overwritten before this read (the hypervisor keeps 64 KiB)\n",
			lost);
	close(fd);
	return ret ? HV_EXIT_FAIL : HV_EXIT_OK;
}

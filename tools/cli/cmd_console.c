// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor zone console: the operator's terminal on a zone's console (the
 * hypervisor's emulated UART, or a virtio console through its backend),
 * raw, until Ctrl-].
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <hvisor/ioctl.h>

#include "backend.h"
#include "cmd.h"
#include "dev.h"

#define ESCAPE_CHAR 0x1d /* Ctrl-] */

static struct termios saved_tty;
static int tty_raw;

static void tty_restore(void)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = 0;
}

static void tty_make_raw(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty))
		return;
	t = saved_tty;
	cfmakeraw(&t);
	t.c_oflag |= OPOST | ONLCR; /* keep our own messages readable */
	if (!tcsetattr(STDIN_FILENO, TCSANOW, &t)) {
		tty_raw = 1;
		atexit(tty_restore);
	}
}

static volatile sig_atomic_t console_stop;

/*
 * Read what the terminal has for us, at most len bytes, one at a time and
 * never past Ctrl-]: whatever is typed after it is zone0's shell's, not the
 * zone's (a read of the whole buffer would swallow it). Sets *esc when the
 * escape was read (it is not stored). Returns the bytes stored, -1 on EOF.
 */
static ssize_t read_until_escape(char *buf, size_t len, int *esc)
{
	size_t n = 0;

	*esc = 0;
	while (n < len) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		char c;

		if (n && poll(&p, 1, 0) <= 0)
			break;
		if (read(STDIN_FILENO, &c, 1) != 1)
			return n ? (ssize_t)n : -1;
		if (c == ESCAPE_CHAR) {
			*esc = 1;
			break;
		}
		buf[n++] = c;
	}
	return (ssize_t)n;
}

static void on_signal(int sig)
{
	(void)sig;
	console_stop = 1;
}

/* Attach this terminal to a zone's console until Ctrl-] (or EOF on a
 * non-terminal stdin, or a signal). Shows what the zone's buffer holds
 * first. Returns an HV_EXIT_* status. */
int cmd_console_attach(int fd, hv_u32 id, const char *name)
{
	static struct hv_console_io io;
	struct sigaction sa = { .sa_handler = on_signal };
	int ret, status = HV_EXIT_OK, eof = 0, esc;
	size_t pending = 0, dropped = 0;
	char inbuf[HV_CONSOLE_IO_MAX], skip[256];
	ssize_t n;

	memset(&io, 0, sizeof(io));
	io.zone_id = id;
	io.flags = HV_CONSOLE_ATTACH;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	fprintf(stderr, "hvisor: attached to zone %u (%s); Ctrl-] detaches\r\n",
		id, name);
	tty_make_raw();
	while (!console_stop) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

		if (pending)
			memcpy(io.data, inbuf, pending);
		io.in_len = (hv_u32)pending;
		ret = dev_console(fd, &io);
		if (ret) {
			fprintf(stderr, "\r\nhvisor: zone %u console: %s\r\n",
				id,
				ret == -ENOENT ? "the zone is gone"
					       : strerror(-ret));
			status = HV_EXIT_FAIL;
			break;
		}
		/* input the zone could not take yet stays for the next round */
		memmove(inbuf, inbuf + io.in_len, pending - io.in_len);
		pending -= io.in_len;
		io.flags = 0;
		if (io.out_len && write(STDOUT_FILENO, io.data, io.out_len) < 0)
			break;
		if (io.out_len == sizeof(io.data))
			continue; /* more output waiting */
		if (eof && !pending)
			break;
		/* the terminal is always read, so Ctrl-] works even while
		 * the zone takes no input (booting, hung) */
		if (eof || poll(&p, 1, pending ? 5 : 30) <= 0 ||
		    !(p.revents & (POLLIN | POLLHUP)))
			continue;
		if (pending == sizeof(inbuf)) { /* the zone does not read */
			n = read_until_escape(skip, sizeof(skip), &esc);
			dropped += n > 0 ? (size_t)n : 0;
		} else {
			n = read_until_escape(inbuf + pending,
					      sizeof(inbuf) - pending, &esc);
			pending += n > 0 ? (size_t)n : 0;
		}
		if (n < 0)
			eof = 1;
		if (esc) {
			console_stop = 1;
			io.in_len = (hv_u32)pending;
			memcpy(io.data, inbuf, pending);
			dev_console(fd, &io);
			break;
		}
	}
	tty_restore();
	io.flags = HV_CONSOLE_DETACH;
	io.in_len = 0;
	dev_console(fd, &io);
	if (dropped)
		fprintf(stderr,
			"\nhvisor: %zu bytes typed were dropped: zone %u took no input\n",
			dropped, id);
	fprintf(stderr, "\nhvisor: detached from zone %u (%s)\n", id, name);
	return status;
}

/* The zone's virtio console: its backend's socket, relayed to this
 * terminal until Ctrl-] (or EOF, or a signal). */
static int vconsole_attach(hv_u32 id, const char *name)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct sigaction sa = { .sa_handler = on_signal };
	int s, status = HV_EXIT_OK, eof = 0, esc;
	char buf[4096];

	backend_console_path(name, a.sun_path, sizeof(a.sun_path));
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (void *)&a, sizeof(a))) {
		fprintf(stderr,
			"hvisor: zone %u (%s) has no virtio console to attach to (%s: %s)\n",
			id, name, a.sun_path, strerror(errno));
		if (s >= 0)
			close(s);
		return HV_EXIT_FAIL;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	fprintf(stderr,
		"hvisor: attached to zone %u (%s) virtio console; Ctrl-] detaches\r\n",
		id, name);
	tty_make_raw();
	while (!console_stop) {
		struct pollfd p[2] = { { .fd = s, .events = POLLIN },
				       { .fd = eof ? -1 : STDIN_FILENO,
					 .events = POLLIN } };
		ssize_t n;

		if (poll(p, 2, eof ? 200 : -1) < 0)
			continue;
		if (p[0].revents & (POLLIN | POLLHUP)) {
			n = read(s, buf, sizeof(buf));
			if (n <= 0) {
				fprintf(stderr,
					"\r\nhvisor: zone %u: the console went away\r\n",
					id);
				status = HV_EXIT_FAIL;
				break;
			}
			if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
				break;
		} else if (eof) {
			break; /* input done and output drained */
		}
		if (!(p[1].revents & (POLLIN | POLLHUP)))
			continue;
		n = read_until_escape(buf, sizeof(buf), &esc);
		if (n < 0) {
			eof = 1;
			continue;
		}
		if (esc)
			console_stop = 1;
		if (n > 0 && send(s, buf, (size_t)n, MSG_NOSIGNAL) < 0)
			break;
	}
	tty_restore();
	close(s);
	fprintf(stderr, "\nhvisor: detached from zone %u (%s)\n", id, name);
	return status;
}

/* "hvisor zone CMD <id|name>": open the device and find the zone.
 * Returns HV_EXIT_OK with *fd open, or the status to exit with. */
int cmd_open_zone_arg(const char *cmd, int argc, char **argv, int *fd, long *id)
{
	if (argc != 2)
		return hv_usage_error("zone", cmd,
				      argc < 2 ? "missing <id|name>"
					       : "one zone at a time");
	*fd = dev_open();
	if (*fd < 0)
		return HV_EXIT_FAIL;
	*id = cmd_find_zone(*fd, argv[1], NULL);
	if (*id < 0) {
		close(*fd);
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

int cmd_zone_console(int argc, char **argv)
{
	struct hv_zone_status st[CMD_LIST_MAX];
	unsigned int n, i;
	long id = -1;
	int fd = -1, status, virtio = 0;

	if (argc == 3 && !strcmp(argv[2], "--virtio")) {
		virtio = 1;
		argc--;
	}
	status = cmd_open_zone_arg("console", argc, argv, &fd, &id);
	if (status != HV_EXIT_OK)
		return status;
	if (cmd_list_zones(fd, st, &n)) {
		close(fd);
		return HV_EXIT_FAIL;
	}
	if (id == 0) {
		close(fd);
		fprintf(stderr, "hvisor: zone0's console is this one\n");
		return HV_EXIT_FAIL;
	}
	for (i = 0; i < n && st[i].zone_id != id; i++)
		;
	if (virtio) {
		close(fd);
		return vconsole_attach((hv_u32)id, i < n ? st[i].name : "?");
	}
	status = cmd_console_attach(fd, (hv_u32)id, i < n ? st[i].name : "?");
	close(fd);
	return status;
}

/* Ask the hypervisor to apply every rule to cfg without starting it. */

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor zone start|shutdown|list: the zone lifecycle from zone0. A start
 * checks everything it can before anything is loaded: the config, the
 * images, the DTB against the config, and the zones already running.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <limits.h>

#include <hvisor/ioctl.h>

#include "backend.h"
#include "cmd.h"
#include "config.h"
#include "config_check.h"
#include "virtio_cfg.h"
#include "dev.h"
#include "dtb.h"
#include "file.h"

static const char *state_name(hv_u32 state)
{
	switch (state) {
	case HV_ZONE_RUNNING:
		return "running";
	case HV_ZONE_SHUTDOWN:
		return "shut down";
	case HV_ZONE_FAILED:
		return "failed";
	case HV_ZONE_PAUSED:
		return "paused";
	case HV_ZONE_STOPPING:
		return "stopping";
	case HV_ZONE_RESETTING:
		return "resetting";
	case HV_ZONE_STOPPED:
		return "stopped";
	default:
		return "unknown";
	}
}

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

/* A whole image file; the images checks bound its size afterwards. */
static int read_file(const char *path, void **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	int failed;

	if (!f) {
		fprintf(stderr, "hvisor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*data = file_read_all(f, (size_t)-2, size);
	failed = !*data || ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "hvisor: %s: cannot read\n", path);
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

/* running zones, then the ones that ended (the driver keeps those) */
#define LIST_MAX (HV_MAX_ZONES + HVISOR_MAX_ENDED)

static int list_zones(int fd, struct hv_zone_status *st, unsigned int *n)
{
	int ret = dev_zone_list(fd, st, LIST_MAX, n);

	if (ret)
		fprintf(stderr, "hvisor: zone list: %s\n", strerror(-ret));
	return ret;
}

long cmd_find_zone(int fd, const char *arg, struct hv_zone_status *found)
{
	struct hv_zone_status st[LIST_MAX];
	unsigned int n, i;
	char *end;
	long id;

	if (list_zones(fd, st, &n))
		return -1;
	id = strtol(arg, &end, 10);
	for (i = 0; i < n; i++) {
		if ((*arg && !*end && st[i].zone_id == id) ||
		    !strncmp(st[i].name, arg, HV_NAME_LEN)) {
			if (found)
				*found = st[i];
			return st[i].zone_id;
		}
	}
	fprintf(stderr,
		"hvisor: no zone with id or name '%s' (see 'hvisor zone list')\n",
		arg);
	return -1;
}

static int load_image(int fd, const char *what, const char *path, hv_u64 dst,
		      const void *data, size_t size)
{
	int ret = dev_load(fd, dst, data, size);

	if (ret) {
		fprintf(stderr, "hvisor: loading %s %s at 0x%llx: %s%s\n", what,
			path, (unsigned long long)dst, strerror(-ret),
			ret == -EBUSY
				? " (that RAM belongs to a zone or the hypervisor)"
				: "");
		return -1;
	}
	return 0;
}

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
static int console_attach(int fd, hv_u32 id, const char *name)
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
static int open_zone_arg(const char *cmd, int argc, char **argv, int *fd,
			 long *id)
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
	struct hv_zone_status st[LIST_MAX];
	unsigned int n, i;
	long id = -1;
	int fd = -1, status, virtio = 0;

	if (argc == 3 && !strcmp(argv[2], "--virtio")) {
		virtio = 1;
		argc--;
	}
	status = open_zone_arg("console", argc, argv, &fd, &id);
	if (status != HV_EXIT_OK)
		return status;
	if (list_zones(fd, st, &n)) {
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
	status = console_attach(fd, (hv_u32)id, i < n ? st[i].name : "?");
	close(fd);
	return status;
}

/* Ask the hypervisor to apply every rule to cfg without starting it. */
static int check_live(int fd, const char *path,
		      const struct hv_zone_config *cfg)
{
	static struct hv_zone_config probe;
	struct hv_zone_status st[LIST_MAX];
	unsigned int n, i;
	int ret;

	/* the plainest message for the commonest mistake */
	if (list_zones(fd, st, &n))
		return -1;
	for (i = 0; i < n; i++) {
		if (st[i].state == HV_ZONE_STOPPED) /* only a record of it */
			continue;
		if (st[i].zone_id == cfg->zone_id ||
		    !strncmp(st[i].name, cfg->name, HV_NAME_LEN)) {
			fprintf(stderr,
				"hvisor: %s: zone %u (%s) is already %s\n",
				path, st[i].zone_id, st[i].name,
				state_name(st[i].state));
			return -1;
		}
	}
	probe = *cfg;
	probe.flags |= HV_ZONE_CHECK_ONLY;
	ret = dev_zone_start(fd, &probe);
	if (ret) {
		fprintf(stderr, "hvisor: %s: zone start refused: %s\n", path,
			probe.error[0] ? probe.error : strerror(-ret));
		return -1;
	}
	return 0;
}

/*
 * Devices from an hvisor-tool virtio_cfg.json: --virtio FILE, or the one
 * `hvisor virtio start` registered for this zone, unless the config has its
 * own. Then every "virtio" window of the config must hold a device, and
 * the whole config passes the checker again. 0 or -1 (reported).
 */
static int add_virtio_file(struct zone_file *zf, const char *file)
{
	char reg[PATH_MAX], line[2][PATH_MAX], cwd[PATH_MAX];
	struct hv_cfg_error e;
	char why[160];
	FILE *f = NULL;

	if (file && zf->cfg.num_virtio) {
		fprintf(stderr,
			"hvisor: %s: has its own \"virtio\" devices; --virtio %s would add more\n",
			zf->path, file);
		return -1;
	}
	if (file) {
		if (!getcwd(cwd, sizeof(cwd)) ||
		    virtio_cfg_apply(file, cwd, zf, stderr) < 0)
			return -1;
	} else if (!zf->cfg.num_virtio) {
		snprintf(reg, sizeof(reg), "%s/zone%u", VIRTIO_CFG_REG_DIR,
			 zf->cfg.zone_id);
		f = fopen(reg, "r");
	}
	if (f) {
		int ok = fgets(line[0], sizeof(line[0]), f) &&
			 fgets(line[1], sizeof(line[1]), f);

		fclose(f);
		line[0][strcspn(line[0], "\n")] = '\0';
		line[1][strcspn(line[1], "\n")] = '\0';
		if (!ok || virtio_cfg_apply(line[0], line[1], zf, stderr) < 0) {
			fprintf(stderr,
				"hvisor: the devices registered for zone %u (%s) are unusable\n",
				zf->cfg.zone_id, reg);
			return -1;
		}
	}
	if (zone_file_check_windows(zf, 0, stderr))
		return -1;
	if (hv_config_check(&zf->cfg, dev_board_cpus(), &e)) {
		hv_cfg_error_format(&e, why, sizeof(why));
		fprintf(stderr, "hvisor: %s: with its virtio devices: %s\n",
			zf->path, why);
		return -1;
	}
	return 0;
}

/* Each net device with an address tells the zone's init which, on the
 * kernel command line: hvisor.net=eth<N>:<a.b.c.d/len> (initramfs rcS). */
static int add_net_cmdline(struct zone_file *zf)
{
	unsigned int i, eth = 0;

	for (i = 0; i < zf->cfg.num_virtio; i++) {
		size_t len = strlen(zf->cmdline);
		int n;

		if (zf->cfg.virtio[i].device_id != 1)
			continue;
		if (zf->virtio[i].ip[0]) {
			n = snprintf(zf->cmdline + len,
				     sizeof(zf->cmdline) - len,
				     "%shvisor.net=eth%u:%s", len ? " " : "",
				     eth, zf->virtio[i].ip);
			if (n < 0 || (size_t)n >= sizeof(zf->cmdline) - len) {
				fprintf(stderr,
					"hvisor: %s: cmdline: no room for the network address of virtio[%u]\n",
					zf->path, i);
				return -1;
			}
		}
		eth++;
	}
	return 0;
}

int cmd_zone_start(int argc, char **argv)
{
	static struct zone_file zf;
	struct backend_images img;
	void *kernel = NULL, *ramdisk = NULL;
	size_t kernel_size = 0, ramdisk_size = 0;
	struct dtb_buf dtb = { NULL, 0 };
	const char *path = NULL, *virtio_file = NULL;
	unsigned int i;
	int fd = -1, ret, status = HV_EXIT_FAIL, console = 0;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--console") || !strcmp(argv[i], "-c")) {
			console = 1;
			continue;
		}
		if (!strcmp(argv[i], "--virtio")) {
			if (++i == (unsigned int)argc)
				return hv_usage_error("zone", "start",
						      "--virtio needs a file");
			virtio_file = argv[i];
			continue;
		}
		if (argv[i][0] == '-')
			return hv_usage_error("zone", "start",
					      "unknown option '%s'", argv[i]);
		if (path)
			return hv_usage_error("zone", "start",
					      "one config file at a time");
		path = argv[i];
	}
	if (!path)
		return hv_usage_error("zone", "start", "missing <cfg.json>");

	if (zone_file_load(path, dev_board_cpus(), &zf, stderr) ||
	    add_virtio_file(&zf, virtio_file))
		return HV_EXIT_FAIL;
	/* the devices' images first: a missing or locked one stops the start
	 * before anything is loaded */
	if (backend_prepare(&zf, &img, stderr))
		return HV_EXIT_FAIL;
	fd = dev_open();
	if (fd < 0) {
		backend_close_images(&img);
		return HV_EXIT_FAIL;
	}
	/* the live rules first (CPUs, RAM, devices, IRQs held by others):
	 * the hypervisor applies them without creating anything */
	if (check_live(fd, path, &zf.cfg))
		goto out;
	if (!zf.kernel_path[0] || !zf.dtb_path[0]) {
		fprintf(stderr,
			"hvisor: %s: %s: missing (a zone needs a kernel and a DTB)\n",
			path,
			zf.kernel_path[0] ? "dtb_filepath" : "kernel_filepath");
		goto out;
	}
	if (read_file(zf.kernel_path, &kernel, &kernel_size) ||
	    image_check_arm64(zf.kernel_path, kernel, kernel_size, stderr))
		goto out;
	if (zf.has_ramdisk &&
	    read_file(zf.ramdisk_path, &ramdisk, &ramdisk_size))
		goto out;
	if (add_net_cmdline(&zf) || dtb_load_file(zf.dtb_path, &dtb, stderr) ||
	    dtb_patch(&dtb, &zf, ramdisk_size, stderr) ||
	    dtb_check(dtb.data, &zf, stderr))
		goto out;
	dtb_fill_resets(dtb.data, &zf);
	if (images_check(&zf,
			 image_arm64_mem_size(kernel, kernel_size, kernel_size),
			 dtb_size(&dtb), ramdisk_size, stderr))
		goto out;

	if (load_image(fd, "kernel", zf.kernel_path, zf.kernel_load_paddr,
		       kernel, kernel_size) ||
	    load_image(fd, "DTB", zf.dtb_path, zf.dtb_load_paddr, dtb.data,
		       dtb_size(&dtb)) ||
	    (ramdisk &&
	     load_image(fd, "ramdisk", zf.ramdisk_path, zf.ramdisk_load_paddr,
			ramdisk, ramdisk_size)))
		goto out;
	/* loaded: the supervisor forked below must not inherit them */
	free(kernel);
	free(ramdisk);
	kernel = ramdisk = NULL;
	/* a zone with virtio devices waits for its backend before it runs */
	/* the zone waits for its supervisor (the backend process that also
	 * loads it again when it resets) before it runs */
	zf.cfg.flags |= HV_ZONE_START_PAUSED;
	ret = dev_zone_start(fd, &zf.cfg);
	if (ret) {
		fprintf(stderr, "hvisor: %s: zone start refused: %s\n", path,
			zf.cfg.error[0] ? zf.cfg.error : strerror(-ret));
		goto out;
	}
	if (backend_spawn(&zf, &img, dtb.data, dtb_size(&dtb), stderr)) {
		/* it never ran: no record of it either */
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		goto out;
	}
	ret = dev_zone_continue(fd, zf.cfg.zone_id, HV_ZONE_OP_RUN);
	if (ret) {
		fprintf(stderr, "hvisor: %s: the zone did not start: %s\n",
			path, strerror(-ret));
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		dev_zone_shutdown(fd, zf.cfg.zone_id);
		goto out;
	}
	printf("%u\n", zf.cfg.zone_id);
	fflush(stdout);
	status = console ? console_attach(fd, zf.cfg.zone_id, zf.cfg.name)
			 : HV_EXIT_OK;
out:
	backend_close_images(&img); /* the backend has its own copies */
	if (fd >= 0)
		close(fd);
	free(kernel);
	free(ramdisk);
	dtb_free(&dtb);
	return status;
}

int cmd_zone_shutdown(int argc, char **argv)
{
	long id = -1;
	int fd = -1, ret;

	ret = open_zone_arg("shutdown", argc, argv, &fd, &id);
	if (ret != HV_EXIT_OK)
		return ret;
	ret = dev_zone_shutdown(fd, (hv_u32)id);
	close(fd);
	if (ret == -EPERM) {
		fprintf(stderr,
			"hvisor: zone %ld is zone0, which cannot be shut down (use poweroff)\n",
			id);
		return HV_EXIT_FAIL;
	}
	if (ret) {
		fprintf(stderr, "hvisor: zone %ld: shutdown failed: %s\n", id,
			strerror(-ret));
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

int cmd_zone_reboot(int argc, char **argv)
{
	long id = -1;
	int fd = -1, ret;

	ret = open_zone_arg("reboot", argc, argv, &fd, &id);
	if (ret != HV_EXIT_OK)
		return ret;
	ret = dev_zone_continue(fd, (hv_u32)id, HV_ZONE_OP_REBOOT);
	close(fd);
	if (ret) {
		fprintf(stderr, "hvisor: zone %ld: reboot refused: %s\n", id,
			ret == -EINVAL ? "it is not running, or it is zone0"
				       : strerror(-ret));
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
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
	struct hv_zone_status st[LIST_MAX];
	unsigned int n, i, dv;
	int fd, json = 0, cpu, first;
	char cpus[128];

	if (argc == 2 && !strcmp(argv[1], "--json"))
		json = 1;
	else if (argc != 1)
		return hv_usage_error("zone", "list", "unexpected '%s'",
				      argv[1]);
	fd = dev_open();
	if (fd < 0)
		return HV_EXIT_FAIL;
	if (list_zones(fd, st, &n)) {
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
			       state_name(st[i].state));
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
	printf("%-4s %-16s %-10s %-8s %s\n", "ID", "NAME", "STATE", "CPUS",
	       "MEMORY");
	for (i = 0; i < n; i++) {
		format_cpus(st[i].cpus, cpus, sizeof(cpus));
		if (st[i].state == HV_ZONE_STOPPED)
			printf("%-4u %-16.*s %-10s %-8s -", st[i].zone_id,
			       HV_NAME_LEN, st[i].name, "stopped", "-");
		else
			printf("%-4u %-16.*s %-10s %-8s %llu MiB",
			       st[i].zone_id, HV_NAME_LEN, st[i].name,
			       state_name(st[i].state), cpus,
			       (unsigned long long)(st[i].ram_bytes >> 20));
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

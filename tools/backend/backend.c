// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The backend process (backend.h): prepared before the zone exists, then
 * forked; it attaches, maps the zone's RAM, sets up the devices and runs
 * the loop that reads the zone's events and its console clients. */
#define _GNU_SOURCE /* accept4, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <hvisor/ioctl.h>

#include "backend_int.h"
#include "tap.h"

#define READY_TIMEOUT_MS 15000

struct backend be;
volatile sig_atomic_t dump_stats, terminate;

void backend_console_path(const char *zone_name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.console", BACKEND_RUN_DIR, zone_name);
}

/* ---- before the zone exists ------------------------------------------ */

void backend_close_images(struct backend_images *img)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_VIRTIO; i++) {
		if (img->fd[i] >= 0)
			close(img->fd[i]);
		img->fd[i] = -1;
	}
}

int backend_prepare(struct zone_file *zf, struct backend_images *img,
		    FILE *errf)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_VIRTIO; i++)
		img->fd[i] = -1;
	for (i = 0; i < zf->cfg.num_virtio; i++) {
		struct hv_virtio_dev *d = &zf->cfg.virtio[i];
		const struct zone_virtio *zv = &zf->virtio[i];
		struct stat st;
		int fd, ro = zv->readonly;

		if (d->device_id == VIRTIO_ID_CONSOLE) {
			vcons_describe(d, d->queue_max);
			continue;
		}
		if (d->device_id == VIRTIO_ID_NET) {
			img->fd[i] = tap_open(zf->cfg.zone_id, i, zv->bridge,
					      zv->bridge_ip, errf);
			if (img->fd[i] < 0)
				goto fail;
			vnet_describe(d, zv->mac, d->queue_max);
			continue;
		}
		fd = open(zv->image, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (fd < 0) {
			fprintf(errf, "hvisor: %s: virtio[%u].image: %s\n",
				zv->image, i, strerror(errno));
			goto fail;
		}
		img->fd[i] = fd;
		if (flock(fd, (ro ? LOCK_SH : LOCK_EX) | LOCK_NB)) {
			fprintf(errf,
				"hvisor: %s: virtio[%u].image: %s (another zone or program has it open%s)\n",
				zv->image, i, strerror(errno),
				ro ? " for writing" : "");
			goto fail;
		}
		if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
		    st.st_size < VBLK_SECTOR) {
			fprintf(errf,
				"hvisor: %s: virtio[%u].image: not a regular file of at least 512 bytes\n",
				zv->image, i);
			goto fail;
		}
		vblk_describe(d, (uint64_t)st.st_size, ro, d->queue_max);
	}
	return 0;
fail:
	backend_close_images(img);
	return -1;
}

/* ---- the running backend --------------------------------------------- */

/* Returns false when the zone is gone. */
static bool read_events(void)
{
	struct hv_event ev[64];
	bool touched[HV_MAX_VIRTIO] = { false };
	ssize_t n;
	unsigned int i, k;

	n = read(be.hvfd, ev, sizeof(ev));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	be.wakeups++;
	for (i = 0; i < n / sizeof(ev[0]); i++) {
		const struct hv_event *e = &ev[i];

		be.events++;
		switch (e->type) {
		case HV_EVT_ZONE_EXIT:
			blog("zone ended (%s)",
			     e->value == HV_END_FAILED
				     ? "failed"
				     : "powered off or shut down");
			if (e->value != HV_END_FAILED)
				return false;
			break;
		case HV_EVT_ZONE_RESET:
			on_zone_reset();
			break;
		case HVISOR_EVT_LOST:
			blog("events were lost: rebuilding every device from the hypervisor's state");
			for (k = 0; k < be.ndev; k++)
				rebuild(&be.dev[k]);
			break;
		default:
			if (e->dev < be.ndev) {
				touched[e->dev] = true;
				on_device_event(&be.dev[e->dev], e);
			}
		}
	}
	for (k = 0; k < be.ndev; k++)
		be.dev[k].wakeups += touched[k];
	return true;
}

static void accept_client(void)
{
	struct bdev *d = NULL;
	char hist[VCONS_OUT_SIZE];
	unsigned int i;
	size_t n;
	int fd;

	fd = accept4(be.listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < MAX_CLIENTS && be.client[i] >= 0; i++)
		;
	if (i == MAX_CLIENTS) {
		close(fd);
		return;
	}
	for (unsigned int k = 0; k < be.ndev; k++)
		if (be.dev[k].cfg->device_id == VIRTIO_ID_CONSOLE)
			d = &be.dev[k];
	n = vcons_history(&d->cons, hist, sizeof(hist));
	if (n && send(fd, hist, n, MSG_NOSIGNAL) < 0) {
		close(fd);
		return;
	}
	be.client[i] = fd;
}

static void client_input(unsigned int i)
{
	char buf[1024];
	ssize_t n = recv(be.client[i], buf, sizeof(buf), 0);
	unsigned int k;

	if (n <= 0) {
		close(be.client[i]);
		be.client[i] = -1;
		return;
	}
	for (k = 0; k < be.ndev; k++) {
		struct bdev *d = &be.dev[k];

		if (d->cfg->device_id != VIRTIO_ID_CONSOLE)
			continue;
		vcons_input(&d->cons, buf, (size_t)n);
		cons_serve(d);
	}
}

static void log_stats(void)
{
	unsigned int i;

	blog("stats: %llu wake-ups, %llu events, %llu interrupt calls",
	     (unsigned long long)be.wakeups, (unsigned long long)be.events,
	     (unsigned long long)be.irq_calls);
	for (i = 0; i < be.ndev; i++) {
		const struct bdev *d = &be.dev[i];

		if (d->poll.max_ns)
			blog("virtio%u polling: %llu requests caught, %llu windows ran out, grown %llu times, shrunk %llu, %u us now (limit %u)",
			     i, (unsigned long long)d->poll.hits,
			     (unsigned long long)d->poll.misses,
			     (unsigned long long)d->poll.late,
			     (unsigned long long)d->poll.idle,
			     d->poll.win_ns / 1000, d->poll.max_ns / 1000);
		if (d->cfg->device_id == VIRTIO_ID_NET)
			blog("virtio%u net: %llu wake-ups, %llu frames in (%llu bytes), %llu out (%llu bytes); %llu out with offloads, %llu in merged buffers; dropped: %llu in, %llu empty, %llu too big, %llu bad, %llu bad headers, %llu send errors",
			     i, (unsigned long long)d->wakeups,
			     (unsigned long long)d->net.rx_frames,
			     (unsigned long long)d->net.rx_bytes,
			     (unsigned long long)d->net.tx_frames,
			     (unsigned long long)d->net.tx_bytes,
			     (unsigned long long)d->net.tx_offloaded,
			     (unsigned long long)d->net.rx_merged,
			     (unsigned long long)d->net.rx_dropped,
			     (unsigned long long)d->net.tx_dropped_empty,
			     (unsigned long long)d->net.tx_dropped_big,
			     (unsigned long long)d->net.tx_dropped_bad,
			     (unsigned long long)d->net.tx_dropped_hdr,
			     (unsigned long long)d->net.tx_errors);
		else if (d->cfg->device_id == VIRTIO_ID_BLOCK)
			blog("virtio%u blk: %llu wake-ups, %llu reads, %llu writes, %llu flushes, %llu errors",
			     i, (unsigned long long)d->wakeups,
			     (unsigned long long)d->blk.reads,
			     (unsigned long long)d->blk.writes,
			     (unsigned long long)d->blk.flushes,
			     (unsigned long long)d->blk.errors);
		else
			blog("virtio%u console: %llu wake-ups, %llu bytes in, %llu out",
			     i, (unsigned long long)d->wakeups,
			     (unsigned long long)d->cons.rx_bytes,
			     (unsigned long long)d->cons.tx_bytes);
	}
}

/*
 * While a device's polling window is open: watch the rings, without a
 * system call, until one has requests, a window runs out, or SPIN_NS
 * passed (then the main loop looks at its files: events, clients, TAPs).
 * True if some window is open.
 */
#define SPIN_NS 20000
static bool spin(void)
{
	uint64_t start = now_ns(), now = start;
	unsigned int i;
	bool open = false;

	for (i = 0; i < be.ndev; i++)
		open |= be.dev[i].poll.on;
	while (open && now - start < SPIN_NS) {
		for (i = 0; i < be.ndev; i++) {
			struct bdev *d = &be.dev[i];

			if (d->poll.on && (vq_has_work(polled_queue(d)) ||
					   vpoll_expired(&d->poll, now))) {
				/* serve it before anything else */
				poll_check(d, now);
				return true;
			}
		}
#ifdef __aarch64__
		__asm__ volatile("yield");
#endif
		now = now_ns();
	}
	return open;
}

static void main_loop(void)
{
	for (;;) {
		struct pollfd p[2 + MAX_CLIENTS + HV_MAX_VIRTIO];
		unsigned int n = 0, i, taps;
		int timeout = spin() ? 0 : -1;
		uint64_t now;

		if (dump_stats) {
			dump_stats = 0;
			log_stats();
		}
		if (terminate) {
			blog("terminated by a signal: the zone's devices stop");
			return;
		}
		p[n++] = (struct pollfd){ .fd = be.hvfd, .events = POLLIN };
		p[n++] =
			(struct pollfd){ .fd = be.listen_fd, .events = POLLIN };
		for (i = 0; i < MAX_CLIENTS; i++)
			p[n++] = (struct pollfd){ .fd = be.client[i],
						  .events = POLLIN };
		/* a TAP is read only while its guest has buffers to fill */
		taps = n;
		for (i = 0; i < be.ndev; i++) {
			struct bdev *d = &be.dev[i];
			bool tap = d->cfg->device_id == VIRTIO_ID_NET &&
				   d->vq[VNET_RX].ready && !d->net.rx_waiting;

			p[n++] = (struct pollfd){ .fd = tap ? d->net.fd : -1,
						  .events = POLLIN };
			if (d->pending)
				timeout = 0;
		}
		if (poll(p, n, timeout) < 0)
			continue;
		if ((p[0].revents & (POLLIN | POLLHUP)) && !read_events())
			return;
		if (p[1].revents & POLLIN)
			accept_client();
		for (i = 0; i < MAX_CLIENTS; i++)
			if (p[2 + i].revents & (POLLIN | POLLHUP))
				client_input(i);
		now = now_ns();
		for (i = 0; i < be.ndev; i++) {
			poll_check(&be.dev[i], now);
			if (be.dev[i].pending || (p[taps + i].revents & POLLIN))
				kick(&be.dev[i]);
		}
	}
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		dump_stats = 1;
	else
		terminate = 1;
}

/*
 * When the zone ends, the driver unmaps its RAM from this process before
 * the backend hears of it: a request being served at that moment touches
 * a page that is gone and gets SIGBUS. That is the zone's end, not a
 * crash: leave the request and end as after the exit event (stats, fsync
 * of the images, the log's last line). Any other SIGBUS stays fatal.
 */
static sigjmp_buf ram_gone;

static void on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	unsigned int i;

	(void)uctx;
	for (i = 0; i < be.mem.n; i++)
		if (a - (uintptr_t)be.mem.r[i].host < be.mem.r[i].size)
			siglongjmp(ram_gone, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Map the zone's RAM: guest address -> this process. */
static int map_ram(char *err, size_t errlen)
{
	const struct hv_zone_config *cfg = &be.zf->cfg;
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];
		void *p;

		if (r->type != HV_MEM_RAM || be.mem.n >= GMEM_MAX_REGIONS)
			continue;
		p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 be.hvfd, (off_t)r->phys_start);
		if (p == MAP_FAILED) {
			snprintf(err, errlen,
				 "mapping the zone's RAM 0x%llx: %s",
				 (unsigned long long)r->phys_start,
				 strerror(errno));
			return -1;
		}
		be.mem.r[be.mem.n].gpa = r->virt_start;
		be.mem.r[be.mem.n].size = r->size;
		be.mem.r[be.mem.n].host = p;
		be.mem.n++;
	}
	return 0;
}

static int open_console_socket(char *err, size_t errlen)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	make_dirs(BACKEND_RUN_DIR);
	backend_console_path(be.zf->cfg.name, be.sock_path,
			     sizeof(be.sock_path));
	memcpy(a.sun_path, be.sock_path, sizeof(a.sun_path) - 1);
	unlink(be.sock_path);
	be.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (be.listen_fd < 0 || bind(be.listen_fd, (void *)&a, sizeof(a)) ||
	    listen(be.listen_fd, 4)) {
		snprintf(err, errlen, "console socket %s: %s", be.sock_path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int setup_devices(struct backend_images *img, char *err, size_t errlen)
{
	const struct hv_zone_config *cfg = &be.zf->cfg;
	unsigned int i;

	be.ndev = cfg->num_virtio;
	for (i = 0; i < be.ndev; i++) {
		struct bdev *d = &be.dev[i];

		d->index = i;
		d->cfg = &cfg->virtio[i];
		d->poll.max_ns = be.zf->virtio[i].poll_us * 1000u;
		if (d->cfg->device_id == VIRTIO_ID_CONSOLE) {
			d->cons.sink = console_sink;
			if (be.listen_fd < 0 &&
			    open_console_socket(err, errlen))
				return -1;
			continue;
		}
		if (d->cfg->device_id == VIRTIO_ID_NET) {
			d->net.fd = img->fd[i];
			img->fd[i] = -1;
			continue;
		}
		d->blk.fd = img->fd[i];
		img->fd[i] = -1; /* the device owns it now */
		memcpy(&d->blk.sectors, d->cfg->config, 8);
		d->blk.readonly = be.zf->virtio[i].readonly;
		snprintf(d->blk.id, sizeof(d->blk.id), "hvisor-%.8s-vd%u",
			 cfg->name, i);
	}
	return 0;
}

static __attribute__((noreturn)) void
backend_main(const struct zone_file *zf, struct backend_images *img, int ready)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256] = "", name[16];
	unsigned int i;
	FILE *rf;

	setsid();
	detach_stdio(zf->cfg.name);
	snprintf(name, sizeof(name), "hv-%.12s", zf->cfg.name);
	prctl(PR_SET_NAME, name);
	/* zone0's own work comes first; zones' backends share the rest */
	setpriority(PRIO_PROCESS, 0, 10);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	be.zf = zf;
	be.id = zf->cfg.zone_id;
	be.listen_fd = -1;
	for (i = 0; i < MAX_CLIENTS; i++)
		be.client[i] = -1;
	blog("backend of zone %u (%s), pid %d: %u device(s)", be.id,
	     zf->cfg.name, getpid(), zf->cfg.num_virtio);
	be.hvfd = open(HVISOR_DEV, O_RDWR | O_CLOEXEC);
	if (be.hvfd < 0)
		snprintf(err, sizeof(err), "%s: %s", HVISOR_DEV,
			 strerror(errno));
	else if (dev_backend_attach(be.hvfd, be.id))
		snprintf(err, sizeof(err), "attaching to zone %u: %s", be.id,
			 strerror(errno));
	/* only devices need the zone's RAM (only then is it shared) */
	if (!err[0] && zf->cfg.num_virtio)
		map_ram(err, sizeof(err));
	if (!err[0])
		setup_devices(img, err, sizeof(err));
	rf = fdopen(ready, "w");
	if (err[0]) {
		blog("cannot serve the zone: %s", err);
		if (rf) {
			fprintf(rf, "%s\n", err);
			fclose(rf);
		}
		_exit(1);
	}
	if (rf) {
		fprintf(rf, "ok\n");
		fclose(rf);
	}
	if (!sigsetjmp(ram_gone, 1)) {
		struct sigaction bus = { .sa_sigaction = on_sigbus,
					 .sa_flags = SA_SIGINFO };

		sigaction(SIGBUS, &bus, NULL);
		main_loop();
	} else {
		blog("the zone's RAM went away during a request: the zone ended");
	}
	signal(SIGBUS, SIG_DFL);
	log_stats();
	for (i = 0; i < be.ndev; i++)
		if (be.dev[i].cfg->device_id == VIRTIO_ID_BLOCK)
			fsync(be.dev[i].blk.fd);
	if (be.listen_fd >= 0)
		unlink(be.sock_path);
	blog("backend of zone %u ends", be.id);
	_exit(0);
}

int backend_spawn(const struct zone_file *zf, struct backend_images *img,
		  const void *dtb, size_t dtb_len, FILE *errf)
{
	char line[300] = "";
	struct pollfd p;
	int pipefd[2];
	ssize_t n = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC)) {
		fprintf(errf, "hvisor: pipe: %s\n", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(errf, "hvisor: fork: %s\n", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		be.dtb = dtb;
		be.dtb_len = dtb_len;
		backend_main(zf, img, pipefd[1]);
	}
	close(pipefd[1]);
	p = (struct pollfd){ .fd = pipefd[0], .events = POLLIN };
	if (poll(&p, 1, READY_TIMEOUT_MS) > 0)
		n = read(pipefd[0], line, sizeof(line) - 1);
	close(pipefd[0]);
	line[n > 0 ? n : 0] = '\0';
	if (!strcmp(line, "ok\n"))
		return 0;
	kill(pid, SIGKILL);
	line[strcspn(line, "\n")] = '\0';
	fprintf(errf, "hvisor: %s: the virtio backend did not start: %s\n",
		zf->path, line[0] ? line : "no answer");
	return -1;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
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

#include "backend.h"
#include "dev.h"
#include "vblk.h"
#include "tap.h"
#include "vcons.h"
#include "virtq.h"
#include "vnet.h"

#define READY_TIMEOUT_MS 15000
#define MAX_CLIENTS 4
#define BLK_BUDGET 128 /* requests per pass: other devices get a turn */
/* The log is in zone0's RAM (/var/log) and a guest can make us write it:
 * a burst of lines, then one a second; the file is rotated at LOG_MAX
 * (one old copy kept), so a zone can never fill zone0's RAM through it. */
#define LOG_BURST 50
#define LOG_MAX (256 * 1024)

struct bdev {
	unsigned int index;
	const struct hv_virtio_dev *cfg;
	uint64_t features; /* what the driver accepted */
	struct virtq vq[HV_VIRTIO_MAX_QUEUES];
	bool broken;
	bool pending; /* a budget ran out: serve again without a notify */
	uint64_t unreported; /* requests done since the last IRQ call */
	uint64_t wakeups; /* event reads that concerned this device */
	struct vblk blk;
	struct vcons cons;
	struct vnet net;
};

struct backend {
	const struct zone_file *zf;
	const void *dtb; /* as zone start patched and loaded it */
	size_t dtb_len;
	hv_u32 id;
	int hvfd;
	struct gmem mem;
	unsigned int ndev;
	struct bdev dev[HV_MAX_VIRTIO];
	int listen_fd;
	int client[MAX_CLIENTS];
	char sock_path[108];
	/* counters: zone0 wake-ups and events */
	uint64_t wakeups, events, irq_calls;
};

static struct backend be;
static volatile sig_atomic_t dump_stats, terminate;
static char log_path[160];
static struct {
	unsigned int tokens;
	time_t stamp;
	unsigned long dropped;
} logrl = { LOG_BURST, 0, 0 };

/* mkdir -p for our two folders (an initramfs may have neither /var/log
 * nor /run) */
static void make_dirs(const char *path)
{
	char buf[128];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

/* stderr is the zone's log file (detach_stdio): start a new one when it
 * has grown to LOG_MAX, keeping the last as NAME.log.old */
static void log_rotate(void)
{
	char old[sizeof(log_path) + 4];
	struct stat st;
	int fd;

	if (!log_path[0] || fstat(STDERR_FILENO, &st) || st.st_size < LOG_MAX)
		return;
	snprintf(old, sizeof(old), "%s.old", log_path);
	rename(log_path, old);
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return;
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

static void blog(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec > logrl.stamp) {
		unsigned long gain = (unsigned long)(ts.tv_sec - logrl.stamp);

		logrl.tokens = logrl.stamp && gain < LOG_BURST - logrl.tokens
				       ? logrl.tokens + (unsigned int)gain
				       : LOG_BURST;
		logrl.stamp = ts.tv_sec;
	}
	if (!logrl.tokens) {
		logrl.dropped++;
		return;
	}
	logrl.tokens--;
	log_rotate();
	if (logrl.dropped) {
		fprintf(stderr,
			"[%ld.%03ld] %lu log lines dropped (rate limit)\n",
			(long)ts.tv_sec, ts.tv_nsec / 1000000, logrl.dropped);
		logrl.dropped = 0;
	}
	fprintf(stderr, "[%ld.%03ld] ", (long)ts.tv_sec, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

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

static void raise_irq(struct bdev *d)
{
	if (dev_virtio_irq(be.hvfd, d->index, HV_VIRTIO_INT_VRING,
			   d->unreported))
		blog("virtio%u: interrupt refused", d->index);
	d->unreported = 0;
	be.irq_calls++;
}

/* The guest broke a queue: the device stops until the driver resets it. */
static void device_failed(struct bdev *d, struct virtq *vq)
{
	blog("virtio%u: queue refused: %s; device needs reset", d->index,
	     vq->why ? vq->why : "?");
	d->broken = true;
	dev_virtio_ctrl(be.hvfd, d->index, HV_VIRTIO_OP_NEEDS_RESET, 0);
}

/* Serve the blk queue until it is empty with notifications on, or until
 * BLK_BUDGET requests (then d->pending: served again without a notify). */
static void blk_serve(struct bdev *d)
{
	static __thread struct vq_req req;
	struct virtq *vq = &d->vq[0];
	unsigned int done = 0;
	int r = 0;

	d->pending = false;
	if (!vq->ready || d->broken)
		return;
	for (;;) {
		vq_disable_notify(vq);
		while (done < BLK_BUDGET && (r = vq_pop(vq, &req)) > 0) {
			long len = vblk_handle(&d->blk, vq, &req);

			if (len < 0) {
				vq_break(
					vq,
					"request without a writable status byte");
				r = -1;
				break;
			}
			vq_push(vq, req.head, (uint32_t)len);
			done++;
		}
		if (r < 0) {
			device_failed(d, vq);
			break;
		}
		if (done >= BLK_BUDGET) {
			d->pending = true;
			break;
		}
		if (!vq_enable_notify(vq))
			break;
	}
	d->unreported += done;
	if (done && vq_need_irq(vq))
		raise_irq(d);
}

static void console_sink(void *arg, const char *buf, size_t len)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < MAX_CLIENTS; i++)
		if (be.client[i] >= 0 &&
		    send(be.client[i], buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) <
			    0 &&
		    errno != EAGAIN) {
			close(be.client[i]);
			be.client[i] = -1;
		}
}

/* Console queues until both are empty with notifications on (a buffer
 * added before that would never be seen: Linux's hvc spins, interrupts
 * off, until its output is taken). */
static void cons_serve(struct bdev *d)
{
	struct virtq *tx = &d->vq[VCONS_TX], *rx = &d->vq[VCONS_RX];
	int ntx = 0, nrx = 0, r;
	bool again;

	d->pending = false;
	if (d->broken)
		return;
	do {
		vq_disable_notify(tx);
		r = vcons_tx(&d->cons, tx);
		if (r < 0) {
			device_failed(d, tx);
			return;
		}
		ntx += r;
		r = vcons_rx(&d->cons, rx);
		if (r < 0) {
			device_failed(d, rx);
			return;
		}
		nrx += r;
		again = vq_enable_notify(tx);
		/* receive buffers matter only while input waits */
		if (vq_enable_notify(rx) && d->cons.in_len)
			again = true;
		/* a budget's worth: the others' turn, then this again */
		if (again && ntx + nrx >= 4 * VCONS_BUDGET) {
			d->pending = true;
			break;
		}
	} while (again);
	d->unreported += (unsigned int)(ntx + nrx);
	if ((ntx && vq_need_irq(tx)) | (nrx && vq_need_irq(rx)))
		raise_irq(d);
}

/* Both directions of a net device, a budget of frames each (other devices
 * and zones get their turn). Sets d->pending if work is left. */
static void net_serve(struct bdev *d)
{
	struct virtq *tx = &d->vq[VNET_TX], *rx = &d->vq[VNET_RX];
	int ntx, nrx;
	bool more;

	d->pending = false;
	if (d->broken)
		return;
	vq_disable_notify(tx);
	ntx = vnet_tx(&d->net, tx);
	if (ntx < 0) {
		device_failed(d, tx);
		return;
	}
	nrx = vnet_rx(&d->net, rx);
	if (nrx < 0) {
		device_failed(d, rx);
		return;
	}
	more = ntx == VNET_BUDGET || nrx == VNET_BUDGET;
	if (!more && vq_enable_notify(tx))
		more = true;
	/* out of receive buffers: have the guest say when it posts more */
	if (d->net.rx_waiting && vq_enable_notify(rx)) {
		d->net.rx_waiting = false;
		more = true;
	}
	d->pending = more;
	d->unreported += (unsigned int)(ntx + nrx);
	if ((ntx && vq_need_irq(tx)) | (nrx && vq_need_irq(rx)))
		raise_irq(d);
}

/* One thread serves every device, in the loop that reads the events: a
 * hand-off to a worker thread per request cost more than it saved here
 * (docs/benchmarks.md). */
static void kick(struct bdev *d)
{
	switch (d->cfg->device_id) {
	case VIRTIO_ID_CONSOLE:
		cons_serve(d);
		break;
	case VIRTIO_ID_NET:
		net_serve(d);
		break;
	default:
		blk_serve(d);
	}
}

static void dev_reset_queues(struct bdev *d)
{
	unsigned int q;

	for (q = 0; q < HV_VIRTIO_MAX_QUEUES; q++)
		vq_reset(&d->vq[q]);
	d->features = 0;
	d->broken = false;
	d->pending = false;
	d->net.rx_waiting = false;
	d->unreported = 0;
}

static void on_device_event(struct bdev *d, const struct hv_event *e)
{
	struct virtq *vq;

	switch (e->type) {
	case HV_EVT_QUEUE_READY:
		if (e->value >= d->cfg->num_queues)
			break;
		vq = &d->vq[e->value];
		if (!e->num) {
			vq_reset(vq);
		} else if (e->num > 0xffff ||
			   vq_setup(vq, &be.mem, (uint16_t)e->num, e->addr[0],
				    e->addr[1], e->addr[2],
				    d->features & VIRTIO_F_EVENT_IDX)) {
			if (!vq->why)
				vq->why = "queue size too large";
			device_failed(d, vq);
		}
		break;
	case HV_EVT_STATUS:
		if (!e->value) {
			/* nothing of the old rings is touched from here on: the
			 * driver's Status write may complete */
			dev_reset_queues(d);
			dev_virtio_ctrl(be.hvfd, d->index,
					HV_VIRTIO_OP_RESET_DONE, e->num);
			break;
		}
		if (e->value & VIRTIO_ST_FEATURES_OK)
			d->features = e->addr[0];
		if (e->value & VIRTIO_ST_FAILED)
			blog("virtio%u: the driver gave up on the device",
			     d->index);
		break;
	case HV_EVT_NOTIFY:
		kick(d);
		break;
	case HV_EVT_CONFIG:
		break; /* nothing writable is offered */
	}
}

/*
 * Events were lost (the ring, or this zone's share of it, was full): make
 * the device what the driver programmed, as the hypervisor holds it, and
 * serve every queue. A queue whose addresses did not change keeps its
 * place in the rings.
 */
static void rebuild(struct bdev *d)
{
	struct hv_virtio_state st;
	unsigned int q;
	int ret = dev_virtio_state(be.hvfd, d->index, &st);

	if (ret) {
		blog("virtio%u: its state is not available: %s", d->index,
		     strerror(-ret));
		return;
	}
	if (!st.status) {
		dev_reset_queues(d);
	} else {
		if (st.status & VIRTIO_ST_FEATURES_OK)
			d->features = st.drv_features;
		for (q = 0; q < d->cfg->num_queues; q++) {
			const struct hv_virtio_queue_state *s = &st.q[q];
			struct virtq *vq = &d->vq[q];

			if (!s->num) {
				vq_reset(vq);
			} else if (!vq->ready || vq->num != s->num ||
				   vq->desc_gpa != s->desc ||
				   vq->avail_gpa != s->driver ||
				   vq->used_gpa != s->device) {
				vq_reset(vq);
				if (s->num > 0xffff ||
				    vq_setup(vq, &be.mem, (uint16_t)s->num,
					     s->desc, s->driver, s->device,
					     d->features & VIRTIO_F_EVENT_IDX))
					device_failed(d, vq);
			}
		}
	}
	/* a reset whose event was lost waits for this answer */
	if (st.reset_wait)
		dev_virtio_ctrl(be.hvfd, d->index, HV_VIRTIO_OP_RESET_DONE,
				st.reset_wait);
	kick(d);
}

/* An image file into the zone's RAM again; 0 or -1 (logged). Mapped, not
 * read: a heap buffer the size of a kernel would stay with this process
 * (malloc keeps freed memory that large) for the zone's whole life. */
static int reload_file(const char *what, const char *path, hv_u64 dst)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = -EIO;
	struct stat st;
	void *p = MAP_FAILED;

	if (fd < 0 || fstat(fd, &st) || !st.st_size) {
		ret = fd < 0 ? -errno : -EIO;
	} else {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			 0);
		ret = p == MAP_FAILED
			      ? -errno
			      : dev_load(be.hvfd, dst, p, (size_t)st.st_size);
	}
	if (p != MAP_FAILED)
		munmap(p, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	if (ret)
		blog("zone reset: cannot load the %s %s again: %s", what, path,
		     strerror(-ret));
	return ret ? -1 : 0;
}

/*
 * The zone reset itself (or `hvisor zone reboot`): the hypervisor zeroed
 * its RAM and waits. Drop every queue (no request is in flight: they are
 * served where the events are read), load its images again from their
 * files (the DTB as zone start patched it), as Xen's toolstack rebuilds a
 * domain, then let it boot. If an image cannot be loaded, this process
 * ends and the driver ends the zone.
 */
static void on_zone_reset(void)
{
	const struct zone_file *zf = be.zf;
	unsigned int i;
	int ret;

	for (i = 0; i < be.ndev; i++)
		dev_reset_queues(&be.dev[i]);
	/* quiet now: only from here may its RAM be zeroed */
	ret = dev_reset_quiet(be.hvfd);
	if (ret) {
		blog("zone reset: the hypervisor refused to zero its RAM: %s",
		     strerror(-ret));
		terminate = 1;
		return;
	}
	blog("zone reset: devices reset, RAM zeroed");
	if (reload_file("kernel", zf->kernel_path, zf->kernel_load_paddr) ||
	    (zf->has_ramdisk && reload_file("ramdisk", zf->ramdisk_path,
					    zf->ramdisk_load_paddr))) {
		terminate = 1;
		return;
	}
	ret = dev_load(be.hvfd, zf->dtb_load_paddr, be.dtb, be.dtb_len);
	if (ret) {
		blog("zone reset: cannot load its DTB again: %s",
		     strerror(-ret));
		terminate = 1;
		return;
	}
	blog("zone reset: images loaded again");
	if (dev_reset_done(be.hvfd))
		blog("the hypervisor did not take the reset answer");
}

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

		if (d->cfg->device_id == VIRTIO_ID_NET)
			blog("virtio%u net: %llu wake-ups, %llu frames in (%llu bytes), %llu out (%llu bytes); dropped: %llu in, %llu empty, %llu too big, %llu bad, %llu send errors",
			     i, (unsigned long long)d->wakeups,
			     (unsigned long long)d->net.rx_frames,
			     (unsigned long long)d->net.rx_bytes,
			     (unsigned long long)d->net.tx_frames,
			     (unsigned long long)d->net.tx_bytes,
			     (unsigned long long)d->net.rx_dropped,
			     (unsigned long long)d->net.tx_dropped_empty,
			     (unsigned long long)d->net.tx_dropped_big,
			     (unsigned long long)d->net.tx_dropped_bad,
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

static void main_loop(void)
{
	for (;;) {
		struct pollfd p[2 + MAX_CLIENTS + HV_MAX_VIRTIO];
		unsigned int n = 0, i, taps;
		int timeout = -1;

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
		for (i = 0; i < be.ndev; i++)
			if (be.dev[i].pending || (p[taps + i].revents & POLLIN))
				kick(&be.dev[i]);
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

/* stdin from /dev/null, stdout/stderr to the zone's log: the caller's
 * terminal or pipe must not stay open because of us. */
static void detach_stdio(const char *name)
{
	char path[160];
	int fd;

	make_dirs(BACKEND_LOG_DIR);
	snprintf(path, sizeof(path), "%s/%s.log", BACKEND_LOG_DIR, name);
	snprintf(log_path, sizeof(log_path), "%s", path);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
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

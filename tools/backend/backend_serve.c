// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Serving a zone's virtio devices: requests on their queues, the events the
 * hypervisor posts for them (status, queue set-up, reset), a zone's reset. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backend_int.h"

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

uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

struct virtq *polled_queue(struct bdev *d)
{
	switch (d->cfg->device_id) {
	case VIRTIO_ID_BLOCK:
		return &d->vq[0];
	case VIRTIO_ID_NET:
		return &d->vq[VNET_TX];
	default:
		return NULL;
	}
}

/*
 * The queue is empty: either the polling window opens (the guest's
 * notifications stay off, the main loop watches the ring) or the guest
 * is asked to notify again. True if requests came meanwhile.
 */
static bool ring_idle(struct bdev *d, struct virtq *vq)
{
	if (vpoll_begin(&d->poll, now_ns()))
		return false;
	return vq_enable_notify(vq);
}

void poll_check(struct bdev *d, uint64_t now)
{
	struct virtq *vq = polled_queue(d);

	if (!d->poll.on)
		return;
	if (!vq || !vq->ready || d->broken) {
		d->poll.on = false;
	} else if (vq_has_work(vq)) {
		vpoll_hit(&d->poll);
		kick(d);
	} else if (vpoll_expired(&d->poll, now)) {
		vpoll_miss(&d->poll);
		if (vq_enable_notify(vq))
			kick(d);
	}
}

/* Serve the blk queue until it is empty with notifications on (or the
 * polling window open), or until BLK_BUDGET requests (then d->pending:
 * served again without a notify). */
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
		if (!ring_idle(d, vq))
			break;
	}
	d->unreported += done;
	if (done && vq_need_irq(vq))
		raise_irq(d);
}

void console_sink(void *arg, const char *buf, size_t len)
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
void cons_serve(struct bdev *d)
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
	if (!more && ring_idle(d, tx))
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
void kick(struct bdev *d)
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

/* What the driver accepted (0 after a reset); a net device's TAP learns
 * which receive offloads the guest takes. */
static void accept_features(struct bdev *d, uint64_t f)
{
	int ret;

	if (d->features == f &&
	    (d->cfg->device_id != VIRTIO_ID_NET || d->net.features == f))
		return;
	d->features = f;
	if (d->cfg->device_id != VIRTIO_ID_NET)
		return;
	ret = vnet_set_offloads(&d->net, f);
	if (ret)
		blog("virtio%u: the TAP refused the receive offloads: %s",
		     d->index, strerror(-ret));
}

static void dev_reset_queues(struct bdev *d)
{
	unsigned int q;

	for (q = 0; q < HV_VIRTIO_MAX_QUEUES; q++)
		vq_reset(&d->vq[q]);
	accept_features(d, 0);
	d->broken = false;
	d->pending = false;
	d->net.rx_waiting = false;
	vnet_rx_reset(&d->net);
	d->unreported = 0;
	d->poll.on = false;
	d->poll.win_ns = 0;
}

void on_device_event(struct bdev *d, const struct hv_event *e)
{
	struct virtq *vq;

	switch (e->type) {
	case HV_EVT_QUEUE_READY:
		if (e->value >= d->cfg->num_queues)
			break;
		vq = &d->vq[e->value];
		if (d->cfg->device_id == VIRTIO_ID_NET && e->value == VNET_RX)
			vnet_rx_reset(
				&d->net); /* its buffers were the old ring's */
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
			accept_features(d, e->addr[0]);
		if (e->value & VIRTIO_ST_FAILED)
			blog("virtio%u: the driver gave up on the device",
			     d->index);
		break;
	case HV_EVT_NOTIFY:
		/* a notify came: the window was closed, or too short */
		if (polled_queue(d) == &d->vq[e->value])
			vpoll_woken(&d->poll, now_ns());
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
void rebuild(struct bdev *d)
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
			accept_features(d, st.drv_features);
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
				if (d->cfg->device_id == VIRTIO_ID_NET &&
				    q == VNET_RX)
					vnet_rx_reset(&d->net);
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
void on_zone_reset(void)
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

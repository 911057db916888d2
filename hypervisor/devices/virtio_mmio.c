// SPDX-License-Identifier: GPL-2.0
#include "devices/virtio_mmio.h"
#include "core/event.h"
#include "core/lib.h"
#include "core/mm.h"
#include "core/printk.h"
#include "core/zone.h"
#include "arch.h"
#include "core/spinlock.h"

/* virtio-mmio version 2 registers (virtio 1.2, 4.2.2) */
#define VM_MAGIC 0x000
#define VM_VERSION 0x004
#define VM_DEVICE_ID 0x008
#define VM_VENDOR_ID 0x00c
#define VM_DEV_FEATURES 0x010
#define VM_DEV_FEATURES_SEL 0x014
#define VM_DRV_FEATURES 0x020
#define VM_DRV_FEATURES_SEL 0x024
#define VM_QUEUE_SEL 0x030
#define VM_QUEUE_NUM_MAX 0x034
#define VM_QUEUE_NUM 0x038
#define VM_QUEUE_READY 0x044
#define VM_QUEUE_NOTIFY 0x050
#define VM_INT_STATUS 0x060
#define VM_INT_ACK 0x064
#define VM_STATUS 0x070
#define VM_QUEUE_DESC_LO 0x080
#define VM_QUEUE_DESC_HI 0x084
#define VM_QUEUE_DRIVER_LO 0x090
#define VM_QUEUE_DRIVER_HI 0x094
#define VM_QUEUE_DEVICE_LO 0x0a0
#define VM_QUEUE_DEVICE_HI 0x0a4
#define VM_SHM_SEL 0x0ac
#define VM_SHM_LEN_LO 0x0b0
#define VM_SHM_LEN_HI 0x0b4
#define VM_SHM_BASE_LO 0x0b8
#define VM_SHM_BASE_HI 0x0bc
#define VM_CONFIG_GEN 0x0fc
#define VM_CONFIG 0x100

#define VIRTIO_MAGIC 0x74726976 /* "virt" */
#define VIRTIO_VENDOR 0x53564828 /* "(HVS" */
#define ST_FEATURES_OK 8u
#define ST_NEEDS_RESET 64u

/* How long a driver's reset waits for the backend before it completes
 * anyway (a backend that hangs hurts only its own zone's devices). */
#define RESET_WAIT_NS 2000000000UL

static int post(struct zone *z, struct virtio_dev *d, u32 type, u32 value,
		const struct virtio_queue *q, const struct mmio_access *cw)
{
	int ret;

	struct hv_event e = {
		.type = type, .zone_id = z->id, .dev = d->index, .value = value
	};

	if (type == HV_EVT_STATUS) /* what the driver accepted */
		e.addr[0] = d->drv_features;
	if (cw) { /* config write: which bytes */
		e.num = cw->size;
		e.addr[0] = cw->value;
	}
	if (q) {
		e.addr[0] = q->desc;
		e.addr[1] = q->driver;
		e.addr[2] = q->device;
		e.num = q->ready ? q->num : 0;
	}
	if (type == HV_EVT_STATUS && !value)
		e.num = d->reset_seq;
	ret = event_post(&e, zone_slot(z),
			 type == HV_EVT_NOTIFY ? &d->q[value].notify_token
					       : NULL);
	if (ret == EVENT_POSTED)
		d->stats.events++;
	else if (ret == EVENT_MERGED)
		d->stats.merged++;
	else
		d->stats.dropped++;
	return ret;
}

static void refuse(struct zone *z, struct virtio_dev *d, const char *what,
		   u64 v)
{
	if (zone_log_ok(z))
		pr_warn("zone %u (%s) virtio %u: %s (0x%lx)\n", z->id, z->name,
			d->index, what, v);
}

/* Power-on state of the register file (the config space comes back too). */
static void dev_reset(struct virtio_dev *d)
{
	d->dev_features_sel = d->drv_features_sel = d->queue_sel = 0;
	d->drv_features = 0;
	d->status = 0;
	d->isr = 0;
	d->config_gen++;
	memset(d->q, 0, sizeof(d->q));
	memcpy(d->config, d->cfg->config, sizeof(d->config));
}

static bool any_queue_ready(const struct virtio_dev *d)
{
	unsigned int i;

	for (i = 0; i < HV_VIRTIO_MAX_QUEUES; i++)
		if (d->q[i].ready)
			return true;
	return false;
}

/*
 * The driver writes 0 to Status: the register file resets at once, but
 * the write completes (the guest moves past it) only when the backend
 * says it dropped the device's queues, so the driver cannot reuse the
 * rings' memory while the backend may still write there. Meanwhile the
 * guest re-executes the write (MMIO_RETRY), interruptible and stoppable.
 */
static int status_reset(struct zone *z, struct virtio_dev *d)
{
	bool live;

	if (d->reset_wait) {
		if (!d->reset_acked &&
		    arch_now_ns() - d->reset_since < RESET_WAIT_NS)
			return MMIO_RETRY;
		if (!d->reset_acked && zone_log_ok(z))
			pr_warn("zone %u (%s) virtio %u: the backend did not confirm the reset in time\n",
				z->id, z->name, d->index);
		d->reset_wait = false;
		return 0;
	}
	live = d->status || any_queue_ready(d);
	dev_reset(d);
	d->reset_seq++;
	if (!live || !event_channel_open())
		return 0; /* the backend has nothing of it to drop */
	post(z, d, HV_EVT_STATUS, 0, NULL, NULL);
	/* a lost event is found by the backend's rescan, which answers too */
	d->reset_wait = true;
	d->reset_acked = false;
	d->reset_since = arch_now_ns();
	return MMIO_RETRY;
}

static u64 set_half(u64 old, bool high, u64 v)
{
	return high ? (old & 0xffffffffUL) | (v << 32)
		    : (old & ~0xffffffffUL) | (v & 0xffffffffUL);
}

static bool features_ok(const struct virtio_dev *d)
{
	return !(d->drv_features & ~d->cfg->features) &&
	       (d->drv_features & BIT(32)); /* VIRTIO_F_VERSION_1 */
}

static u64 config_read(struct virtio_dev *d, u64 off, unsigned int size)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (u64)d->config[off + i] << (8 * i);
	return v;
}

static int reg_write(struct zone *z, struct virtio_dev *d, u64 off, u64 v)
{
	struct virtio_queue *q = &d->q[d->queue_sel % HV_VIRTIO_MAX_QUEUES];
	bool qok = d->queue_sel < d->cfg->num_queues;

	switch (off) {
	case VM_DEV_FEATURES_SEL:
		d->dev_features_sel = (u32)v;
		break;
	case VM_DRV_FEATURES_SEL:
		d->drv_features_sel = (u32)v;
		break;
	case VM_DRV_FEATURES:
		if (d->drv_features_sel < 2 && !(d->status & ST_FEATURES_OK))
			d->drv_features = set_half(d->drv_features,
						   d->drv_features_sel, v);
		break;
	case VM_QUEUE_SEL:
		d->queue_sel = (u32)v;
		break;
	case VM_QUEUE_NUM:
		if (qok && !q->ready)
			q->num = (u32)v;
		break;
	case VM_QUEUE_DESC_LO:
	case VM_QUEUE_DESC_HI:
		if (qok && !q->ready)
			q->desc = set_half(q->desc, off == VM_QUEUE_DESC_HI, v);
		break;
	case VM_QUEUE_DRIVER_LO:
	case VM_QUEUE_DRIVER_HI:
		if (qok && !q->ready)
			q->driver = set_half(q->driver,
					     off == VM_QUEUE_DRIVER_HI, v);
		break;
	case VM_QUEUE_DEVICE_LO:
	case VM_QUEUE_DEVICE_HI:
		if (qok && !q->ready)
			q->device = set_half(q->device,
					     off == VM_QUEUE_DEVICE_HI, v);
		break;
	case VM_QUEUE_READY:
		if (!qok || q->ready == (v & 1))
			break;
		if ((v & 1) && (!q->num || (q->num & (q->num - 1)) ||
				q->num > d->cfg->queue_max)) {
			/* a split queue's size is a power of two */
			refuse(z, d, "queue size refused", q->num);
			d->status |= ST_NEEDS_RESET;
			break;
		}
		q->ready = v & 1;
		q->notify_token = 0;
		post(z, d, HV_EVT_QUEUE_READY, d->queue_sel, q, NULL);
		break;
	case VM_QUEUE_NOTIFY:
		d->stats.notifies++;
		if ((u32)v < d->cfg->num_queues && d->q[(u32)v].ready)
			post(z, d, HV_EVT_NOTIFY, (u32)v, NULL, NULL);
		break;
	case VM_INT_ACK:
		d->isr &= ~(u32)v;
		break;
	case VM_STATUS:
		v &= 0xff;
		if (!v)
			return status_reset(z, d);
		/* FEATURES_OK sticks only for features we offered */
		if ((v & ST_FEATURES_OK) && !(d->status & ST_FEATURES_OK) &&
		    !features_ok(d))
			v &= ~(u64)ST_FEATURES_OK;
		if ((u32)v == d->status)
			break;
		d->status = (u32)v | (d->status & ST_NEEDS_RESET);
		post(z, d, HV_EVT_STATUS, d->status, NULL, NULL);
		break;
	case VM_SHM_SEL:
		break;
	default:
		refuse(z, d, "write to a read-only or unknown register", off);
	}
	return 0;
}

static u64 reg_read(struct virtio_dev *d, u64 off)
{
	const struct virtio_queue *q =
		&d->q[d->queue_sel % HV_VIRTIO_MAX_QUEUES];
	bool qok = d->queue_sel < d->cfg->num_queues;

	switch (off) {
	case VM_MAGIC:
		return VIRTIO_MAGIC;
	case VM_VERSION:
		return 2;
	case VM_DEVICE_ID:
		return d->cfg->device_id;
	case VM_VENDOR_ID:
		return VIRTIO_VENDOR;
	case VM_DEV_FEATURES:
		return d->dev_features_sel < 2 ? (d->cfg->features >>
						  (32 * d->dev_features_sel)) &
							 0xffffffffUL
					       : 0;
	case VM_QUEUE_NUM_MAX:
		return qok ? d->cfg->queue_max : 0;
	case VM_QUEUE_READY:
		return qok && q->ready;
	case VM_INT_STATUS:
		return d->isr;
	case VM_STATUS:
		return d->status;
	case VM_SHM_LEN_LO:
	case VM_SHM_LEN_HI:
	case VM_SHM_BASE_LO:
	case VM_SHM_BASE_HI:
		return 0xffffffffUL; /* no shared memory regions */
	case VM_CONFIG_GEN:
		return d->config_gen;
	default:
		return 0;
	}
}

/*
 * The register page: each register of the window as a read returns it
 * now, the config space after them. The zone maps it Device (its reads go
 * to memory, past any cache), so each word written is cleaned to the point
 * of coherency before the change may be seen: before the write that caused
 * it completes, before the interrupt whose status it holds is raised.
 */
static void regs_put(struct virtio_dev *d, unsigned int off)
{
	*(u32 *)(d->regs + off) = (u32)reg_read(d, off);
	arch_dcache_clean(d->regs + off, 4);
}

/* The registers that change without a reset: after any other write. */
static void regs_render_live(struct virtio_dev *d)
{
	static const u16 live[] = { VM_DEV_FEATURES, VM_QUEUE_NUM_MAX,
				    VM_QUEUE_READY,  VM_INT_STATUS,
				    VM_STATUS,	     VM_CONFIG_GEN };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(live); i++)
		regs_put(d, live[i]);
}

/* All of it: at start, after a reset and after a config write. */
static void regs_render(struct virtio_dev *d)
{
	u32 *w = (u32 *)d->regs;
	unsigned int i;

	for (i = 0; i < VM_CONFIG; i += 4)
		w[i / 4] = (u32)reg_read(d, i);
	for (i = 0; i < HV_VIRTIO_WINDOW - VM_CONFIG; i++)
		d->regs[VM_CONFIG + i] = i < d->cfg->config_len ? d->config[i]
								: 0;
	arch_dcache_clean(d->regs, HV_VIRTIO_WINDOW);
}

static int vmmio_access(struct zone *z, struct mmio_access *a, void *arg)
{
	struct virtio_dev *d = arg;
	u64 off = a->addr;
	int ret = 0;

	spin_lock(&d->lock);
	d->stats.reg_traps++;
	if (off >= VM_CONFIG) {
		/* device-specific config: any width, within its length */
		off -= VM_CONFIG;
		if (off + a->size > d->cfg->config_len ||
		    (off & (a->size - 1))) {
			if (!a->write)
				a->value = 0;
		} else if (!a->write) {
			a->value = config_read(d, off, a->size);
		} else {
			unsigned int i;

			for (i = 0; i < a->size; i++)
				d->config[off + i] = (u8)(a->value >> (8 * i));
			d->config_gen++;
			post(z, d, HV_EVT_CONFIG, (u32)off, NULL, a);
		}
	} else if (a->size != 4 || (off & 3)) {
		/* registers are 32 bits wide (virtio 1.2, 4.2.2.2) */
		refuse(z, d, "register access that is not 32-bit aligned", off);
		if (!a->write)
			a->value = 0;
	} else if (a->write) {
		ret = reg_write(z, d, off, a->value);
	} else {
		a->value = reg_read(d, off);
	}
	if (a->write && (a->addr >= VM_CONFIG ||
			 (a->addr == VM_STATUS && !(a->value & 0xff))))
		regs_render(d); /* a reset, or the config space */
	else if (a->write && a->addr == VM_INT_ACK)
		regs_put(d, VM_INT_STATUS);
	else if (a->write)
		regs_render_live(d);
	spin_unlock(&d->lock);
	return ret;
}

/*
 * Map each page holding the zone's windows read-only, from a zeroed page
 * of the hypervisor's: windows that share a page share it, and its other
 * bytes read as zero (writes there fault, as before, into no device).
 */
static int regs_map(struct zone *z, struct virtio_dev *d)
{
	u64 ipa = d->cfg->base & ~(PAGE_SIZE - 1);
	unsigned int i;
	u8 *page;
	int ret;

	for (i = 0; i < d->index; i++) {
		struct virtio_dev *o = &z->virtio[i];

		if ((o->cfg->base & ~(PAGE_SIZE - 1)) == ipa) {
			d->regs = o->regs - (o->cfg->base & (PAGE_SIZE - 1)) +
				  (d->cfg->base & (PAGE_SIZE - 1));
			return 0;
		}
	}
	page = page_alloc();
	if (!page)
		return -HV_ENOMEM;
	ret = s2_map(&z->s2, ipa, (u64)page, PAGE_SIZE, S2_ATTR_DEVICE_RO);
	if (ret) {
		page_free(page);
		return ret;
	}
	arch_dcache_clean(page, PAGE_SIZE);
	d->regs = page + (d->cfg->base & (PAGE_SIZE - 1));
	d->owns_page = true;
	return 0;
}

int virtio_zone_init(struct zone *z)
{
	unsigned int i;
	int ret;

	for (i = 0; i < z->cfg.num_virtio; i++) {
		struct virtio_dev *d = &z->virtio[i];

		memset(d, 0, sizeof(*d));
		d->cfg = &z->cfg.virtio[i];
		d->index = i;
		d->stats.base = d->cfg->base;
		d->stats.irq = d->cfg->irq;
		d->stats.device_id = d->cfg->device_id;
		dev_reset(d);
		ret = regs_map(z, d);
		if (ret)
			return ret;
		regs_render(d);
		ret = mmio_register(z, d->cfg->base, HV_VIRTIO_WINDOW,
				    vmmio_access, d, "virtio", i);
		if (ret)
			return ret;
	}
	return 0;
}

void virtio_zone_exit(struct zone *z)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_VIRTIO; i++) {
		struct virtio_dev *d = &z->virtio[i];

		if (d->owns_page)
			page_free(d->regs - (d->cfg->base & (PAGE_SIZE - 1)));
		d->owns_page = false;
		d->regs = NULL;
	}
}

void virtio_zone_reset(struct zone *z)
{
	unsigned int i;

	for (i = 0; i < z->cfg.num_virtio; i++) {
		spin_lock(&z->virtio[i].lock);
		dev_reset(&z->virtio[i]);
		z->virtio[i].reset_wait = false;
		regs_render(&z->virtio[i]);
		spin_unlock(&z->virtio[i].lock);
	}
}

int virtio_raise(struct zone *z, u32 dev, u32 bits, u64 requests)
{
	struct virtio_dev *d;

	if (dev >= z->cfg.num_virtio ||
	    bits & ~(HV_VIRTIO_INT_VRING | HV_VIRTIO_INT_CONFIG))
		return -HV_EINVAL;
	d = &z->virtio[dev];
	spin_lock(&d->lock);
	d->stats.irq_calls++;
	d->stats.requests += requests;
	if (bits) {
		d->isr |= bits;
		d->stats.irqs++;
		regs_put(d, VM_INT_STATUS);
	}
	spin_unlock(&d->lock);
	/* only this device's SPI, which only this zone owns */
	if (bits)
		arch_irq_raise(d->cfg->irq);
	return 0;
}

int virtio_ctrl(struct zone *z, u32 dev, u32 op, u64 arg)
{
	struct virtio_dev *d;

	if (dev >= z->cfg.num_virtio ||
	    (op != HV_VIRTIO_OP_NEEDS_RESET && op != HV_VIRTIO_OP_RESET_DONE))
		return -HV_EINVAL;
	d = &z->virtio[dev];
	spin_lock(&d->lock);
	if (op == HV_VIRTIO_OP_RESET_DONE) {
		/* an answer to an older reset completes nothing */
		if (d->reset_wait && arg == d->reset_seq)
			d->reset_acked = true;
		spin_unlock(&d->lock);
		return 0;
	}
	d->status |= ST_NEEDS_RESET;
	d->isr |= HV_VIRTIO_INT_CONFIG;
	regs_render_live(d);
	spin_unlock(&d->lock);
	arch_irq_raise(d->cfg->irq);
	return 0;
}

int virtio_state(struct zone *z, u32 dev, struct hv_virtio_state *out)
{
	struct virtio_dev *d;
	unsigned int i;

	if (dev >= z->cfg.num_virtio)
		return -HV_EINVAL;
	d = &z->virtio[dev];
	memset(out, 0, sizeof(*out));
	out->magic = HV_ABI_MAGIC;
	out->version = HV_ABI_VERSION;
	spin_lock(&d->lock);
	out->status = d->status;
	out->reset_wait = d->reset_wait && !d->reset_acked ? d->reset_seq : 0;
	out->drv_features = d->drv_features;
	for (i = 0; i < d->cfg->num_queues; i++) {
		out->q[i].desc = d->q[i].desc;
		out->q[i].driver = d->q[i].driver;
		out->q[i].device = d->q[i].device;
		out->q[i].num = d->q[i].ready ? d->q[i].num : 0;
	}
	spin_unlock(&d->lock);
	return 0;
}

void virtio_stats(struct zone *z, struct hv_zone_status *s)
{
	unsigned int i;

	s->num_virtio = z->cfg.num_virtio;
	for (i = 0; i < z->cfg.num_virtio; i++) {
		spin_lock(&z->virtio[i].lock);
		s->virtio[i] = z->virtio[i].stats;
		s->virtio[i].status = z->virtio[i].status;
		s->virtio[i].reserved = 0;
		spin_unlock(&z->virtio[i].lock);
	}
}

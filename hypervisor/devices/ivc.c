// SPDX-License-Identifier: GPL-2.0
#include "devices/ivc.h"
#include "core/config_check.h"
#include "core/lib.h"
#include "core/mm.h"
#include "core/printk.h"
#include "core/spinlock.h"
#include "core/zone.h"
#include <hvisor/abi.h>

#define IVC_MAX_CHANS (HV_MAX_ZONES * HV_MAX_IVC)
#define IVC_MAX_PAGES (HV_IVC_MAX_BYTES / PAGE_SIZE)

struct ivc_peer {
	struct zone *z; /* NULL: no zone has this peer id now */
	const struct hv_ivc_config *cfg; /* in z's config */
	u32 state;
};

struct ivc_chan {
	bool used;
	u32 id, max_peers, rw, out;
	unsigned int nr_pages;
	u64 *pages; /* a pool page holding the channel's pages' addresses */
	struct ivc_peer peer[HV_IVC_MAX_PEERS];
};

static struct ivc_chan chans[IVC_MAX_CHANS];
static spinlock_t ivc_lock = SPINLOCK_INIT;

/* Ring every peer's doorbell but `but`'s. ivc_lock held. */
static void ring_others(struct ivc_chan *c, u32 but)
{
	u32 i;

	for (i = 0; i < c->max_peers; i++)
		if (i != but && c->peer[i].z)
			arch_irq_raise(c->peer[i].cfg->interrupt_num);
}

static void chan_free(struct ivc_chan *c)
{
	unsigned int i;

	for (i = 0; i < c->nr_pages; i++) {
		memset((void *)c->pages[i], 0, PAGE_SIZE);
		page_free((void *)c->pages[i]);
	}
	page_free(c->pages);
	pr_info("ivc %u: last peer left; %u pages scrubbed and freed\n", c->id,
		c->nr_pages);
	memset(c, 0, sizeof(*c));
}

static struct ivc_chan *chan_get(const struct hv_ivc_config *cfg)
{
	struct ivc_chan *c, *free = NULL;
	unsigned int i;

	for (i = 0; i < IVC_MAX_CHANS; i++) {
		if (chans[i].used && chans[i].id == cfg->ivc_id)
			return &chans[i];
		if (!chans[i].used && !free)
			free = &chans[i];
	}
	if (!free)
		return NULL;
	c = free;
	c->pages = page_alloc();
	if (!c->pages)
		return NULL;
	c->used = true;
	c->id = cfg->ivc_id;
	c->max_peers = cfg->max_peers;
	c->rw = cfg->rw_sec_size;
	c->out = cfg->out_sec_size;
	for (i = 0; i < hv_ivc_bytes(cfg) / PAGE_SIZE; i++) {
		c->pages[i] = (u64)page_alloc();
		if (!c->pages[i]) {
			chan_free(c);
			return NULL;
		}
		c->nr_pages++;
	}
	return c;
}

/* Map the channel into z: the common section and its own output section
 * writable, the other peers' read-only. */
static int chan_map(struct ivc_chan *c, struct zone *z,
		    const struct hv_ivc_config *cfg)
{
	unsigned int i, own_first = (c->rw + cfg->peer_id * c->out) / PAGE_SIZE,
			own_end = own_first + c->out / PAGE_SIZE;
	int ret;

	for (i = 0; i < c->nr_pages; i++) {
		bool rw = i < c->rw / PAGE_SIZE ||
			  (i >= own_first && i < own_end);

		ret = s2_map(&z->s2, cfg->shared_mem_ipa + (u64)i * PAGE_SIZE,
			     c->pages[i], PAGE_SIZE,
			     rw ? S2_ATTR_NORMAL : S2_ATTR_NORMAL_RO);
		if (ret)
			return ret;
	}
	return 0;
}

static void zero_out_section(struct ivc_chan *c, u32 peer)
{
	unsigned int i = (c->rw + peer * c->out) / PAGE_SIZE,
		     end = i + c->out / PAGE_SIZE;

	for (; i < end; i++)
		memset((void *)c->pages[i], 0, PAGE_SIZE);
}

static int ct_access(struct zone *z, struct mmio_access *a, void *arg)
{
	struct ivc_port *p = arg;
	struct ivc_chan *c = p->chan;
	u64 off = a->addr;
	u32 v = (u32)a->value, i;
	int ret = 0;

	if (a->size != 4)
		return -HV_EPERM;
	spin_lock(&ivc_lock);
	if (c->peer[p->peer].z != z) {
		ret = -HV_EPERM; /* never: its port goes with its zone */
	} else if (a->write && off == HV_IVC_CT_IPI_INVOKE) {
		if (v >= c->max_peers)
			ret = -HV_EPERM; /* no such peer id: a guest bug */
		else if (c->peer[v].z) /* a peer not up misses nothing */
			arch_irq_raise(c->peer[v].cfg->interrupt_num);
	} else if (a->write && off == HV_IVC_CT_STATE) {
		if (c->peer[p->peer].state != v) {
			c->peer[p->peer].state = v;
			ring_others(c, p->peer);
		}
	} else if (a->write) {
		ret = -HV_EPERM;
	} else if (off == HV_IVC_CT_IVC_ID) {
		a->value = c->id;
	} else if (off == HV_IVC_CT_MAX_PEERS) {
		a->value = c->max_peers;
	} else if (off == HV_IVC_CT_RW_SEC_SIZE) {
		a->value = c->rw;
	} else if (off == HV_IVC_CT_OUT_SEC_SIZE) {
		a->value = c->out;
	} else if (off == HV_IVC_CT_PEER_ID) {
		a->value = p->peer;
	} else if (off == HV_IVC_CT_IPI_INVOKE) {
		a->value = 0;
	} else if (off == HV_IVC_CT_STATE) {
		a->value = c->peer[p->peer].state;
	} else if (off == HV_IVC_CT_PEERS) {
		a->value = 0;
		for (i = 0; i < c->max_peers; i++)
			if (c->peer[i].z)
				a->value |= BIT(i);
	} else if (off >= HV_IVC_CT_PEER_STATE &&
		   off < HV_IVC_CT_PEER_STATE + 4 * c->max_peers) {
		a->value = c->peer[(off - HV_IVC_CT_PEER_STATE) / 4].state;
	} else {
		ret = -HV_EPERM;
	}
	spin_unlock(&ivc_lock);
	return ret;
}

int ivc_zone_init(struct zone *z)
{
	unsigned int i;
	int ret = 0;

	spin_lock(&ivc_lock);
	for (i = 0; i < z->cfg.num_ivc && !ret; i++) {
		const struct hv_ivc_config *cfg = &z->cfg.ivc[i];
		struct ivc_chan *c = chan_get(cfg);

		if (!c) {
			ret = -HV_ENOMEM;
			break;
		}
		/* the zone rules made sure the views agree; never trust that
		 * for memory */
		if (c->peer[cfg->peer_id].z || c->max_peers != cfg->max_peers ||
		    c->rw != cfg->rw_sec_size || c->out != cfg->out_sec_size) {
			ret = -HV_EBUSY;
			break;
		}
		z->ivc[i] = (struct ivc_port){ c, cfg->peer_id };
		c->peer[cfg->peer_id] = (struct ivc_peer){ z, cfg, 0 };
		ret = chan_map(c, z, cfg);
		if (!ret)
			ret = mmio_register(z, cfg->control_table_ipa,
					    PAGE_SIZE, ct_access, &z->ivc[i],
					    "ivc", c->id);
		if (!ret) {
			pr_info("zone %u (%s): ivc %u peer %u, %u KiB at 0x%lx, doorbell IRQ %u\n",
				z->id, z->name, c->id, cfg->peer_id,
				c->nr_pages * 4, cfg->shared_mem_ipa,
				cfg->interrupt_num);
			ring_others(c, cfg->peer_id);
		}
	}
	spin_unlock(&ivc_lock);
	return ret;
}

void ivc_zone_down(struct zone *z, bool scrub)
{
	unsigned int i;

	spin_lock(&ivc_lock);
	for (i = 0; i < HV_MAX_IVC; i++) {
		struct ivc_port *p = &z->ivc[i];

		if (!p->chan)
			continue;
		if (scrub)
			zero_out_section(p->chan, p->peer);
		if (p->chan->peer[p->peer].state) {
			p->chan->peer[p->peer].state = 0;
			ring_others(p->chan, p->peer);
		}
	}
	spin_unlock(&ivc_lock);
}

void ivc_zone_exit(struct zone *z)
{
	unsigned int i, k;

	spin_lock(&ivc_lock);
	for (i = 0; i < HV_MAX_IVC; i++) {
		struct ivc_port *p = &z->ivc[i];
		struct ivc_chan *c = p->chan;
		bool alone = true;

		if (!c)
			continue;
		p->chan = NULL;
		if (c->peer[p->peer].z != z)
			continue; /* it never got the peer id (refused) */
		c->peer[p->peer] = (struct ivc_peer){ NULL, NULL, 0 };
		zero_out_section(c, p->peer);
		for (k = 0; k < c->max_peers; k++)
			if (c->peer[k].z)
				alone = false;
		if (alone)
			chan_free(c);
		else
			ring_others(c, p->peer);
	}
	spin_unlock(&ivc_lock);
}

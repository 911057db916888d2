// SPDX-License-Identifier: GPL-2.0 OR MIT
/* A zone config's virtio devices: disk, network (its host side), console. */
#include <string.h>

#include "zf.h"

#define ZF_VIRTIO_QUEUE_DEFAULT 256
/* the longest a blk or net backend may watch a ring after serving it
 * (vpoll.h); off unless asked: a busy device then keeps a zone0 CPU
 * spinning, and under QEMU it cost more than it saved (docs/virtio.md) */
#define ZF_VIRTIO_POLL_US_MAX 1000

static const char *const zf_virtio_keys[] = { "type",	  "base",
					      "irq",	  "image",
					      "readonly", "queue_size",
					      "poll_us",  NULL };

/* "a.b.c.d/len" (or "": none): 0 if it is one */
static int zf_ipv4(const char *s)
{
	unsigned int a, b, cc, d, len;
	char end;

	if (!*s)
		return 0;
	return sscanf(s, "%u.%u.%u.%u/%u%c", &a, &b, &cc, &d, &len, &end) ==
				       5 &&
			       a < 256 && b < 256 && cc < 256 && d < 256 &&
			       len >= 1 && len <= 30
		       ? 0
		       : -1;
}

/* An optional string member that must fit in out and pass ok (if given). */
static void zf_opt_short(struct zf_ctx *c, const cJSON *obj, const char *pre,
			 const char *key, char *out, size_t size,
			 int (*ok)(const char *), const char *rule)
{
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it = zf_opt(obj, key);
	const char *s;

	zf_jkey(jp, pre, key);
	if (!it || zf_str(c, it, jp, &s))
		return;
	if (strlen(s) >= size || (ok && ok(s)))
		zf_err(c, jp, zf_show(it, v, sizeof(v)), "%s", rule);
	else
		memcpy(out, s, strlen(s) + 1);
}

static int zf_ifname(const char *s)
{
	return !*s || strchr(s, '/') || strchr(s, ' ') ? -1 : 0;
}

/*
 * A net device: its MAC (default 02:48:56:00:<zone>:<device>, the same at
 * every start), the bridge in zone0 its TAP joins, the zone's address and
 * zone0's address on a bridge this creates. The zone's first net device gets
 * 10.0.0.(10 + zone id)/24 unless told otherwise.
 */
static void zf_parse_net(struct zf_ctx *c, const cJSON *obj, const char *pre,
			 int i, int is_net)
{
	struct zone_virtio *zv = &c->zf->virtio[i];
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN], mac[24] = "";
	unsigned int m[6], k, nets = 0;
	char end;

	if (!is_net) {
		static const char *const only_net[] = { "mac", "ip", "bridge",
							"bridge_ip", NULL };

		for (k = 0; only_net[k]; k++)
			if (zf_opt(obj, only_net[k])) {
				zf_jkey(jp, pre, only_net[k]);
				zf_err(c, jp, NULL,
				       "only a net device has this");
			}
		return;
	}
	for (k = 0; k < (unsigned int)i; k++)
		nets += c->zf->cfg.virtio[k].device_id == 1;
	zv->mac[0] = 0x02; /* locally administered, unicast */
	zv->mac[1] = 0x48;
	zv->mac[2] = 0x56;
	zv->mac[4] = (hv_u8)c->zf->cfg.zone_id;
	zv->mac[5] = (hv_u8)i;
	zf_opt_short(c, obj, pre, "mac", mac, sizeof(mac), NULL,
		     "expected \"xx:xx:xx:xx:xx:xx\"");
	if (mac[0]) {
		zf_jkey(jp, pre, "mac");
		if (sscanf(mac, "%x:%x:%x:%x:%x:%x%c", &m[0], &m[1], &m[2],
			   &m[3], &m[4], &m[5], &end) != 6 ||
		    m[0] > 255 || m[1] > 255 || m[2] > 255 || m[3] > 255 ||
		    m[4] > 255 || m[5] > 255 || (m[0] & 1)) {
			snprintf(v, sizeof(v), "\"%s\"", mac);
			zf_err(c, jp, v,
			       "not a unicast MAC address \"xx:xx:xx:xx:xx:xx\"");
		} else {
			for (k = 0; k < 6; k++)
				zv->mac[k] = (hv_u8)m[k];
		}
	}
	strcpy(zv->bridge, ZONE_NET_BRIDGE);
	strcpy(zv->bridge_ip, ZONE_NET_BRIDGE_IP);
	if (!nets)
		snprintf(zv->ip, sizeof(zv->ip), "10.0.0.%u/24",
			 10 + c->zf->cfg.zone_id);
	zf_opt_short(c, obj, pre, "bridge", zv->bridge, sizeof(zv->bridge),
		     zf_ifname,
		     "not a network interface name (1 to 15 characters)");
	zf_opt_short(
		c, obj, pre, "ip", zv->ip, sizeof(zv->ip), zf_ipv4,
		"expected an IPv4 address with its prefix, \"a.b.c.d/len\"");
	zf_opt_short(
		c, obj, pre, "bridge_ip", zv->bridge_ip, sizeof(zv->bridge_ip),
		zf_ipv4,
		"expected an IPv4 address with its prefix, \"a.b.c.d/len\"");
}

/* "poll_us": the limit of the backend's polling window (0: never polls) */
static void zf_parse_poll(struct zf_ctx *c, const cJSON *obj, const char *pre,
			  int i)
{
	hv_u32 id = c->zf->cfg.virtio[i].device_id;
	hv_u64 us = 0;
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	int given = zf_opt_num(c, obj, pre, "poll_us", &us);

	zf_jkey(jp, pre, "poll_us");
	snprintf(v, sizeof(v), "%llu", (unsigned long long)us);
	if (given == 1 && id == 3)
		zf_err(c, jp, v, "only a blk or net device polls");
	else if (given == 1 && us > ZF_VIRTIO_POLL_US_MAX)
		zf_err(c, jp, v, "more than %u (microseconds)",
		       ZF_VIRTIO_POLL_US_MAX);
	else
		c->zf->virtio[i].poll_us = (unsigned int)us;
}

static void zf_parse_virtio_dev(struct zf_ctx *c, const cJSON *obj, int i)
{
	struct hv_virtio_dev *d = &c->zf->cfg.virtio[i];
	struct zone_virtio *zv = &c->zf->virtio[i];
	char pre[ZF_JPATH_LEN], jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	const cJSON *it;
	const char *s;
	hv_u64 qs = ZF_VIRTIO_QUEUE_DEFAULT;

	zf_jidx(pre, "virtio", i);
	if (!cJSON_IsObject(obj)) {
		zf_err(c, pre, zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, pre, zf_virtio_keys);
	it = zf_need(c, obj, pre, "type");
	zf_jkey(jp, pre, "type");
	if (it && !zf_str(c, it, jp, &s)) {
		if (!strcmp(s, "blk") || !strcmp(s, "block")) {
			d->device_id = 2;
			d->num_queues = 1;
		} else if (!strcmp(s, "console")) {
			d->device_id = 3;
			d->num_queues = 2;
		} else if (!strcmp(s, "net")) {
			d->device_id = 1;
			d->num_queues = 2;
		} else {
			zf_err(c, jp, zf_show(it, v, sizeof(v)),
			       "unknown type (expected \"blk\", \"console\" or \"net\")");
		}
	}
	zf_need_num(c, obj, pre, "base", &d->base);
	it = zf_need(c, obj, pre, "irq");
	zf_jkey(jp, pre, "irq");
	if (it)
		zf_u32(c, it, jp, &d->irq);
	if (zf_opt_num(c, obj, pre, "queue_size", &qs) == 1 &&
	    (qs < 2 || qs > 32768 || (qs & (qs - 1)))) {
		zf_jkey(jp, pre, "queue_size");
		snprintf(v, sizeof(v), "%llu", (unsigned long long)qs);
		zf_err(c, jp, v, "not a power of two from 2 to 32768");
	}
	d->queue_max = (hv_u16)qs;
	/* what the hypervisor checks; the backend fills in the rest */
	d->features = (hv_u64)1 << 32; /* VIRTIO_F_VERSION_1 */
	it = zf_opt(obj, "image");
	zf_jkey(jp, pre, "image");
	if (it && !zf_str(c, it, jp, &s)) {
		if (d->device_id != 2)
			zf_err(c, jp, NULL, "only a blk device has an image");
		else if (!s[0])
			zf_err(c, jp, "\"\"", "empty path");
		else
			zf_resolve(c, jp, s, zv->image);
	} else if (!it && d->device_id == 2) {
		zf_err(c, jp, NULL, "missing (a blk device needs an image)");
	}
	zf_parse_poll(c, obj, pre, i);
	it = zf_opt(obj, "readonly");
	zf_jkey(jp, pre, "readonly");
	if (it && !cJSON_IsBool(it))
		zf_err(c, jp, zf_show(it, v, sizeof(v)),
		       "expected true or false");
	else if (it)
		zv->readonly = cJSON_IsTrue(it);
	zf_parse_net(c, obj, pre, i, d->device_id == 1);
}

void zf_parse_virtio(struct zf_ctx *c, const cJSON *arr)
{
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	int n, i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "virtio", zf_show(arr, v, sizeof(v)),
		       "expected an array of devices");
		return;
	}
	n = cJSON_GetArraySize(arr);
	if (n > HV_MAX_VIRTIO) {
		snprintf(v, sizeof(v), "%d entries", n);
		zf_err(c, "virtio", v,
		       "more than the limit of %d (HV_MAX_VIRTIO)",
		       HV_MAX_VIRTIO);
		return;
	}
	cJSON_ArrayForEach(it, arr) zf_parse_virtio_dev(c, it, i++);
	c->zf->cfg.num_virtio = (hv_u32)n;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "file.h"
#include "virtio_cfg.h"
#include "virtq.h"

#define VC_MAX_BYTES (1024 * 1024)

static int vc_err(FILE *errf, const char *path, const char *jp,
		  const char *what)
{
	if (errf)
		fprintf(errf, "%s: %s: %s\n", path, jp, what);
	return -1;
}

/* A JSON number or a "0x..."/decimal string, as hvisor-tool writes them. */
static int vc_num(const cJSON *it, hv_u64 *out)
{
	char *end;

	if (cJSON_IsNumber(it) && it->valuedouble >= 0 &&
	    it->valuedouble < 9007199254740992.0 &&
	    it->valuedouble == (double)(hv_u64)it->valuedouble) {
		*out = (hv_u64)it->valuedouble;
		return 0;
	}
	if (!cJSON_IsString(it) || !it->valuestring[0] ||
	    it->valuestring[0] == '-')
		return -1;
	errno = 0;
	*out = strtoull(it->valuestring, &end, 0);
	return errno || *end ? -1 : 0;
}

static cJSON *vc_load(const char *path, FILE *errf)
{
	size_t len;
	cJSON *root;
	char *text;
	FILE *f = fopen(path, "rb");

	if (!f) {
		if (errf)
			fprintf(errf, "%s: cannot open: %s\n", path,
				strerror(errno));
		return NULL;
	}
	text = file_read_all(f, VC_MAX_BYTES, &len);
	fclose(f);
	if (!text || len > VC_MAX_BYTES) {
		free(text);
		vc_err(errf, path, "file", "cannot read it (or over 1 MiB)");
		return NULL;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!root || !cJSON_IsArray(cJSON_GetObjectItem(root, "zones"))) {
		cJSON_Delete(root);
		vc_err(errf, path, "zones",
		       "not a virtio_cfg.json (no \"zones\" array)");
		return NULL;
	}
	return root;
}

/*
 * A net device as hvisor-tool gives it: "mac" as six numbers (or "0x.."
 * strings), "tap" a TAP name. The backend names its TAP itself (hvzZONE.DEV)
 * and joins it to zone0's bridge, as for a zone config's net device; the
 * zone sets its own address (hvisor-tool's zones do). 1, or -1 if bad.
 */
static int vc_net(const char *path, const cJSON *dev, const char *jp,
		  unsigned int zone, unsigned int index, struct zone_virtio *zv,
		  FILE *errf)
{
	const cJSON *mac = cJSON_GetObjectItem(dev, "mac"), *it;
	hv_u64 v[6] = { 0x02, 0x48, 0x56, 0, zone & 0xff, index };
	char p[160];
	int i = 0;

	if (mac) {
		snprintf(p, sizeof(p), "%s.mac", jp);
		if (!cJSON_IsArray(mac) || cJSON_GetArraySize(mac) != 6)
			return vc_err(errf, path, p,
				      "expected six numbers, [\"0x00\", ...]");
		cJSON_ArrayForEach(it, mac)
		{
			if (vc_num(it, &v[i]) || v[i] > 255)
				return vc_err(errf, path, p,
					      "expected six numbers 0..255");
			i++;
		}
		if (v[0] & 1)
			return vc_err(
				errf, path, p,
				"a multicast address (its first byte is odd)");
	}
	if (!zv)
		return 1;
	/* without "mac", a zone config's default: 02:48:56:00:ZONE:DEV */
	for (i = 0; i < 6; i++)
		zv->mac[i] = (hv_u8)v[i];
	strcpy(zv->bridge, ZONE_NET_BRIDGE);
	strcpy(zv->bridge_ip, ZONE_NET_BRIDGE_IP);
	return 1;
}

/* One device: into d/zv if they are given. 1 added, 0 disabled, -1 bad. */
static int vc_device(const char *path, const char *base_dir, const cJSON *dev,
		     const char *jp, unsigned int zone, unsigned int index,
		     struct hv_virtio_dev *d, struct zone_virtio *zv,
		     FILE *errf)
{
	const cJSON *it;
	char p[160];
	hv_u64 addr, len = HV_VIRTIO_WINDOW, irq;
	const char *type;
	int n;

	it = cJSON_GetObjectItem(dev, "status");
	if (cJSON_IsString(it) && !strcmp(it->valuestring, "disable"))
		return 0;
	it = cJSON_GetObjectItem(dev, "type");
	type = cJSON_IsString(it) ? it->valuestring : "";
	if (strcmp(type, "blk") && strcmp(type, "console") &&
	    strcmp(type, "net")) {
		snprintf(p, sizeof(p), "%s.type", jp);
		return vc_err(
			errf, path, p,
			"unknown type (expected \"blk\", \"net\" or \"console\")");
	}
	snprintf(p, sizeof(p), "%s.addr", jp);
	if (vc_num(cJSON_GetObjectItem(dev, "addr"), &addr) ||
	    addr % HV_VIRTIO_WINDOW)
		return vc_err(errf, path, p,
			      "missing, not a number or not 0x200 aligned");
	it = cJSON_GetObjectItem(dev, "len");
	snprintf(p, sizeof(p), "%s.len", jp);
	if (it && (vc_num(it, &len) || len != HV_VIRTIO_WINDOW))
		return vc_err(errf, path, p,
			      "a virtio-mmio window here is 0x200 bytes");
	snprintf(p, sizeof(p), "%s.irq", jp);
	if (vc_num(cJSON_GetObjectItem(dev, "irq"), &irq) ||
	    irq < HV_SPI_BASE || irq > HV_MAX_INTID)
		return vc_err(errf, path, p,
			      "missing or out of range (INTIDs 32..1019)");
	if (d) {
		memset(d, 0, sizeof(*d));
		d->base = addr;
		d->irq = (hv_u32)irq;
		d->device_id = !strcmp(type, "blk")   ? VIRTIO_ID_BLOCK
			       : !strcmp(type, "net") ? VIRTIO_ID_NET
						      : VIRTIO_ID_CONSOLE;
		d->num_queues = d->device_id == VIRTIO_ID_BLOCK ? 1 : 2;
		d->queue_max = 256;
		d->features = VIRTIO_F_VERSION_1;
		memset(zv, 0, sizeof(*zv));
	}
	if (!strcmp(type, "net"))
		return vc_net(path, dev, jp, zone, index, zv, errf);
	if (strcmp(type, "blk"))
		return 1;
	it = cJSON_GetObjectItem(dev, "img");
	snprintf(p, sizeof(p), "%s.img", jp);
	if (!cJSON_IsString(it) || !it->valuestring[0] ||
	    !strcmp(it->valuestring, "null"))
		return vc_err(errf, path, p, "a blk device needs an image");
	if (zv) {
		n = it->valuestring[0] == '/'
			    ? snprintf(zv->image, sizeof(zv->image), "%s",
				       it->valuestring)
			    : snprintf(zv->image, sizeof(zv->image), "%s/%s",
				       base_dir, it->valuestring);
		if (n < 0 || (size_t)n >= sizeof(zv->image))
			return vc_err(errf, path, p, "path too long");
	}
	return 1;
}

/* Walk every zone (zf == NULL: check) or the one of zf (apply). */
static int vc_walk(const char *path, const char *base_dir, struct zone_file *zf,
		   FILE *errf)
{
	const cJSON *zone, *dev;
	cJSON *root = vc_load(path, errf);
	int zi = 0, ret = 0, mask = 0;
	char jp[96];

	if (!root)
		return -1;
	cJSON_ArrayForEach(zone, cJSON_GetObjectItem(root, "zones"))
	{
		hv_u64 id;
		int di = 0;

		snprintf(jp, sizeof(jp), "zones[%d].id", zi);
		if (vc_num(cJSON_GetObjectItem(zone, "id"), &id) ||
		    id >= HV_MAX_ZONES) {
			ret = vc_err(errf, path, jp,
				     "missing or not a zone id (0..7)");
			zi++;
			continue;
		}
		if (zf && id != zf->cfg.zone_id) {
			zi++;
			continue;
		}
		cJSON_ArrayForEach(dev, cJSON_GetObjectItem(zone, "devices"))
		{
			struct hv_virtio_dev *d = NULL;
			struct zone_virtio *zv = NULL;
			int r;

			snprintf(jp, sizeof(jp), "zones[%d].devices[%d]", zi,
				 di++);
			if (zf && zf->cfg.num_virtio >= HV_MAX_VIRTIO) {
				ret = vc_err(
					errf, path, jp,
					"more than 8 devices for the zone");
				break;
			}
			if (zf) {
				d = &zf->cfg.virtio[zf->cfg.num_virtio];
				zv = &zf->virtio[zf->cfg.num_virtio];
			}
			r = vc_device(path, base_dir, dev, jp, (unsigned int)id,
				      zf ? zf->cfg.num_virtio : 0, d, zv, errf);
			if (r < 0)
				ret = -1;
			if (r > 0) {
				mask |= 1 << id;
				if (zf)
					zf->cfg.num_virtio++;
			}
		}
		zi++;
	}
	cJSON_Delete(root);
	if (ret)
		return -1;
	return mask;
}

int virtio_cfg_check(const char *path, const char *base_dir, FILE *errf)
{
	return vc_walk(path, base_dir, NULL, errf);
}

int virtio_cfg_apply(const char *path, const char *base_dir,
		     struct zone_file *zf, FILE *errf)
{
	unsigned int before = zf->cfg.num_virtio, i, k;

	if (vc_walk(path, base_dir, zf, errf) < 0) {
		zf->cfg.num_virtio = before;
		return -1;
	}
	/* their interrupts join the zone's, as for devices in the config */
	for (i = before; i < zf->cfg.num_virtio; i++) {
		hv_u32 irq = zf->cfg.virtio[i].irq;

		for (k = 0; k < zf->cfg.num_irqs && zf->cfg.irqs[k] != irq; k++)
			;
		if (k == zf->cfg.num_irqs && k < HV_MAX_IRQS)
			zf->cfg.irqs[zf->cfg.num_irqs++] = irq;
	}
	return (int)(zf->cfg.num_virtio - before);
}

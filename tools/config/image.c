// SPDX-License-Identifier: GPL-2.0 OR MIT
/* A zone's images: the arm64 Image header, and where they land in RAM. */
#include <stdint.h>
#include <stdio.h>

#include "config_check.h"
#include "dtb.h"
#include "dtb_int.h"

/* ---- images -------------------------------------------------------- */

static uint64_t dtb_le(const void *data, size_t off, int bytes)
{
	const unsigned char *p = (const unsigned char *)data + off;
	uint64_t v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int image_check_arm64(const char *path, const void *data, size_t size,
		      FILE *errf)
{
	if (size < ARM64_IMAGE_HDR_SIZE) {
		dtb_msg(errf,
			"%s: not an arm64 Linux Image (%zu bytes, shorter than its %d-byte header)",
			path, size, ARM64_IMAGE_HDR_SIZE);
		return -1;
	}
	if (dtb_le(data, ARM64_IMAGE_MAGIC_OFF, 4) != ARM64_IMAGE_MAGIC) {
		dtb_msg(errf,
			"%s: not an arm64 Linux Image (no ARM\\x64 magic)",
			path);
		return -1;
	}
	return 0;
}

uint64_t image_arm64_mem_size(const void *hdr, size_t hdr_len,
			      uint64_t file_size)
{
	uint64_t image_size;

	if (hdr_len < ARM64_IMAGE_SIZE_OFF + 8)
		return file_size;
	image_size = dtb_le(hdr, ARM64_IMAGE_SIZE_OFF, 8);
	return image_size > file_size ? image_size : file_size;
}

struct dtb_image {
	const char *field;
	uint64_t load, size;
};

/* The RAM region (physical view) holding pa, or -1. */
static int dtb_ram_at(const struct hv_zone_config *cfg, uint64_t pa)
{
	unsigned int i;

	for (i = 0; i < cfg->num_mem_regions; i++) {
		const struct hv_mem_region *r = &cfg->mem_regions[i];

		if (r->type == HV_MEM_RAM && pa >= r->phys_start &&
		    pa - r->phys_start < r->size)
			return (int)i;
	}
	return -1;
}

int images_check(const struct zone_file *zf, uint64_t kernel_size,
		 uint64_t dtb_size, uint64_t ramdisk_size, FILE *errf)
{
	const struct dtb_image img[] = {
		{ "kernel_filepath", zf->kernel_load_paddr, kernel_size },
		{ "dtb_filepath", zf->dtb_load_paddr, dtb_size },
		{ "ramdisk_filepath", zf->ramdisk_load_paddr, ramdisk_size },
	};
	const int n = sizeof(img) / sizeof(img[0]);
	const struct hv_mem_region *r;
	int i, j, k, errors = 0;

	for (i = 0; i < n; i++) {
		if (!img[i].size)
			continue;
		k = dtb_ram_at(&zf->cfg, img[i].load);
		if (k < 0) {
			dtb_msg(errf,
				"%s: %s: 0x%llx+0x%llx is not inside a RAM region (physical addresses)",
				zf->path, img[i].field, ull(img[i].load),
				ull(img[i].size));
			errors++;
			continue;
		}
		r = &zf->cfg.mem_regions[k];
		if (img[i].size > r->size - (img[i].load - r->phys_start)) {
			dtb_msg(errf,
				"%s: %s: 0x%llx+0x%llx does not fit in memory_regions[%d], which ends at 0x%llx",
				zf->path, img[i].field, ull(img[i].load),
				ull(img[i].size), k,
				ull(r->phys_start + r->size));
			errors++;
		}
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (!img[i].size || !img[j].size ||
			    !hv_ranges_overlap(img[i].load, img[i].size,
					       img[j].load, img[j].size))
				continue;
			dtb_msg(errf,
				"%s: %s: 0x%llx+0x%llx overlaps %s 0x%llx+0x%llx",
				zf->path, img[j].field, ull(img[j].load),
				ull(img[j].size), img[i].field,
				ull(img[i].load), ull(img[i].size));
			errors++;
		}
	}
	return errors ? -1 : 0;
}

uint64_t image_kernel_size(const char *path, const void *data, size_t len,
			   uint64_t file_size, FILE *errf)
{
	if (!file_size) {
		dtb_msg(errf, "%s: empty: no kernel", path);
		return 0;
	}
	if (!image_check_arm64(path, data, len, NULL))
		return image_arm64_mem_size(data, len, file_size);
	dtb_msg(errf,
		"warning: %s: not an arm64 Linux Image (no ARM\\x64 magic): loaded as a raw binary of %llu bytes and entered at entry_point",
		path, (unsigned long long)file_size);
	return file_size;
}

/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Device trees and images of a zone, checked against its config before
 * anything is loaded: the DTB is patched from the config (/chosen, /memory)
 * and cross-checked with it (CPUs, device ranges, SPIs, GIC), and the
 * images are checked to fit the zone's RAM without overlapping.
 *
 * Messages go to errf (may be NULL) one per line: "DTB: NODE: problem" for
 * the device tree, "PATH: ..." for files, "CONFIG: FIELD: ..." for images.
 */
#ifndef HVISOR_TOOL_DTB_H
#define HVISOR_TOOL_DTB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"

#define DTB_MAX_BYTES (16u * 1024 * 1024) /* real ones are a few KiB */

#define ARM64_IMAGE_HDR_SIZE 64
#define ARM64_IMAGE_MAGIC 0x644d5241u /* "ARM\x64", little endian */
#define ARM64_IMAGE_MAGIC_OFF 56
#define ARM64_IMAGE_SIZE_OFF 16

/* A flattened device tree in a heap buffer; size = bytes allocated. */
struct dtb_buf {
	void *data;
	size_t size;
};

/*
 * Read a DTB file and check it is a complete, well-formed blob
 * (fdt_check_full). On failure out is left empty and errf gets
 * "PATH: not a device tree blob (why)" or "PATH: cannot open: ...".
 */
int dtb_load_file(const char *path, struct dtb_buf *out, FILE *errf);

/* Free the buffer and empty b; safe on an empty or freed one. */
void dtb_free(struct dtb_buf *b);

/* The blob's own size (fdt_totalsize), 0 for an empty buffer. */
size_t dtb_size(const struct dtb_buf *b);

/*
 * Patch the DTB for the zone of zf, growing the buffer as needed:
 *  - /chosen (created if missing): bootargs = zf->cmdline if non-empty;
 *    linux,initrd-start/-end (2 cells each) = the ramdisk's guest range
 *    when ramdisk_size > 0, else both deleted;
 *  - every device_type = "memory" node is replaced by one /memory@ADDR per
 *    RAM region of zf->cfg, reg = <virtual_start size> in the root's cells.
 * The result is packed (fdt_pack). Patching twice gives the same bytes.
 * Returns 0, or -1 with "DTB: NODE: ...: libfdt error" on errf.
 */
int dtb_patch(struct dtb_buf *dtb, const struct zone_file *zf,
	      uint64_t ramdisk_size, FILE *errf);

/*
 * The board whose CPUs the checks below number: a cpu node's reg is an
 * MPIDR, and CPU n of a config is the board's n-th (the info call's or
 * --board's list). NULL (the start): CPU n has MPIDR n, as on QEMU virt.
 */
struct hv_info;
void dtb_use_board(const struct hv_info *board);

/*
 * Cut a root zone's tree from the board's own (before dtb_patch): every
 * cpu node of a CPU not in the config is deleted; every other enabled node
 * with a register range outside the config's io regions, or an SPI not in
 * its interrupts, gets status = "disabled"; a node for the hypervisor's
 * event channel (event_irq) is added if there is none. The result passes
 * dtb_check(). Returns 0, or -1 with "DTB: NODE: ..." lines on errf.
 */
int dtb_carve(struct dtb_buf *dtb, const struct zone_file *zf, FILE *errf);

/*
 * Cross-check a DTB with the zone's config (see docs/zone-config.md,
 * "Device tree patching and checks"): CPUs, device reg ranges, SPIs, the
 * GIC's addresses and the memory nodes. Every problem gets one line;
 * returns 0 if there is none, else -1. fdt must have passed
 * dtb_load_file()'s checks.
 */
int dtb_check(const void *fdt, const struct zone_file *zf, FILE *errf);

/*
 * Every io region of zf that the DTB's enabled "virtio,mmio" nodes lie in,
 * and whose config gave no "reset", gets the virtio-mmio reset: the
 * hypervisor stops those devices when the zone ends (docs/zone-config.md).
 */
void dtb_fill_resets(const void *fdt, struct zone_file *zf);

/*
 * Check the arm64 Linux Image header of data (the file's first size bytes,
 * at least ARM64_IMAGE_HDR_SIZE of them for a pass). Returns 0 or -1 with
 * "PATH: not an arm64 Linux Image (...)".
 */
int image_check_arm64(const char *path, const void *data, size_t size,
		      FILE *errf);

/*
 * A zone's kernel: an arm64 Linux Image, or else a raw binary (RuxOS and
 * other non-Linux kernels hvisor-tool runs), loaded as it is at
 * kernel_load_paddr and entered at entry_point, which a warning on errf
 * says. data holds len bytes of the file's start. Returns the bytes it
 * occupies once loaded (an Image's image_size counts its BSS), or 0 for an
 * empty file, with "PATH: empty: no kernel".
 */
uint64_t image_kernel_size(const char *path, const void *data, size_t len,
			   uint64_t file_size, FILE *errf);

/*
 * Bytes of RAM an arm64 Image occupies once loaded: the header's
 * image_size (which counts the BSS) or the file size if that is larger or
 * the header leaves it 0. hdr holds hdr_len bytes of the file's start.
 */
uint64_t image_arm64_mem_size(const void *hdr, size_t hdr_len,
			      uint64_t file_size);

/*
 * Check, before loading, that each image [load, load + size) lies in one
 * RAM region's physical range and that no two overlap. Sizes: kernel =
 * image_arm64_mem_size(), dtb = the patched blob's size, ramdisk = the
 * file's size; 0 skips an image. Every problem gets one line
 * ("CONFIG: ramdisk_filepath: 0x...+0x... overlaps kernel_filepath ...");
 * returns 0 or -1.
 */
int images_check(const struct zone_file *zf, uint64_t kernel_size,
		 uint64_t dtb_size, uint64_t ramdisk_size, FILE *errf);

#endif /* HVISOR_TOOL_DTB_H */

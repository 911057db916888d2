/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Zone config files: the hvisor-tool compatible JSON of docs/zone-config.md,
 * read into the struct hv_zone_config the hypervisor takes plus what only
 * the tool needs (image files and where to load them).
 */
#ifndef HVISOR_TOOL_CONFIG_H
#define HVISOR_TOOL_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include <hvisor/abi.h>

#define ZONE_FILE_PATH_LEN 4096
#define ZONE_FILE_CMDLINE_LEN 1024
#define ZONE_FILE_MAX_BYTES (1024 * 1024) /* no real config comes close */

/* What the tool's backend needs to know of a virtio device beyond what the
 * hypervisor gets (cfg.virtio[]). */
struct zone_virtio {
	char image[ZONE_FILE_PATH_LEN]; /* blk: the image file, resolved */
	int readonly;
	unsigned int poll_us; /* blk, net: the backend's polling limit */
	/* net */
	hv_u8 mac[6];
	char bridge[16]; /* zone0's bridge the TAP joins */
	char ip[20]; /* the zone's address, "a.b.c.d/len", or "" */
	char bridge_ip[20]; /* zone0's address, set if the bridge is new */
};

#define ZONE_NET_BRIDGE "hvbr0"
#define ZONE_NET_BRIDGE_IP "10.0.0.1/24"

struct zone_file {
	struct hv_zone_config cfg;
	char path[ZONE_FILE_PATH_LEN]; /* the config file */
	char dir[ZONE_FILE_PATH_LEN]; /* its folder: relative paths base */
	/* resolved against dir, "" if absent */
	char kernel_path[ZONE_FILE_PATH_LEN];
	char dtb_path[ZONE_FILE_PATH_LEN];
	char ramdisk_path[ZONE_FILE_PATH_LEN];
	hv_u64 kernel_load_paddr, dtb_load_paddr, ramdisk_load_paddr;
	int has_ramdisk;
	char cmdline[ZONE_FILE_CMDLINE_LEN];
	int console_mirror; /* default 1 */
	int on_reset_stop; /* "on_reset": "stop"; default restart */
	struct zone_virtio virtio[HV_MAX_VIRTIO];
	/* hvisor-tool's "virtio" memory regions: windows a device must fill
	 * (from "virtio" or a virtio_cfg.json); not sent to the hypervisor */
	unsigned int num_windows;
	struct {
		hv_u64 base, size;
		int json_index; /* its place in memory_regions */
	} windows[HV_MAX_MEM_REGIONS];
	/* memory_regions index in the JSON of each cfg.mem_regions[] entry */
	int region_json_index[HV_MAX_MEM_REGIONS];
	/* bit i: memory_regions[i] (JSON index) gave its "reset" */
	hv_u64 reset_given; /* by JSON index: HV_MAX_MEM_REGIONS bits */
};

/*
 * Every "virtio" window of zf must hold one of its virtio devices. Prints
 * one line per window without a device ("PATH: memory_regions[1]: virtio
 * window 0x...+0x200 has no device ...") as an error, or as a warning when
 * warn is set; returns the number of such windows.
 */
int zone_file_check_windows(const struct zone_file *zf, int warn, FILE *errf);

/*
 * Parse len bytes of JSON read from path, then run hv_config_check() for a
 * machine with num_cpus CPUs and the tool-only rules. Problems go to errf as
 * "PATH: JSON.PATH: VALUE: RULE" lines ("PATH:LINE:COL: ..." for malformed
 * JSON); unknown fields give "warning: ..." lines but do not fail.
 * Returns 0 or -1.
 */
int zone_file_parse(const char *path, const char *text, size_t len,
		    unsigned int num_cpus, struct zone_file *zf, FILE *errf);

/* Read path (at most ZONE_FILE_MAX_BYTES) and zone_file_parse() it. */
int zone_file_load(const char *path, unsigned int num_cpus,
		   struct zone_file *zf, FILE *errf);

#endif /* HVISOR_TOOL_CONFIG_H */

/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one ABI shared by the hypervisor, the hvisor.ko driver and the hvisor
 * tool. Every structure that crosses a boundary starts with the magic and the
 * version below, so a mismatched build is refused instead of misread.
 * Documented in docs/hypercalls.md. Fixed-width fields only; no pointers.
 */
#ifndef HVISOR_ABI_H
#define HVISOR_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
typedef __u8 hv_u8;
typedef __u32 hv_u32;
typedef __u64 hv_u64;
#else
#include <stdint.h>
typedef uint8_t hv_u8;
typedef uint32_t hv_u32;
typedef uint64_t hv_u64;
#endif

#define HV_ABI_MAGIC 0x52535648u /* "HVSR" in memory, little endian */
#define HV_ABI_MAJOR 1u
#define HV_ABI_MINOR 0u
#define HV_ABI_VERSION ((HV_ABI_MAJOR << 16) | HV_ABI_MINOR)

/* Hypercalls: hvc #0, code in x0, arguments in x1-x2, result in x0. */
#define HV_HC_ABI_CHECK 0 /* x1 = magic, x2 = version */
#define HV_HC_INFO 1 /* x1 = PA of struct hv_info, x2 = its size */
#define HV_HC_ZONE_START 2 /* x1 = PA of struct hv_zone_config, x2 = size */
#define HV_HC_ZONE_SHUTDOWN 3 /* x1 = zone id */
#define HV_HC_ZONE_LIST 4 /* x1 = PA of hv_zone_status[], x2 = capacity */
#define HV_HC_LOAD 5 /* x1 = PA of struct hv_load, x2 = its size */
#define HV_HC_CONSOLE 6 /* x1 = PA of struct hv_console_io, x2 = its size */
#define HV_HC_COUNT 7

/* SMCCC "vendor-specific hypervisor service call UID" (function
 * 0x8600ff01 through hvc): answered with these four words, so a kernel can
 * tell it runs on hvisor before making any other hypercall. */
#define HV_SMCCC_UID_FN 0x8600ff01u
#define HV_UID0 0x73697668u /* "hvis" */
#define HV_UID1 0x0000726fu /* "or" */
#define HV_UID2 0x2d5a4f4eu
#define HV_UID3 0x31303230u

/* Results: 0 or a positive count on success, a negated code on error. The
 * codes have Linux's errno values so the driver passes them through. */
#define HV_EPERM 1 /* caller may not do this (not zone0) */
#define HV_ENOENT 2 /* no such zone */
#define HV_E2BIG 7 /* a count exceeds the ABI's limits */
#define HV_ENOMEM 12 /* out of hypervisor memory */
#define HV_EFAULT 14 /* a buffer lies outside the caller's RAM */
#define HV_EBUSY 16 /* CPU, RAM, device or IRQ held by another zone */
#define HV_EEXIST 17 /* zone id or name already in use */
#define HV_EINVAL 22 /* malformed argument or config */
#define HV_ENOSYS 38 /* unknown hypercall */
#define HV_EPROTO 71 /* magic or ABI version mismatch */

#define HV_NAME_LEN 32 /* name: at most 31 characters + NUL */
#define HV_MAX_CPUS 64 /* bits in a CPU mask */
#define HV_MAX_MEM_REGIONS 16
#define HV_MAX_IRQS 64
#define HV_MAX_ZONES 8
#define HV_PAGE_SIZE 4096u
#define HV_SPI_BASE 32u /* first INTID a zone config may name */
#define HV_MAX_INTID 1019u

/* memory region types, as in hvisor-tool's JSON */
#define HV_MEM_RAM 0
#define HV_MEM_IO 1
#define HV_MEM_VIRTIO 2

struct hv_mem_region {
	hv_u64 phys_start;
	hv_u64 virt_start;
	hv_u64 size;
	hv_u32 type; /* HV_MEM_* */
	hv_u32 reserved;
};

#define HV_GIC_V3 3

struct hv_arch_config {
	hv_u32 gic_version; /* HV_GIC_V3 */
	hv_u32 reserved;
	hv_u64 gicd_base;
	hv_u64 gicd_size;
	hv_u64 gicr_base;
	hv_u64 gicr_size;
};

/* zone flags */
#define HV_ZONE_CONSOLE_MIRROR (1u << 0) /* copy console output to the UART */
/* HV_HC_ZONE_START only: apply every rule, create nothing. zone0 CPUs
 * count as available, as the driver takes them offline for a real start. */
#define HV_ZONE_CHECK_ONLY (1u << 31)

struct hv_zone_config {
	hv_u32 magic; /* HV_ABI_MAGIC */
	hv_u32 version; /* HV_ABI_VERSION */
	hv_u32 size; /* sizeof(struct hv_zone_config) */
	hv_u32 zone_id;
	char name[HV_NAME_LEN]; /* NUL-terminated */
	hv_u64 cpus; /* bit n = physical CPU n */
	hv_u32 num_mem_regions;
	hv_u32 num_irqs;
	struct hv_mem_region mem_regions[HV_MAX_MEM_REGIONS];
	hv_u32 irqs[HV_MAX_IRQS]; /* absolute GIC INTIDs, >= 32 */
	hv_u64 entry_point; /* guest address of the first instruction */
	hv_u64 dtb_addr; /* guest address of the DTB, passed in x0 */
	hv_u64 console_base; /* emulated PL011, 0 = none */
	hv_u32 console_irq; /* its INTID */
	hv_u32 flags; /* HV_ZONE_* */
	struct hv_arch_config arch;
	char error[96]; /* out: why HV_HC_ZONE_START refused it, else "" */
};

#define HV_ZONE_RUNNING 1
#define HV_ZONE_SHUTDOWN 2
#define HV_ZONE_FAILED 3

struct hv_zone_status {
	hv_u32 zone_id;
	hv_u32 state; /* HV_ZONE_* */
	hv_u64 cpus;
	hv_u64 ram_bytes;
	char name[HV_NAME_LEN];
	char reason[64]; /* why it failed, "" otherwise */
};

/* HV_HC_LOAD: copy an image from the caller's RAM to free RAM that a zone
 * about to be started will own (nobody's RAM, not the hypervisor's). */
struct hv_load {
	hv_u32 magic;
	hv_u32 version;
	hv_u64 src; /* caller's guest-physical address */
	hv_u64 dst; /* physical address */
	hv_u64 size;
};

/* HV_HC_CONSOLE: exchange bytes with a zone's virtual console. The zone's
 * output is kept in a ring; `cursor` counts every byte ever written, so a
 * reader resumes where it stopped (or at the oldest byte still kept). */
#define HV_CONSOLE_IO_MAX 2048
#define HV_CONSOLE_ATTACH (1u << 0) /* a reader is attached: no mirroring */
#define HV_CONSOLE_DETACH (1u << 1) /* the reader left: mirror again */

struct hv_console_io {
	hv_u32 magic;
	hv_u32 version;
	hv_u32 zone_id;
	hv_u32 flags; /* HV_CONSOLE_* */
	hv_u64 cursor; /* in: where to read from; out: where to read next */
	hv_u32 in_len; /* in: bytes of data[] to feed to the zone's input */
	hv_u32 out_len; /* out: bytes of the zone's output now in data[] */
	char data[HV_CONSOLE_IO_MAX];
};

struct hv_info {
	hv_u32 magic;
	hv_u32 version;
	char hv_version[32]; /* hypervisor release, e.g. "0.1.0" */
	hv_u32 num_cpus;
	hv_u32 max_zones;
	hv_u32 num_zones;
	hv_u32 reserved;
};

#endif /* HVISOR_ABI_H */

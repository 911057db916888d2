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
typedef __u16 hv_u16;
typedef __u32 hv_u32;
typedef __u64 hv_u64;
#else
#include <stdint.h>
typedef uint8_t hv_u8;
typedef uint16_t hv_u16;
typedef uint32_t hv_u32;
typedef uint64_t hv_u64;
#endif

#define HV_ABI_MAGIC 0x52535648u /* "HVSR" in memory, little endian */
#define HV_ABI_MAJOR 6u
#define HV_ABI_MINOR 1u
#define HV_ABI_VERSION ((HV_ABI_MAJOR << 16) | HV_ABI_MINOR)

/* Hypercalls: hvc #0, code in x0, arguments in x1-x3, result in x0. */
#define HV_HC_ABI_CHECK 0 /* x1 = magic, x2 = version */
#define HV_HC_INFO 1 /* x1 = PA of struct hv_info, x2 = its size */
#define HV_HC_ZONE_START 2 /* x1 = PA of struct hv_zone_config, x2 = size */
#define HV_HC_ZONE_SHUTDOWN 3 /* x1 = zone id */
#define HV_HC_ZONE_LIST 4 /* x1 = PA of hv_zone_status[], x2 = capacity */
#define HV_HC_LOAD 5 /* x1 = PA of struct hv_load, x2 = its size */
#define HV_HC_CONSOLE 6 /* x1 = PA of struct hv_console_io, x2 = its size */
/* x1 = PA of zone0's struct hv_event_ring, x2 = its size in bytes (0:
 * stop); the hypervisor then signals event_irq for every event it posts */
#define HV_HC_EVENTS 7
/* x1 = zone id, x2 = device index | interrupt bits << 8, x3 = requests the
 * backend completed since its last call (statistics only) */
#define HV_HC_VIRTIO_IRQ 8
/* x1 = zone id, x2 = device index | HV_VIRTIO_OP_* << 8 */
#define HV_HC_VIRTIO_CTRL 9
/* x1 = zone id, x2 = HV_ZONE_OP_*: let a zone that waits for zone0 go on */
#define HV_HC_ZONE_CONTINUE 10
/* x1 = zone id, x2 = device index, x3 = PA of struct hv_virtio_state:
 * the device's register state now (a backend that lost events rebuilds
 * its queues from it) */
#define HV_HC_VIRTIO_STATE 11
/* x1 = PA of struct hv_log_io, x2 = its size: read the hypervisor's log */
#define HV_HC_LOG 12
/* x1 = PA of struct hv_cpu_stats[], x2 = how many fit: the count written */
#define HV_HC_CPU_STATS 13
/* Process zones (docs/process-zones.md), from the zone: its runtime put a
 * request in the page it shares with its supervisor; tell zone0
 * (HV_EVT_PZ_CALL). No arguments. */
#define HV_HC_PZ_CALL 14
/* from the zone: return 0 if zone0 kicked it since the last call, else
 * sleep until an interrupt and return 1 (the caller looks again) */
#define HV_HC_PZ_WAIT 15
/* zone0 only: x1 = zone id: the supervisor answered; wake the zone */
#define HV_HC_PZ_KICK 16
#define HV_HC_COUNT 17

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
#define HV_MAX_MEM_REGIONS 64 /* as hvisor-tool allows */
#define HV_MAX_IRQS 64
#define HV_MAX_ZONES 8
#define HV_PAGE_SIZE 4096u
#define HV_SPI_BASE 32u /* first INTID a zone config may name */
#define HV_MAX_INTID 1019u
#define HV_MAX_VIRTIO 8 /* virtio devices per zone */

/* memory region types, as in hvisor-tool's JSON */
#define HV_MEM_RAM 0
#define HV_MEM_IO 1
#define HV_MEM_VIRTIO 2

/*
 * How a passed-through device (an HV_MEM_IO region) is stopped when its zone
 * ends or resets, before the zone's RAM is scrubbed or given to another
 * zone: a device that can DMA would otherwise go on reading and writing
 * RAM its zone no longer owns (docs/zone-config.md).
 */
#define HV_QUIESCE_NONE 0
/* every virtio-mmio transport in the region (0x200 apart): Status = 0,
 * then wait until it reads back 0 */
#define HV_QUIESCE_VIRTIO_MMIO 1
/* one 32-bit write of quiesce_value at quiesce_offset into the region */
#define HV_QUIESCE_WRITE32 2

struct hv_mem_region {
	hv_u64 phys_start;
	hv_u64 virt_start;
	hv_u64 size;
	hv_u32 type; /* HV_MEM_* */
	hv_u32 quiesce; /* HV_QUIESCE_*, HV_MEM_IO only */
	hv_u64 quiesce_offset; /* HV_QUIESCE_WRITE32: 4-aligned, in the region */
	hv_u32 quiesce_value;
	hv_u32 reserved;
};

#define HV_GIC_V2 2
#define HV_GIC_V3 3

/* The zone's interrupt controller, where its DTB says it is: the board's
 * (docs/boards.md). GICv3: distributor and redistributors. GICv2:
 * distributor, and the CPU interface, at whose address the zone sees the
 * board's virtual CPU interface (gicv); gich, the hypervisor's, is named
 * only so that a config may say it (hvisor-tool's do). */
struct hv_arch_config {
	hv_u32 gic_version; /* HV_GIC_V2 or HV_GIC_V3 */
	hv_u32 reserved;
	hv_u64 gicd_base;
	hv_u64 gicd_size;
	hv_u64 gicr_base; /* v3 */
	hv_u64 gicr_size;
	hv_u64 gicc_base; /* v2 */
	hv_u64 gicc_size;
	hv_u64 gich_base;
	hv_u64 gich_size;
	hv_u64 gicv_base;
	hv_u64 gicv_size;
	/* GIC-400s decoding the CPU interface in 64 KiB pages (ZCU102): where
	 * in gicc/gicv the 8 KiB interface starts */
	hv_u64 gicc_offset;
};

/*
 * A virtio-mmio (version 2) device of a non-root zone. The hypervisor keeps
 * its register file and answers every register access itself; the backend
 * in zone0 sees only what it must (docs/virtio.md): queue set-up, queue
 * notifications, status changes and config writes, as events.
 */
#define HV_VIRTIO_WINDOW 0x200 /* bytes of guest address space a device takes */
#define HV_VIRTIO_CONFIG_MAX 64 /* device-specific config space bytes */
#define HV_VIRTIO_MAX_QUEUES 4

struct hv_virtio_dev {
	hv_u64 base; /* guest address, HV_VIRTIO_WINDOW aligned */
	hv_u64 features; /* offered to the driver (VIRTIO_F_VERSION_1 set) */
	hv_u32 irq; /* its SPI; one of the zone's interrupts */
	hv_u32 device_id; /* VIRTIO_ID_*: 1 net, 2 block, 3 console */
	hv_u16 num_queues; /* 1..HV_VIRTIO_MAX_QUEUES */
	hv_u16 queue_max; /* QueueNumMax, a power of two <= 32768 */
	hv_u32 config_len; /* <= HV_VIRTIO_CONFIG_MAX */
	hv_u8 config[HV_VIRTIO_CONFIG_MAX];
};

/*
 * A channel between zones (hvisor's "ivc_configs", docs/ivc.md): every zone
 * whose config names the same ivc_id is a peer of it. The hypervisor gives
 * the channel rw_sec_size + max_peers * out_sec_size bytes of its own
 * memory, seen by each peer at shared_mem_ipa: a section all peers write,
 * then one output section per peer id, writable by that peer only. The
 * control table page (include/hvisor/ivc.h) is trapped: a write rings a
 * peer's doorbell, interrupt_num, one of the zone's interrupts.
 */
#define HV_MAX_IVC 4 /* channels per zone */
#define HV_IVC_MAX_PEERS 8
#define HV_IVC_MAX_BYTES 0x100000 /* a channel's memory: 1 MiB at most */

struct hv_ivc_config {
	hv_u32 ivc_id;
	hv_u32 peer_id; /* this zone's, < max_peers */
	hv_u64 control_table_ipa; /* a page */
	hv_u64 shared_mem_ipa;
	hv_u32 rw_sec_size; /* 4 KiB multiples (0: none) */
	hv_u32 out_sec_size; /* 4 KiB multiples, not 0 */
	hv_u32 interrupt_num; /* this zone's doorbell, an SPI */
	hv_u32 max_peers; /* 2..HV_IVC_MAX_PEERS */
};

/*
 * The control table: a trapped page at control_table_ipa. Its first six
 * words are hvisor's layout, so hvisor's guests work unchanged; the state
 * words are ours (ivshmem 2.0's idea): each peer has one, which only it
 * writes, which is 0 while its zone does not exist or runs no more, and
 * whose every change rings the other peers' doorbells, so a restarted peer
 * is noticed. 32-bit accesses only.
 */
#define HV_IVC_CT_IVC_ID 0x00 /* r: the channel's id */
#define HV_IVC_CT_MAX_PEERS 0x04 /* r */
#define HV_IVC_CT_RW_SEC_SIZE 0x08 /* r: bytes */
#define HV_IVC_CT_OUT_SEC_SIZE 0x0c /* r: bytes */
#define HV_IVC_CT_PEER_ID 0x10 /* r: the reader's own peer id */
#define HV_IVC_CT_IPI_INVOKE 0x14 /* w: a peer id: ring its doorbell */
#define HV_IVC_CT_STATE 0x18 /* r/w: the reader's own state word */
#define HV_IVC_CT_PEERS 0x1c /* r: bit n set while peer n's zone exists */
#define HV_IVC_CT_PEER_STATE 0x100 /* r: + 4 * n: peer n's state word */

/* zone flags */
#define HV_ZONE_CONSOLE_MIRROR (1u << 0) /* copy console output to the UART */
/* HV_HC_ZONE_START only: build the zone but do not start its CPUs until
 * HV_HC_ZONE_CONTINUE with HV_ZONE_OP_RUN (its backend attaches first) */
#define HV_ZONE_START_PAUSED (1u << 1)
/* its own PSCI SYSTEM_RESET ends it (HV_END_RESET) instead of zone0
 * booting it again ("on_reset": "stop") */
#define HV_ZONE_ON_RESET_STOP (1u << 2)
/* a process zone (`hvisor run`): one CPU, RAM only, its RAM mapped into
 * zone0 for its supervisor, the HV_HC_PZ_* hypercalls its only devices */
#define HV_ZONE_PROCESS (1u << 3)
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
	/* zone0 only: the SPI the hypervisor raises for its event ring */
	hv_u32 event_irq;
	hv_u32 num_virtio;
	struct hv_virtio_dev virtio[HV_MAX_VIRTIO];
	hv_u32 num_ivc;
	hv_u32 reserved_ivc;
	struct hv_ivc_config ivc[HV_MAX_IVC];
	char error[96]; /* out: why HV_HC_ZONE_START refused it, else "" */
};

#define HV_ZONE_RUNNING 1
#define HV_ZONE_SHUTDOWN 2
#define HV_ZONE_FAILED 3
#define HV_ZONE_PAUSED 4 /* built, waiting for HV_ZONE_OP_RUN */
#define HV_ZONE_STOPPING 5 /* ended itself; zone0 finishes the teardown */
#define HV_ZONE_RESETTING 6 /* reset; waits for zone0 to load it again */
/* ended (reason says why); listed by zone0's driver, not the hypervisor,
 * until the zone starts again or the record is cleared */
#define HV_ZONE_STOPPED 7

/* What the hypervisor counts for each virtio device (docs/virtio.md). */
struct hv_virtio_stats {
	hv_u64 base;
	hv_u32 irq;
	hv_u32 device_id;
	hv_u32 status; /* the driver's device status byte */
	hv_u32 reserved;
	hv_u64 reg_traps; /* guest register accesses answered at EL2 */
	hv_u64 notifies; /* QueueNotify writes */
	hv_u64 events; /* events posted to zone0 (each may wake it) */
	hv_u64 irqs; /* interrupts the backend raised in the zone */
	hv_u64 irq_calls; /* HV_HC_VIRTIO_IRQ hypercalls */
	hv_u64 requests; /* requests the backend reported complete */
	/* QueueNotify writes not posted because an earlier notify of the same
	 * queue was still unread in the ring (the backend sees both at once) */
	hv_u64 merged;
	hv_u64 dropped; /* events refused: the zone's share of the ring full */
};

/* A trapped device region of a zone: what its accesses cost (HV_HC_ZONE_LIST,
 * `hvisor zone stats ZONE`). */
#define HV_MMIO_NAME_LEN 12
#define HV_MAX_MMIO_STATS 16
struct hv_mmio_stats {
	char name[HV_MMIO_NAME_LEN]; /* "gicd", "console", "virtio2", "ivc0" */
	hv_u32 reserved;
	hv_u64 base;
	hv_u64 traps; /* accesses the hypervisor answered */
};

struct hv_zone_status {
	hv_u32 zone_id;
	hv_u32 state; /* HV_ZONE_* */
	hv_u64 cpus;
	hv_u64 ram_bytes;
	char name[HV_NAME_LEN];
	char reason[64]; /* why it failed or ended, "" otherwise */
	hv_u32 num_virtio;
	hv_u32 ended_at; /* HV_ZONE_STOPPED: when, seconds since the epoch */
	struct hv_virtio_stats virtio[HV_MAX_VIRTIO];
	hv_u64 uptime_ms; /* since the zone was created (or last reset) */
	hv_u32 num_mmio;
	hv_u32 reserved_mmio;
	struct hv_mmio_stats mmio[HV_MAX_MMIO_STATS];
};

/* HV_HC_VIRTIO_IRQ interrupt bits (the InterruptStatus register's) */
#define HV_VIRTIO_INT_VRING 1u
#define HV_VIRTIO_INT_CONFIG 2u
/* HV_HC_VIRTIO_CTRL operations */
#define HV_VIRTIO_OP_NEEDS_RESET 1 /* the device gave up: DEVICE_NEEDS_RESET */
/* the backend dropped its queues after the driver's reset (HV_EVT_STATUS
 * 0, whose num it passes back in x3): the driver's Status write completes */
#define HV_VIRTIO_OP_RESET_DONE 2
/* HV_HC_ZONE_CONTINUE operations */
#define HV_ZONE_OP_RUN 1 /* start a zone created HV_ZONE_PAUSED */
/* zone0 loaded its images again after HV_EVT_ZONE_RESET: boot it */
#define HV_ZONE_OP_RESET_DONE 2
/* reset a running zone as its own SYSTEM_RESET would (hvisor zone reboot) */
#define HV_ZONE_OP_REBOOT 3
/* the zone's supervisor, after HV_EVT_ZONE_RESET, no longer touches the
 * zone's RAM: zero it now (loads and RESET_DONE are refused until then) */
#define HV_ZONE_OP_RESET_QUIET 4

/*
 * Events from the hypervisor to zone0 (HV_HC_EVENTS): a ring in zone0's RAM
 * that only the hypervisor produces into and only zone0 consumes from.
 * Indices run freely and are taken modulo size (a power of two).
 */
#define HV_EVT_QUEUE_READY 1 /* value = queue; addr[] = desc, driver, device */
/* value = queue. At most one per queue is unread in the ring at a time:
 * while one is, later QueueNotify writes are merged into it. */
#define HV_EVT_NOTIFY 2 /* value = queue */
/* value = new device status (0: the driver reset it; num is then the reset's
 * number, which HV_VIRTIO_OP_RESET_DONE passes back), addr[0] = the
 * features the driver accepted */
#define HV_EVT_STATUS 3
#define HV_EVT_CONFIG                                                          \
	4 /* value = offset, num = size, addr[0] = bytes written */
#define HV_EVT_ZONE_EXIT 5 /* value = HV_END_*; zone0 must shut it down */
#define HV_EVT_ZONE_RESET 6 /* zone0 answers HV_ZONE_OP_RESET_DONE */
/* a process zone made HV_HC_PZ_CALL; merged like HV_EVT_NOTIFY */
#define HV_EVT_PZ_CALL 7
/* A zone's end or reset must never be lost to a flood of device events: a
 * lost one would leave the zone resetting, or ended with its CPUs still
 * lent, for ever. Device events never take the last HV_EVT_RESERVE entries
 * of a ring; a zone has at most one reset and one end outstanding. */
#define HV_EVT_IS_LIFECYCLE(t)                                                 \
	((t) == HV_EVT_ZONE_EXIT || (t) == HV_EVT_ZONE_RESET)
#define HV_EVT_RESERVE (2 * HV_MAX_ZONES)
/* Of the rest, a zone's device events may take at most 1/(HV_MAX_ZONES-1)
 * (zone0 has no virtio devices): one zone cannot crowd out another's.
 * An event refused sets the ring's lost flag. */
#define HV_EVT_MAX_ENTRIES 4096

#define HV_END_POWEROFF 1
#define HV_END_FAILED 2
#define HV_END_RESET 3 /* reset itself with "on_reset": "stop" */

struct hv_event {
	hv_u32 type; /* HV_EVT_* */
	hv_u32 zone_id;
	hv_u32 dev; /* virtio device index in the zone's config */
	hv_u32 value;
	hv_u64 addr[3];
	hv_u32 num; /* queue size for HV_EVT_QUEUE_READY */
	hv_u32 reserved;
};

/*
 * zone0 is interrupted only when it may not see an event otherwise: when an
 * event lands in a ring it had read up to the end, or when the lost flag
 * goes from 0 to 1. So its reader, after storing cons, must re-read prod
 * (with a full barrier between) and go on while they differ, and take the
 * lost flag with an atomic exchange. It moves cons past an entry before it
 * acts on the entry: a QueueNotify is merged into an entry it has not read,
 * so the backend must serve that queue after the merge.
 */
struct hv_event_ring {
	hv_u32 magic;
	hv_u32 version;
	hv_u32 size; /* entries, a power of two <= HV_EVT_MAX_ENTRIES */
	hv_u32 overflows; /* events dropped (ring or the zone's share full) */
	hv_u32 prod; /* next entry the hypervisor writes */
	/* 1: events were dropped since zone0 last exchanged it with 0; every
	 * backend must rebuild its devices from HV_HC_VIRTIO_STATE */
	hv_u32 lost;
	hv_u32 pad0[10]; /* prod and cons in different cache lines */
	hv_u32 cons; /* next entry zone0 reads */
	hv_u32 pad1[15];
	struct hv_event ev[];
};

/* HV_HC_VIRTIO_STATE: what the driver programmed, as the backend needs it */
struct hv_virtio_queue_state {
	hv_u64 desc, driver, device;
	hv_u32 num; /* 0 unless ready */
	hv_u32 reserved;
};

struct hv_virtio_state {
	hv_u32 magic;
	hv_u32 version;
	hv_u32 status;
	/* a driver reset waits for HV_VIRTIO_OP_RESET_DONE with this number,
	 * or 0 */
	hv_u32 reset_wait;
	hv_u64 drv_features;
	struct hv_virtio_queue_state q[HV_VIRTIO_MAX_QUEUES];
};

/* HV_HC_LOAD: copy an image from the caller's RAM to free RAM that a zone
 * about to be started will own (nobody's RAM, not the hypervisor's), or
 * into the RAM of a zone that waits in HV_ZONE_RESETTING to be loaded
 * again. */
#define HV_LOAD_ZERO 1u /* zero [dst, dst + size) instead; src unused */

struct hv_load {
	hv_u32 magic;
	hv_u32 version;
	hv_u64 src; /* caller's guest-physical address */
	hv_u64 dst; /* physical address */
	hv_u64 size;
	hv_u32 flags; /* HV_LOAD_* */
	hv_u32 reserved;
};

/* HV_HC_CONSOLE: exchange bytes with a zone's virtual console. The zone's
 * output is kept in a ring; `cursor` counts every byte ever written, so a
 * reader resumes where it stopped (or at the oldest byte still kept). */
#define HV_CONSOLE_IO_MAX 2048
/* a reader is attached: no mirroring; this read starts no earlier than
 * the zone's current boot (what an earlier boot printed is not replayed) */
#define HV_CONSOLE_ATTACH (1u << 0)
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

/* HV_HC_LOG: the hypervisor's log lines ("[hvisor LVL CPU] ...\n"), as
 * it wrote them to the UART, from a 64 KiB ring. `cursor` counts every byte
 * ever logged, so a reader resumes where it stopped; what the ring lost
 * before the reader came is counted in `lost`. */
#define HV_LOG_IO_MAX 2048
struct hv_log_io {
	hv_u32 magic;
	hv_u32 version;
	hv_u64 cursor; /* in: where to read from; out: where to read next */
	hv_u64 lost; /* out: bytes overwritten before they were read */
	hv_u32 len; /* out: bytes now in data[] */
	hv_u32 reserved;
	char data[HV_LOG_IO_MAX];
};

/* HV_HC_CPU_STATS: what each CPU's EL2 did since boot, by cause (`hvisor
 * zone stats`). Counters only grow; a CPU keeps them across its zones. */
#define HV_STATS_NO_ZONE 0xffffffffu
struct hv_cpu_stats {
	hv_u32 cpu;
	hv_u32 zone_id; /* the zone on it now, or HV_STATS_NO_ZONE */
	hv_u64 mpidr;
	/* synchronous exits from the guest */
	hv_u64 traps; /* all of them */
	hv_u64 mmio; /* data aborts: emulated devices (GIC, consoles, virtio) */
	hv_u64 hypercalls; /* HVC */
	hv_u64 smc; /* SMC: PSCI and the rest */
	hv_u64 sysreg; /* trapped system registers (v3 SGIs among them) */
	hv_u64 other; /* instruction aborts, unknown classes */
	/* interrupts taken at EL2 */
	hv_u64 irqs; /* all of them */
	hv_u64 irq_guest; /* passed on to the zone on this CPU */
	hv_u64 irq_maint; /* the GIC's maintenance interrupt */
	hv_u64 irq_event; /* the hypervisor's own SGI (start, stop, kicks) */
	hv_u64 irq_dropped; /* no owner on this CPU */
	hv_u64 virq; /* virtual interrupts injected (devices, SGIs, hardware) */
	hv_u64 sgi; /* SGIs the zone sent (to its own CPUs only) */
};

#define HV_INFO_MAX_CPUS 8
#define HV_INFO_MAX_RAM 8
#define HV_INFO_MAX_FREE 16

struct hv_info {
	hv_u32 magic;
	hv_u32 version;
	char hv_version[32]; /* hypervisor release, e.g. "0.1.0" */
	hv_u32 num_cpus;
	hv_u32 max_zones;
	hv_u32 num_zones;
	hv_u32 pool_free; /* free pages in the hypervisor's page pool */
	hv_u32 pool_pages; /* its size */
	hv_u32 pool_max_used; /* the most pages ever in use at once */
	hv_u32 reserved_kib; /* RAM the hypervisor keeps: image + pool */
	/* the board, as the hypervisor read it from its device tree */
	char board[48]; /* its model */
	hv_u32 gic_version; /* HV_GIC_V2 or HV_GIC_V3 */
	hv_u32 num_ram; /* entries of ram[] */
	hv_u64 mpidr[HV_INFO_MAX_CPUS]; /* of CPU 0 .. num_cpus - 1 */
	struct {
		hv_u64 base, size;
	} ram[HV_INFO_MAX_RAM];
	hv_u64 gicd_base, gicr_base, gicc_base, gich_base, gicv_base;
	hv_u64 uart_base;
	hv_u32 uart_kind; /* 1 PL011, 2 Cadence */
	/* RAM that is nobody's now: not the hypervisor's, no zone's (ABI
	 * 6.1), in the board's order; `hvisor run` takes its zone's RAM from here */
	hv_u32 num_free;
	struct {
		hv_u64 base, size;
	} free[HV_INFO_MAX_FREE];
};

#endif /* HVISOR_ABI_H */

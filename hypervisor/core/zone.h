/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_ZONE_H
#define HV_ZONE_H

#include "core/types.h"
#include "core/mmio.h"
#include "devices/vconsole.h"
#include "devices/virtio_mmio.h"
#include "devices/ivc.h"
#include "arch.h"
#include "core/spinlock.h"
#include "core/virq.h"

#define IRQ_BITMAP_WORDS ((HV_MAX_INTID + 1 + 63) / 64)

struct zone {
	bool used;
	u32 id;
	u32 state; /* HV_ZONE_* */
	char name[HV_NAME_LEN];
	char reason[64];
	struct hv_zone_config cfg;
	u64 cpus; /* CPUs it holds now */
	unsigned int boot_cpu;
	u16 vmid;
	struct s2_table s2;
	u64 irqs[IRQ_BITMAP_WORDS]; /* SPIs the zone owns */
	struct mmio_region mmio[ZONE_MAX_MMIO];
	unsigned int nr_mmio;
	/* its page of the board's UART, writes trapped: devices/console_owner.h */
	bool owns_console;
	u64 console_ipa;
	/* what a zone makes the hypervisor log is rate-limited: zone_log_ok */
	u64 log_tokens, log_stamp, log_dropped;
	spinlock_t log_lock;
	u64 started_ns; /* created, or booted again after a reset */
	bool busy; /* a teardown or reset owns the zone's CPUs */
	bool stopping; /* its CPUs are being stopped: none may start */
	struct virq virqs[ZONE_MAX_VIRQS]; /* emulated devices' lines */
	struct vconsole console;
	struct virtio_dev virtio[HV_MAX_VIRTIO];
	struct ivc_port ivc[HV_MAX_IVC]; /* its ends of channels */
	bool ram_shared; /* RAM mapped into zone0 for the virtio backend */
	/* reset: its RAM is zeroed once its supervisor is quiet */
	bool scrub_pending;
	u64 pz_token; /* process zone: its unread HV_EVT_PZ_CALL (event.h) */
	spinlock_t lock;
};

extern struct zone zones[HV_MAX_ZONES];

static inline bool zone_owns_irq(const struct zone *z, u32 intid)
{
	return intid <= HV_MAX_INTID && (z->irqs[intid / 64] & BIT(intid % 64));
}

/* the zone's index in the zone table (the event ring's accounting) */
static inline unsigned int zone_slot(const struct zone *z)
{
	return (unsigned int)(z - zones);
}

static inline bool zone_has_cpu(const struct zone *z, unsigned int cpu)
{
	return cpu < 64 && (z->cpus & BIT(cpu));
}

/* Validate and build a zone; on refusal cfg->error says why. */
int zone_create(struct hv_zone_config *cfg, struct zone **out);
/* Start the zone's boot CPU at its entry point with x0 = DTB. */
void zone_start(struct zone *z);
/* HV_HC_ZONE_CONTINUE: run a paused zone, or boot a resetting one again. */
int zone_continue(u32 id, u32 op);
/* HV_HC_VIRTIO_IRQ / HV_HC_VIRTIO_CTRL for a zone by id. */
int zone_virtio_raise(u32 id, u32 dev, u32 bits, u64 requests);
int zone_virtio_ctrl(u32 id, u32 dev, u32 op, u64 arg);
int zone_virtio_state(u32 id, u32 dev, struct hv_virtio_state *out);
/* Stop the devices passed through to z (its HV_MEM_IO regions with a
 * quiesce method) before its RAM goes to anybody else: quiesce.c */
void zone_quiesce_devices(struct zone *z);
/* Stop every CPU of the zone and record why (state HV_ZONE_FAILED). */
void zone_fail(struct zone *z, const char *reason);
/* Stop, scrub and remove a non-root zone. -HV_ENOENT, -HV_EPERM (zone0). */
int zone_shutdown(u32 id);
__attribute__((noreturn)) void zone_exit_self(struct zone *z);
__attribute__((noreturn)) void zone_reset_self(struct zone *z);
unsigned int zone_list(struct hv_zone_status *out, unsigned int capacity);
struct zone *zone_root(void);
/* HV_HC_CONSOLE for zone0: feed c->data[0..in_len) to the zone's input,
 * return its output from c->cursor in c->data. */
int zone_console_io(struct hv_console_io *c);
bool zone_is_root(const struct zone *z);
/* Is [addr, addr+size) inside one of the zone's RAM regions (guest view)?
 * Returns the physical address through *pa. */
bool zone_ram_range(const struct zone *z, u64 addr, u64 size, u64 *pa);
/* Is the physical range inside one of the zone's RAM regions? */
bool zone_phys_ram_range(const struct zone *z, u64 pa, u64 size);
/* HV_HC_LOAD: copy into free RAM (nobody's, not the hypervisor's) under
 * the zone table lock, so no zone can claim that RAM meanwhile; src NULL
 * zeroes it. */
int zone_load(u64 dst, const void *src, u64 size);
void zone_print_table(void);
/* RAM nobody has now (hv_info.free): the board's minus the hypervisor's
 * and every zone's */
void zone_free_ram(struct hv_info *info);
/* fn(z, arg) for zone id, under the zones' lock (z stays while fn runs);
 * -HV_ENOENT when there is none */
int zone_with(u32 id, int (*fn)(struct zone *z, void *arg), void *arg);
/* pzone.c: process zones (docs/process-zones.md), the HV_HC_PZ_* calls */
int zone_pz_call(struct zone *caller);
int zone_pz_wait(struct zone *caller);
int zone_pz_kick(u32 id);
/* May the hypervisor log one more line about something z did? A burst of
 * ZONE_LOG_BURST, then one a second; a line says how many were dropped. */
#define ZONE_LOG_BURST 10
bool zone_log_ok(struct zone *z);

#endif

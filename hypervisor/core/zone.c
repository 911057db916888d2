// SPDX-License-Identifier: GPL-2.0
/*
 * Zones: creation from a config that passed both the static rules
 * (config_check.c) and the live ones (zone_rules.c), start, stop, reset;
 * what zone0 asks of the table is zone_query.c's. A zone's CPUs come from the free pool
 * or, offline, from zone0; they go back where they came from.
 */
#include "core/zone.h"
#include "core/zone_table.h"
#include "devices/console_owner.h"
#include "core/config_check.h"
#include "core/zone_rules.h"
#include "core/lib.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "core/event.h"
#include "arch.h"
#include "core/board.h"
#include "core/spinlock.h"

struct zone zones[HV_MAX_ZONES];
spinlock_t zones_lock = SPINLOCK_INIT;

bool zone_is_root(const struct zone *z)
{
	return z->id == 0;
}

struct zone *zone_root(void)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_ZONES; i++)
		if (zones[i].used && zones[i].id == 0)
			return &zones[i];
	return NULL;
}

/* The RAM region holding [addr, addr+size), by guest address (guest) or
 * by physical address; NULL if none holds all of it. */
static const struct hv_mem_region *ram_region(const struct zone *z, u64 addr,
					      u64 size, bool guest)
{
	unsigned int i;

	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];
		u64 start = guest ? r->virt_start : r->phys_start;

		if (r->type == HV_MEM_RAM && addr >= start &&
		    addr - start <= r->size && size <= r->size - (addr - start))
			return r;
	}
	return NULL;
}

bool zone_ram_range(const struct zone *z, u64 addr, u64 size, u64 *pa)
{
	const struct hv_mem_region *r = ram_region(z, addr, size, true);

	if (r && pa)
		*pa = r->phys_start + (addr - r->virt_start);
	return r;
}

bool zone_phys_ram_range(const struct zone *z, u64 pa, u64 size)
{
	return ram_region(z, pa, size, false);
}

/* Is [dst, dst + size) wholly inside one RAM region of z? */
static bool in_zone_ram(const struct zone *z, u64 dst, u64 size)
{
	unsigned int k;

	for (k = 0; k < z->cfg.num_mem_regions; k++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[k];

		if (r->type == HV_MEM_RAM && dst >= r->phys_start &&
		    size <= r->size && dst - r->phys_start <= r->size - size)
			return true;
	}
	return false;
}

/* A load goes to free RAM, for a zone about to be started, or into the
 * RAM of a zone that waits (resetting, its RAM scrubbed) for zone0 to load
 * it again. src NULL zeroes free RAM: what a start that never happened
 * left there. */
int zone_load(u64 dst, const void *src, u64 size)
{
	unsigned int i, k;
	int ret = 0;

	spin_lock(&zones_lock);
	if (!board_is_ram(&board, dst, size) ||
	    hv_ranges_overlap(dst, size, board.hv.base, board.hv.size))
		ret = -HV_EBUSY;
	for (i = 0; !ret && i < HV_MAX_ZONES; i++) {
		struct zone *z = &zones[i];

		if (!z->used)
			continue;
		if (src && READ_ONCE(z->state) == HV_ZONE_RESETTING &&
		    !z->scrub_pending && in_zone_ram(z, dst, size))
			continue;
		for (k = 0; k < z->cfg.num_mem_regions; k++)
			if (hv_ranges_overlap(dst, size,
					      z->cfg.mem_regions[k].phys_start,
					      z->cfg.mem_regions[k].size))
				ret = -HV_EBUSY;
	}
	if (!ret && src)
		arch_mem_load(dst, src, size);
	else if (!ret)
		arch_mem_scrub(dst, size);
	spin_unlock(&zones_lock);
	return ret;
}

static void snapshot(struct zone_rules_ctx *ctx)
{
	struct zone *root = zone_root();
	unsigned int i;

	memset(ctx, 0, sizeof(*ctx));
	ctx->board = &board;
	ctx->nr_cpus = board.nr_cpus;
	ctx->root = -1;
	for (i = 0; i < board.nr_cpus; i++) {
		if (per_cpu(i)->online)
			ctx->cpus_online |= BIT(i);
		if (root && per_cpu(i)->zone == root &&
		    READ_ONCE(per_cpu(i)->vcpu_state) != VCPU_OFF)
			ctx->root_cpus_on |= BIT(i);
	}
	for (i = 0; i < HV_MAX_ZONES; i++) {
		if (!zones[i].used)
			continue;
		ctx->zones[i] = &zones[i].cfg;
		ctx->zone_cpus[i] = zones[i].cpus;
		if (&zones[i] == root) {
			ctx->root = (int)i;
			ctx->root_boot_cpu = zones[i].boot_cpu;
		}
	}
}

static int map_regions(struct zone *z)
{
	unsigned int i;
	int ret;

	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type == HV_MEM_VIRTIO)
			continue; /* trapped, served by zone0 (later) */
		ret = s2_map(&z->s2, r->virt_start, r->phys_start, r->size,
			     r->type == HV_MEM_RAM ? S2_ATTR_NORMAL
						   : S2_ATTR_DEVICE);
		if (ret)
			return ret;
	}
	return 0;
}

/* A zone with virtio devices, or a process zone, has its RAM mapped into
 * zone0 (at its physical addresses) while it exists, for the backend or
 * the supervisor: docs/virtio.md, docs/process-zones.md. */
static int share_ram(struct zone *z, struct zone *root)
{
	unsigned int i;
	int ret = 0;

	if ((!z->cfg.num_virtio && !(z->cfg.flags & HV_ZONE_PROCESS)) || !root)
		return 0;
	for (i = 0; i < z->cfg.num_mem_regions && !ret; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type == HV_MEM_RAM)
			ret = s2_map(&root->s2, r->phys_start, r->phys_start,
				     r->size, S2_ATTR_NORMAL);
	}
	z->ram_shared = true; /* what was mapped goes away on failure too */
	return ret;
}

static void unshare_ram(struct zone *z, struct zone *root)
{
	unsigned int i;

	if (!z->ram_shared || !root)
		return;
	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type == HV_MEM_RAM)
			s2_unmap(&root->s2, r->phys_start, r->size);
	}
	/* no zone0 CPU may keep a translation into RAM about to be scrubbed */
	arch_zone_flush_tlb(root);
	z->ram_shared = false;
}

static void set_error(struct hv_zone_config *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf_hv(out->error, sizeof(out->error), fmt, ap);
	va_end(ap);
	pr_err("zone %u (%s) refused: %s\n", out->zone_id, out->name,
	       out->error);
}

int zone_create(struct hv_zone_config *cfg, struct zone **out)
{
	static struct zone_rules_ctx ctx; /* under zones_lock */
	struct hv_cfg_error err;
	struct zone *z = NULL;
	unsigned int i;
	int ret;

	memset(cfg->error, 0, sizeof(cfg->error));
	ret = hv_config_check(cfg, board.nr_cpus, &err);
	if (ret) {
		err.zone = -1;
		hv_cfg_error_format(&err, cfg->error, sizeof(cfg->error));
		set_error(cfg, "%s", cfg->error);
		return ret;
	}

	spin_lock(&zones_lock);
	snapshot(&ctx);
	if (cfg->flags & HV_ZONE_CHECK_ONLY)
		ctx.root_cpus_on = 0;
	ret = zone_rules_check(&ctx, cfg, &err);
	if (ret) {
		hv_cfg_error_format(&err, cfg->error, sizeof(cfg->error));
		goto out;
	}
	if (cfg->flags & HV_ZONE_CHECK_ONLY) {
		spin_unlock(&zones_lock);
		*out = NULL;
		return 0;
	}
	for (i = 0; i < HV_MAX_ZONES && !z; i++)
		if (!zones[i].used)
			z = &zones[i];
	if (!z) {
		ret = -HV_ENOMEM;
		snprintf_hv(cfg->error, sizeof(cfg->error),
			    "no free zone slot (at most %u zones)",
			    HV_MAX_ZONES);
		goto out;
	}

	memset(z, 0, sizeof(*z));
	z->id = cfg->zone_id;
	z->cfg = *cfg;
	z->cpus = cfg->cpus;
	z->boot_cpu = (unsigned int)__builtin_ctzll(cfg->cpus);
	z->vmid = (u16)(z - zones + 1);
	memcpy(z->name, cfg->name, HV_NAME_LEN);
	for (i = 0; i < cfg->num_irqs; i++)
		z->irqs[cfg->irqs[i] / 64] |= BIT(cfg->irqs[i] % 64);

	ret = s2_init(&z->s2);
	if (!ret)
		ret = map_regions(z);
	if (!ret)
		ret = console_owner_init(z);
	if (!ret)
		ret = arch_zone_irq_init(z);
	if (!ret)
		ret = vconsole_init(z);
	if (!ret)
		ret = virtio_zone_init(z);
	if (!ret)
		ret = ivc_zone_init(z);
	if (!ret)
		ret = share_ram(z, zone_root());
	if (ret) {
		unshare_ram(z, zone_root());
		s2_destroy(&z->s2);
		virtio_zone_exit(z);
		ivc_zone_exit(z);
		snprintf_hv(cfg->error, sizeof(cfg->error),
			    "building the zone failed (%d)", ret);
		goto out;
	}
	/* take the CPUs, from zone0 where they were its (offline) ones */
	for (i = 0; i < board.nr_cpus; i++) {
		if (!zone_has_cpu(z, i))
			continue;
		if (per_cpu(i)->zone)
			per_cpu(i)->zone->cpus &= ~BIT(i);
		WRITE_ONCE(per_cpu(i)->zone, z);
	}
	z->state = (cfg->flags & HV_ZONE_START_PAUSED) ? HV_ZONE_PAUSED
						       : HV_ZONE_RUNNING;
	z->used = true;
	z->started_ns = arch_now_ns();
	arch_zone_setup(z);
	/* started under the lock: a shutdown racing the start finds a zone
	 * whose boot CPU is pending, never one about to be */
	pr_info("zone %u (%s) created: CPUs 0x%lx, %lu stage-2 table pages\n",
		z->id, z->name, z->cpus, z->s2.nr_tables);
	if (z->state == HV_ZONE_RUNNING)
		zone_start(z);
out:
	spin_unlock(&zones_lock);
	if (ret) {
		set_error(cfg, "%s", cfg->error);
		return ret;
	}
	*out = z;
	return 0;
}

void zone_start(struct zone *z)
{
	pr_info("zone %u (%s): starting CPU %u at 0x%lx, %s 0x%lx\n", z->id,
		z->name, z->boot_cpu, z->cfg.entry_point,
		z->cfg.flags & HV_ZONE_PROCESS ? "shared page" : "DTB",
		z->cfg.dtb_addr);
	/* what the hypervisor adds to zone0's boot, by the counter make
	 * bench reads (docs/benchmarks.md) */
	if (zone_is_root(z))
		pr_info("zone %u (%s): entered %lu us after power-on\n", z->id,
			z->name, arch_now_ns() / 1000);
	vcpu_request_start(z->boot_cpu, z->cfg.entry_point, z->cfg.dtb_addr);
}

static void post_zone_event(struct zone *z, u32 type, u32 value)
{
	struct hv_event e = { .type = type, .zone_id = z->id, .value = value };

	event_post(&e, zone_slot(z), NULL);
}

void zone_fail(struct zone *z, const char *reason)
{
	unsigned int cpu, self = this_cpu_id();

	WRITE_ONCE(z->stopping, true); /* no sibling may start a CPU again */
	spin_lock(&z->lock);
	if (z->state != HV_ZONE_FAILED) {
		z->state = HV_ZONE_FAILED;
		strlcpy_hv(z->reason, reason, sizeof(z->reason));
		pr_err("zone %u (%s) failed: %s; stopping its CPUs\n", z->id,
		       z->name, reason);
		/* its backends stop; the zone stays listed until shut down */
		post_zone_event(z, HV_EVT_ZONE_EXIT, HV_END_FAILED);
		ivc_zone_down(z, false); /* its peers hear it now */
	}
	spin_unlock(&z->lock);
	for (cpu = 0; cpu < board.nr_cpus; cpu++)
		if (cpu != self && zone_has_cpu(z, cpu))
			vcpu_request_stop(cpu);
	if (zone_has_cpu(z, self)) {
		arch_vcpu_irq_release(this_cpu());
		vcpu_park();
	}
}

/* Stop every CPU of z but the caller's own; returns when all are off. From
 * here no CPU of z can start (vcpu_request_start refuses, and a parked CPU
 * checks under its lock before it enters); the caller clears stopping when
 * the zone may run again. */
static void stop_cpus(struct zone *z)
{
	unsigned int cpu, self = this_cpu_id(), spins = 0;
	bool all_off;

	WRITE_ONCE(z->stopping, true);
	for (cpu = 0; cpu < board.nr_cpus; cpu++) {
		struct percpu *pc = per_cpu(cpu);

		if (!zone_has_cpu(z, cpu) || cpu == self)
			continue;
		spin_lock(&pc->lock); /* a start not yet taken is cancelled */
		if (pc->vcpu_state == VCPU_ON_PENDING)
			WRITE_ONCE(pc->vcpu_state, VCPU_OFF);
		spin_unlock(&pc->lock);
	}
	do {
		all_off = true;
		for (cpu = 0; cpu < board.nr_cpus; cpu++) {
			if (!zone_has_cpu(z, cpu) || cpu == self ||
			    READ_ONCE(per_cpu(cpu)->vcpu_state) == VCPU_OFF)
				continue;
			all_off = false;
			/* the IRQ reaches EL2 whatever the guest masks */
			if (spins % 100000 == 0)
				vcpu_request_stop(cpu);
		}
		spins++;
	} while (!all_off);
}

/* Zero a zone's RAM so nothing leaks to its next owner, and push the zeros
 * to memory for whoever next runs there with caches off. */
static void scrub_ram(struct zone *z)
{
	unsigned int i;

	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];

		if (r->type == HV_MEM_RAM)
			arch_mem_scrub(r->phys_start, r->size);
	}
}

/* Tear down a zone whose CPUs (except maybe the caller's) are parked or
 * about to be. zones_lock held. */
static void zone_destroy_locked(struct zone *z)
{
	struct zone *root = zone_root();
	unsigned int cpu, i;

	stop_cpus(z);
	/* its devices stop writing its RAM before anybody else gets it */
	zone_quiesce_devices(z);
	vconsole_flush_unread(z);
	arch_zone_irq_release(z);
	unshare_ram(z, root);
	scrub_ram(z);
	s2_destroy(&z->s2);
	virtio_zone_exit(z);
	ivc_zone_exit(z);
	for (cpu = 0; cpu < board.nr_cpus; cpu++) {
		if (!zone_has_cpu(z, cpu))
			continue;
		/* zone0's own CPUs go back to it, offline; others to the pool */
		if (root && root != z && (root->cfg.cpus & BIT(cpu))) {
			root->cpus |= BIT(cpu);
			WRITE_ONCE(per_cpu(cpu)->zone, root);
		} else {
			WRITE_ONCE(per_cpu(cpu)->zone, NULL);
		}
	}
	for (i = 0; i < IRQ_BITMAP_WORDS; i++)
		z->irqs[i] = 0;
	z->used = false;
	pr_info("zone %u (%s) shut down; RAM scrubbed, CPUs 0x%lx released\n",
		z->id, z->name, z->cpus);
}

static bool claim(struct zone *z)
{
	return !__atomic_exchange_n(&z->busy, true, __ATOMIC_ACQUIRE);
}

int zone_shutdown(u32 id)
{
	struct zone *z;
	unsigned int i;

	for (;;) {
		z = NULL;
		spin_lock(&zones_lock);
		for (i = 0; i < HV_MAX_ZONES; i++)
			if (zones[i].used && zones[i].id == id)
				z = &zones[i];
		if (!z) {
			spin_unlock(&zones_lock);
			return -HV_ENOENT;
		}
		if (zone_is_root(z)) {
			spin_unlock(&zones_lock);
			return -HV_EPERM;
		}
		if (claim(z))
			break;
		/* the zone is resetting or ending itself: let it finish */
		spin_unlock(&zones_lock);
		while (READ_ONCE(z->busy) && READ_ONCE(z->used))
			;
	}
	zone_destroy_locked(z);
	__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
	spin_unlock(&zones_lock);
	return 0;
}

/* The zone's own CPU asked to end it (PSCI SYSTEM_OFF). With zone0
 * listening, its CPUs stop here and zone0 finishes the teardown
 * (HV_HC_ZONE_SHUTDOWN) once its backends let go of the zone's RAM;
 * otherwise it is torn down from here. Never waits for zones_lock while
 * it holds the zone. */
void zone_exit_self(struct zone *z)
{
	arch_vcpu_irq_release(this_cpu());
	if (claim(z)) {
		pr_info("zone %u (%s) powered itself off\n", z->id, z->name);
		if (event_channel_open()) {
			stop_cpus(z);
			ivc_zone_down(z, true);
			WRITE_ONCE(z->state, HV_ZONE_STOPPING);
			strlcpy_hv(z->reason, "powered itself off",
				   sizeof(z->reason));
			__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
			post_zone_event(z, HV_EVT_ZONE_EXIT, HV_END_POWEROFF);
			vcpu_park();
		}
		spin_lock(&zones_lock);
		zone_destroy_locked(z);
		__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
		spin_unlock(&zones_lock);
	}
	vcpu_park();
}

/*
 * Stop here and let zone0 boot the zone again: its devices reset, and
 * zone0's supervisor of the zone (the `hvisor` process that serves it)
 * stops serving it, has its RAM zeroed (HV_ZONE_OP_RESET_QUIET: not before,
 * or a request it was finishing could land in the zeroed RAM), loads the
 * images from their files and answers HV_ZONE_OP_RESET_DONE. CPUs, RAM and
 * interrupts stay the zone's. Called with busy held and every CPU of the
 * zone stopped but maybe the caller's; releases busy.
 */
static void reset_to_zone0(struct zone *z)
{
	zone_quiesce_devices(z);
	ivc_zone_down(z, true);
	virtio_zone_reset(z);
	vconsole_reset(z);
	virq_reset(z);
	arch_zone_irq_reset(z);
	z->scrub_pending = true;
	WRITE_ONCE(z->state, HV_ZONE_RESETTING);
	__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
	post_zone_event(z, HV_EVT_ZONE_RESET, 0);
}

/* PSCI SYSTEM_RESET from a non-root zone: zone0 boots it again, or, with
 * "on_reset": "stop" in its config, it ends as if it powered off. Without
 * a listener in zone0 nothing can load its images again: it is failed. */
void zone_reset_self(struct zone *z)
{
	arch_vcpu_irq_release(this_cpu());
	if (!claim(z))
		vcpu_park(); /* a shutdown is already under way */
	stop_cpus(z);
	if (!event_channel_open()) {
		__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
		zone_fail(z, "reset, and nothing in zone0 can reload it");
	}
	if (z->cfg.flags & HV_ZONE_ON_RESET_STOP) {
		pr_info("zone %u (%s) reset itself: stopped (on_reset: stop)\n",
			z->id, z->name);
		WRITE_ONCE(z->state, HV_ZONE_STOPPING);
		strlcpy_hv(z->reason, "reset", sizeof(z->reason));
		__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
		post_zone_event(z, HV_EVT_ZONE_EXIT, HV_END_RESET);
		vcpu_park();
	}
	pr_info("zone %u (%s) reset itself: zone0 reloads it\n", z->id,
		z->name);
	reset_to_zone0(z);
	vcpu_park();
}

struct zone *zone_find_locked(u32 id)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_ZONES; i++)
		if (zones[i].used && zones[i].id == id)
			return &zones[i];
	return NULL;
}

int zone_continue(u32 id, u32 op)
{
	struct zone *z;
	int ret = 0;

	spin_lock(&zones_lock);
	z = zone_find_locked(id);
	if (!z || zone_is_root(z)) {
		ret = -HV_ENOENT;
	} else if (op == HV_ZONE_OP_RUN && z->state == HV_ZONE_PAUSED) {
		z->state = HV_ZONE_RUNNING;
		zone_start(z);
	} else if (op == HV_ZONE_OP_RESET_QUIET &&
		   z->state == HV_ZONE_RESETTING && z->scrub_pending &&
		   claim(z)) {
		scrub_ram(z);
		z->scrub_pending = false;
		__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
	} else if (op == HV_ZONE_OP_RESET_DONE &&
		   z->state == HV_ZONE_RESETTING && !z->scrub_pending &&
		   claim(z)) {
		/* its images are in place again: the boot CPU enters anew */
		WRITE_ONCE(z->stopping, false);
		WRITE_ONCE(z->state, HV_ZONE_RUNNING);
		z->started_ns = arch_now_ns();
		__atomic_store_n(&z->busy, false, __ATOMIC_RELEASE);
		zone_start(z);
	} else if (op == HV_ZONE_OP_REBOOT && z->state == HV_ZONE_RUNNING &&
		   claim(z)) {
		pr_info("zone %u (%s) reboot asked by zone0: zone0 reloads it\n",
			z->id, z->name);
		stop_cpus(z);
		reset_to_zone0(z);
	} else {
		ret = -HV_EINVAL; /* not waiting for that */
	}
	spin_unlock(&zones_lock);
	return ret;
}

bool zone_log_ok(struct zone *z)
{
	u64 now = arch_now_ns(), dropped = 0;
	bool ok;

	spin_lock(&z->log_lock);
	if (!z->log_stamp) {
		z->log_tokens = ZONE_LOG_BURST;
		z->log_stamp = now;
	}
	while (now - z->log_stamp >= 1000000000UL &&
	       z->log_tokens < ZONE_LOG_BURST) {
		z->log_tokens++;
		z->log_stamp += 1000000000UL;
	}
	if (z->log_tokens == ZONE_LOG_BURST)
		z->log_stamp = now;
	ok = z->log_tokens > 0;
	if (ok) {
		z->log_tokens--;
		dropped = z->log_dropped;
		z->log_dropped = 0;
	} else {
		z->log_dropped++;
	}
	spin_unlock(&z->log_lock);
	if (dropped)
		pr_warn("zone %u (%s): %lu log lines about it dropped (rate limit)\n",
			z->id, z->name, dropped);
	return ok;
}

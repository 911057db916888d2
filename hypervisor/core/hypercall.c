// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercall dispatch (docs/hypercalls.md). Management calls are zone0's
 * alone. Every guest-given address and size must lie inside the caller's
 * own RAM before the hypervisor reads or writes there, and what it reads is
 * copied first, so the caller cannot change it while it is being checked.
 */
#include "core/hypercall.h"
#include "core/logring.h"
#include "core/lib.h"
#include "core/percpu.h"
#include "core/printk.h"
#include "core/zone.h"
#include "core/config_check.h"
#include "core/event.h"
#include "core/mm.h"
#include "arch.h"
#include "core/board.h"

static bool abi_ok(u64 magic, u64 version)
{
	return magic == HV_ABI_MAGIC && (version >> 16) == HV_ABI_MAJOR;
}

/* A request of exactly `size` bytes at guest address addr, inside the
 * caller's RAM: copied to dst; *user is where to write results back. */
static int copy_in(struct zone *caller, u64 addr, u64 size, void *dst,
		   u64 dst_size, void **user)
{
	u64 pa;

	if (size != dst_size)
		return -HV_EINVAL;
	if (!zone_ram_range(caller, addr, size, &pa))
		return -HV_EFAULT;
	memcpy(dst, (const void *)pa, size);
	if (user)
		*user = (void *)pa;
	return 0;
}

static s64 hc_abi_check(u64 magic, u64 version)
{
	return abi_ok(magic, version) ? 0 : -HV_EPROTO;
}

static s64 hc_info(struct zone *caller, u64 addr, u64 size)
{
	struct hv_info *info;
	unsigned int i;
	u64 pa;

	if (size < sizeof(*info))
		return -HV_EINVAL;
	if (!zone_ram_range(caller, addr, sizeof(*info), &pa))
		return -HV_EFAULT;
	info = (struct hv_info *)pa;
	memset(info, 0, sizeof(*info));
	info->magic = HV_ABI_MAGIC;
	info->version = HV_ABI_VERSION;
	strlcpy_hv(info->hv_version, HVISOR_VERSION, sizeof(info->hv_version));
	board_describe(&board, info);
	info->max_zones = HV_MAX_ZONES;
	for (i = 0; i < HV_MAX_ZONES; i++)
		info->num_zones += zones[i].used;
	info->pool_free = (u32)mm_free_pages();
	info->pool_pages = (u32)mm_total_pages();
	info->pool_max_used = (u32)mm_max_used_pages();
	zone_free_ram(info);
	return 0;
}

static s64 hc_zone_start(struct zone *caller, u64 addr, u64 size)
{
	static struct hv_zone_config cfg[BOARD_MAX_CPUS]; /* too big for stack */
	struct hv_zone_config *c = &cfg[this_cpu_id()];
	struct hv_zone_config *user;
	struct zone *z;
	int ret;

	ret = copy_in(caller, addr, size, c, sizeof(*c), (void **)&user);
	if (ret)
		return ret;
	ret = zone_create(c, &z);
	memcpy(user->error, c->error, sizeof(user->error));
	return ret; /* zone_create started it, unless paused */
}

static s64 hc_zone_list(struct zone *caller, u64 addr, u64 capacity)
{
	static struct hv_zone_status st[BOARD_MAX_CPUS][HV_MAX_ZONES];
	struct hv_zone_status *s = st[this_cpu_id()];
	unsigned int n;
	u64 pa;

	if (capacity > HV_MAX_ZONES)
		capacity = HV_MAX_ZONES;
	if (capacity &&
	    !zone_ram_range(caller, addr, capacity * sizeof(*s), &pa))
		return -HV_EFAULT;
	n = zone_list(s, (unsigned int)capacity);
	if (capacity)
		memcpy((void *)pa, s, MIN(n, capacity) * sizeof(*s));
	return n;
}

static s64 hc_load(struct zone *caller, u64 addr, u64 size)
{
	struct hv_load req;
	u64 src;
	int ret;

	ret = copy_in(caller, addr, size, &req, sizeof(req), NULL);
	if (ret)
		return ret;
	if (!abi_ok(req.magic, req.version))
		return -HV_EPROTO;
	if (!req.size || req.size > (1UL << 40) || (req.flags & ~HV_LOAD_ZERO))
		return -HV_EINVAL;
	if (req.flags & HV_LOAD_ZERO)
		src = 0;
	else if (!zone_ram_range(caller, req.src, req.size, &src))
		return -HV_EFAULT;
	if (zone_load(req.dst, (const void *)src, req.size)) {
		pr_warn("load of 0x%lx bytes to 0x%lx refused: not free RAM\n",
			req.size, req.dst);
		return -HV_EBUSY;
	}
	return 0;
}

static s64 hc_console(struct zone *caller, u64 addr, u64 size)
{
	static struct hv_console_io io[BOARD_MAX_CPUS]; /* too big for stack */
	struct hv_console_io *c = &io[this_cpu_id()], *user;
	int ret;

	ret = copy_in(caller, addr, size, c, sizeof(*c), (void **)&user);
	if (ret)
		return ret;
	if (!abi_ok(c->magic, c->version))
		return -HV_EPROTO;
	if (c->in_len > sizeof(c->data))
		return -HV_EINVAL;
	ret = zone_console_io(c);
	if (ret)
		return ret;
	/* write back only the fields the caller reads */
	user->cursor = c->cursor;
	user->in_len = c->in_len;
	user->out_len = c->out_len;
	memcpy(user->data, c->data, c->out_len);
	return 0;
}

static s64 hc_zone_continue(u64 id, u64 op)
{
	if (id > 0xffffffffUL)
		return -HV_ENOENT;
	if (op != HV_ZONE_OP_RUN && op != HV_ZONE_OP_RESET_DONE &&
	    op != HV_ZONE_OP_REBOOT && op != HV_ZONE_OP_RESET_QUIET)
		return -HV_EINVAL;
	return zone_continue((u32)id, (u32)op);
}

/* x2 = device index | bits (or op) << 8 */
static s64 hc_virtio(u64 code, u64 id, u64 arg, u64 requests)
{
	u32 dev = arg & 0xff, what = (u32)(arg >> 8);

	if (id > 0xffffffffUL)
		return -HV_ENOENT;
	if (arg >> 40)
		return -HV_EINVAL;
	if (code == HV_HC_VIRTIO_IRQ)
		return zone_virtio_raise((u32)id, dev, what, requests);
	return zone_virtio_ctrl((u32)id, dev, what, requests);
}

static s64 hc_virtio_state(struct zone *caller, u64 id, u64 dev, u64 addr)
{
	static struct hv_virtio_state st[BOARD_MAX_CPUS];
	struct hv_virtio_state *s = &st[this_cpu_id()];
	u64 pa;
	int ret;

	if (id > 0xffffffffUL)
		return -HV_ENOENT;
	if (dev >= HV_MAX_VIRTIO)
		return -HV_EINVAL;
	if (!zone_ram_range(caller, addr, sizeof(*s), &pa))
		return -HV_EFAULT;
	ret = zone_virtio_state((u32)id, (u32)dev, s);
	if (!ret)
		memcpy((void *)pa, s, sizeof(*s));
	return ret;
}

static s64 hc_log(struct zone *caller, u64 addr, u64 size)
{
	static struct hv_log_io io[BOARD_MAX_CPUS]; /* too big for stack */
	struct hv_log_io *l = &io[this_cpu_id()], *user;
	int ret;

	ret = copy_in(caller, addr, size, l, sizeof(*l), (void **)&user);
	if (ret)
		return ret;
	if (!abi_ok(l->magic, l->version))
		return -HV_EPROTO;
	l->len = (u32)log_read(&l->cursor, l->data, sizeof(l->data), &l->lost);
	user->cursor = l->cursor;
	user->lost = l->lost;
	user->len = l->len;
	memcpy(user->data, l->data, l->len);
	return 0;
}

_Static_assert(sizeof(struct hv_cpu_stats) % sizeof(u64) == 0,
	       "hv_cpu_stats is copied a word at a time");

/* Every CPU's counters, with the zone on it now and its MPIDR. */
static s64 hc_cpu_stats(struct zone *caller, u64 addr, u64 capacity)
{
	struct hv_cpu_stats *out;
	unsigned int i, n = (unsigned int)MIN(capacity, (u64)board.nr_cpus);
	u64 pa;

	if (!n)
		return 0;
	if (!zone_ram_range(caller, addr, n * sizeof(*out), &pa))
		return -HV_EFAULT;
	out = (struct hv_cpu_stats *)pa;
	for (i = 0; i < n; i++) {
		struct percpu *pc = per_cpu(i);
		struct zone *z = READ_ONCE(pc->zone);
		const u64 *src = (const u64 *)&pc->stats;
		u64 *dst = (u64 *)&out[i];
		unsigned int k;

		/* another CPU's counters, read while it counts: word by
		 * word, so no counter is torn */
		for (k = 0; k < sizeof(*out) / sizeof(u64); k++)
			dst[k] = READ_ONCE(src[k]);
		out[i].cpu = i;
		out[i].mpidr = board.mpidr[i];
		out[i].zone_id = z ? z->id : HV_STATS_NO_ZONE;
	}
	return n;
}

s64 hypercall_handle(u64 code, u64 arg1, u64 arg2, u64 arg3)
{
	struct zone *caller = this_cpu()->zone;

	switch (code) {
	case HV_HC_ABI_CHECK:
		return hc_abi_check(arg1, arg2);
	case HV_HC_INFO:
		return hc_info(caller, arg1, arg2);
	case HV_HC_PZ_CALL: /* the process zone's own */
		return zone_pz_call(caller);
	case HV_HC_PZ_WAIT:
		return zone_pz_wait(caller);
	case HV_HC_ZONE_START:
	case HV_HC_ZONE_SHUTDOWN:
	case HV_HC_ZONE_LIST:
	case HV_HC_LOAD:
	case HV_HC_CONSOLE:
	case HV_HC_EVENTS:
	case HV_HC_VIRTIO_IRQ:
	case HV_HC_VIRTIO_CTRL:
	case HV_HC_ZONE_CONTINUE:
	case HV_HC_VIRTIO_STATE:
	case HV_HC_LOG:
	case HV_HC_CPU_STATS:
	case HV_HC_PZ_KICK:
		if (!zone_is_root(caller)) {
			if (zone_log_ok(caller))
				pr_warn("zone %u (%s): management hypercall %lu refused: zone0 only\n",
					caller->id, caller->name, code);
			return -HV_EPERM;
		}
		break;
	default:
		return -HV_ENOSYS;
	}
	switch (code) {
	case HV_HC_ZONE_START:
		return hc_zone_start(caller, arg1, arg2);
	case HV_HC_ZONE_SHUTDOWN:
		return arg1 > 0xffffffffUL ? -HV_ENOENT
					   : zone_shutdown((u32)arg1);
	case HV_HC_ZONE_LIST:
		return hc_zone_list(caller, arg1, arg2);
	case HV_HC_CONSOLE:
		return hc_console(caller, arg1, arg2);
	case HV_HC_EVENTS:
		return event_setup(caller, arg1, arg2);
	case HV_HC_VIRTIO_IRQ:
	case HV_HC_VIRTIO_CTRL:
		return hc_virtio(code, arg1, arg2, arg3);
	case HV_HC_ZONE_CONTINUE:
		return hc_zone_continue(arg1, arg2);
	case HV_HC_VIRTIO_STATE:
		return hc_virtio_state(caller, arg1, arg2, arg3);
	case HV_HC_LOG:
		return hc_log(caller, arg1, arg2);
	case HV_HC_CPU_STATS:
		return hc_cpu_stats(caller, arg1, arg2);
	case HV_HC_PZ_KICK:
		return arg1 > 0xffffffffUL ? -HV_ENOENT
					   : zone_pz_kick((u32)arg1);
	default:
		return hc_load(caller, arg1, arg2);
	}
}

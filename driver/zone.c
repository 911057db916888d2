// SPDX-License-Identifier: GPL-2.0
/*
 * Zones from zone0's side. A start takes the CPUs the new zone needs
 * offline first (the hypervisor refuses CPUs zone0 still runs); they come
 * back online when the zone is gone, whether zone0 shut it down or it
 * ended itself (the hypervisor says so on the event channel). A zone's
 * virtio backend attaches here, receives the zone's events and may map the
 * zone's RAM until the zone is shut down: its mappings are zapped before
 * the hypervisor takes that RAM away and scrubs it. Image loading goes
 * through the hypervisor, which alone may write RAM that is not zone0's.
 */
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/file.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include "hvisor.h"

struct zone_rec {
	bool used;
	u32 id;
	char name[HV_NAME_LEN];
	u64 lent; /* zone0 CPUs it took, to give back */
	unsigned int nr_ram;
	struct {
		u64 start, size;
	} ram[HV_MAX_MEM_REGIONS];
	struct hvisor_file *backend;
	u64 gen; /* this start of the zone: an older backend is not ours */
	struct completion backend_gone; /* its file was closed */
	bool ending; /* being shut down: no new mappings */
	bool exit_pending; /* ended: shut it down (work item) */
	u32 exit_why; /* HV_END_* */
	bool reset_pending; /* the hypervisor waits for HV_ZONE_OP_RESET_DONE */
	bool process; /* a process zone: ends with its supervisor's file */
};

/* lifecycle (start, shutdown, attach) is serialised by the mutex; what the
 * event interrupt reads or changes is also under the spinlock */
static DEFINE_MUTEX(hvisor_lock);
static DEFINE_SPINLOCK(recs_lock);
static struct zone_rec recs[HV_MAX_ZONES];
static u64 next_gen;
DEFINE_MUTEX(hvisor_map_lock);

static struct zone_rec *find_rec(u32 id)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_ZONES; i++)
		if (recs[i].used && recs[i].id == id)
			return &recs[i];
	return NULL;
}

static u64 take_cpus_offline(u64 cpus, int *err)
{
	u64 taken = 0;
	unsigned int cpu;

	*err = 0;
	for (cpu = 0; cpu < 64 && cpu < nr_cpu_ids; cpu++) {
		if (!(cpus & BIT_ULL(cpu)) || !cpu_possible(cpu) ||
		    !cpu_online(cpu))
			continue;
		*err = remove_cpu(cpu);
		if (*err) {
			pr_warn("hvisor: cannot take CPU %u offline for the new zone (%d)\n",
				cpu, *err);
			break;
		}
		taken |= BIT_ULL(cpu);
	}
	return taken;
}

static void bring_cpus_online(u64 cpus)
{
	unsigned int cpu;

	for (cpu = 0; cpu < 64 && cpu < nr_cpu_ids; cpu++)
		if ((cpus & BIT_ULL(cpu)) && add_cpu(cpu))
			pr_warn("hvisor: CPU %u did not come back online\n",
				cpu);
}

int hvisor_zone_start(struct hv_zone_config *cfg)
{
	struct hv_zone_config *hcfg;
	struct zone_rec *r = NULL;
	unsigned int i;
	u64 taken;
	int ret;
	long hret;

	/* the hypervisor reads the config from zone0's RAM: a linear-map
	 * buffer of ours, never a user page */
	hcfg = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
	if (!hcfg)
		return -ENOMEM;
	if (cfg->flags & HV_ZONE_CHECK_ONLY) { /* nothing to offline */
		ret = (int)hvisor_call(HV_HC_ZONE_START, virt_to_phys(hcfg),
				       sizeof(*hcfg));
		memcpy(cfg->error, hcfg->error, sizeof(cfg->error));
		kfree(hcfg);
		return ret;
	}
	mutex_lock(&hvisor_lock);
	for (i = 0; i < HV_MAX_ZONES; i++)
		if (!recs[i].used)
			r = &recs[i];
	if (!r) {
		ret = -ENOSPC;
		goto out;
	}
	/* every rule first: no CPU of zone0 goes offline for a config the
	 * hypervisor would refuse anyway */
	hcfg->flags |= HV_ZONE_CHECK_ONLY;
	hret = hvisor_call(HV_HC_ZONE_START, virt_to_phys(hcfg), sizeof(*hcfg));
	hcfg->flags &= ~HV_ZONE_CHECK_ONLY;
	if (hret) {
		memcpy(cfg->error, hcfg->error, sizeof(cfg->error));
		ret = (int)hret;
		goto out;
	}
	/* the module stays while zones it started need it (lent CPUs) */
	if (!try_module_get(THIS_MODULE)) {
		ret = -ENODEV;
		goto out;
	}
	taken = take_cpus_offline(cfg->cpus, &ret);
	if (ret) {
		bring_cpus_online(taken);
		module_put(THIS_MODULE);
		goto out;
	}
	hret = hvisor_call(HV_HC_ZONE_START, virt_to_phys(hcfg), sizeof(*hcfg));
	memcpy(cfg->error, hcfg->error, sizeof(cfg->error));
	if (hret) {
		bring_cpus_online(taken);
		module_put(THIS_MODULE);
		ret = (int)hret;
		goto out;
	}
	spin_lock_irq(&recs_lock);
	memset(r, 0, sizeof(*r));
	init_completion(&r->backend_gone);
	r->gen = ++next_gen;
	r->id = cfg->zone_id;
	strscpy(r->name, hcfg->name, sizeof(r->name));
	r->lent = taken;
	r->process = !!(hcfg->flags & HV_ZONE_PROCESS);
	for (i = 0; i < hcfg->num_mem_regions && i < HV_MAX_MEM_REGIONS; i++) {
		if (hcfg->mem_regions[i].type != HV_MEM_RAM)
			continue;
		r->ram[r->nr_ram].start = hcfg->mem_regions[i].phys_start;
		r->ram[r->nr_ram].size = hcfg->mem_regions[i].size;
		r->nr_ram++;
	}
	r->used = true;
	spin_unlock_irq(&recs_lock);
	hvisor_life_started(r->id, r->name);
	ret = 0;
out:
	mutex_unlock(&hvisor_lock);
	kfree(hcfg);
	return ret;
}

/* The backend must not touch the zone's RAM any more: drop its mappings
 * (a later access faults cleanly in its own process) and tell it. */
static void release_backend(struct zone_rec *r, u32 why)
{
	struct hvisor_file *hf;
	struct file *file = NULL;
	unsigned int i;

	/* no page is mapped after this (hvisor_map_lock, hvisor.h) */
	mutex_lock(&hvisor_map_lock);
	spin_lock_irq(&recs_lock);
	r->ending = true;
	hf = r->backend;
	/* the file may be closing: hvisor_release frees hf once it has
	 * taken it off the record, which needs recs_lock; a reference
	 * keeps the file (and hf) while we zap */
	if (hf && get_file_rcu(hf->file))
		file = hf->file;
	spin_unlock_irq(&recs_lock);
	mutex_unlock(&hvisor_map_lock);
	if (!file)
		return;
	for (i = 0; i < r->nr_ram; i++)
		unmap_mapping_range(file->f_mapping, r->ram[i].start,
				    r->ram[i].size, 1);
	fput(file);
	spin_lock_irq(&recs_lock);
	if (r->backend == hf) {
		struct hv_event e = { .type = HV_EVT_ZONE_EXIT,
				      .zone_id = r->id,
				      .value = why };

		if (!kfifo_put(&hf->events, e))
			hf->lost = true;
		hf->gone = true;
		r->backend = NULL;
		wake_up_interruptible(&hf->wq);
	}
	spin_unlock_irq(&recs_lock);
}

/* Long enough for a backend to finish its last request and exit. */
#define BACKEND_EXIT_TIMEOUT (5 * HZ)

/* a reset that nothing in zone0 can answer: ends the zone */
#define END_NO_SUPERVISOR 100
/* a process zone whose supervisor (hvisor run) went away */
#define END_SUPERVISOR_GONE 101

/* why a zone ended, as zone list and zone wait say it */
static void end_reason(u32 id, u32 why, char *buf, size_t size)
{
	struct hv_zone_status *st;
	long n, i;

	if (why == HV_END_POWEROFF || why == HV_END_RESET) {
		strscpy(buf, why == HV_END_RESET ? "reset" : "poweroff", size);
		return;
	}
	if (why == END_NO_SUPERVISOR) {
		strscpy(buf, "reset: no supervisor in zone0", size);
		return;
	}
	if (why == END_SUPERVISOR_GONE) {
		strscpy(buf, "its supervisor (hvisor run) went away", size);
		return;
	}
	if (why != HV_END_FAILED) {
		strscpy(buf, "shutdown", size);
		return;
	}
	strscpy(buf, "fault", size);
	st = kcalloc(HV_MAX_ZONES, sizeof(*st), GFP_KERNEL);
	if (!st)
		return;
	n = hvisor_call(HV_HC_ZONE_LIST, virt_to_phys(st), HV_MAX_ZONES);
	for (i = 0; i < n; i++)
		if (st[i].zone_id == id && st[i].reason[0])
			snprintf(buf, size, "fault: %s", st[i].reason);
	kfree(st);
}

static int shutdown_locked(u32 id, u32 why)
{
	char reason[64];
	struct zone_rec *r = find_rec(id);
	bool had_backend = r && r->backend;
	long ret;

	if (r)
		end_reason(id, why, reason, sizeof(reason));
	if (r)
		release_backend(r, why);
	ret = hvisor_call(HV_HC_ZONE_SHUTDOWN, id, 0);
	/* what the backend held (its TAPs, image locks) goes with it: the
	 * zone is gone for the caller only once the backend is too */
	if (had_backend && !wait_for_completion_timeout(&r->backend_gone,
							BACKEND_EXIT_TIMEOUT))
		pr_warn("hvisor: the virtio backend of zone %u did not exit\n",
			id);
	/* gone now, or it was gone already: CPUs come back */
	if (r && (!ret || ret == -HV_ENOENT)) {
		bring_cpus_online(r->lent);
		spin_lock_irq(&recs_lock);
		r->used = false;
		spin_unlock_irq(&recs_lock);
		hvisor_life_ended(id, r->name, reason);
		module_put(THIS_MODULE);
	} else if (r) {
		spin_lock_irq(&recs_lock);
		r->ending = false;
		spin_unlock_irq(&recs_lock);
	}
	return (int)ret;
}

int hvisor_zone_shutdown(u32 id)
{
	int ret;

	mutex_lock(&hvisor_lock);
	/* a zone that ended earlier: its record is cleared, and that is all */
	if (!find_rec(id) && hvisor_life_forget(id))
		ret = 0;
	else
		ret = shutdown_locked(id, 0);
	mutex_unlock(&hvisor_lock);
	return ret;
}

int hvisor_zone_continue(u32 id, u32 op)
{
	if (op != HV_ZONE_OP_RUN && op != HV_ZONE_OP_REBOOT)
		return -EINVAL; /* RESET_DONE is the supervisor's to say */
	return (int)hvisor_call(HV_HC_ZONE_CONTINUE, id, op);
}

/* ---- events from the hypervisor (interrupts off) ------------------- */

void hvisor_zone_event(const struct hv_event *e)
{
	struct zone_rec *r;
	struct hvisor_file *hf;
	bool work = false;

	spin_lock(&recs_lock);
	r = find_rec(e->zone_id);
	if (!r) {
		spin_unlock(&recs_lock);
		return;
	}
	hf = r->backend;
	if (hf) {
		/* device events leave room for the zone's reset and end: a
		 * backend that never saw the reset would never answer it */
		if ((!HV_EVT_IS_LIFECYCLE(e->type) &&
		     kfifo_avail(&hf->events) <= HVISOR_LIFE_RESERVE) ||
		    !kfifo_put(&hf->events, *e))
			hf->lost = true;
		wake_up_interruptible(&hf->wq);
	}
	if (e->type == HV_EVT_ZONE_EXIT &&
	    (e->value == HV_END_POWEROFF || e->value == HV_END_FAILED ||
	     e->value == HV_END_RESET)) {
		r->exit_pending = true;
		r->exit_why = e->value;
		work = true;
	} else if (e->type == HV_EVT_ZONE_RESET) {
		/* armed here, before the backend can read the event and
		 * answer: the work item would be too late */
		if (hf) {
			r->reset_pending = true;
		} else { /* nobody to load its images again */
			r->exit_pending = true;
			r->exit_why = END_NO_SUPERVISOR;
			work = true;
		}
	}
	spin_unlock(&recs_lock);
	if (work)
		hvisor_events_kick_work();
}

void hvisor_zones_lost_events(void)
{
	unsigned int i;

	spin_lock(&recs_lock);
	for (i = 0; i < HV_MAX_ZONES; i++) {
		if (recs[i].used && recs[i].backend) {
			recs[i].backend->lost = true;
			wake_up_interruptible(&recs[i].backend->wq);
		}
	}
	spin_unlock(&recs_lock);
}

/* Work item: act on zones that ended or reset themselves. */
void hvisor_zones_reconcile(void)
{
	unsigned int i;

	mutex_lock(&hvisor_lock);
	for (i = 0; i < HV_MAX_ZONES; i++) {
		struct zone_rec *r = &recs[i];
		bool exit;
		u32 id, why;

		spin_lock_irq(&recs_lock);
		exit = r->used && r->exit_pending;
		id = r->id;
		why = r->exit_why;
		r->exit_pending = false;
		spin_unlock_irq(&recs_lock);
		if (exit) {
			pr_info("hvisor: zone %u ended (%u); releasing it\n",
				id, why);
			shutdown_locked(id, why);
		}
	}
	mutex_unlock(&hvisor_lock);
}

/* ---- backends -------------------------------------------------------- */

int hvisor_backend_attach(struct hvisor_file *hf, u32 id)
{
	struct zone_rec *r;
	int ret = 0;

	mutex_lock(&hvisor_lock);
	spin_lock_irq(&recs_lock);
	r = find_rec(id);
	if (!r)
		ret = -ENOENT;
	else if (r->backend || hf->zone_id != HVISOR_NO_ZONE || hf->watching)
		ret = -EBUSY;
	else if (r->ending)
		ret = -ESHUTDOWN;
	if (!ret) {
		r->backend = hf;
		reinit_completion(&r->backend_gone);
		hf->zone_id = id;
		hf->rec_gen = r->gen;
		hf->gone = false;
	}
	spin_unlock_irq(&recs_lock);
	mutex_unlock(&hvisor_lock);
	return ret;
}

/* The backend's file is closing: it had no mappings left (they hold the
 * file open). A zone waiting for it to finish a reset goes on without it. */
void hvisor_backend_detach(struct hvisor_file *hf)
{
	struct zone_rec *r;
	bool ends = false;
	u32 id = hf->zone_id;

	if (id == HVISOR_NO_ZONE)
		return;
	spin_lock_irq(&recs_lock);
	r = find_rec(id);
	/* released by shutdown already (r->backend cleared): it waits; not
	 * for the backend of an earlier start of a zone with this id */
	if (r && hf->gone && hf->rec_gen == r->gen)
		complete(&r->backend_gone);
	if (r && r->backend == hf) {
		r->backend = NULL;
		/* a process zone's program cannot go on without its
		 * supervisor (killed, even by SIGKILL): it ends */
		ends = r->reset_pending || (r->process && !r->ending);
		r->reset_pending = false;
		if (!r->ending && !r->process)
			pr_warn("hvisor: the virtio backend of zone %u went away; its devices stop\n",
				id);
	}
	spin_unlock_irq(&recs_lock);
	/* it went away while the zone waited to be loaded again (nothing
	 * else will load it) or it supervised a program: the zone ends */
	if (ends) {
		spin_lock_irq(&recs_lock);
		if (r->used && r->id == id) {
			r->exit_pending = true;
			r->exit_why = r->process ? END_SUPERVISOR_GONE
						 : END_NO_SUPERVISOR;
		}
		spin_unlock_irq(&recs_lock);
		hvisor_events_kick_work();
	}
}

int hvisor_backend_reset_done(struct hvisor_file *hf)
{
	struct zone_rec *r;
	bool go = false;

	spin_lock_irq(&recs_lock);
	r = find_rec(hf->zone_id);
	if (r && r->backend == hf && r->reset_pending) {
		r->reset_pending = false;
		go = true;
	}
	spin_unlock_irq(&recs_lock);
	if (!go)
		return -EINVAL;
	return (int)hvisor_call(HV_HC_ZONE_CONTINUE, hf->zone_id,
				HV_ZONE_OP_RESET_DONE);
}

/* The backend stopped serving the reset zone: its RAM may be zeroed. */
int hvisor_backend_reset_quiet(struct hvisor_file *hf)
{
	struct zone_rec *r;
	bool go;

	spin_lock_irq(&recs_lock);
	r = find_rec(hf->zone_id);
	go = r && r->backend == hf && r->reset_pending;
	spin_unlock_irq(&recs_lock);
	if (!go)
		return -EINVAL;
	return (int)hvisor_call(HV_HC_ZONE_CONTINUE, hf->zone_id,
				HV_ZONE_OP_RESET_QUIET);
}

bool hvisor_backend_may_map(struct hvisor_file *hf, u64 pa, u64 size)
{
	struct zone_rec *r;
	bool ok = false;
	unsigned int i;

	spin_lock_irq(&recs_lock);
	r = find_rec(hf->zone_id);
	if (r && r->backend == hf && !r->ending && r->gen == hf->rec_gen)
		for (i = 0; i < r->nr_ram && !ok; i++)
			ok = pa >= r->ram[i].start &&
			     pa - r->ram[i].start < r->ram[i].size &&
			     size <= r->ram[i].size - (pa - r->ram[i].start);
	spin_unlock_irq(&recs_lock);
	return ok;
}

#define LOAD_CHUNK_ORDER 8 /* 1 MiB of contiguous bounce buffer */

/* In the chunks hvisor_load() wrote: one refused (a zone owns that RAM
 * now: not ours to touch) leaves the others to be zeroed. */
void hvisor_unstage(struct hvisor_file *hf)
{
	u64 chunk = PAGE_SIZE << LOAD_CHUNK_ORDER, done;
	struct hv_load *req;
	unsigned int i;
	long ret;

	if (!hf->nr_staged)
		return;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	for (i = 0; req && i < hf->nr_staged; i++) {
		for (done = 0; done < hf->staged[i].size; done += chunk) {
			req->magic = HV_ABI_MAGIC;
			req->version = HV_ABI_VERSION;
			req->dst = hf->staged[i].dst + done;
			req->size = min(chunk, hf->staged[i].size - done);
			req->flags = HV_LOAD_ZERO;
			ret = hvisor_call(HV_HC_LOAD, virt_to_phys(req),
					  sizeof(*req));
			if (ret && ret != -HV_EBUSY)
				pr_warn("hvisor: zeroing 0x%llx+0x%llx staged by a start that did not happen: %ld\n",
					req->dst, req->size, ret);
			cond_resched();
		}
	}
	kfree(req);
	hf->nr_staged = 0;
}

int hvisor_load(u64 dst, const void __user *src, u64 size, u64 *written)
{
	size_t chunk = PAGE_SIZE << LOAD_CHUNK_ORDER;
	struct hv_load *req;
	void *buf;
	u64 done = 0;
	long ret = 0;

	*written = 0;
	if (!size || dst + size < dst)
		return -EINVAL;
	buf = (void *)__get_free_pages(GFP_KERNEL, LOAD_CHUNK_ORDER);
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!buf || !req) {
		ret = -ENOMEM;
		goto out;
	}
	req->magic = HV_ABI_MAGIC;
	req->version = HV_ABI_VERSION;
	while (done < size) {
		size_t n = min_t(u64, chunk, size - done);

		if (copy_from_user(buf, (const u8 __user *)src + done, n)) {
			ret = -EFAULT;
			break;
		}
		req->src = virt_to_phys(buf);
		req->dst = dst + done;
		req->size = n;
		ret = hvisor_call(HV_HC_LOAD, virt_to_phys(req), sizeof(*req));
		if (ret)
			break;
		done += n;
		*written = done;
		cond_resched();
	}
out:
	kfree(req);
	if (buf)
		free_pages((unsigned long)buf, LOAD_CHUNK_ORDER);
	return (int)ret;
}

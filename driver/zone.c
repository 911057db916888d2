// SPDX-License-Identifier: GPL-2.0
/*
 * Zone start and shutdown from zone0's side: the CPUs a new zone takes are
 * taken offline here first (the hypervisor refuses CPUs zone0 still runs),
 * and come back online after the zone is gone. Image loading goes through
 * the hypervisor, which alone may write RAM that is not zone0's.
 */
#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "hvisor.h"

static DEFINE_MUTEX(hvisor_lock);
/* zone0 CPUs lent to each zone slot, to give back at shutdown */
static struct {
	bool used;
	u32 id;
	u64 lent;
} lent[HV_MAX_ZONES];

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
	unsigned int i;
	u64 taken;
	int ret, slot = -1;
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
		if (!lent[i].used)
			slot = i;
	if (slot < 0) {
		ret = -ENOSPC;
		goto out;
	}
	taken = take_cpus_offline(cfg->cpus, &ret);
	if (ret) {
		bring_cpus_online(taken);
		goto out;
	}
	hret = hvisor_call(HV_HC_ZONE_START, virt_to_phys(hcfg), sizeof(*hcfg));
	memcpy(cfg->error, hcfg->error, sizeof(cfg->error));
	if (hret) {
		bring_cpus_online(taken);
		ret = (int)hret;
		goto out;
	}
	lent[slot].used = true;
	lent[slot].id = cfg->zone_id;
	lent[slot].lent = taken;
	ret = 0;
out:
	mutex_unlock(&hvisor_lock);
	kfree(hcfg);
	return ret;
}

int hvisor_zone_shutdown(u32 id)
{
	unsigned int i;
	long ret;

	mutex_lock(&hvisor_lock);
	ret = hvisor_call(HV_HC_ZONE_SHUTDOWN, id, 0);
	for (i = 0; i < HV_MAX_ZONES; i++) {
		if (!lent[i].used || lent[i].id != id)
			continue;
		/* gone now, or it ended itself earlier: CPUs come back */
		if (!ret || ret == -HV_ENOENT) {
			bring_cpus_online(lent[i].lent);
			lent[i].used = false;
		}
	}
	mutex_unlock(&hvisor_lock);
	return (int)ret;
}

#define LOAD_CHUNK_ORDER 8 /* 1 MiB of contiguous bounce buffer */

int hvisor_load(u64 dst, const void __user *src, u64 size)
{
	size_t chunk = PAGE_SIZE << LOAD_CHUNK_ORDER;
	struct hv_load *req;
	void *buf;
	u64 done = 0;
	long ret = 0;

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
		cond_resched();
	}
out:
	kfree(req);
	if (buf)
		free_pages((unsigned long)buf, LOAD_CHUNK_ORDER);
	return (int)ret;
}

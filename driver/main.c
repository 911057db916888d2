// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor.ko: zone0's door to the hypervisor, the misc device /dev/hvisor.
 * Loads only under a hypervisor that speaks its ABI version; every ioctl
 * carries the ABI magic and version and is bounds-checked before use.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/arm-smccc.h>
#include <hvisor/ioctl.h>
#include "hvisor.h"

static int check_hdr(const struct hvisor_ioc_hdr *h)
{
	if (h->magic != HV_ABI_MAGIC || h->version >> 16 != HV_ABI_MAJOR) {
		pr_warn_ratelimited(
			"hvisor: request from a tool for ABI %u.%u (magic 0x%x); this driver speaks %u.%u\n",
			h->version >> 16, h->version & 0xffff, h->magic,
			HV_ABI_MAJOR, HV_ABI_MINOR);
		return -EPROTO;
	}
	return 0;
}

/* Copy a request in and check the ABI header every request starts with. */
static long get_req(void *req, const void __user *arg, size_t size)
{
	if (copy_from_user(req, arg, size))
		return -EFAULT;
	return check_hdr(req);
}

static long ioc_info(void __user *arg)
{
	struct hvisor_ioc_info *req;
	long ret;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = get_req(&req->hdr, arg, sizeof(req->hdr));
	if (ret)
		goto out;
	ret = hvisor_call(HV_HC_INFO, virt_to_phys(&req->info),
			  sizeof(req->info));
	if (!ret && copy_to_user(arg, req, sizeof(*req)))
		ret = -EFAULT;
out:
	kfree(req);
	return ret;
}

static long ioc_zone_start(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_zone_start *req;
	long ret;

	req = kmalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = get_req(req, arg, sizeof(*req));
	if (ret)
		goto out;
	ret = hvisor_zone_start(&req->cfg);
	/* what this file staged is the new zone's now */
	if (!ret && !(req->cfg.flags & HV_ZONE_CHECK_ONLY)) {
		mutex_lock(&hf->stage_lock);
		hf->nr_staged = 0;
		mutex_unlock(&hf->stage_lock);
	}
	/* the hypervisor's reason for a refusal travels back in cfg.error */
	if (copy_to_user(arg, req, sizeof(*req)))
		ret = -EFAULT;
out:
	kfree(req);
	return ret;
}

static long ioc_zone_shutdown(void __user *arg)
{
	struct hvisor_ioc_zone_id req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	return hvisor_zone_shutdown(req.zone_id);
}

static long ioc_zone_list(void __user *arg)
{
	struct hvisor_ioc_zone_list req;
	struct hv_zone_status *st;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	if (req.capacity > HV_MAX_ZONES + HVISOR_MAX_ENDED)
		req.capacity = HV_MAX_ZONES + HVISOR_MAX_ENDED;
	st = kcalloc(HV_MAX_ZONES + HVISOR_MAX_ENDED, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = hvisor_call(HV_HC_ZONE_LIST, virt_to_phys(st), HV_MAX_ZONES);
	if (ret < 0)
		goto out;
	/* then the zones that ended, as this driver saw them */
	req.count =
		hvisor_life_list(st, (u32)ret, HV_MAX_ZONES + HVISOR_MAX_ENDED);
	ret = 0;
	if (copy_to_user(u64_to_user_ptr(req.zones), st,
			 min(req.count, req.capacity) * sizeof(*st)) ||
	    copy_to_user(arg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kfree(st);
	return ret;
}

/* A load into free RAM (not a backend's reload of its resetting zone) is
 * remembered: if no zone start through this file takes that RAM, it is
 * zeroed when the file closes, however the tool ends. */
static long ioc_load(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_load req;
	bool stage = hf->zone_id == HVISOR_NO_ZONE;
	u64 written;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	if (!stage)
		return hvisor_load(req.dst, u64_to_user_ptr(req.src), req.size,
				   &written);
	mutex_lock(&hf->stage_lock);
	if (hf->nr_staged == HVISOR_MAX_STAGED) {
		ret = -ENOSPC;
	} else {
		ret = hvisor_load(req.dst, u64_to_user_ptr(req.src), req.size,
				  &written);
		/* a load that failed halfway left bytes too */
		if (written) {
			hf->staged[hf->nr_staged].dst = req.dst;
			hf->staged[hf->nr_staged].size = written;
			hf->nr_staged++;
		}
	}
	mutex_unlock(&hf->stage_lock);
	return ret;
}

/* Closing a file attached to a zone's console (even by a killed tool)
 * lets the zone's output reach the UART again. */
static void console_detach(u32 zone_id)
{
	struct hv_console_io *io = kzalloc(sizeof(*io), GFP_KERNEL);

	if (!io)
		return;
	io->magic = HV_ABI_MAGIC;
	io->version = HV_ABI_VERSION;
	io->zone_id = zone_id;
	io->flags = HV_CONSOLE_DETACH;
	hvisor_call(HV_HC_CONSOLE, virt_to_phys(io), sizeof(*io));
	kfree(io);
}

static long ioc_console(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_console *req;
	long ret;

	req = kmalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = get_req(req, arg, sizeof(*req));
	if (ret)
		goto out;
	if (req->io.in_len > sizeof(req->io.data)) {
		ret = -EINVAL;
		goto out;
	}
	req->io.magic = HV_ABI_MAGIC;
	req->io.version = HV_ABI_VERSION;
	ret = hvisor_call(HV_HC_CONSOLE, virt_to_phys(&req->io),
			  sizeof(req->io));
	if (ret)
		goto out;
	if (req->io.flags & HV_CONSOLE_ATTACH)
		hf->console_zone = req->io.zone_id;
	if (req->io.flags & HV_CONSOLE_DETACH)
		hf->console_zone = HVISOR_NO_ZONE;
	if (req->io.out_len > sizeof(req->io.data))
		req->io.out_len = 0;
	if (copy_to_user(arg, req,
			 offsetof(struct hvisor_ioc_console, io.data) +
				 req->io.out_len))
		ret = -EFAULT;
out:
	kfree(req);
	return ret;
}

/* at most this many CPUs' counters per call (HV_MAX_CPUS bits in a mask) */
#define HVISOR_STATS_MAX 64

static long ioc_cpu_stats(void __user *arg)
{
	struct hvisor_ioc_cpu_stats req;
	struct hv_cpu_stats *st;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	req.capacity = min_t(u32, req.capacity, HVISOR_STATS_MAX);
	st = kcalloc(HVISOR_STATS_MAX, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = hvisor_call(HV_HC_CPU_STATS, virt_to_phys(st), req.capacity);
	if (ret < 0)
		goto out;
	req.count = (u32)ret;
	ret = 0;
	if (copy_to_user(u64_to_user_ptr(req.stats), st,
			 req.count * sizeof(*st)) ||
	    copy_to_user(arg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kfree(st);
	return ret;
}

static long ioc_log(void __user *arg)
{
	struct hvisor_ioc_log *req;
	long ret;

	req = kmalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = get_req(req, arg, offsetof(struct hvisor_ioc_log, io.data));
	if (ret)
		goto out;
	req->io.magic = HV_ABI_MAGIC;
	req->io.version = HV_ABI_VERSION;
	ret = hvisor_call(HV_HC_LOG, virt_to_phys(&req->io), sizeof(req->io));
	if (ret)
		goto out;
	if (req->io.len > sizeof(req->io.data))
		req->io.len = 0;
	if (copy_to_user(arg, req,
			 offsetof(struct hvisor_ioc_log, io.data) +
				 req->io.len))
		ret = -EFAULT;
out:
	kfree(req);
	return ret;
}

static long ioc_zone_continue(void __user *arg)
{
	struct hvisor_ioc_zone_op req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	return hvisor_zone_continue(req.zone_id, req.op);
}

static long ioc_backend_attach(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_backend req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	return hvisor_backend_attach(hf, req.zone_id);
}

/* Calls for the zone this file is attached to, while that zone exists. */
static bool attached(const struct hvisor_file *hf)
{
	return hf->zone_id != HVISOR_NO_ZONE && !hf->gone;
}

/* The backend's interrupt for one of its zone's devices: only its own
 * zone's (the hypervisor also checks the device exists). */
static long ioc_virtio(struct hvisor_file *hf, unsigned int cmd,
		       void __user *arg)
{
	struct hvisor_ioc_virtio req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	if (!attached(hf))
		return -ENOTCONN;
	if (req.dev > 0xff || req.what > 0xff)
		return -EINVAL;
	return hvisor_call3(
		cmd == HVISOR_VIRTIO_IRQ ? HV_HC_VIRTIO_IRQ : HV_HC_VIRTIO_CTRL,
		hf->zone_id, req.dev | (req.what << 8), req.requests);
}

/* The answer to a process zone's call is in its page: wake the zone. */
static long ioc_pz_kick(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_hdr req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	if (!attached(hf))
		return -ENOTCONN;
	return hvisor_call(HV_HC_PZ_KICK, hf->zone_id, 0);
}

static long ioc_reset_done(struct hvisor_file *hf, unsigned int cmd,
			   void __user *arg)
{
	struct hvisor_ioc_hdr req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	if (cmd == HVISOR_RESET_QUIET)
		return hvisor_backend_reset_quiet(hf);
	return hvisor_backend_reset_done(hf);
}

static long ioc_virtio_state(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_virtio_state *req;
	long ret;

	if (!attached(hf))
		return -ENOTCONN;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = get_req(&req->hdr, arg, sizeof(req->hdr) + sizeof(req->dev));
	if (ret)
		goto out;
	ret = hvisor_call3(HV_HC_VIRTIO_STATE, hf->zone_id, req->dev,
			   virt_to_phys(&req->state));
	if (!ret && copy_to_user(arg, req, sizeof(*req)))
		ret = -EFAULT;
out:
	kfree(req);
	return ret;
}

static long ioc_watch(struct hvisor_file *hf, void __user *arg)
{
	struct hvisor_ioc_hdr req;
	long ret = get_req(&req, arg, sizeof(req));

	if (ret)
		return ret;
	if (hf->zone_id != HVISOR_NO_ZONE)
		return -EBUSY; /* a backend's reads are its zone's events */
	hvisor_life_watch(hf);
	return 0;
}

static int hvisor_open(struct inode *inode, struct file *f)
{
	struct hvisor_file *hf = kzalloc(sizeof(*hf), GFP_KERNEL);

	if (!hf)
		return -ENOMEM;
	hf->console_zone = HVISOR_NO_ZONE;
	hf->zone_id = HVISOR_NO_ZONE;
	INIT_KFIFO(hf->events);
	mutex_init(&hf->stage_lock);
	init_waitqueue_head(&hf->wq);
	hf->file = f;
	f->private_data = hf;
	return 0;
}

static int hvisor_release(struct inode *inode, struct file *f)
{
	struct hvisor_file *hf = f->private_data;

	if (hf->console_zone != HVISOR_NO_ZONE)
		console_detach(hf->console_zone);
	hvisor_unstage(hf);
	hvisor_backend_detach(hf);
	kfree(hf);
	return 0;
}

/* A backend reads its zone's events: whole struct hv_event records. */
static ssize_t hvisor_read(struct file *f, char __user *buf, size_t len,
			   loff_t *off)
{
	struct hvisor_file *hf = f->private_data;
	struct hv_event e;
	size_t done = 0;
	int ret;

	if (hf->watching)
		return hvisor_life_read(hf, buf, len, f->f_flags & O_NONBLOCK);
	if (hf->zone_id == HVISOR_NO_ZONE)
		return -ENOTCONN;
	if (len < sizeof(e))
		return -EINVAL;
	for (;;) {
		/* one reader per backend file: kfifo's single-consumer rule */
		while (done + sizeof(e) <= len && kfifo_get(&hf->events, &e)) {
			if (copy_to_user(buf + done, &e, sizeof(e)))
				return -EFAULT;
			done += sizeof(e);
		}
		/* after every event queued before the loss: the backend then
		 * rebuilds from a state newer than all of them */
		if (done + sizeof(e) <= len && kfifo_is_empty(&hf->events) &&
		    xchg(&hf->lost, false)) {
			memset(&e, 0, sizeof(e));
			e.type = HVISOR_EVT_LOST;
			e.zone_id = hf->zone_id;
			if (copy_to_user(buf + done, &e, sizeof(e)))
				return -EFAULT;
			done += sizeof(e);
		}
		if (done || READ_ONCE(hf->gone))
			return done;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(hf->wq,
					       !kfifo_is_empty(&hf->events) ||
						       READ_ONCE(hf->lost) ||
						       READ_ONCE(hf->gone));
		if (ret)
			return ret;
	}
}

static __poll_t hvisor_poll(struct file *f, poll_table *wait)
{
	struct hvisor_file *hf = f->private_data;

	if (hf->watching)
		return hvisor_life_poll(hf, f, wait);
	poll_wait(f, &hf->wq, wait);
	if (!kfifo_is_empty(&hf->events) || READ_ONCE(hf->lost) ||
	    READ_ONCE(hf->gone))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

/* Pages of the zone's RAM are mapped when first touched, each only while
 * the zone still exists: a mapping made at mmap() time could outlive the
 * zap of a zone that ends meanwhile (the new area is not yet where the zap
 * looks). A few pages at once: the rings and buffers sit together. */
#define FAULT_AROUND 16

static vm_fault_t hvisor_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct hvisor_file *hf = vma->vm_file->private_data;
	unsigned long addr = vmf->address & PAGE_MASK, end;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	u64 pa;

	end = min(vma->vm_end, addr + FAULT_AROUND * PAGE_SIZE);
	pa = ((u64)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
	mutex_lock(&hvisor_map_lock);
	/* the pages around may be another region's, or none */
	if (!hvisor_backend_may_map(hf, pa, end - addr))
		end = addr + PAGE_SIZE;
	if (hvisor_backend_may_map(hf, pa, end - addr)) {
		ret = vmf_insert_pfn(vma, addr, pa >> PAGE_SHIFT);
		for (addr += PAGE_SIZE, pa += PAGE_SIZE;
		     ret == VM_FAULT_NOPAGE && addr < end;
		     addr += PAGE_SIZE, pa += PAGE_SIZE)
			vmf_insert_pfn(vma, addr, pa >> PAGE_SHIFT);
	}
	mutex_unlock(&hvisor_map_lock);
	return ret;
}

static const struct vm_operations_struct hvisor_vm_ops = {
	.fault = hvisor_vm_fault,
};

/* The backend maps its zone's RAM: offset = physical address. Only shared
 * mappings, only that zone's RAM, only while the zone exists. */
static int hvisor_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hvisor_file *hf = f->private_data;
	u64 pa = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 size = vma->vm_end - vma->vm_start;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (!hvisor_backend_may_map(hf, pa, size))
		return -EACCES;
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_ops = &hvisor_vm_ops;
	return 0;
}

static long hvisor_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hvisor_file *hf = f->private_data;
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case HVISOR_INFO:
		return ioc_info(p);
	case HVISOR_ZONE_START:
		return ioc_zone_start(hf, p);
	case HVISOR_ZONE_SHUTDOWN:
		return ioc_zone_shutdown(p);
	case HVISOR_ZONE_LIST:
		return ioc_zone_list(p);
	case HVISOR_LOAD:
		return ioc_load(hf, p);
	case HVISOR_CONSOLE:
		return ioc_console(hf, p);
	case HVISOR_ZONE_CONTINUE:
		return ioc_zone_continue(p);
	case HVISOR_BACKEND_ATTACH:
		return ioc_backend_attach(hf, p);
	case HVISOR_VIRTIO_IRQ:
	case HVISOR_VIRTIO_CTRL:
		return ioc_virtio(hf, cmd, p);
	case HVISOR_RESET_DONE:
	case HVISOR_RESET_QUIET:
		return ioc_reset_done(hf, cmd, p);
	case HVISOR_VIRTIO_STATE:
		return ioc_virtio_state(hf, p);
	case HVISOR_LOG:
		return ioc_log(p);
	case HVISOR_CPU_STATS:
		return ioc_cpu_stats(p);
	case HVISOR_WATCH:
		return ioc_watch(hf, p);
	case HVISOR_PZ_KICK:
		return ioc_pz_kick(hf, p);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvisor_fops = {
	.owner = THIS_MODULE,
	.open = hvisor_open,
	.release = hvisor_release,
	.read = hvisor_read,
	.poll = hvisor_poll,
	.mmap = hvisor_mmap,
	.unlocked_ioctl = hvisor_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice hvisor_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvisor",
	.fops = &hvisor_fops,
	.mode = 0600,
};

static int __init hvisor_init(void)
{
	long ret;

	struct arm_smccc_res res;

	/* Ask who is below us with the one call every EL2 answers safely
	 * (KVM's stub and host handler refuse it); only then use ours. */
	arm_smccc_1_1_hvc(HV_SMCCC_UID_FN, &res);
	if (res.a0 != HV_UID0 || res.a1 != HV_UID1 || res.a2 != HV_UID2 ||
	    res.a3 != HV_UID3) {
		pr_err("hvisor: not running on the hvisor hypervisor\n");
		return -ENODEV;
	}
	ret = hvisor_call(HV_HC_ABI_CHECK, HV_ABI_MAGIC, HV_ABI_VERSION);
	if (ret) {
		pr_err("hvisor: the hypervisor refused ABI %u.%u (%ld): driver and hypervisor are from different builds\n",
		       HV_ABI_MAJOR, HV_ABI_MINOR, ret);
		return -EPROTO;
	}
	ret = hvisor_events_init();
	if (ret)
		return ret;
	ret = misc_register(&hvisor_misc);
	if (ret) {
		hvisor_events_exit();
		return ret;
	}
	pr_info("hvisor: /dev/hvisor ready (ABI %u.%u)\n", HV_ABI_MAJOR,
		HV_ABI_MINOR);
	return 0;
}

static void __exit hvisor_exit(void)
{
	misc_deregister(&hvisor_misc);
	hvisor_events_exit();
}

module_init(hvisor_init);
module_exit(hvisor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor zone management driver");

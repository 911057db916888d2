// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor.ko: zone0's door to the hypervisor, the misc device /dev/hvisor.
 * Loads only under a hypervisor that speaks its ABI version; every ioctl
 * carries the ABI magic and version and is bounds-checked before use.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
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

static long ioc_zone_start(void __user *arg)
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
	if (req.capacity > HV_MAX_ZONES)
		req.capacity = HV_MAX_ZONES;
	st = kcalloc(HV_MAX_ZONES, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = hvisor_call(HV_HC_ZONE_LIST, virt_to_phys(st), HV_MAX_ZONES);
	if (ret < 0)
		goto out;
	req.count = (u32)ret;
	ret = 0;
	if (copy_to_user(u64_to_user_ptr(req.zones), st,
			 min(req.count, req.capacity) * sizeof(*st)) ||
	    copy_to_user(arg, &req, sizeof(req)))
		ret = -EFAULT;
out:
	kfree(st);
	return ret;
}

static long ioc_load(void __user *arg)
{
	struct hvisor_ioc_load req;
	long ret;

	ret = get_req(&req, arg, sizeof(req));
	if (ret)
		return ret;
	return hvisor_load(req.dst, u64_to_user_ptr(req.src), req.size);
}

/* The zone whose console this file attached to, so closing the file
 * (even by a killed tool) lets the zone's output reach the UART again. */
#define NO_ZONE U32_MAX

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

static long ioc_console(struct file *f, void __user *arg)
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
		f->private_data = (void *)(uintptr_t)req->io.zone_id;
	if (req->io.flags & HV_CONSOLE_DETACH)
		f->private_data = (void *)(uintptr_t)NO_ZONE;
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

static int hvisor_open(struct inode *inode, struct file *f)
{
	f->private_data = (void *)(uintptr_t)NO_ZONE;
	return 0;
}

static int hvisor_release(struct inode *inode, struct file *f)
{
	u32 id = (u32)(uintptr_t)f->private_data;

	if (id != NO_ZONE)
		console_detach(id);
	return 0;
}

static long hvisor_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case HVISOR_INFO:
		return ioc_info(p);
	case HVISOR_ZONE_START:
		return ioc_zone_start(p);
	case HVISOR_ZONE_SHUTDOWN:
		return ioc_zone_shutdown(p);
	case HVISOR_ZONE_LIST:
		return ioc_zone_list(p);
	case HVISOR_LOAD:
		return ioc_load(p);
	case HVISOR_CONSOLE:
		return ioc_console(f, p);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvisor_fops = {
	.owner = THIS_MODULE,
	.open = hvisor_open,
	.release = hvisor_release,
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
	ret = misc_register(&hvisor_misc);
	if (ret)
		return ret;
	pr_info("hvisor: /dev/hvisor ready (ABI %u.%u)\n", HV_ABI_MAJOR,
		HV_ABI_MINOR);
	return 0;
}

static void __exit hvisor_exit(void)
{
	misc_deregister(&hvisor_misc);
}

module_init(hvisor_init);
module_exit(hvisor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor zone management driver");

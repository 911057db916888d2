// SPDX-License-Identifier: GPL-2.0
/*
 * hivc.ko: a zone's channels to other zones (docs/ivc.md), one misc device
 * /dev/hivcN per "hvisor,ivc" node of its device tree (N = the channel's
 * id). The node names the hypervisor's control table (trapped: every
 * access is the hypervisor's answer) and the channel's memory; the driver
 * counts the doorbell's interrupts and lets user space map the memory,
 * ring peers and set the zone's state word. Loaded in every zone that has
 * a channel, zone0 included.
 */
#include <linux/arm-smccc.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <hvisor/ivc.h>

struct hivc {
	struct miscdevice misc;
	char name[16];
	void __iomem *ct;
	phys_addr_t shm;
	resource_size_t shm_size;
	u32 id, peer_id, max_peers, rw, out;
	atomic64_t rings; /* doorbell interrupts since probe */
	wait_queue_head_t wq;
};

/* an open file: the rings it has read */
struct hivc_file {
	struct hivc *h;
	u64 seen;
};

static u32 ct_read(struct hivc *h, u32 off)
{
	return readl(h->ct + off);
}

static irqreturn_t hivc_irq(int irq, void *arg)
{
	struct hivc *h = arg;

	atomic64_inc(&h->rings);
	wake_up_interruptible_all(&h->wq);
	return IRQ_HANDLED;
}

static int hivc_open(struct inode *inode, struct file *file)
{
	struct hivc *h = container_of(file->private_data, struct hivc, misc);
	struct hivc_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->h = h;
	/* from now on: what the channel's memory says is read after open */
	f->seen = atomic64_read(&h->rings);
	file->private_data = f;
	return 0;
}

static int hivc_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static ssize_t hivc_read(struct file *file, char __user *buf, size_t len,
			 loff_t *ppos)
{
	struct hivc_file *f = file->private_data;
	struct hivc *h = f->h;
	u64 now, n;
	int ret;

	if (len < sizeof(u64))
		return -EINVAL;
	for (;;) {
		now = atomic64_read(&h->rings);
		if (now != f->seen)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		/* the condition is tested after queueing: no ring is lost */
		ret = wait_event_interruptible(
			h->wq, atomic64_read(&h->rings) != f->seen);
		if (ret)
			return ret;
	}
	n = now - f->seen;
	if (copy_to_user(buf, &n, sizeof(n)))
		return -EFAULT;
	f->seen = now;
	return sizeof(n);
}

static __poll_t hivc_poll(struct file *file, poll_table *wait)
{
	struct hivc_file *f = file->private_data;

	poll_wait(file, &f->h->wq, wait);
	return atomic64_read(&f->h->rings) != f->seen ? EPOLLIN | EPOLLRDNORM
						      : 0;
}

/* May [off, off + len) of the channel's memory be written by this zone? */
static bool hivc_writable(struct hivc *h, u64 off, u64 len)
{
	u64 own = (u64)h->rw + (u64)h->peer_id * h->out;

	return off + len <= h->rw || (off >= own && off + len <= own + h->out);
}

static int hivc_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct hivc *h = ((struct hivc_file *)file->private_data)->h;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;

	if (off >= h->shm_size || len > h->shm_size - off)
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL; /* a private copy of a channel shares nothing */
	if (!hivc_writable(h, off, len)) {
		/* another peer's output section: the hypervisor maps it
		 * read-only for this zone, so must we */
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		vma->vm_flags &= ~VM_MAYWRITE;
	}
	return remap_pfn_range(vma, vma->vm_start, (h->shm + off) >> PAGE_SHIFT,
			       len, vma->vm_page_prot);
}

static long hivc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hivc *h = ((struct hivc_file *)file->private_data)->h;
	void __user *uarg = (void __user *)arg;
	struct hivc_info info;
	u32 v, i;

	switch (cmd) {
	case HIVC_INFO:
		memset(&info, 0, sizeof(info));
		info.ivc_id = h->id;
		info.peer_id = h->peer_id;
		info.max_peers = h->max_peers;
		info.rw_sec_size = h->rw;
		info.out_sec_size = h->out;
		info.peers = ct_read(h, HV_IVC_CT_PEERS);
		for (i = 0; i < h->max_peers; i++)
			info.state[i] =
				ct_read(h, HV_IVC_CT_PEER_STATE + 4 * i);
		return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
	case HIVC_DOORBELL:
		if (get_user(v, (u32 __user *)uarg))
			return -EFAULT;
		if (v >= h->max_peers)
			return -EINVAL;
		writel(v, h->ct + HV_IVC_CT_IPI_INVOKE);
		return 0;
	case HIVC_SET_STATE:
		if (get_user(v, (u32 __user *)uarg))
			return -EFAULT;
		writel(v, h->ct + HV_IVC_CT_STATE);
		return 0;
	}
	return -ENOTTY;
}

static const struct file_operations hivc_fops = {
	.owner = THIS_MODULE,
	.open = hivc_open,
	.release = hivc_release,
	.read = hivc_read,
	.poll = hivc_poll,
	.mmap = hivc_mmap,
	.unlocked_ioctl = hivc_ioctl,
	.llseek = noop_llseek,
};

static int hivc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct resource *ct, *shm;
	struct hivc *h;
	u32 dt_id;
	int irq, ret;

	h = devm_kzalloc(dev, sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	ct = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	shm = platform_get_resource(pdev, IORESOURCE_MEM, 1);
	irq = platform_get_irq(pdev, 0);
	if (!ct || !shm || irq < 0 ||
	    of_property_read_u32(dev->of_node, "hvisor,ivc-id", &dt_id)) {
		dev_err(dev,
			"needs reg (control table, memory), interrupts and hvisor,ivc-id\n");
		return -EINVAL;
	}
	h->ct = devm_ioremap(dev, ct->start, resource_size(ct));
	if (!h->ct)
		return -ENOMEM;
	h->shm = shm->start;
	h->shm_size = resource_size(shm);
	h->id = ct_read(h, HV_IVC_CT_IVC_ID);
	h->max_peers = ct_read(h, HV_IVC_CT_MAX_PEERS);
	h->rw = ct_read(h, HV_IVC_CT_RW_SEC_SIZE);
	h->out = ct_read(h, HV_IVC_CT_OUT_SEC_SIZE);
	h->peer_id = ct_read(h, HV_IVC_CT_PEER_ID);
	/* the tree and the hypervisor must tell the same story */
	if (h->id != dt_id || h->max_peers > HV_IVC_MAX_PEERS ||
	    h->peer_id >= h->max_peers || !PAGE_ALIGNED(h->rw) ||
	    !PAGE_ALIGNED(h->out) || !PAGE_ALIGNED(h->shm) ||
	    (u64)h->rw + (u64)h->max_peers * h->out != h->shm_size) {
		dev_err(dev,
			"ivc %u: the hypervisor says id %u, peer %u of %u, sections 0x%x + 0x%x; the tree says %pR\n",
			dt_id, h->id, h->peer_id, h->max_peers, h->rw, h->out,
			shm);
		return -EINVAL;
	}
	atomic64_set(&h->rings, 0);
	init_waitqueue_head(&h->wq);
	snprintf(h->name, sizeof(h->name), "hivc%u", h->id);
	ret = devm_request_irq(dev, irq, hivc_irq, 0, h->name, h);
	if (ret)
		return ret;
	h->misc.minor = MISC_DYNAMIC_MINOR;
	h->misc.name = h->name;
	h->misc.fops = &hivc_fops;
	h->misc.parent = dev;
	ret = misc_register(&h->misc);
	if (ret)
		return ret;
	platform_set_drvdata(pdev, h);
	writel(1, h->ct + HV_IVC_CT_STATE); /* we are up */
	dev_info(dev, "/dev/%s: peer %u of %u, sections 0x%x + %u x 0x%x\n",
		 h->name, h->peer_id, h->max_peers, h->rw, h->max_peers,
		 h->out);
	return 0;
}

static int hivc_remove(struct platform_device *pdev)
{
	struct hivc *h = platform_get_drvdata(pdev);

	writel(0, h->ct + HV_IVC_CT_STATE);
	misc_deregister(&h->misc);
	return 0;
}

static const struct of_device_id hivc_of_match[] = {
	{ .compatible = "hvisor,ivc" }, {}
};
MODULE_DEVICE_TABLE(of, hivc_of_match);

static struct platform_driver hivc_driver = {
	.probe = hivc_probe,
	.remove = hivc_remove,
	.driver = {
		.name = "hivc",
		.of_match_table = hivc_of_match,
		/* open files hold the device: no unbinding under them */
		.suppress_bind_attrs = true,
	},
};
static int __init hivc_init(void)
{
	struct arm_smccc_res res;

	/* A control table is the hypervisor's: without hvisor below (the
	 * same tree booted bare) nothing answers there and a read aborts.
	 * Ask who is below first, as hvisor.ko does. */
	arm_smccc_1_1_hvc(HV_SMCCC_UID_FN, &res);
	if (res.a0 != HV_UID0 || res.a1 != HV_UID1 || res.a2 != HV_UID2 ||
	    res.a3 != HV_UID3) {
		pr_info("hivc: not running on hvisor: no channels\n");
		return -ENODEV;
	}
	return platform_driver_register(&hivc_driver);
}

static void __exit hivc_exit(void)
{
	platform_driver_unregister(&hivc_driver);
}

module_init(hivc_init);
module_exit(hivc_exit);

MODULE_DESCRIPTION("hvisor channels between zones: /dev/hivcN");
MODULE_LICENSE("GPL");

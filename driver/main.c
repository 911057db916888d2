// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor.ko: zone0's door to the hypervisor, the misc device /dev/hvisor.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <hvisor/abi.h>

static const struct file_operations hvisor_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice hvisor_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvisor",
	.fops = &hvisor_fops,
};

static int __init hvisor_init(void)
{
	int ret = misc_register(&hvisor_misc);

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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_main.c: hv.ko's entry points: module parameters, the /dev/hv misc
 * device (API version, VM creation, run structure size) and load/unload.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <asm/cpufeature.h>
#include "kmod/hv.h"

bool hv_npt = true;
module_param_named(npt, hv_npt, bool, 0444);
MODULE_PARM_DESC(npt, "nested paging (1) or shadow paging (0)");
bool hv_fast_pf = true;
module_param_named(fast_pf, hv_fast_pf, bool, 0444);
MODULE_PARM_DESC(fast_pf, "lockless fast page-fault path");
bool hv_async_pf = true;
module_param_named(async_pf, hv_async_pf, bool, 0444);
MODULE_PARM_DESC(async_pf, "asynchronous page faults for guests that ask");
bool hv_shadow_cache = true;
module_param_named(shadow_cache, hv_shadow_cache, bool, 0444);
MODULE_PARM_DESC(shadow_cache, "keep shadow pages across CR3 loads");
bool hv_bypass = true;
module_param_named(bypass, hv_bypass, bool, 0444);
MODULE_PARM_DESC(bypass, "notrap entries: reinject guest faults unwalked");

const struct hv_backend *hv_be;

/* The backends, by the CPU feature that selects one. */
static const struct hv_backend *const hv_backends[] = {
	&hv_svm_backend,
	&hv_vmx_backend,
};

/* The backend for this CPU, or -ENODEV with a log line. */
static int hv_pick_backend(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hv_backends); i++) {
		if (boot_cpu_has(hv_backends[i]->feature)) {
			hv_be = hv_backends[i];
			return hv_be->probe();
		}
	}
	pr_err("hv: this CPU has no hardware virtualization hv.ko supports (SVM, VMX)\n");
	return -ENODEV;
}

static long hv_dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case HV_GET_API_VERSION:
		return arg ? -EINVAL : HV_API_VERSION;
	case HV_CREATE_VM:
		return arg ? -EINVAL : hv_vm_create();
	case HV_GET_VCPU_MMAP_SIZE:
		return arg ? -EINVAL : PAGE_SIZE;
	}
	return -ENOTTY;
}

static const struct file_operations hv_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hv_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hv_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hv",
	.fops = &hv_dev_fops,
	.mode = 0660,
};

static int __init hv_init(void)
{
	int r;

	r = hv_pick_backend();
	if (r)
		return r;
	r = hv_genl_init();
	if (r)
		return r;
	r = misc_register(&hv_dev);
	if (r) {
		hv_genl_exit();
		return r;
	}
	pr_info("hv: /dev/hv ready (%s, npt=%d fast_pf=%d async_pf=%d shadow_cache=%d bypass=%d)\n",
		hv_be->name, hv_npt, hv_fast_pf, hv_async_pf, hv_shadow_cache, hv_bypass);
	return 0;
}

static void __exit hv_exit(void)
{
	misc_deregister(&hv_dev);
	hv_genl_exit();
}

module_init(hv_init);
module_exit(hv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hv: a small SVM/VMX hypervisor with a portable MMU core");

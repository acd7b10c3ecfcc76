// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_vm.c: a VM and its file: memory slots (checked: slot number, flags,
 * alignment, size, overlap), vCPU creation, the dirty log and async page
 * faults. The VM's MMU is made on the first slot or vCPU, once the options
 * (async PF) are known. Hardware virtualization is on while VMs exist.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "kmod/hv.h"

LIST_HEAD(hv_vms);
DEFINE_MUTEX(hv_vms_lock);
static unsigned int hv_next_vm_id = 1;

void hv_vm_flush_tlbs(void *opaque)
{
	struct hv_vm *vm = opaque;

	atomic64_inc(&vm->tlb_gen);
	hv_vm_kick_all(vm);
}

/* Makes the MMU if there is none yet. Under vm->lock. */
static int vm_mmu(struct hv_vm *vm)
{
	struct hv_mmu_options o;

	if (vm->mmu)
		return 0;
	hv_mmu_default_options(&o);
	o.mode = vm->npt ? HV_MMU_DIRECT : HV_MMU_SHADOW;
	o.format = vm->npt ? hv_be->tdp_format : HV_MMU_FMT_X86;
	o.shadow_cache = hv_shadow_cache;
	o.bypass = hv_bypass && !vm->npt;
	o.pfec_filter = o.bypass && hv_be->pfec_filter;
	o.fast_pf = hv_fast_pf;
	o.async_pf = vm->async_pf;
	return hv_mmu_vm_create(vm->plat, &o, &vm->mmu);
}

static void hv_vm_free(struct kref *ref)
{
	struct hv_vm *vm = container_of(ref, struct hv_vm, ref);

	mutex_lock(&hv_vms_lock);
	list_del(&vm->node);
	mutex_unlock(&hv_vms_lock);
	hv_genl_vm_event(vm->id, false);
	if (vm->mmu)
		hv_mmu_vm_destroy(vm->mmu);
	hvpk_destroy(vm->plat);
	hv_hw_put();
	kfree(vm);
}

void hv_vm_put(struct hv_vm *vm)
{
	kref_put(&vm->ref, hv_vm_free);
}

static bool ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

static int set_region(struct hv_vm *vm,
		      const struct hv_userspace_memory_region *m)
{
	const u32 known = HV_MEM_LOG_DIRTY_PAGES | HV_MEM_READONLY;
	struct hv_userspace_memory_region *s;
	unsigned int i, flags = 0;
	int r;

	if (m->slot >= HV_MAX_SLOTS || (m->flags & ~known))
		return -EINVAL;
	if (!PAGE_ALIGNED(m->guest_phys_addr) ||
	    !PAGE_ALIGNED(m->memory_size) ||
	    !PAGE_ALIGNED(m->userspace_addr))
		return -EINVAL;
	if (m->memory_size &&
	    (m->guest_phys_addr + m->memory_size < m->guest_phys_addr ||
	     m->guest_phys_addr + m->memory_size > (1ull << 46) ||
	     m->userspace_addr + m->memory_size < m->userspace_addr ||
	     !access_ok((void __user *)(unsigned long)m->userspace_addr,
			m->memory_size)))
		return -EINVAL;
	for (i = 0; i < HV_MAX_SLOTS && m->memory_size; i++) {
		s = &vm->slots[i];
		if (i != m->slot && s->memory_size &&
		    ranges_overlap(s->guest_phys_addr, s->memory_size,
				   m->guest_phys_addr, m->memory_size))
			return -EEXIST;
	}
	if (m->flags & HV_MEM_LOG_DIRTY_PAGES)
		flags |= HV_SLOT_DIRTY_LOG;
	if (m->flags & HV_MEM_READONLY)
		flags |= HV_SLOT_READONLY;
	r = vm_mmu(vm);
	if (r)
		return r;
	s = &vm->slots[m->slot];
	if (s->memory_size && m->memory_size &&
	    s->guest_phys_addr == m->guest_phys_addr &&
	    s->memory_size == m->memory_size &&
	    s->userspace_addr == m->userspace_addr)
		r = hv_mmu_set_slot_flags(vm->mmu, m->slot, flags);
	else
		r = hv_mmu_set_slot(vm->mmu, m->slot,
				    m->guest_phys_addr >> PAGE_SHIFT,
				    m->memory_size >> PAGE_SHIFT,
				    m->userspace_addr, flags);
	if (!r)
		*s = *m;
	return r;
}

static int get_dirty_log(struct hv_vm *vm, const struct hv_dirty_log *d)
{
	struct hv_userspace_memory_region *s;
	size_t bytes;
	u64 *bitmap;
	int r;

	if (d->padding || d->slot >= HV_MAX_SLOTS)
		return -EINVAL;
	s = &vm->slots[d->slot];
	if (!s->memory_size || !(s->flags & HV_MEM_LOG_DIRTY_PAGES))
		return -ENOENT;
	bytes = DIV_ROUND_UP(s->memory_size >> PAGE_SHIFT, 64) * 8;
	bitmap = kvzalloc(bytes, GFP_KERNEL_ACCOUNT);
	if (!bitmap)
		return -ENOMEM;
	r = hv_mmu_dirty_log_get_clear(vm->mmu, d->slot, bitmap);
	if (!r && copy_to_user(u64_to_user_ptr(d->dirty_bitmap), bitmap,
			       bytes))
		r = -EFAULT;
	kvfree(bitmap);
	return r;
}

static int enable_async_pf(struct hv_vm *vm, const struct hv_async_pf *a)
{
	if (a->flags || a->padding)
		return -EINVAL;
	if (!hv_async_pf)
		return -EOPNOTSUPP;
	if (vm->mmu)
		return -EBUSY;
	vm->async_pf = true;
	return 0;
}

static long vm_ioctl_locked(struct hv_vm *vm, unsigned int cmd,
			    void __user *argp, unsigned long arg)
{
	struct hv_userspace_memory_region m;
	struct hv_dirty_log d;
	struct hv_async_pf a;
	int r;

	switch (cmd) {
	case HV_SET_USER_MEMORY_REGION:
		if (copy_from_user(&m, argp, sizeof(m)))
			return -EFAULT;
		return set_region(vm, &m);
	case HV_GET_DIRTY_LOG:
		if (copy_from_user(&d, argp, sizeof(d)))
			return -EFAULT;
		return get_dirty_log(vm, &d);
	case HV_ENABLE_ASYNC_PF:
		if (copy_from_user(&a, argp, sizeof(a)))
			return -EFAULT;
		return enable_async_pf(vm, &a);
	case HV_GET_VM_ID:
		return arg ? -EINVAL : vm->id;
	case HV_CREATE_VCPU:
		r = vm_mmu(vm);
		return r ? r : hv_vcpu_create(vm, arg);
	}
	return -ENOTTY;
}

static long hv_vm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hv_vm *vm = f->private_data;
	long r;

	if (current->mm != vm->mm)
		return -EIO;
	mutex_lock(&vm->lock);
	r = vm_ioctl_locked(vm, cmd, (void __user *)arg, arg);
	mutex_unlock(&vm->lock);
	return r;
}

static int hv_vm_release(struct inode *inode, struct file *f)
{
	hv_vm_put(f->private_data);
	return 0;
}

static const struct file_operations hv_vm_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hv_vm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = hv_vm_release,
	.llseek = noop_llseek,
};

int hv_vm_create(void)
{
	struct hv_vm *vm;
	int r, fd;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	kref_init(&vm->ref);
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->node);
	vm->npt = hv_npt;
	r = hv_hw_get();
	if (r)
		goto fail_free;
	r = -ENOMEM;
	vm->mm = current->mm;
	vm->plat = hvpk_create(current->mm, hv_vm_flush_tlbs, vm);
	if (!vm->plat)
		goto fail_hw;
	mutex_lock(&hv_vms_lock);
	vm->id = hv_next_vm_id++;
	list_add_tail(&vm->node, &hv_vms);
	mutex_unlock(&hv_vms_lock);
	fd = anon_inode_getfd("hv-vm", &hv_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		hv_vm_put(vm);
		return fd;
	}
	hv_genl_vm_event(vm->id, true);
	return fd;

fail_hw:
	hv_hw_put();
fail_free:
	kfree(vm);
	return r;
}

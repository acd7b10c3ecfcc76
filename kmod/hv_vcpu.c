// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_vcpu.c: a vCPU and its file: creation (ids checked), the mmap-ed run
 * structure, HV_RUN and the register, CPUID, MSR and run-state ioctls,
 * each checking its argument before the backend sees it; the vCPU's local
 * APIC and FPU state, and the kick that wakes it.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/fpu/api.h>
#include "kmod/hv.h"

const struct hv_stat_desc hv_vcpu_stat_names[] = {
#define S(x) { #x, offsetof(struct hv_vcpu_stats, x) }
	S(exits), S(io_exits), S(halt_exits), S(npf_exits), S(pf_exits),
	S(msr_exits), S(cpuid_exits), S(intr_exits), S(signal_exits),
	S(injections), S(irq_injections), S(apic_accesses),
#undef S
	{ NULL, 0 },
};

static bool segment_ok(const struct hv_segment *s)
{
	return !s->padding && s->type < 16 && s->present < 2 && s->dpl < 4 &&
	       s->db < 2 && s->s < 2 && s->l < 2 && s->g < 2 && s->avl < 2 &&
	       s->unusable < 2;
}

/* Control-register bits a guest may hold (the rest would fail entry). */
#define CR0_OK	(X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS | \
		 X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_AM | \
		 X86_CR0_NW | X86_CR0_CD | X86_CR0_PG)
#define EFER_OK	(EFER_SCE | EFER_LME | HV_EFER_LMA | EFER_NX)

static bool crs_ok(const struct hv_sregs *sr)
{
	return !((sr->cr0 & ~CR0_OK) || (sr->cr4 & ~HV_CR4_OK) ||
		 (sr->efer & ~EFER_OK) ||
		 ((sr->cr0 & X86_CR0_NW) && !(sr->cr0 & X86_CR0_CD)) ||
		 ((sr->cr0 & X86_CR0_PG) && !(sr->cr0 & X86_CR0_PE)) ||
		 (!!(sr->efer & HV_EFER_LMA) !=
		  ((sr->efer & EFER_LME) && (sr->cr0 & X86_CR0_PG))) ||
		 ((sr->efer & HV_EFER_LMA) && !(sr->cr4 & X86_CR4_PAE)));
}

/* Where each register of enum hv_gpr sits in struct hv_regs. */
static const size_t regs_offset[HV_NR_REGS] = {
#define R(n, f) [HV_##n] = offsetof(struct hv_regs, f)
	R(RAX, rax), R(RCX, rcx), R(RDX, rdx), R(RBX, rbx), R(RSP, rsp),
	R(RBP, rbp), R(RSI, rsi), R(RDI, rdi), R(R8, r8), R(R9, r9),
	R(R10, r10), R(R11, r11), R(R12, r12), R(R13, r13), R(R14, r14),
	R(R15, r15), R(RIP, rip), R(RFLAGS, rflags),
#undef R
};

static void get_regs(struct hv_vcpu *v, struct hv_regs *r)
{
	unsigned int n;

	for (n = 0; n < HV_NR_REGS; n++)
		*(u64 *)((char *)r + regs_offset[n]) = *hv_be->gpr(v, n);
}

static void set_regs(struct hv_vcpu *v, const struct hv_regs *r)
{
	unsigned int n;

	for (n = 0; n < HV_NR_REGS; n++)
		*hv_be->gpr(v, n) = *(const u64 *)((const char *)r +
						   regs_offset[n]);
	/* Bit 1 is always set; the reserved bits are not the guest's. */
	*hv_be->gpr(v, HV_RFLAGS) = (r->rflags & 0x3f7fd5) | 2;
	/* A register write ends a pending IN: userspace took over. */
	v->pio_in_size = 0;
}

static int sregs_ok(const struct hv_sregs *sr)
{
	const struct hv_segment *segs[] = { &sr->cs, &sr->ds, &sr->es,
		&sr->fs, &sr->gs, &sr->ss, &sr->tr, &sr->ldt };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(segs); i++)
		if (!segment_ok(segs[i]))
			return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(sr->reserved); i++)
		if (sr->reserved[i])
			return -EINVAL;
	if (sr->gdt.padding[0] || sr->gdt.padding[1] || sr->gdt.padding[2] ||
	    sr->idt.padding[0] || sr->idt.padding[1] || sr->idt.padding[2])
		return -EINVAL;
	return crs_ok(sr) ? 0 : -EINVAL;
}

static void get_sregs(struct hv_vcpu *v, struct hv_sregs *sr)
{
	memset(sr, 0, sizeof(*sr));
	hv_be->get_sregs(v, sr);
	if (!v->vm->npt) {
		sr->cr0 = v->cr0;
		sr->cr3 = v->cr3;
		sr->cr4 = v->cr4;
		sr->efer = v->efer;
	}
}

static int set_sregs(struct hv_vcpu *v, const struct hv_sregs *sr)
{
	int r = sregs_ok(sr);

	if (r)
		return r;
	if (!v->vm->npt &&
	    hv_shadow_set(v, sr->cr0, sr->cr3, sr->cr4, sr->efer))
		return -EINVAL;
	hv_be->set_sregs(v, sr);
	return 0;
}

static int set_cpuid(struct hv_vcpu *v, struct hv_cpuid __user *uc)
{
	struct hv_cpuid_entry *e;
	struct hv_cpuid c;
	unsigned int i;

	if (copy_from_user(&c, uc, sizeof(c)))
		return -EFAULT;
	if (c.padding || c.nent > HV_MAX_CPUID_ENTRIES)
		return -EINVAL;
	e = memdup_user(uc->entries, array_size(c.nent, sizeof(*e)));
	if (IS_ERR(e))
		return PTR_ERR(e);
	for (i = 0; i < c.nent; i++) {
		if (e[i].padding ||
		    (e[i].flags & ~HV_CPUID_FLAG_SIGNIFICANT_INDEX)) {
			kfree(e);
			return -EINVAL;
		}
	}
	kfree(v->cpuid);
	v->cpuid = e;
	v->cpuid_n = c.nent;
	return 0;
}

static long vcpu_ioctl_locked(struct hv_vcpu *v, unsigned int cmd,
			      void __user *argp)
{
	struct hv_regs regs;
	struct hv_sregs sr;
	struct hv_mp_state mp;
	struct hv_msr msr;

	switch (cmd) {
	case HV_RUN:
		if (argp)
			return -EINVAL;
		return hv_vcpu_run(v);
	case HV_GET_REGS:
		get_regs(v, &regs);
		return copy_to_user(argp, &regs, sizeof(regs)) ? -EFAULT : 0;
	case HV_SET_REGS:
		if (copy_from_user(&regs, argp, sizeof(regs)))
			return -EFAULT;
		set_regs(v, &regs);
		return 0;
	case HV_GET_SREGS:
		get_sregs(v, &sr);
		return copy_to_user(argp, &sr, sizeof(sr)) ? -EFAULT : 0;
	case HV_SET_SREGS:
		if (copy_from_user(&sr, argp, sizeof(sr)))
			return -EFAULT;
		return set_sregs(v, &sr);
	case HV_SET_CPUID:
		return set_cpuid(v, argp);
	case HV_GET_MP_STATE:
		mp.mp_state = hv_lapic_mp_state(&v->lapic);
		return copy_to_user(argp, &mp, sizeof(mp)) ? -EFAULT : 0;
	case HV_GET_MSR:
		if (copy_from_user(&msr, argp, sizeof(msr)))
			return -EFAULT;
		if (msr.padding)
			return -EINVAL;
		if (hv_msr_read(v, msr.index, &msr.data))
			return -ENOENT;
		return copy_to_user(argp, &msr, sizeof(msr)) ? -EFAULT : 0;
	}
	return -ENOTTY;
}

static long hv_vcpu_ioctl(struct file *f, unsigned int cmd,
			  unsigned long arg)
{
	struct hv_vcpu *v = f->private_data;
	long r;

	if (current->mm != v->vm->mm)
		return -EIO;
	if (mutex_lock_killable(&v->mutex))
		return -EINTR;
	r = vcpu_ioctl_locked(v, cmd, (void __user *)arg);
	mutex_unlock(&v->mutex);
	return r;
}

static vm_fault_t hv_vcpu_fault(struct vm_fault *vmf)
{
	struct hv_vcpu *v = vmf->vma->vm_file->private_data;

	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(v->run);
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct hv_vcpu_vm_ops = {
	.fault = hv_vcpu_fault,
};

static int hv_vcpu_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff || vma_pages(vma) != 1)
		return -EINVAL;
	vma->vm_ops = &hv_vcpu_vm_ops;
	return 0;
}

static int hv_vcpu_release(struct inode *inode, struct file *f)
{
	struct hv_vcpu *v = f->private_data;
	struct hv_vm *vm = v->vm;

	mutex_lock(&vm->lock);
	WRITE_ONCE(vm->vcpus[v->id], NULL);
	mutex_unlock(&vm->lock);
	synchronize_rcu();	/* kick_all() and IPIs may still look at it */
	hv_lapic_destroy(&v->lapic);
	hv_be->vcpu_free(v);
	fpu_free_guest_fpstate(&v->fpu);
	hv_mmu_vcpu_destroy(v->mmu);
	free_page((unsigned long)v->run);
	kfree(v->cpuid);
	kfree(v);
	hv_vm_put(vm);
	return 0;
}

static const struct file_operations hv_vcpu_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hv_vcpu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = hv_vcpu_mmap,
	.release = hv_vcpu_release,
	.llseek = noop_llseek,
};

void hv_vcpu_kick(void *opaque)
{
	struct hv_vcpu *v = opaque;

	atomic_set(&v->kicked, 1);
	smp_mb();	/* against the run loop's cpu store, kicked load */
	wake_up(&v->wq);
	hv_vcpu_kick_cpu(v);
}

/* Under vm->lock, with the VM's MMU made. */
int hv_vcpu_create(struct hv_vm *vm, unsigned long id)
{
	struct hv_vcpu *v;
	int r, fd;

	if (id >= HV_MAX_VCPUS)
		return -EINVAL;
	if (vm->vcpus[id])
		return -EEXIST;
	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->vm = vm;
	v->id = id;
	v->cpu = -1;
	mutex_init(&v->mutex);
	init_waitqueue_head(&v->wq);
	r = -ENOMEM;
	v->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!v->run)
		goto fail_free;
	r = hv_mmu_vcpu_create(vm->mmu, id, hv_vcpu_kick, v, &v->mmu);
	if (r)
		goto fail_run;
	r = -ENOMEM;
	if (!fpu_alloc_guest_fpstate(&v->fpu))
		goto fail_mmu;
	hv_lapic_init(&v->lapic, v);
	r = hv_be->vcpu_init(v);
	if (r)
		goto fail_fpu;
	fd = anon_inode_getfd("hv-vcpu", &hv_vcpu_fops, v, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		r = fd;
		goto fail_arch;
	}
	/* A racing close() of @fd waits for vm->lock, which we hold. */
	kref_get(&vm->ref);
	WRITE_ONCE(vm->vcpus[id], v);
	return fd;

fail_arch:
	hv_lapic_destroy(&v->lapic);
	hv_be->vcpu_free(v);
fail_fpu:
	fpu_free_guest_fpstate(&v->fpu);
fail_mmu:
	hv_mmu_vcpu_destroy(v->mmu);
fail_run:
	free_page((unsigned long)v->run);
fail_free:
	kfree(v);
	return r;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_hw.c: SVM on the processors: probed at load, turned on (EFER.SVME
 * and the host save area, on every CPU) when the first VM is made and off
 * when the last goes. A CPU where EFER.SVME is already set belongs to
 * another hypervisor (kvm-amd): then VM creation fails with EBUSY, so the
 * two modules can take turns in one boot. Also the I/O and MSR permission
 * maps every VMCB shares (all ones: every port and MSR is intercepted).
 */
#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/svm.h>
#include "kmod/svm/svm.h"
#include "kmod/svm/svm_int.h"

DEFINE_PER_CPU(struct hv_svm_cpu, hv_svm_cpus);
u64 hv_svm_iopm_pa, hv_svm_msrpm_pa;

static DEFINE_MUTEX(hv_svm_lock);
static unsigned int hv_svm_users;
static struct page *iopm, *msrpm;
static atomic_t busy_cpu;

#define IOPM_ORDER	2	/* 12 KiB used */
#define MSRPM_ORDER	1	/* 8 KiB */

int hv_svm_probe(void)
{
	if (!boot_cpu_has(X86_FEATURE_SVM)) {
		pr_err("hv: this CPU has no SVM\n");
		return -ENODEV;
	}
	if (hv_npt && !boot_cpu_has(X86_FEATURE_NPT)) {
		pr_err("hv: npt=1 but this CPU has no nested paging\n");
		return -ENODEV;
	}
	return 0;
}

static void svm_cpu_on(void *unused)
{
	struct hv_svm_cpu *c = this_cpu_ptr(&hv_svm_cpus);
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME) {
		atomic_set(&busy_cpu, smp_processor_id() + 1);
		return;
	}
	wrmsrl(MSR_EFER, efer | EFER_SVME);
	wrmsrl(MSR_VM_HSAVE_PA, page_to_phys(c->hsave));
	c->on = true;
	c->last_vmcb = NULL;
}

static void svm_cpu_off(void *unused)
{
	struct hv_svm_cpu *c = this_cpu_ptr(&hv_svm_cpus);
	u64 efer;

	if (!c->on)
		return;
	wrmsrl(MSR_VM_HSAVE_PA, 0);
	rdmsrl(MSR_EFER, efer);
	wrmsrl(MSR_EFER, efer & ~EFER_SVME);
	c->on = false;
}

static void free_pages_all(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hv_svm_cpu *c = per_cpu_ptr(&hv_svm_cpus, cpu);

		if (c->hsave)
			__free_page(c->hsave);
		if (c->host_save)
			__free_page(c->host_save);
		c->hsave = NULL;
		c->host_save = NULL;
	}
	if (iopm)
		__free_pages(iopm, IOPM_ORDER);
	if (msrpm)
		__free_pages(msrpm, MSRPM_ORDER);
	iopm = NULL;
	msrpm = NULL;
}

static int alloc_pages_all(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hv_svm_cpu *c = per_cpu_ptr(&hv_svm_cpus, cpu);

		c->hsave = alloc_page(GFP_KERNEL | __GFP_ZERO);
		c->host_save = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!c->hsave || !c->host_save)
			return -ENOMEM;
		c->host_save_pa = page_to_phys(c->host_save);
	}
	iopm = alloc_pages(GFP_KERNEL, IOPM_ORDER);
	msrpm = alloc_pages(GFP_KERNEL, MSRPM_ORDER);
	if (!iopm || !msrpm)
		return -ENOMEM;
	memset(page_address(iopm), 0xff, PAGE_SIZE << IOPM_ORDER);
	memset(page_address(msrpm), 0xff, PAGE_SIZE << MSRPM_ORDER);
	hv_svm_iopm_pa = page_to_phys(iopm);
	hv_svm_msrpm_pa = page_to_phys(msrpm);
	return 0;
}

int hv_svm_get(void)
{
	int r = 0, busy;

	mutex_lock(&hv_svm_lock);
	if (hv_svm_users) {
		hv_svm_users++;
		goto out;
	}
	r = alloc_pages_all();
	if (r)
		goto fail;
	cpus_read_lock();
	atomic_set(&busy_cpu, 0);
	on_each_cpu(svm_cpu_on, NULL, 1);
	busy = atomic_read(&busy_cpu);
	if (busy) {
		on_each_cpu(svm_cpu_off, NULL, 1);
		cpus_read_unlock();
		pr_warn("hv: EFER.SVME already set on CPU %d: another hypervisor holds SVM, refusing the VM\n",
			busy - 1);
		r = -EBUSY;
		goto fail;
	}
	cpus_read_unlock();
	hv_svm_users = 1;
	goto out;
fail:
	free_pages_all();
out:
	mutex_unlock(&hv_svm_lock);
	return r;
}

void hv_svm_put(void)
{
	mutex_lock(&hv_svm_lock);
	if (!--hv_svm_users) {
		cpus_read_lock();
		on_each_cpu(svm_cpu_off, NULL, 1);
		cpus_read_unlock();
		free_pages_all();
	}
	mutex_unlock(&hv_svm_lock);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_hw.c: SVM on the processors: probed at load, turned on and off on
 * one CPU (EFER.SVME and the host save area) for hv_hw.c, which does it
 * on every CPU while VMs exist. A CPU where EFER.SVME is already set
 * belongs to another hypervisor (kvm-amd). Also the per-CPU pages and the
 * I/O and MSR permission maps every VMCB shares (all ones: every port and
 * MSR is intercepted).
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/svm.h>
#include "kmod/svm/svm.h"
#include "kmod/svm/svm_int.h"

DEFINE_PER_CPU(struct hv_svm_cpu, hv_svm_cpus);
u64 hv_svm_iopm_pa, hv_svm_msrpm_pa;

static struct page *iopm, *msrpm;

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

bool hv_svm_cpu_on(void)
{
	struct hv_svm_cpu *c = this_cpu_ptr(&hv_svm_cpus);
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME)
		return false;
	wrmsrl(MSR_EFER, efer | EFER_SVME);
	wrmsrl(MSR_VM_HSAVE_PA, page_to_phys(c->hsave));
	c->on = true;
	c->last_vmcb = NULL;
	return true;
}

void hv_svm_cpu_off(void)
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

void hv_svm_hw_free(void)
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

int hv_svm_hw_alloc(void)
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

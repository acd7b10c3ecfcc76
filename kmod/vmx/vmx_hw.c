// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmx_hw.c: VMX on the processors. Probed at load: the controls the
 * backend needs are computed from the capability MSRs, and a CPU lacking
 * one is refused with its name. VMXON and VMXOFF on one CPU (CR4.VMXE
 * and a VMXON region per CPU) for hv_hw.c, which does it on every CPU
 * while VMs exist. A CPU where CR4.VMXE is already set, or where VMXON
 * fails, belongs to another hypervisor (kvm-intel). Also which VMCS is
 * current on which CPU.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include "kmod/vmx/vmx.h"

struct hv_vmx_cpu {
	struct page *vmxon;
	bool on;			/* VMXON done by hv.ko */
	struct hv_vmx *current_vmcs;	/* the one VMPTRLD made current */
};

static DEFINE_PER_CPU(struct hv_vmx_cpu, hv_vmx_cpus);
struct hv_vmx_caps hv_vmx_caps;

/* One control the backend asks for: required or taken if offered. */
struct vmx_ctl {
	u32 *field;			/* in hv_vmx_caps */
	u32 msr, true_msr;
	u32 bit;
	bool required;			/* always; else see @when */
	bool *when;			/* only and always when *when */
	const char *name;
};

static bool need_shadow, need_ept;

static const struct vmx_ctl ctls[] = {
#define PIN MSR_IA32_VMX_PINBASED_CTLS, MSR_IA32_VMX_TRUE_PINBASED_CTLS
#define PROC MSR_IA32_VMX_PROCBASED_CTLS, MSR_IA32_VMX_TRUE_PROCBASED_CTLS
#define PROC2 MSR_IA32_VMX_PROCBASED_CTLS2, MSR_IA32_VMX_PROCBASED_CTLS2
#define EXIT MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS
#define ENTRY MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS
	{ &hv_vmx_caps.pin, PIN, PIN_BASED_EXT_INTR_MASK, true, NULL,
	  "external-interrupt exiting" },
	{ &hv_vmx_caps.pin, PIN, PIN_BASED_NMI_EXITING, true, NULL,
	  "NMI exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_HLT_EXITING, true, NULL,
	  "HLT exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_UNCOND_IO_EXITING, true, NULL,
	  "unconditional I/O exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_MWAIT_EXITING, false, NULL,
	  "MWAIT exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_MONITOR_EXITING, false, NULL,
	  "MONITOR exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_INVLPG_EXITING, false,
	  &need_shadow, "INVLPG exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_CR3_LOAD_EXITING, false,
	  &need_shadow, "CR3-load exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_CR3_STORE_EXITING, false,
	  &need_shadow, "CR3-store exiting" },
	{ &hv_vmx_caps.proc, PROC, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
	  false, &need_ept, "secondary controls" },
	{ &hv_vmx_caps.proc2, PROC2, SECONDARY_EXEC_ENABLE_EPT, false,
	  &need_ept, "EPT" },
	{ &hv_vmx_caps.proc2, PROC2, SECONDARY_EXEC_UNRESTRICTED_GUEST, false,
	  &need_ept, "unrestricted guest" },
	{ &hv_vmx_caps.exit, EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE, true, NULL,
	  "64-bit host on exit" },
	{ &hv_vmx_caps.exit, EXIT, VM_EXIT_LOAD_IA32_EFER, true, NULL,
	  "EFER load on exit" },
	{ &hv_vmx_caps.exit, EXIT, VM_EXIT_SAVE_IA32_EFER, true, NULL,
	  "EFER save on exit" },
	{ &hv_vmx_caps.entry, ENTRY, VM_ENTRY_LOAD_IA32_EFER, true, NULL,
	  "EFER load on entry" },
#undef PIN
#undef PROC
#undef PROC2
#undef EXIT
#undef ENTRY
};

/* The allowed 0 and 1 settings of one control field. */
static void ctl_msr(u32 msr, u32 *must, u32 *may)
{
	u64 v;

	rdmsrl(msr, v);
	*must = v;
	*may = v >> 32;
}

static int probe_ctls(bool true_ctls)
{
	u32 must, may, msr;
	unsigned int i;

	hv_vmx_caps.pin = 0;
	hv_vmx_caps.proc = 0;
	hv_vmx_caps.proc2 = 0;
	hv_vmx_caps.exit = 0;
	hv_vmx_caps.entry = 0;
	/* First the bits every control field must have set. */
	for (i = 0; i < ARRAY_SIZE(ctls); i++) {
		msr = true_ctls ? ctls[i].true_msr : ctls[i].msr;
		ctl_msr(msr, &must, &may);
		*ctls[i].field |= must;
	}
	for (i = 0; i < ARRAY_SIZE(ctls); i++) {
		bool need = ctls[i].required ||
			    (ctls[i].when && *ctls[i].when);

		if (ctls[i].when && !*ctls[i].when)
			continue;	/* not for this mode */
		msr = true_ctls ? ctls[i].true_msr : ctls[i].msr;
		ctl_msr(msr, &must, &may);
		if (may & ctls[i].bit) {
			*ctls[i].field |= ctls[i].bit;
		} else if (need) {
			pr_err("hv: this CPU's VMX lacks %s\n", ctls[i].name);
			return -ENODEV;
		}
	}
	return 0;
}

static int probe_ept(void)
{
	u64 cap;

	rdmsrl(MSR_IA32_VMX_EPT_VPID_CAP, cap);
	if (!(cap & VMX_EPT_PAGE_WALK_4_BIT)) {
		pr_err("hv: this CPU's EPT lacks 4-level tables\n");
		return -ENODEV;
	}
	if (!(cap & VMX_EPTP_WB_BIT)) {
		pr_err("hv: this CPU's EPT lacks write-back tables\n");
		return -ENODEV;
	}
	if (!(cap & VMX_EPT_INVEPT_BIT) ||
	    !(cap & VMX_EPT_EXTENT_GLOBAL_BIT)) {
		pr_err("hv: this CPU's EPT lacks INVEPT (all contexts)\n");
		return -ENODEV;
	}
	hv_vmx_caps.unrestricted = true;
	return 0;
}

int hv_vmx_probe(void)
{
	u64 feat, basic;
	int r;

	rdmsrl(MSR_IA32_FEAT_CTL, feat);
	if (!(feat & FEAT_CTL_LOCKED) ||
	    !(feat & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		pr_err("hv: VMX is disabled by the firmware (IA32_FEATURE_CONTROL)\n");
		return -ENODEV;
	}
	rdmsrl(MSR_IA32_VMX_BASIC, basic);
	if (((basic >> VMX_BASIC_VMCS_SIZE_SHIFT) & 0x1fff) > PAGE_SIZE ||
	    ((basic & VMX_BASIC_MEM_TYPE_MASK) >> VMX_BASIC_MEM_TYPE_SHIFT) !=
	    VMX_BASIC_MEM_TYPE_WB) {
		pr_err("hv: this CPU's VMCS is not a write-back page\n");
		return -ENODEV;
	}
	hv_vmx_caps.revision = basic & 0x7fffffff;
	need_ept = hv_npt;
	need_shadow = !hv_npt;
	r = probe_ctls(basic & VMX_BASIC_TRUE_CTLS);
	if (r)
		return r;
	if (hv_npt) {
		r = probe_ept();
		if (r)
			return r;
	}
	rdmsrl(MSR_IA32_VMX_CR0_FIXED0, hv_vmx_caps.cr0_fixed0);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, hv_vmx_caps.cr0_fixed1);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, hv_vmx_caps.cr4_fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, hv_vmx_caps.cr4_fixed1);
	return 0;
}

bool hv_vmx_cpu_on(void)
{
	struct hv_vmx_cpu *c = this_cpu_ptr(&hv_vmx_cpus);
	u64 pa = page_to_phys(c->vmxon);

	if (cr4_read_shadow() & X86_CR4_VMXE)
		return false;
	cr4_set_bits(X86_CR4_VMXE);
	asm goto("1: vmxon %0\n\t"
		 "jbe %l[fail]\n\t"
		 _ASM_EXTABLE(1b, %l[fail])
		 :: "m" (pa) : "cc", "memory" : fail);
	c->on = true;
	c->current_vmcs = NULL;
	return true;
fail:
	cr4_clear_bits(X86_CR4_VMXE);
	return false;
}

void hv_vmx_cpu_off(void)
{
	struct hv_vmx_cpu *c = this_cpu_ptr(&hv_vmx_cpus);

	if (!c->on)
		return;
	asm volatile("vmxoff" ::: "cc", "memory");
	cr4_clear_bits(X86_CR4_VMXE);
	c->on = false;
	c->current_vmcs = NULL;
}

void hv_vmx_hw_free(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hv_vmx_cpu *c = per_cpu_ptr(&hv_vmx_cpus, cpu);

		if (c->vmxon)
			__free_page(c->vmxon);
		c->vmxon = NULL;
	}
}

int hv_vmx_hw_alloc(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hv_vmx_cpu *c = per_cpu_ptr(&hv_vmx_cpus, cpu);

		c->vmxon = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!c->vmxon)
			return -ENOMEM;
		*(u32 *)page_address(c->vmxon) = hv_vmx_caps.revision;
	}
	return 0;
}

/* On the CPU where @arg's VMCS is active: VMCLEAR it. */
static void vmclear_here(void *arg)
{
	struct hv_vmx *vmx = arg;
	struct hv_vmx_cpu *c = this_cpu_ptr(&hv_vmx_cpus);

	asm volatile("vmclear %0" :: "m" (vmx->vmcs_pa) : "cc", "memory");
	if (c->current_vmcs == vmx)
		c->current_vmcs = NULL;
	vmx->cpu = -1;
	vmx->launched = false;
}

void hv_vmx_clear(struct hv_vmx *vmx)
{
	int cpu = READ_ONCE(vmx->cpu);

	if (cpu >= 0)
		smp_call_function_single(cpu, vmclear_here, vmx, 1);
}

/* Preemption off. A VMCS active elsewhere is cleared there first. */
void hv_vmx_load(struct hv_vmx *vmx)
{
	struct hv_vmx_cpu *c = this_cpu_ptr(&hv_vmx_cpus);
	int cpu = smp_processor_id();

	if (vmx->cpu != cpu)
		hv_vmx_clear(vmx);
	if (c->current_vmcs != vmx) {
		asm volatile("vmptrld %0" :: "m" (vmx->vmcs_pa)
			     : "cc", "memory");
		c->current_vmcs = vmx;
	}
	vmx->cpu = cpu;
}

u64 hv_vmx_read(struct hv_vcpu *v, unsigned long field)
{
	u64 val;

	preempt_disable();
	hv_vmx_load(to_vmx(v));
	val = hv_vmcs_read(field);
	preempt_enable();
	return val;
}

void hv_vmx_write(struct hv_vcpu *v, unsigned long field, u64 value)
{
	preempt_disable();
	hv_vmx_load(to_vmx(v));
	hv_vmcs_write(field, value);
	preempt_enable();
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_msr.c: the MSRs a guest may read and write, as a table: those kept
 * in the VMCB's save area (by offset), EFER (SVME stays set underneath and
 * hidden), the time-stamp counter and APIC base (read only), and the
 * async page fault MSRs, which the MMU core's table handles.
 */
#include <linux/stddef.h>
#include <asm/msr.h>
#include <asm/svm.h>
#include "kmod/hv.h"

#define APIC_BASE_BSP	0xfee00900ull	/* enabled, bootstrap processor */

struct msr_desc {
	u32 index;
	int (*read)(struct hv_vcpu *v, const struct msr_desc *d, u64 *val);
	int (*write)(struct hv_vcpu *v, const struct msr_desc *d, u64 val);
	size_t save_offset;	/* for read_save/write_save */
};

static u64 *save_field(struct hv_vcpu *v, const struct msr_desc *d)
{
	return (u64 *)((u8 *)&v->vcpu_svm.vmcb->save + d->save_offset);
}

static int read_save(struct hv_vcpu *v, const struct msr_desc *d, u64 *val)
{
	*val = *save_field(v, d);
	return 0;
}

static int write_save(struct hv_vcpu *v, const struct msr_desc *d, u64 val)
{
	*save_field(v, d) = val;
	return 0;
}

static int read_efer(struct hv_vcpu *v, const struct msr_desc *d, u64 *val)
{
	if (v->vm->npt)
		*val = v->vcpu_svm.vmcb->save.efer & ~(u64)EFER_SVME;
	else
		*val = v->vcpu_svm.efer;
	return 0;
}

static int write_efer(struct hv_vcpu *v, const struct msr_desc *d, u64 val)
{
	struct hv_svm *svm = &v->vcpu_svm;
	struct vmcb_save_area *s = &svm->vmcb->save;
	u64 cur, cr0;

	read_efer(v, d, &cur);
	cr0 = v->vm->npt ? s->cr0 : svm->cr0;
	if (val & ~(u64)(EFER_SCE | EFER_LME | HV_EFER_LMA | EFER_NX))
		return -EINVAL;
	/* LME may not change while paging is on. */
	if ((cr0 & X86_CR0_PG) && ((val ^ cur) & EFER_LME))
		return -EINVAL;
	val = (val & ~(u64)HV_EFER_LMA) | (cur & HV_EFER_LMA);
	if (!v->vm->npt)
		return hv_svm_shadow_set(v, svm->cr0, svm->cr3, svm->cr4, val);
	svm->efer = val;
	s->efer = val | EFER_SVME;
	return 0;
}

static int read_tsc(struct hv_vcpu *v, const struct msr_desc *d, u64 *val)
{
	*val = rdtsc() + v->vcpu_svm.vmcb->control.tsc_offset;
	return 0;
}

static int read_apic_base(struct hv_vcpu *v, const struct msr_desc *d,
			  u64 *val)
{
	*val = APIC_BASE_BSP & ~(v->id ? 0x100ull : 0);
	return 0;
}

static int read_apf(struct hv_vcpu *v, const struct msr_desc *d, u64 *val)
{
	return hv_apf_msr_read(v->mmu, d->index, val) ? -EINVAL : 0;
}

static int write_apf(struct hv_vcpu *v, const struct msr_desc *d, u64 val)
{
	const char *why = NULL;
	int r = hv_apf_msr_write(v->mmu, d->index, val, &why);

	if (r)
		pr_info_ratelimited("hv: vcpu %u: MSR %#x <- %#llx refused: %s\n",
				    v->id, d->index, val, why ? why : "?");
	return r ? -EINVAL : 0;
}

#define SAVE(msr, field) { msr, read_save, write_save, \
	offsetof(struct vmcb_save_area, field) }

static const struct msr_desc msrs[] = {
	{ MSR_EFER, read_efer, write_efer, 0 },
	{ MSR_IA32_TSC, read_tsc, NULL, 0 },
	{ MSR_IA32_APICBASE, read_apic_base, NULL, 0 },
	SAVE(MSR_IA32_CR_PAT, g_pat),
	SAVE(MSR_FS_BASE, fs.base),
	SAVE(MSR_GS_BASE, gs.base),
	SAVE(MSR_KERNEL_GS_BASE, kernel_gs_base),
	SAVE(MSR_STAR, star),
	SAVE(MSR_LSTAR, lstar),
	SAVE(MSR_CSTAR, cstar),
	SAVE(MSR_SYSCALL_MASK, sfmask),
	SAVE(MSR_IA32_SYSENTER_CS, sysenter_cs),
	SAVE(MSR_IA32_SYSENTER_ESP, sysenter_esp),
	SAVE(MSR_IA32_SYSENTER_EIP, sysenter_eip),
	{ HV_MSR_ASYNC_PF_EN, read_apf, write_apf, 0 },
	{ HV_MSR_ASYNC_PF_INT, read_apf, write_apf, 0 },
	{ HV_MSR_ASYNC_PF_ACK, read_apf, write_apf, 0 },
};

static const struct msr_desc *find(u32 index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msrs); i++)
		if (msrs[i].index == index)
			return &msrs[i];
	return NULL;
}

int hv_svm_msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	const struct msr_desc *d = find(msr);

	return d ? d->read(v, d, val) : -EINVAL;
}

int hv_svm_msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	const struct msr_desc *d = find(msr);

	return d && d->write ? d->write(v, d, val) : -EINVAL;
}

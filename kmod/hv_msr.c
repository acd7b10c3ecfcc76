// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_msr.c: the MSRs a guest may read and write, as a table: EFER (in
 * shadow mode the guest's own, given to the MMU core), the time-stamp
 * counter (read only), the local APIC's base (lapic.c: the enable bit
 * only, the base stays at 0xfee00000), and the async page fault MSRs, which
 * the MMU core's table handles. Any other MSR is the backend's (those it
 * keeps in its VMCB or VMCS), or #GP.
 */
#include <asm/msr.h>
#include "kmod/hv.h"

struct msr_desc {
	u32 index;
	int (*read)(struct hv_vcpu *v, const struct msr_desc *d, u64 *val);
	int (*write)(struct hv_vcpu *v, const struct msr_desc *d, u64 val);
};

static int read_efer(struct hv_vcpu *v, const struct msr_desc *d, u64 *val)
{
	*val = v->vm->npt ? hv_be->efer(v) : v->efer;
	return 0;
}

static int write_efer(struct hv_vcpu *v, const struct msr_desc *d, u64 val)
{
	u64 cur, cr0;

	read_efer(v, d, &cur);
	cr0 = v->vm->npt ? hv_be->cr0(v) : v->cr0;
	if (val & ~(u64)(EFER_SCE | EFER_LME | HV_EFER_LMA | EFER_NX))
		return -EINVAL;
	/* LME may not change while paging is on. */
	if ((cr0 & X86_CR0_PG) && ((val ^ cur) & EFER_LME))
		return -EINVAL;
	val = (val & ~(u64)HV_EFER_LMA) | (cur & HV_EFER_LMA);
	if (!v->vm->npt)
		return hv_shadow_set(v, v->cr0, v->cr3, v->cr4, val);
	v->efer = val;
	hv_be->set_efer(v, val);
	return 0;
}

static int read_tsc(struct hv_vcpu *v, const struct msr_desc *d, u64 *val)
{
	*val = rdtsc();		/* no backend offsets the guest's TSC */
	return 0;
}

static int read_apic_base(struct hv_vcpu *v, const struct msr_desc *d,
			  u64 *val)
{
	*val = hv_lapic_get_base(&v->lapic);
	return 0;
}

static int write_apic_base(struct hv_vcpu *v, const struct msr_desc *d,
			   u64 val)
{
	return hv_lapic_set_base(&v->lapic, val);
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

static const struct msr_desc msrs[] = {
	{ MSR_EFER, read_efer, write_efer },
	{ MSR_IA32_TSC, read_tsc, NULL },
	{ MSR_IA32_APICBASE, read_apic_base, write_apic_base },
	{ HV_MSR_ASYNC_PF_EN, read_apf, write_apf },
	{ HV_MSR_ASYNC_PF_INT, read_apf, write_apf },
	{ HV_MSR_ASYNC_PF_ACK, read_apf, write_apf },
};

static const struct msr_desc *find(u32 index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msrs); i++)
		if (msrs[i].index == index)
			return &msrs[i];
	return NULL;
}

int hv_msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	const struct msr_desc *d = find(msr);

	return d ? d->read(v, d, val) : hv_be->msr_read(v, msr, val);
}

int hv_msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	const struct msr_desc *d = find(msr);

	if (!d)
		return hv_be->msr_write(v, msr, val);
	return d->write ? d->write(v, d, val) : -EINVAL;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmx_msr.c: the MSRs VMX keeps for a guest beyond the common ones
 * (kmod/hv_msr.c), as a table: those the VMCS holds (segment bases,
 * SYSENTER), those the entry/exit MSR areas switch (SYSCALL's and the
 * swapped GS base), and PAT, kept only to be read back (the host's PAT
 * stays loaded).
 */
#include <asm/msr.h>
#include "kmod/vmx/vmx.h"

struct msr_desc {
	u32 index;
	unsigned long field;	/* VMCS field, or 0 */
	int slot;		/* MSR-area slot, or -1 */
};

static const struct msr_desc msrs[] = {
	{ MSR_FS_BASE, GUEST_FS_BASE, -1 },
	{ MSR_GS_BASE, GUEST_GS_BASE, -1 },
	{ MSR_IA32_SYSENTER_CS, GUEST_SYSENTER_CS, -1 },
	{ MSR_IA32_SYSENTER_ESP, GUEST_SYSENTER_ESP, -1 },
	{ MSR_IA32_SYSENTER_EIP, GUEST_SYSENTER_EIP, -1 },
	{ MSR_KERNEL_GS_BASE, 0, 0 },
	{ MSR_STAR, 0, 1 },
	{ MSR_LSTAR, 0, 2 },
	{ MSR_CSTAR, 0, 3 },
	{ MSR_SYSCALL_MASK, 0, 4 },
	{ MSR_IA32_CR_PAT, 0, -1 },
};

static const struct msr_desc *find(u32 index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msrs); i++)
		if (msrs[i].index == index)
			return &msrs[i];
	return NULL;
}

/* Guest slots first, then the host's, in the same order. */
void hv_vmx_msrs_init(struct hv_vmx *vmx)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msrs); i++) {
		if (msrs[i].slot < 0)
			continue;
		vmx->msrs[msrs[i].slot].index = msrs[i].index;
		vmx->msrs[HV_VMX_NR_AUTOLOAD + msrs[i].slot].index =
			msrs[i].index;
	}
}

/* Before each entry: the host's values the exit restores. */
void hv_vmx_msrs_host(struct hv_vmx *vmx)
{
	struct hv_vmx_msr_entry *host = vmx->msrs + HV_VMX_NR_AUTOLOAD;
	unsigned int i;

	for (i = 0; i < HV_VMX_NR_AUTOLOAD; i++)
		rdmsrl(host[i].index, host[i].value);
}

int hv_vmx_msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	const struct msr_desc *d = find(msr);

	if (!d)
		return -EINVAL;
	if (d->field)
		*val = hv_vmx_read(v, d->field);
	else if (d->slot >= 0)
		*val = to_vmx(v)->msrs[d->slot].value;
	else
		*val = to_vmx(v)->pat;
	return 0;
}

int hv_vmx_msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	const struct msr_desc *d = find(msr);

	if (!d)
		return -EINVAL;
	if (d->field)
		hv_vmx_write(v, d->field, val);
	else if (d->slot >= 0)
		to_vmx(v)->msrs[d->slot].value = val;
	else
		to_vmx(v)->pat = val;
	return 0;
}

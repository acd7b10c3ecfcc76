// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_msr.c: the MSRs SVM keeps in the VMCB's save area, as a table from
 * MSR to field (the common ones, EFER included, are in kmod/hv_msr.c).
 */
#include <linux/stddef.h>
#include <asm/msr.h>
#include <asm/svm.h>
#include "kmod/svm/svm.h"

struct msr_field {
	u32 index;
	size_t offset;		/* in struct vmcb_save_area */
};

#define SAVE(msr, field) { msr, offsetof(struct vmcb_save_area, field) }

static const struct msr_field msrs[] = {
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
};

/* The save-area field of @msr, or NULL. */
static u64 *field(struct hv_vcpu *v, u32 msr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msrs); i++)
		if (msrs[i].index == msr)
			return (u64 *)((u8 *)&to_svm(v)->vmcb->save +
				       msrs[i].offset);
	return NULL;
}

int hv_svm_msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	u64 *f = field(v, msr);

	if (!f)
		return -EINVAL;
	*val = *f;
	return 0;
}

int hv_svm_msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	u64 *f = field(v, msr);

	if (!f)
		return -EINVAL;
	*f = val;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_mmio.c: the guest accesses hv.ko does itself, from the MOV at RIP
 * hv_insn.c decodes. An access outside guest RAM (a nested or EPT
 * fault, or in shadow mode a fault on a frame with no slot): the local
 * APIC's register page is emulated (4-byte reads and writes, lapic.c);
 * any other address is an emulation error the monitor sees. A write to a
 * guest page table shadow paging protects: done through the MMU core,
 * which updates its shadow entries (the table may be the active root, so
 * unprotecting it and retrying would fault again for ever).
 */
#include "kmod/hv.h"
#include "kmod/hv_insn.h"

/* What a store writes, @m->size bytes. */
static u64 store_value(struct hv_vcpu *v, const struct hv_mov *m)
{
	u64 val = m->has_imm ? m->imm : *hv_be->gpr(v, m->gpr);

	if (m->high8)
		val >>= 8;
	return m->size == 8 ? val : val & ((1ull << (m->size * 8)) - 1);
}

int hv_exit_mmio(struct hv_vcpu *v, u64 gpa)
{
	struct hv_lapic *a = &v->lapic;
	u32 off = gpa & (HV_LAPIC_SIZE - 1), val;
	struct hv_mov m;
	int r;

	if (!hv_lapic_is_mmio(gpa) ||
	    !(hv_lapic_get_base(a) & HV_APIC_BASE_ENABLE) ||
	    hv_decode_mov(v, &m) || m.size != 4)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	v->stats.apic_accesses++;
	if (m.load) {
		r = hv_lapic_mmio_read(a, off, &val);
		if (!r)
			*hv_be->gpr(v, m.gpr) = val;	/* zero-extended */
	} else {
		r = hv_lapic_mmio_write(a, off, store_value(v, &m));
	}
	if (r)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	hv_be->skip(v, m.len);
	return 0;
}

int hv_exit_pt_write(struct hv_vcpu *v, u64 gpa)
{
	struct hv_mov m;
	u64 val;

	if (hv_decode_mov(v, &m) || m.load) {
		/* Not a MOV: stop shadowing the table, let the guest write. */
		hv_mmu_unprotect_gfn(v->vm->mmu, gpa >> PAGE_SHIFT);
		return 0;
	}
	val = store_value(v, &m);
	if (hv_mmu_write_guest(v->mmu, gpa, &val, m.size))
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	hv_be->skip(v, m.len);
	return 0;
}

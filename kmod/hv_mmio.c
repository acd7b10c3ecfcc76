// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_mmio.c: a guest access outside its RAM (a nested or EPT fault, or in
 * shadow mode a fault on a frame with no slot). The local APIC's register
 * page is emulated here: the backend decodes the MOV at RIP, the APIC
 * (lapic.c) does the 4-byte read or write, RIP moves past it. Any other
 * address, or an access the APIC does not take, is an emulation error the
 * monitor sees.
 */
#include "kmod/hv.h"

int hv_exit_mmio(struct hv_vcpu *v, u64 gpa)
{
	struct hv_lapic *a = &v->lapic;
	u32 off = gpa & (HV_LAPIC_SIZE - 1), val;
	struct hv_mov m;
	int r;

	if (!hv_lapic_is_mmio(gpa) ||
	    !(hv_lapic_get_base(a) & HV_APIC_BASE_ENABLE) ||
	    hv_be->decode_mov(v, &m) || m.size != 4)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	v->stats.apic_accesses++;
	if (m.load) {
		r = hv_lapic_mmio_read(a, off, &val);
		if (!r)
			*hv_be->gpr(v, m.gpr) = val;	/* zero-extended */
	} else {
		val = m.has_imm ? m.imm : (u32)*hv_be->gpr(v, m.gpr);
		r = hv_lapic_mmio_write(a, off, val);
	}
	if (r)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	hv_be->skip(v, m.len);
	return 0;
}

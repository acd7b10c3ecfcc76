// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_guest.c: guest memory as the guest sees it, for the instruction
 * fetches of hv.ko's decoders: guest RAM read through the monitor's
 * mapping of its slots, and linear addresses translated by walking the
 * guest's own page tables (no paging, 32-bit with 4 MiB pages, PAE, four
 * levels), with the control registers the guest sees in either paging
 * mode.
 */
#include <linux/uaccess.h>
#include "kmod/hv.h"

#define PTE_P		(1ull << 0)
#define PTE_PS		(1ull << 7)
#define PTE_ADDR	0x000ffffffffff000ull
#define PTE32_ADDR	0xfffff000ull

int hv_guest_read_gpa(struct hv_vcpu *v, u64 gpa, void *buf,
		      unsigned int len)
{
	const struct hv_userspace_memory_region *s;
	unsigned int i;
	u64 hva;

	for (i = 0; i < HV_MAX_SLOTS; i++) {
		s = &v->vm->slots[i];
		if (!s->memory_size || gpa < s->guest_phys_addr ||
		    gpa + len > s->guest_phys_addr + s->memory_size)
			continue;
		hva = s->userspace_addr + gpa - s->guest_phys_addr;
		return copy_from_user(buf, u64_to_user_ptr(hva), len) ?
		       -EFAULT : 0;
	}
	return -EFAULT;
}

/* CR0, CR3, CR4 and EFER as the guest sees them. */
static void guest_paging(struct hv_vcpu *v, struct hv_paging_regs *p)
{
	struct hv_sregs sr;

	if (!v->vm->npt) {
		*p = (struct hv_paging_regs){ v->cr0, v->cr3, v->cr4, v->efer };
		return;
	}
	hv_be->get_sregs(v, &sr);
	*p = (struct hv_paging_regs){ sr.cr0, sr.cr3, sr.cr4, sr.efer };
}

/* One entry of @esize bytes at @table[@index]; -EFAULT if not present. */
static int entry(struct hv_vcpu *v, u64 table, u64 index, unsigned int esize,
		 u64 *e)
{
	*e = 0;
	if (hv_guest_read_gpa(v, table + index * esize, e, esize) ||
	    !(*e & PTE_P))
		return -EFAULT;
	return 0;
}

static int translate(struct hv_vcpu *v, u64 la, u64 *gpa)
{
	struct hv_paging_regs p;
	u64 table, e, mask = PTE_ADDR, size;
	unsigned int level = 2, bits = 9, esize = 8, shift;

	guest_paging(v, &p);
	if (!(p.cr0 & X86_CR0_PG)) {
		*gpa = (u32)la;
		return 0;
	}
	if (p.efer & HV_EFER_LMA) {
		level = 4;
		table = p.cr3 & PTE_ADDR;
	} else if (p.cr4 & X86_CR4_PAE) {
		if (entry(v, p.cr3 & 0xffffffe0, (la >> 30) & 3, 8, &e))
			return -EFAULT;
		table = e & PTE_ADDR;
	} else {
		bits = 10;
		esize = 4;
		mask = PTE32_ADDR;
		table = p.cr3 & PTE32_ADDR;
	}
	for (;; level--) {
		shift = 12 + bits * (level - 1);
		if (entry(v, table, (la >> shift) & ((1u << bits) - 1), esize,
			  &e))
			return -EFAULT;
		if (level == 1 || ((e & PTE_PS) &&
				   (esize == 8 || (p.cr4 & X86_CR4_PSE)))) {
			size = 1ull << shift;
			*gpa = (e & mask & ~(size - 1)) | (la & (size - 1));
			return 0;
		}
		table = e & mask;
	}
}

unsigned int hv_guest_read_linear(struct hv_vcpu *v, u64 la, void *buf,
				  unsigned int max)
{
	unsigned int n = 0, chunk;
	u64 gpa;

	while (n < max) {
		chunk = min_t(u64, max - n,
			      PAGE_SIZE - ((la + n) & ~PAGE_MASK));
		if (translate(v, la + n, &gpa) ||
		    hv_guest_read_gpa(v, gpa, (u8 *)buf + n, chunk))
			break;
		n += chunk;
	}
	return n;
}

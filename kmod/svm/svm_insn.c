// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_insn.c: the little instruction decoding shadow paging needs on a
 * processor without decode assists (QEMU's SVM has none): MOV to and from
 * CR0/CR3/CR4 and INVLPG's effective address. The bytes are fetched
 * through the tables the hardware used to fetch them (the shadow tables
 * map the guest's linear addresses to host pages).
 */
#include <linux/io.h>
#include <asm/svm.h>
#include "kmod/svm/svm.h"
#include "kmod/svm/svm_insn.h"

#define PTE_P		(1ull << 0)
#define PTE_PS		(1ull << 7)
#define PTE_ADDR	0x000ffffffffff000ull
#define PTE_TRAP	(1ull << 51)

/* Host physical address of linear @la through the shadow root, or 0. */
static u64 shadow_translate(struct hv_vcpu *v, u64 la)
{
	struct hv_mmu_root root = hv_mmu_root(v->mmu);
	u64 *table = phys_to_virt(root.hpa), e;
	int level = root.levels;

	if (root.levels == 3) {
		e = table[(la >> 30) & 3];
		if (!(e & PTE_P))
			return 0;
		table = phys_to_virt(e & PTE_ADDR);
		level = 2;
	}
	for (;; level--) {
		unsigned int shift = 12 + 9 * (level - 1);

		e = READ_ONCE(table[(la >> shift) & 511]);
		if (!(e & PTE_P) || (e & PTE_TRAP))
			return 0;
		if (level == 1 || (e & PTE_PS))
			return (e & PTE_ADDR & ~((1ull << shift) - 1)) |
			       (la & ((1ull << shift) - 1));
		table = phys_to_virt(e & PTE_ADDR);
	}
}

/* The instruction byte at CS:RIP + @off. */
static int fetch(struct hv_vcpu *v, unsigned int off, u8 *byte)
{
	struct vmcb_save_area *s = &to_svm(v)->vmcb->save;
	u64 hpa = shadow_translate(v, s->cs.base + s->rip + off);

	if (!hpa)
		return -EFAULT;
	*byte = *(u8 *)phys_to_virt(hpa);
	return 0;
}

static bool long_mode(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->save.cs.attrib & SVM_SELECTOR_L_MASK;
}

u64 *hv_svm_gpr(struct hv_vcpu *v, unsigned int n)
{
	struct vmcb_save_area *s = &to_svm(v)->vmcb->save;

	if (n == HV_RAX)
		return &s->rax;
	if (n == HV_RSP)
		return &s->rsp;
	return &to_svm(v)->gpr[n];
}

/* Skips legacy prefixes and REX; returns the opcode's offset. */
static unsigned int prefixes(struct hv_vcpu *v, const u8 *b, unsigned int n,
			     struct hv_insn *in)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		switch (b[i]) {
		case 0x66: case 0x67: case 0xf2: case 0xf3:
		case 0x26: case 0x2e: case 0x36: case 0x3e:
			if (b[i] == 0x67)
				in->addr32 = !in->addr32;
			continue;
		case 0x64: case 0x65:
			in->seg = b[i];
			continue;
		}
		break;
	}
	if (i < n && long_mode(v) && (b[i] & 0xf0) == 0x40)
		in->rex = b[i++];
	return i;
}

/* Effective address of a ModRM memory operand at @b (the ModRM byte). */
static int modrm_address(struct hv_vcpu *v, const u8 *b, unsigned int i,
			 unsigned int n, struct hv_insn *in)
{
	u8 modrm = b[i++], mod = modrm >> 6, rm = modrm & 7, sib;
	u64 ea = 0;
	s32 disp = 0;

	if (mod == 3)
		return -EINVAL;
	if (rm == 4) {
		unsigned int index, base;

		if (i >= n)
			return -EINVAL;
		sib = b[i++];
		index = ((sib >> 3) & 7) | ((in->rex & 2) << 2);
		base = (sib & 7) | ((in->rex & 1) << 3);
		if (index != HV_RSP)
			ea += *hv_svm_gpr(v, index) << (sib >> 6);
		if ((sib & 7) == 5 && mod == 0) {
			if (i + 4 > n)
				return -EINVAL;
			memcpy(&disp, b + i, 4);
			i += 4;
		} else {
			ea += *hv_svm_gpr(v, base);
		}
	} else if (rm == 5 && mod == 0) {
		if (i + 4 > n)
			return -EINVAL;
		memcpy(&disp, b + i, 4);
		i += 4;
		if (long_mode(v))
			ea = to_svm(v)->vmcb->save.rip + i;	/* + len */
	} else {
		ea = *hv_svm_gpr(v, rm | ((in->rex & 1) << 3));
	}
	if (mod == 1) {
		if (i >= n)
			return -EINVAL;
		disp = (s8)b[i++];
	} else if (mod == 2) {
		if (i + 4 > n)
			return -EINVAL;
		memcpy(&disp, b + i, 4);
		i += 4;
	}
	ea += (s64)disp;
	if (!long_mode(v) || in->addr32)
		ea = (u32)ea;
	if (in->seg == 0x64)
		ea += to_svm(v)->vmcb->save.fs.base;
	else if (in->seg == 0x65)
		ea += to_svm(v)->vmcb->save.gs.base;
	in->len = i;
	in->addr = ea;
	return 0;
}

int hv_svm_decode(struct hv_vcpu *v, struct hv_insn *in)
{
	u8 b[15];
	unsigned int i, n;

	memset(in, 0, sizeof(*in));
	/* Fetch what is there, up to 15 bytes, stopping at unmapped. */
	for (n = 0; n < sizeof(b) && !fetch(v, n, b + n); n++)
		;
	i = prefixes(v, b, n, in);
	if (i + 3 > n || b[i] != 0x0f)
		return -EINVAL;
	in->opcode = b[i + 1];
	switch (in->opcode) {
	case 0x20:	/* MOV r, CRn */
	case 0x22:	/* MOV CRn, r */
		if ((b[i + 2] >> 6) != 3)
			return -EINVAL;
		in->cr = ((b[i + 2] >> 3) & 7) | ((in->rex & 4) << 1);
		in->gpr = (b[i + 2] & 7) | ((in->rex & 1) << 3);
		in->len = i + 3;
		return 0;
	case 0x01:	/* INVLPG m: 0F 01 /7 */
		if (((b[i + 2] >> 3) & 7) != 7)
			return -EINVAL;
		return modrm_address(v, b, i + 2, n, in);
	}
	return -EINVAL;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_insn.c: the little instruction decoding hv.ko needs where the
 * processor gives no decode assists (QEMU's SVM has none; VMX has none
 * for EPT violations): MOV to and from CR0/CR3/CR4 and INVLPG's effective
 * address (SVM's shadow paging), and the MOV forms a guest uses on MMIO
 * (the local APIC's page) and on its page tables. Vendor neutral: the
 * guest's state comes through the backend's accessors, the bytes through
 * the guest's own page tables (hv_guest.c).
 */
#include "kmod/hv.h"
#include "kmod/hv_insn.h"

/* What decoding needs of the guest's state, and its instruction bytes
 * at CS:RIP (up to 15; @n of them could be read). */
static unsigned int fetch(struct hv_vcpu *v, struct hv_insn *in, u8 *b)
{
	struct hv_sregs sr;

	hv_be->get_sregs(v, &sr);
	in->rip = *hv_be->gpr(v, HV_RIP);
	in->long_mode = sr.cs.l && (sr.efer & HV_EFER_LMA);
	in->fs_base = sr.fs.base;
	in->gs_base = sr.gs.base;
	return hv_guest_read_linear(v, sr.cs.base + in->rip, b, 15);
}

/* Skips legacy prefixes and REX; returns the opcode's offset. */
static unsigned int prefixes(const u8 *b, unsigned int n, struct hv_insn *in)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		switch (b[i]) {
		case 0x66: case 0x67: case 0xf2: case 0xf3:
		case 0x26: case 0x2e: case 0x36: case 0x3e:
			if (b[i] == 0x67)
				in->addr32 = !in->addr32;
			if (b[i] == 0x66)
				in->opsize16 = true;
			continue;
		case 0x64: case 0x65:
			in->seg = b[i];
			continue;
		}
		break;
	}
	if (i < n && in->long_mode && (b[i] & 0xf0) == 0x40)
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
			ea += *hv_be->gpr(v, index) << (sib >> 6);
		if ((sib & 7) == 5 && mod == 0) {
			if (i + 4 > n)
				return -EINVAL;
			memcpy(&disp, b + i, 4);
			i += 4;
		} else {
			ea += *hv_be->gpr(v, base);
		}
	} else if (rm == 5 && mod == 0) {
		if (i + 4 > n)
			return -EINVAL;
		memcpy(&disp, b + i, 4);
		i += 4;
		if (in->long_mode)
			ea = in->rip + i;	/* + len */
	} else {
		ea = *hv_be->gpr(v, rm | ((in->rex & 1) << 3));
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
	if (!in->long_mode || in->addr32)
		ea = (u32)ea;
	if (in->seg == 0x64)
		ea += in->fs_base;
	else if (in->seg == 0x65)
		ea += in->gs_base;
	in->len = i;
	in->addr = ea;
	return 0;
}

int hv_decode(struct hv_vcpu *v, struct hv_insn *in)
{
	u8 b[15];
	unsigned int i, n;

	memset(in, 0, sizeof(*in));
	n = fetch(v, in, b);
	i = prefixes(b, n, in);
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

/* MOV eAX, moffs (A1) or moffs, eAX (A3): the address follows the
 * opcode, 8 bytes in long mode (4 with 0x67), else 4. */
static int decode_moffs(const struct hv_insn *in,
			unsigned int i, unsigned int n, struct hv_mov *m)
{
	unsigned int alen = in->long_mode && !in->addr32 ? 8 : 4;

	m->load = in->opcode == 0xa1;
	m->gpr = HV_RAX;
	m->len = i + 1 + alen;
	return m->len > n ? -EINVAL : 0;
}

/* MOV r/m, r (88, 89); MOV r, r/m (8A, 8B); MOV r/m, imm (C6 /0, C7 /0);
 * MOV with a moffs (A1, A3). */
int hv_decode_mov(struct hv_vcpu *v, struct hv_mov *m)
{
	struct hv_insn in;
	unsigned int i, n, imm_len;
	u8 b[15], op;
	s32 imm = 0;

	memset(&in, 0, sizeof(in));
	memset(m, 0, sizeof(*m));
	n = fetch(v, &in, b);
	i = prefixes(b, n, &in);
	if (i + 2 > n)
		return -EINVAL;
	op = b[i];
	m->size = (in.rex & 8) ? 8 : in.opsize16 ? 2 : 4;
	if (op == 0xa1 || op == 0xa3) {
		in.opcode = op;
		return decode_moffs(&in, i, n, m);
	}
	if (op == 0x88 || op == 0x8a || op == 0xc6)
		m->size = 1;
	m->gpr = ((b[i + 1] >> 3) & 7) | ((in.rex & 4) << 1);
	/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
	if (m->size == 1 && !in.rex && m->gpr >= 4) {
		m->high8 = true;
		m->gpr -= 4;
	}
	m->load = op == 0x8a || op == 0x8b;
	m->has_imm = op == 0xc6 || op == 0xc7;
	if ((op & ~1) != 0x88 && (op & ~1) != 0x8a && (op & ~1) != 0xc6)
		return -EINVAL;
	if ((m->has_imm && (b[i + 1] & 0x38)) ||
	    modrm_address(v, b, i + 1, n, &in))
		return -EINVAL;
	m->len = in.len;
	if (!m->has_imm)
		return 0;
	imm_len = min(m->size, 4u);
	if (m->len + imm_len > n)
		return -EINVAL;
	memcpy(&imm, b + m->len, imm_len);
	m->imm = imm_len == 1 ? (s8)imm : imm_len == 2 ? (s16)imm : imm;
	m->len += imm_len;
	return 0;
}

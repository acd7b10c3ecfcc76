/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_insn.h: the instructions hv.ko decodes itself (hv_insn.c).
 */
#ifndef HV_KMOD_HV_INSN_H
#define HV_KMOD_HV_INSN_H

#include <linux/types.h>

struct hv_vcpu;
struct hv_mov;

struct hv_insn {
	u8 opcode;		/* after 0F: 0x20, 0x22 or 0x01 (INVLPG) */
	u8 rex;
	u8 seg;			/* 0x64 (FS), 0x65 (GS) or 0 */
	bool addr32;
	bool opsize16;		/* 0x66 prefix */
	unsigned int cr, gpr;	/* MOV CR */
	u64 addr;		/* INVLPG: the linear address */
	unsigned int len;
	/* The guest's state it was decoded in. */
	u64 rip, fs_base, gs_base;
	bool long_mode;
};

/* Decodes the instruction at the guest's CS:RIP; -EINVAL if not one. */
int hv_decode(struct hv_vcpu *v, struct hv_insn *in);
/* A MOV between a register or an immediate and memory. */
int hv_decode_mov(struct hv_vcpu *v, struct hv_mov *m);

#endif

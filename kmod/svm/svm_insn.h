/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm_insn.h: the instructions shadow paging decodes itself (svm_insn.c).
 */
#ifndef HV_KMOD_SVM_INSN_H
#define HV_KMOD_SVM_INSN_H

#include <linux/types.h>

struct hv_vcpu;

struct hv_insn {
	u8 opcode;		/* after 0F: 0x20, 0x22 or 0x01 (INVLPG) */
	u8 rex;
	u8 seg;			/* 0x64 (FS), 0x65 (GS) or 0 */
	bool addr32;
	bool opsize16;		/* 0x66 prefix */
	unsigned int cr, gpr;	/* MOV CR */
	u64 addr;		/* INVLPG: the linear address */
	unsigned int len;
};

/* Decodes the instruction at the guest's CS:RIP; -EINVAL if not one. */
int hv_svm_decode(struct hv_vcpu *v, struct hv_insn *in);
/* The backend's decode_mov (kmod/backend.h). */
int hv_svm_decode_mov(struct hv_vcpu *v, struct hv_mov *m);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * oplang.c: decoding of the operation language of oplang.h. The first byte
 * picks the kind through a weight table (accesses and table writes are the
 * common case); the next four are its arguments, reduced by the executor.
 */
#include "tests/mmu/oplang.h"

#include <stdio.h>

static const enum op_kind kind_of_slot[16] = {
	OP_ACCESS, OP_ACCESS, OP_ACCESS, OP_ACCESS, OP_ACCESS, OP_ACCESS,
	OP_PTE_WRITE, OP_PTE_WRITE, OP_PTE_WRITE, OP_PTE_WRITE,
	OP_CR3, OP_INVLPG, OP_DIRTY_LOG, OP_DIRTY_GET, OP_EVICT, OP_CONTROL,
};

static const char *const kind_names[OP_NR_KINDS] = {
	[OP_ACCESS] = "access",
	[OP_PTE_WRITE] = "pte-write",
	[OP_CR3] = "cr3",
	[OP_INVLPG] = "invlpg",
	[OP_DIRTY_LOG] = "dirty-log",
	[OP_DIRTY_GET] = "dirty-get",
	[OP_EVICT] = "evict",
	[OP_CONTROL] = "control",
};

int op_decode(const uint8_t *buf, size_t len, size_t *pos, struct op *op)
{
	const uint8_t *p = buf + *pos;

	if (*pos > len || len - *pos < OP_BYTES)
		return 0;
	op->kind = kind_of_slot[p[0] % 16];
	op->a = p[1];
	op->b = p[2];
	op->c = p[3];
	op->d = p[4];
	*pos += OP_BYTES;
	return 1;
}

void op_format(const struct op *op, char *out, size_t size)
{
	snprintf(out, size, "%s %u %u %u %u", kind_names[op->kind], op->a,
		 op->b, op->c, op->d);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * load-flat.c: raw binaries. The file is copied to FLAT_LOAD_ADDR (1 MiB)
 * and entered there in 32-bit protected mode, paging off, flat segments,
 * ESP = FLAT_LOAD_ADDR (the stack grows down below the image), all other
 * general registers zero.
 */
#include "monitor/loader.h"

static int flat_load(struct load_ctx *ctx)
{
	if (!ctx->image_len)
		return load_error(ctx, "flat: empty image");
	if (load_copy(ctx, FLAT_LOAD_ADDR, ctx->image, ctx->image_len,
		      ctx->image_len, "flat image") < 0)
		return -1;
	load_protected_mode(ctx, FLAT_LOAD_ADDR);
	ctx->regs.rsp = FLAT_LOAD_ADDR;
	return 0;
}

const struct loader loader_flat = { "flat", flat_load };

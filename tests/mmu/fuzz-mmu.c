// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz-mmu.c: libFuzzer target over the operation language: the first
 * byte picks the mode (shadow with bypass, shadow without, direct), the
 * rest is a program for diffrun; any disagreement with the reference model
 * aborts with the failing step printed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/mmu/diffrun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	enum hv_mmu_mode mode;
	bool bypass;
} modes[3] = {
	{ HV_MMU_SHADOW, true }, { HV_MMU_SHADOW, false },
	{ HV_MMU_DIRECT, false },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diffrun d;
	size_t pos = 1;
	struct op op;
	char why[256], name[64];
	int r;

	if (size < 1)
		return 0;
	if (diffrun_init(&d, modes[data[0] % 3].mode,
			 modes[data[0] % 3].bypass))
		abort();
	while (op_decode(data, size, &pos, &op)) {
		r = diffrun_step(&d, &op, why, sizeof(why));
		if (r) {
			op_format(&op, name, sizeof(name));
			fprintf(stderr, "fuzz-mmu: mode %d step %lu (%s): %s "
				"(%d)\n", data[0] % 3, d.steps - 1, name,
				r < 0 ? "harness error" : why, r);
			abort();
		}
	}
	diffrun_fini(&d);
	return 0;
}

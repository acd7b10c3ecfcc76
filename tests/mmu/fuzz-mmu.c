// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz-mmu.c: libFuzzer target over the operation language: the first
 * byte picks the mode (shadow with bypass, shadow without, direct), the
 * rest is a program for diffrun; any disagreement with the reference model
 * aborts with the failing step printed. HV_MMU_FUZZ_MODE=0, 1 or 2 runs
 * every input in that mode instead (empty: as the first byte says).
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
	const char *force = getenv("HV_MMU_FUZZ_MODE");
	struct diffrun d;
	size_t pos = 1;
	struct op op;
	char why[256], name[64];
	int r, m;

	if (size < 1)
		return 0;
	m = force && *force ? atoi(force) % 3 : data[0] % 3;
	if (diffrun_init(&d, modes[m].mode, modes[m].bypass))
		abort();
	while (op_decode(data, size, &pos, &op)) {
		r = diffrun_step(&d, &op, why, sizeof(why));
		if (r) {
			op_format(&op, name, sizeof(name));
			fprintf(stderr, "fuzz-mmu: mode %d step %lu (%s): %s "
				"(%d)\n", m, d.steps - 1, name,
				r < 0 ? "harness error" : why, r);
			abort();
		}
	}
	diffrun_fini(&d);
	return 0;
}

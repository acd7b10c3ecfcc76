// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz-mmu.c: libFuzzer target over the operation language: the first
 * byte picks the setup (harness_setups: shadow with the bypass and the
 * VMX filter, the same without filter, shadow without bypass, direct
 * with NPT, EPT and EPT with A/D flags), the rest is a program for
 * diffrun; any disagreement with the reference model aborts with the
 * failing step printed. HV_MMU_FUZZ_MODE=N runs every input in setup N
 * instead (empty: as the first byte says).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/mmu/diffrun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	m = (force && *force ? atoi(force) : data[0]) % HARNESS_NR_SETUPS;
	if (diffrun_init(&d, &harness_setups[m]))
		abort();
	while (op_decode(data, size, &pos, &op)) {
		r = diffrun_step(&d, &op, why, sizeof(why));
		if (r) {
			op_format(&op, name, sizeof(name));
			fprintf(stderr, "fuzz-mmu: %s step %lu (%s): %s "
				"(%d)\n", harness_setups[m].name, d.steps - 1,
				name,
				r < 0 ? "harness error" : why, r);
			abort();
		}
	}
	diffrun_fini(&d);
	return 0;
}

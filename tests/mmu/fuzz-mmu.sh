#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fuzz-mmu.sh: the bounded libFuzzer run of make check: the fuzz target
# over a scratch copy of tests/mmu/corpus (libFuzzer adds inputs to its
# first corpus directory) for HV_MMU_FUZZ_SECONDS (default 15) seconds,
# in HV_MMU_FUZZ_MODE (default 2, direct: the shadow modes find open core
# bugs, see check-mmu-known in tests/mmu/local.mk; empty: every mode).
set -eu
export HV_MMU_FUZZ_MODE="${HV_MMU_FUZZ_MODE-2}"
bin=./tests/mmu/fuzz-mmu
[ -x "$bin" ] || { echo "fuzz-mmu: $bin not built (no clang)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "${srcdir:-.}"/tests/mmu/corpus/* "$work"/
"$bin" -max_total_time="${HV_MMU_FUZZ_SECONDS:-15}" -rss_limit_mb=1024 \
	-artifact_prefix=tests/mmu/fuzz- \
	-print_final_stats=1 "$work"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# fuzz-mmu.sh: the bounded libFuzzer run of make check: the fuzz target
# over a scratch copy of tests/mmu/corpus (libFuzzer adds inputs to its
# first corpus directory) for HV_MMU_FUZZ_SECONDS (default 15) seconds;
# HV_MMU_FUZZ_MODE (see fuzz-mmu.c) pins one mode.
set -eu
bin=./tests/mmu/fuzz-mmu
[ -x "$bin" ] || { echo "fuzz-mmu: $bin not built (no clang)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "${srcdir:-.}"/tests/mmu/corpus/* "$work"/
"$bin" -max_total_time="${HV_MMU_FUZZ_SECONDS:-15}" -rss_limit_mb=1024 \
	-artifact_prefix=tests/mmu/fuzz- \
	-print_final_stats=1 "$work"

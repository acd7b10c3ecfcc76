# SPDX-License-Identifier: GPL-2.0-only
# tests/: the test suites (criterion) and benchmarks; each area has its own
# fragment. "make check" is the fast suite; slower suites have own targets.

# Shared by every benchmark: records figures into bench-results.json.
noinst_LIBRARIES += tests/bench/libbenchreport.a
tests_bench_libbenchreport_a_SOURCES = tests/bench/report.c tests/bench/report.h
tests_bench_libbenchreport_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)

include tests/rpc/local.mk
include tests/mmu/local.mk
include tests/monitor/local.mk
include tests/guests/local.mk
include tests/emu/local.mk
include tests/vmx/local.mk
include tests/system/local.mk

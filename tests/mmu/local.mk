# SPDX-License-Identifier: GPL-2.0-only
# tests/mmu/: MMU core tests, hardware and reference models, MMU benchmarks.

# Test support every MMU test and benchmark links: the reference walker,
# the hardware model, the vCPU-loop harness, the guest table builder and
# the operation language with its executor.
noinst_LIBRARIES += tests/mmu/libmmumodel.a
tests_mmu_libmmumodel_a_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
tests_mmu_libmmumodel_a_SOURCES = \
	tests/mmu/refmodel.c tests/mmu/refmodel.h \
	tests/mmu/hwmodel.c tests/mmu/hwmodel.h \
	tests/mmu/eptwalk.c tests/mmu/eptwalk.h \
	tests/mmu/harness.c tests/mmu/harness.h \
	tests/mmu/guestpt.c tests/mmu/guestpt.h \
	tests/mmu/oplang.c tests/mmu/oplang.h \
	tests/mmu/diffrun.c tests/mmu/diffrun.h
MMU_MODEL_LIBS = tests/mmu/libmmumodel.a kmod/libhvmmu.a $(PTHREAD_LIBS)

if HAVE_CRITERION
MMU_TESTS = tests/mmu/test-refmodel tests/mmu/test-eptwalk \
	tests/mmu/test-access tests/mmu/test-random tests/mmu/test-gpte-race
check_PROGRAMS += $(MMU_TESTS)
TESTS += $(MMU_TESTS)

tests_mmu_test_refmodel_SOURCES = tests/mmu/test-refmodel.c
tests_mmu_test_refmodel_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_mmu_test_refmodel_LDADD = tests/mmu/libmmumodel.a $(CRITERION_LIBS)

tests_mmu_test_eptwalk_SOURCES = tests/mmu/test-eptwalk.c
tests_mmu_test_eptwalk_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_mmu_test_eptwalk_LDADD = tests/mmu/libmmumodel.a $(CRITERION_LIBS)

tests_mmu_test_gpte_race_SOURCES = tests/mmu/test-gpte-race.c
tests_mmu_test_gpte_race_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
tests_mmu_test_gpte_race_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_mmu_test_gpte_race_LDADD = $(MMU_MODEL_LIBS) $(CRITERION_LIBS)

tests_mmu_test_access_SOURCES = tests/mmu/test-access.c
tests_mmu_test_access_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
tests_mmu_test_access_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_mmu_test_access_LDADD = $(MMU_MODEL_LIBS) $(CRITERION_LIBS)

tests_mmu_test_random_SOURCES = tests/mmu/test-random.c
tests_mmu_test_random_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
tests_mmu_test_random_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_mmu_test_random_LDADD = $(MMU_MODEL_LIBS) $(CRITERION_LIBS)
endif

# The threaded fast-path test: a plain program (criterion cannot start
# under ThreadSanitizer), also run by make check-tsan.
check_PROGRAMS += tests/mmu/test-fastpath-mt
TESTS += tests/mmu/test-fastpath-mt
TSAN_TESTS += tests/mmu/test-fastpath-mt
tests_mmu_test_fastpath_mt_SOURCES = tests/mmu/test-fastpath-mt.c
tests_mmu_test_fastpath_mt_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
tests_mmu_test_fastpath_mt_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_mmu_test_fastpath_mt_LDADD = $(MMU_MODEL_LIBS)

# The libFuzzer target over the operation language: clang builds it with
# its own rule (-fsanitize=fuzzer brings its own main and runtime), from
# the model and core sources; the suite runs it for a bounded time.
if HAVE_CLANG
MMU_FUZZ_IGNORE = $(srcdir)/tests/mmu/fuzz-coverage.txt
MMU_FUZZ_SRC = tests/mmu/fuzz-mmu.c $(tests_mmu_libmmumodel_a_SOURCES) \
	$(kmod_libhvmmu_a_SOURCES)
tests/mmu/fuzz-mmu: tests/mmu/fuzz-mmu.c tests/mmu/fuzz-coverage.txt \
		tests/mmu/libmmumodel.a kmod/libhvmmu.a
	$(AM_V_CCLD)srcs=; for f in $(MMU_FUZZ_SRC); do \
		case $$f in *.c) srcs="$$srcs $(top_srcdir)/$$f";; esac; \
	done; \
	$(CLANG) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fsanitize-coverage-ignorelist=$(MMU_FUZZ_IGNORE) \
		-I$(top_srcdir) -I$(top_builddir) -include config.h \
		$(HV_MMU_CPPFLAGS) $$srcs -o $@ -lpthread
MMU_FUZZ_BIN = tests/mmu/fuzz-mmu
CLEANFILES += tests/mmu/fuzz-mmu tests/mmu/fuzz-crash-*
else
MMU_FUZZ_BIN =
endif
# The suite's run: a copy of the script that depends on the binary.
tests/mmu/fuzz-mmu-run: tests/mmu/fuzz-mmu.sh $(MMU_FUZZ_BIN)
	$(AM_V_GEN)cp $(srcdir)/tests/mmu/fuzz-mmu.sh $@ && chmod +x $@
TESTS += tests/mmu/fuzz-mmu-run
CLEANFILES += tests/mmu/fuzz-mmu-run
EXTRA_DIST += tests/mmu/fuzz-mmu.c tests/mmu/fuzz-mmu.sh \
	tests/mmu/fuzz-coverage.txt \
	tests/mmu/corpus/random-0 tests/mmu/corpus/random-1 \
	tests/mmu/corpus/random-2 tests/mmu/corpus/random-3 \
	tests/mmu/corpus/random-4 tests/mmu/corpus/random-5 \
	tests/mmu/corpus/dirty-1 tests/mmu/corpus/dirty-2

# The exhaustive permission test, every case (about 1.2 million per mode),
# one job at a time (needs criterion, as make check does).
check-mmu-full: tests/mmu/test-access$(EXEEXT)
	HV_MMU_ACCESS_STRIDE=1 ./tests/mmu/test-access$(EXEEXT) --jobs 1

.PHONY: check-mmu-full

MMU_BENCHES = tests/mmu/bench-shadow-cache tests/mmu/bench-bypass \
	tests/mmu/bench-fast-pf tests/mmu/bench-cold-fill \
	tests/mmu/bench-demand-svm
noinst_PROGRAMS += $(MMU_BENCHES)
BENCHES += $(MMU_BENCHES)
MMU_BENCH_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
MMU_BENCH_LIBS = $(MMU_MODEL_LIBS) tests/bench/libbenchreport.a \
	$(JSONC_LIBS)
tests_mmu_bench_shadow_cache_SOURCES = tests/mmu/bench-shadow-cache.c
tests_mmu_bench_shadow_cache_CPPFLAGS = $(MMU_BENCH_CPPFLAGS)
tests_mmu_bench_shadow_cache_LDADD = $(MMU_BENCH_LIBS)
tests_mmu_bench_bypass_SOURCES = tests/mmu/bench-bypass.c
tests_mmu_bench_bypass_CPPFLAGS = $(MMU_BENCH_CPPFLAGS)
tests_mmu_bench_bypass_LDADD = $(MMU_BENCH_LIBS)
tests_mmu_bench_fast_pf_SOURCES = tests/mmu/bench-fast-pf.c
tests_mmu_bench_fast_pf_CPPFLAGS = $(MMU_BENCH_CPPFLAGS)
tests_mmu_bench_fast_pf_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_mmu_bench_fast_pf_LDADD = $(MMU_BENCH_LIBS)
tests_mmu_bench_cold_fill_SOURCES = tests/mmu/bench-cold-fill.c
tests_mmu_bench_cold_fill_CPPFLAGS = $(MMU_BENCH_CPPFLAGS)
tests_mmu_bench_cold_fill_LDADD = $(MMU_BENCH_LIBS)
tests_mmu_bench_demand_svm_SOURCES = tests/mmu/bench-demand-svm.c
tests_mmu_bench_demand_svm_CPPFLAGS = $(MMU_BENCH_CPPFLAGS)
tests_mmu_bench_demand_svm_LDADD = $(MMU_BENCH_LIBS)

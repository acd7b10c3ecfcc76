# SPDX-License-Identifier: GPL-2.0-only
# tests/monitor/: VM monitor tests on /dev/kvm (they skip without it), the
# monitor's unit tests, and its benchmarks.

# The end-to-end tests and benchmarks drive the built hv-vm, which carries
# the build's sanitizer; they themselves are built without it, so that they
# also run in a TSan build (criterion cannot start under TSan).
HV_MONITOR_TEST_CFLAGS = -std=gnu11 $(HV_WARN_CFLAGS) $(JSONC_CFLAGS) \
	-DHV_VM='"$(abs_top_builddir)/hv-vm$(EXEEXT)"' \
	-DHV_GUESTS='"$(abs_top_builddir)/tests/guests"'

noinst_LIBRARIES += tests/monitor/librunvm.a
tests_monitor_librunvm_a_SOURCES = tests/monitor/run-vm.c \
	tests/monitor/run-vm.h tests/monitor/tiny-guests.h \
	tests/monitor/skip.h
tests_monitor_librunvm_a_CFLAGS = $(HV_MONITOR_TEST_CFLAGS)

if HAVE_CRITERION
HV_MONITOR_TESTS = tests/monitor/test-monitor tests/monitor/test-refusals \
	tests/monitor/test-loaders tests/monitor/test-devices \
	tests/monitor/test-kvm-guests
check_PROGRAMS += $(HV_MONITOR_TESTS)
TESTS += $(HV_MONITOR_TESTS)
# In a TSan build, "make check TESTS='$(HV_MONITOR_TSAN_TESTS)'" runs the
# monitor's threads (vCPUs, dirty logger, uffd pager, socket) under TSan.
# (TSAN_TESTS is defined after the fragments are included, so they cannot
# append to it yet.)
HV_MONITOR_TSAN_TESTS = tests/monitor/test-monitor tests/monitor/test-kvm-guests

tests_monitor_test_monitor_LDFLAGS =
tests_monitor_test_monitor_SOURCES = tests/monitor/test-monitor.c
tests_monitor_test_monitor_CFLAGS = $(HV_MONITOR_TEST_CFLAGS) \
	$(CRITERION_CFLAGS)
tests_monitor_test_monitor_LDADD = tests/monitor/librunvm.a \
	$(CRITERION_LIBS) $(JSONC_LIBS)
# The tests run the monitor binary (and the guests).
EXTRA_tests_monitor_test_monitor_DEPENDENCIES = hv-vm$(EXEEXT)
EXTRA_tests_monitor_test_refusals_DEPENDENCIES = hv-vm$(EXEEXT)
EXTRA_tests_monitor_test_kvm_guests_DEPENDENCIES = hv-vm$(EXEEXT) \
	$(guest_images)

tests_monitor_test_kvm_guests_LDFLAGS =
tests_monitor_test_kvm_guests_SOURCES = tests/monitor/test-kvm-guests.c
tests_monitor_test_kvm_guests_CFLAGS = $(HV_MONITOR_TEST_CFLAGS) \
	$(CRITERION_CFLAGS)
tests_monitor_test_kvm_guests_LDADD = tests/monitor/librunvm.a \
	$(CRITERION_LIBS) $(JSONC_LIBS)

tests_monitor_test_refusals_LDFLAGS =
tests_monitor_test_refusals_SOURCES = tests/monitor/test-refusals.c
tests_monitor_test_refusals_CFLAGS = $(HV_MONITOR_TEST_CFLAGS) \
	$(CRITERION_CFLAGS)
tests_monitor_test_refusals_LDADD = tests/monitor/librunvm.a \
	$(CRITERION_LIBS) $(JSONC_LIBS)

HV_MONITOR_UNIT_LDADD = monitor/libhvvm.a proto/libhvstats.a proto/libhvproto.a \
	$(CRITERION_LIBS) $(JSONC_LIBS) $(PTHREAD_LIBS)
tests_monitor_test_loaders_SOURCES = tests/monitor/test-loaders.c
tests_monitor_test_loaders_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_monitor_test_loaders_LDADD = $(HV_MONITOR_UNIT_LDADD)
tests_monitor_test_devices_SOURCES = tests/monitor/test-devices.c
tests_monitor_test_devices_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_monitor_test_devices_LDADD = $(HV_MONITOR_UNIT_LDADD)
endif

# Benchmarks ("make bench"), in order.
HV_MONITOR_BENCHES = tests/monitor/bench-start tests/monitor/bench-overhead \
	tests/monitor/bench-dirty tests/monitor/bench-apf
noinst_PROGRAMS += $(HV_MONITOR_BENCHES)
BENCHES += $(HV_MONITOR_BENCHES)
# Linked with libbenchreport.a, so built like it (with the sanitizer).
HV_MONITOR_BENCH_CFLAGS = $(AM_CFLAGS) $(HV_MONITOR_TEST_CFLAGS)
HV_MONITOR_BENCH_LDADD = tests/monitor/librunvm.a \
	tests/bench/libbenchreport.a $(JSONC_LIBS)
tests_monitor_bench_start_SOURCES = tests/monitor/bench-start.c
tests_monitor_bench_start_CFLAGS = $(HV_MONITOR_BENCH_CFLAGS)
tests_monitor_bench_start_LDADD = $(HV_MONITOR_BENCH_LDADD)
tests_monitor_bench_overhead_SOURCES = tests/monitor/bench-overhead.c
tests_monitor_bench_overhead_CFLAGS = $(HV_MONITOR_BENCH_CFLAGS)
tests_monitor_bench_overhead_LDADD = $(HV_MONITOR_BENCH_LDADD)
tests_monitor_bench_dirty_SOURCES = tests/monitor/bench-dirty.c
tests_monitor_bench_dirty_CFLAGS = $(HV_MONITOR_BENCH_CFLAGS)
tests_monitor_bench_dirty_LDADD = $(HV_MONITOR_BENCH_LDADD)
tests_monitor_bench_apf_SOURCES = tests/monitor/bench-apf.c
tests_monitor_bench_apf_CFLAGS = $(HV_MONITOR_BENCH_CFLAGS)
tests_monitor_bench_apf_LDADD = $(HV_MONITOR_BENCH_LDADD)

# SPDX-License-Identifier: GPL-2.0-only
# tests/helper/: hvd-helper tests: the wire codec, a real helper in both
# start modes (as root: requests, refusals, /proc status of helper and
# monitor, with fake-monitor standing in for hv-vm), the units and the man
# page; "make fuzz-helper" runs the libFuzzer target for ~20 s (clang).
check_PROGRAMS += tests/helper/fake-monitor
tests_helper_fake_monitor_SOURCES = tests/helper/fake-monitor.c

if HAVE_CRITERION
check_PROGRAMS += tests/helper/test-helper-wire tests/helper/test-helper
TESTS += tests/helper/test-helper-wire tests/helper/test-helper
tests_helper_test_helper_wire_SOURCES = tests/helper/test-helper-wire.c
tests_helper_test_helper_wire_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_helper_test_helper_wire_LDADD = proto/libhvhelperwire.a \
	$(CRITERION_LIBS)
tests_helper_test_helper_SOURCES = \
	tests/helper/harness.c tests/helper/harness.h \
	tests/helper/test-modes.c \
	tests/helper/test-refusals.c \
	tests/helper/test-requests.c
tests_helper_test_helper_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHV_HELPER='"$(abs_top_builddir)/hvd-helper"' \
	-DHV_FAKE_MONITOR='"$(abs_top_builddir)/tests/helper/fake-monitor"'
tests_helper_test_helper_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_helper_test_helper_LDADD = proto/libhvhelperwire.a $(CRITERION_LIBS)
endif

TESTS += tests/helper/helper-units-verify.sh
EXTRA_DIST += tests/helper/helper-units-verify.sh

# The fuzz target is built by clang with libFuzzer, apart from the main
# build (whose compiler may be gcc); new inputs go to a scratch corpus.
FUZZ_CC = clang
HELPER_FUZZ_SECONDS = 20
helper_fuzz_corpus = \
	tests/helper/corpus/load-module \
	tests/helper/corpus/open-accel \
	tests/helper/corpus/open-genl \
	tests/helper/corpus/open-uffd \
	tests/helper/corpus/perf-open \
	tests/helper/corpus/reap \
	tests/helper/corpus/reply \
	tests/helper/corpus/signal \
	tests/helper/corpus/spawn
EXTRA_DIST += tests/helper/fuzz-helper-wire.c $(helper_fuzz_corpus)
CLEANFILES += tests/helper/fuzz-helper-wire

tests/helper/fuzz-helper-wire: tests/helper/fuzz-helper-wire.c \
		proto/helper-wire.c proto/helper-wire.h
	$(AM_V_CC)$(MKDIR_P) tests/helper && \
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-I$(top_srcdir) -I$(top_builddir) -include config.h -o $@ \
		$(srcdir)/tests/helper/fuzz-helper-wire.c \
		$(srcdir)/proto/helper-wire.c

fuzz-helper: tests/helper/fuzz-helper-wire
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	./tests/helper/fuzz-helper-wire -max_total_time=$(HELPER_FUZZ_SECONDS) \
		-max_len=512 -print_final_stats=1 "$$tmp" \
		$(srcdir)/tests/helper/corpus
.PHONY: fuzz-helper

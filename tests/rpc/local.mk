# SPDX-License-Identifier: GPL-2.0-only
# tests/rpc/: protocol, daemon and client tests, and the RPC benchmark.
# test-rpc-unit: codec/framing, method table, registry, auth, config,
# the client side of hv.ko's netlink family.
# test-hvd: integration tests against the built hvd.

# Starting a private hvd and talking to it (tests and benchmark).
noinst_LIBRARIES += tests/rpc/libharness.a
tests_rpc_libharness_a_SOURCES = tests/rpc/harness.c tests/rpc/harness.h
tests_rpc_libharness_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHVD_PATH='"$(abs_top_builddir)/hvd"'
tests_rpc_libharness_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)

if HAVE_CRITERION
check_PROGRAMS += tests/rpc/test-rpc-unit tests/rpc/test-hvd
TESTS += tests/rpc/test-rpc-unit tests/rpc/test-hvd
endif

tests_rpc_test_rpc_unit_SOURCES = tests/rpc/test-codec.c \
	tests/rpc/test-base64.c \
	tests/rpc/test-schema.c tests/rpc/test-registry.c \
	tests/rpc/test-auth.c tests/rpc/test-config.c \
	tests/rpc/test-hv-genl.c
tests_rpc_test_rpc_unit_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) \
	$(daemon_libhvd_a_CFLAGS)
tests_rpc_test_rpc_unit_LDADD = tests/rpc/libharness.a $(HVD_LIBS) \
	$(CRITERION_LIBS)

tests_rpc_test_hvd_SOURCES = tests/rpc/test-hvd.c
tests_rpc_test_hvd_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(JSONC_CFLAGS)
tests_rpc_test_hvd_LDADD = tests/rpc/libharness.a proto/libhvproto.a \
	$(JSONC_LIBS) $(CRITERION_LIBS)
# The integration tests run the daemon binary.
EXTRA_tests_rpc_test_hvd_DEPENDENCIES = hvd$(EXEEXT)

# vm.list throughput and latency at 1, 16 and 256 clients ("make bench").
noinst_PROGRAMS += tests/rpc/bench-rpc
BENCHES += tests/rpc/bench-rpc
tests_rpc_bench_rpc_SOURCES = tests/rpc/bench-rpc.c
tests_rpc_bench_rpc_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_rpc_bench_rpc_LDADD = tests/rpc/libharness.a \
	tests/bench/libbenchreport.a $(JSONC_LIBS)
EXTRA_tests_rpc_bench_rpc_DEPENDENCIES = hvd$(EXEEXT)

# SPDX-License-Identifier: GPL-2.0-only
# man/: the manual pages, and the tests that keep them lint-clean and in
# step with proto/'s tables.
dist_man_MANS += man/hvctl.1 man/hvd.conf.5 man/hv-rpc.7 man/hvd.8 man/hv.4

# Prints the method and error tables as the manual check compares them.
check_PROGRAMS += tests/rpc/man-methods
tests_rpc_man_methods_SOURCES = tests/rpc/man-methods.c
tests_rpc_man_methods_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_rpc_man_methods_LDADD = proto/libhvproto.a proto/libhvstats.a \
	$(JSONC_LIBS)

TESTS += tests/rpc/man-lint.sh tests/rpc/man-check.sh
EXTRA_DIST += tests/rpc/man-lint.sh tests/rpc/man-check.sh

# SPDX-License-Identifier: GPL-2.0-only
# daemon/: hvd, the unprivileged control daemon. Its parts other than
# main.c form libhvd.a so that tests/rpc can unit-test them.
noinst_LIBRARIES += daemon/libhvd.a
daemon_libhvd_a_SOURCES = \
	daemon/auth.c daemon/auth.h \
	daemon/config.c daemon/config.h \
	daemon/conn.c daemon/conn.h \
	daemon/console.c daemon/console.h \
	daemon/dispatch.c daemon/dispatch.h \
	daemon/events.c daemon/events.h \
	daemon/fsutil.c daemon/fsutil.h \
	daemon/helper-link.c daemon/helper-link.h \
	daemon/hv-module.c daemon/hv-module.h \
	daemon/hvd.h \
	daemon/images.c daemon/images.h \
	daemon/lifecycle.c daemon/lifecycle.h \
	daemon/listener.c daemon/listener.h \
	daemon/log.c daemon/log.h \
	daemon/methods-daemon.c daemon/methods-vm.c \
	daemon/monitor-link.c daemon/monitor-link.h \
	daemon/monitor-spawn.c daemon/monitor-spawn.h \
	daemon/options.c daemon/options.h \
	daemon/privdrop.c daemon/privdrop.h \
	daemon/registry.c daemon/registry.h \
	daemon/service.c daemon/service.h \
	daemon/sha256.c daemon/sha256.h \
	daemon/vm.c daemon/vm.h \
	daemon/vm-stats.c daemon/vm-stats.h
daemon_libhvd_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(JSONC_CFLAGS) \
	$(SYSTEMD_CFLAGS) $(CAPNG_CFLAGS)
daemon_libhvd_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHVD_HELPER_PATH='"$(sbindir)/hvd-helper"'

HVD_LIBS = daemon/libhvd.a proto/libhvproto.a proto/libhvhelperwire.a \
	proto/libhvstats.a \
	$(LIBEVENT_LIBS) $(JSONC_LIBS) $(SYSTEMD_LIBS) $(CAPNG_LIBS)

sbin_PROGRAMS += hvd
hvd_SOURCES = daemon/main.c
hvd_CFLAGS = $(daemon_libhvd_a_CFLAGS)
hvd_LDADD = $(HVD_LIBS)

include tests/vm/local.mk

# SPDX-License-Identifier: GPL-2.0-only
# daemon/: hvd, the unprivileged control daemon. Its parts other than
# main.c form libhvd.a so that tests/rpc can unit-test them.
noinst_LIBRARIES += daemon/libhvd.a
daemon_libhvd_a_SOURCES = \
	daemon/auth.c daemon/auth.h \
	daemon/config.c daemon/config.h \
	daemon/conn.c daemon/conn.h \
	daemon/dispatch.c daemon/dispatch.h \
	daemon/events.c daemon/events.h \
	daemon/fsutil.c daemon/fsutil.h \
	daemon/hvd.h \
	daemon/images.c daemon/images.h \
	daemon/lifecycle.c daemon/lifecycle.h \
	daemon/listener.c daemon/listener.h \
	daemon/log.c daemon/log.h \
	daemon/methods-daemon.c daemon/methods-vm.c \
	daemon/options.c daemon/options.h \
	daemon/registry.c daemon/registry.h \
	daemon/service.c daemon/service.h \
	daemon/sha256.c daemon/sha256.h \
	daemon/vm.c daemon/vm.h
daemon_libhvd_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(JSONC_CFLAGS) \
	$(SYSTEMD_CFLAGS)

HVD_LIBS = daemon/libhvd.a proto/libhvproto.a $(LIBEVENT_LIBS) \
	$(JSONC_LIBS) $(SYSTEMD_LIBS)

sbin_PROGRAMS += hvd
hvd_SOURCES = daemon/main.c
hvd_CFLAGS = $(daemon_libhvd_a_CFLAGS)
hvd_LDADD = $(HVD_LIBS)

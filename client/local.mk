# SPDX-License-Identifier: GPL-2.0-only
# client/: hvctl, the command-line client, and its bash completion.
bin_PROGRAMS += hvctl
hvctl_SOURCES = \
	client/hvctl.c client/hvctl.h \
	client/args.c client/args.h \
	client/call.c client/call.h \
	client/table.c client/table.h \
	client/cmd-vm.c client/cmd-list.c client/cmd-stats.c \
	client/cmd-events.c client/cmd-version.c client/cmd-help.c
hvctl_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
hvctl_LDADD = proto/libhvproto.a $(JSONC_LIBS)

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

# bash-completion finds a command's completion by the command's name.
bashcompletion_DATA = client/bash-completion/hvctl
EXTRA_DIST += client/hvctl.bash-completion
CLEANFILES += client/bash-completion/hvctl
client/bash-completion/hvctl: client/hvctl.bash-completion
	$(AM_V_GEN)$(MKDIR_P) client/bash-completion && \
	cp $(srcdir)/client/hvctl.bash-completion $@

TESTS += tests/rpc/client-completion.sh
EXTRA_DIST += tests/rpc/client-completion.sh

# SPDX-License-Identifier: GPL-2.0-only
# client/: hvctl, the command-line client, and its bash completion.
bin_PROGRAMS += hvctl
hvctl_SOURCES = \
	client/hvctl.c client/hvctl.h \
	client/args.c client/args.h \
	client/call.c client/call.h \
	client/table.c client/table.h \
	client/cmd-vm.c client/cmd-list.c client/cmd-stats.c \
	client/cmd-console.c client/cmd-events.c client/cmd-version.c \
	client/cmd-help.c
hvctl_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
hvctl_LDADD = proto/libhvproto.a proto/libhvstats.a $(JSONC_LIBS)

# bash-completion finds a command's completion by the command's name.
bashcompletion_DATA = client/bash-completion/hvctl
EXTRA_DIST += client/hvctl.bash-completion
CLEANFILES += client/bash-completion/hvctl
client/bash-completion/hvctl: client/hvctl.bash-completion
	$(AM_V_GEN)$(MKDIR_P) client/bash-completion && \
	cp $(srcdir)/client/hvctl.bash-completion $@

TESTS += tests/rpc/client-completion.sh
EXTRA_DIST += tests/rpc/client-completion.sh

# hvctl against a real hvd (tests/rpc/harness.c starts it).
if HAVE_CRITERION
check_PROGRAMS += tests/rpc/client-hvctl
TESTS += tests/rpc/client-hvctl
tests_rpc_client_hvctl_SOURCES = \
	tests/rpc/client-hvctl.c tests/rpc/client-fdpass.c \
	tests/rpc/client-run.c tests/rpc/client-run.h
tests_rpc_client_hvctl_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHVCTL_PATH='"$(abs_top_builddir)/hvctl"'
tests_rpc_client_hvctl_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) \
	$(JSONC_CFLAGS)
tests_rpc_client_hvctl_LDADD = tests/rpc/libharness.a proto/libhvproto.a \
	$(CRITERION_LIBS) $(JSONC_LIBS)
# They run both programs.
EXTRA_tests_rpc_client_hvctl_DEPENDENCIES = hvd$(EXEEXT) hvctl$(EXEEXT)
endif

# hvctl's table output on its own.
if HAVE_CRITERION
check_PROGRAMS += tests/rpc/client-table
TESTS += tests/rpc/client-table
tests_rpc_client_table_SOURCES = tests/rpc/client-table.c \
	client/table.c client/table.h
tests_rpc_client_table_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) \
	$(JSONC_CFLAGS)
tests_rpc_client_table_LDADD = $(CRITERION_LIBS) $(JSONC_LIBS)
endif

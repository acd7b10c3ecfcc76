# SPDX-License-Identifier: GPL-2.0-only
# proto/: the wire formats shared by every hv program: JSON-RPC framing and
# codec, error codes, method schemas and table, VM states, fd passing,
# and the client side of hv.ko's netlink family (no json-c needed there).
# Link proto/libhvproto.a with $(JSONC_LIBS) and add $(JSONC_CFLAGS).
noinst_LIBRARIES += proto/libhvproto.a
proto_libhvproto_a_SOURCES = \
	proto/base64.c proto/base64.h \
	proto/hv-genl.h proto/hv-genl-client.c proto/hv-genl-client.h \
	proto/rpc-codec.c proto/rpc-codec.h \
	proto/rpc-describe.c \
	proto/rpc-errors.c proto/rpc-errors.h \
	proto/rpc-fdpass.c proto/rpc-fdpass.h \
	proto/rpc-framing.c proto/rpc-framing.h \
	proto/rpc-methods.c proto/rpc-methods.h \
	proto/rpc-raw.c proto/rpc-raw.h \
	proto/rpc-schema.c proto/rpc-schema.h \
	proto/monitor-fds.h \
	proto/rpc-version.h \
	proto/vm-state.c proto/vm-state.h
proto_libhvproto_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-fdpass.h: sending and receiving file descriptors with request lines
 * over a unix stream socket (SCM_RIGHTS). The rule that ties an fd to a
 * request is written in rpc-methods.h ("Image passing").
 */
#ifndef HV_PROTO_RPC_FDPASS_H
#define HV_PROTO_RPC_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/* At most this many fds are accepted with one read; extra ones are closed. */
#define RPC_FDPASS_MAX	8

/*
 * Sends the whole of line (len bytes, one request line with its '\n') on a
 * blocking socket, with fd attached to its first byte. 0, or -1 and errno.
 */
int rpc_fdpass_send(int sock, const char *line, size_t len, int fd);

/*
 * One recvmsg(): up to len bytes into buf, and the fds that came with them
 * into fds[0..*nfds) (close-on-exec, at most RPC_FDPASS_MAX). Returns the
 * byte count (0 at end of stream) or -1 and errno.
 */
ssize_t rpc_fdpass_recv(int sock, void *buf, size_t len,
			int fds[RPC_FDPASS_MAX], size_t *nfds);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * listener.h: hvd's two listening sockets: hvd.sock (mode 0660, group
 * cfg.group when it exists: every method) and hvd-ro.sock (mode 0666:
 * methods that change nothing; off when ro_socket_enabled is no). Under
 * systemd they come from socket activation (sd_listen_fds), matched to
 * the configured paths; otherwise hvd creates them, replacing a stale
 * socket file but never a live one.
 */
#ifndef HV_DAEMON_LISTENER_H
#define HV_DAEMON_LISTENER_H

#include <stddef.h>

#include "daemon/hvd.h"

/* 0, or -1 with why. */
int listeners_open(struct hvd *h, char *why, size_t whysize);

/* Stops accepting; removes the socket files hvd created. */
void listeners_close(struct hvd *h);

#endif

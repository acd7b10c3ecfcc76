/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * monitor-fds.h: the descriptors hvd hands a monitor it has the helper
 * spawn. hvd-helper runs "hv-vm --name NAME" with the fds of its
 * HW_SPAWN request at 3, 4, ... in request order and LISTEN_FDS set to
 * their number (proto/helper-wire.h); this is that order. The monitor,
 * running as its own unprivileged user, opens no path of hvd's: it reads
 * everything from these fds.
 *   definition  the VM definition (JSON, the monitor's definition keys;
 *               image.path is for messages only), readable from offset 0
 *   control     a listening AF_UNIX stream socket bound by hvd at
 *               RUNTIME/vms/NAME/monitor.sock, served with the JSON-RPC
 *               codec (monitor.info, monitor.stats, monitor.stop)
 *   console     the console log, open for writing (the monitor bounds it)
 *   image       the image copy, open for reading
 *   accel       /dev/kvm (or /dev/hv), opened by the helper
 *   uffd_dev    /dev/userfaultfd, only for the uffd memory backend
 */
#ifndef HV_PROTO_MONITOR_FDS_H
#define HV_PROTO_MONITOR_FDS_H

enum hv_monitor_fd {
	HV_MFD_DEFINITION,
	HV_MFD_CONTROL,
	HV_MFD_CONSOLE,
	HV_MFD_IMAGE,
	HV_MFD_ACCEL,
	HV_MFD_UFFD_DEV,	/* optional: last */
	HV_MFD_COUNT
};

/* The first passed fd (SD_LISTEN_FDS_START). */
#define HV_MFD_FIRST	3

#endif

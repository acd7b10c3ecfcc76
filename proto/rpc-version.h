/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-version.h: the version numbers of hv's wire and on-disk formats.
 * HV_RPC_PROTOCOL_VERSION is reported by daemon.info and grows when a
 * method, parameter or result changes incompatibly. HV_STATE_FORMAT_VERSION
 * is written into every VM definition file (STATE/vms/NAME.json, key
 * "format_version"); a reader refuses a file with a higher version rather
 * than misread it.
 */
#ifndef HV_PROTO_RPC_VERSION_H
#define HV_PROTO_RPC_VERSION_H

#define HV_RPC_PROTOCOL_VERSION	1
#define HV_STATE_FORMAT_VERSION	1

#endif

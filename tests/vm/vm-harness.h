/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm-harness.h: a real hvd, started as root in a private directory (the
 * tests/rpc harness) with hvd-helper and hv-vm: hvd starts the helper and
 * drops to VMH_HVD_UID, monitors run as VMH_VM_UID (numbers, so that no
 * user needs creating), the monitor is a 0711 copy of the built hv-vm.
 * Shared by the VM integration tests and the start-to-exit benchmark;
 * nothing here asserts: every call says whether it worked.
 */
#ifndef HV_TESTS_VM_HARNESS_H
#define HV_TESTS_VM_HARNESS_H

#include <stdbool.h>

#include <json-c/json.h>

#include "tests/rpc/harness.h"

#define VMH_HVD_UID	64311	/* plays the hvd user */
#define VMH_VM_UID	64312	/* plays hv-vm */

struct vmh {
	struct hvd_proc p;
	struct client c;	/* requests */
	struct client ev;	/* subscribed to every VM's events */
	char monitor[128];	/* DIR/hv-vm */
	char helper_sock[128];	/* DIR/helper.sock (helper_socket) */
	long long id;
};

/* NULL when this machine can run the tests, else why not. */
const char *vmh_unusable(void);
/* Prepares the directory, starts hvd and connects both clients. */
bool vmh_start(struct vmh *v);
/* Starts hvd again on the same directory (after it was killed). */
bool vmh_restart(struct vmh *v);
/* Kills every monitor still running (hvd's or not) and hvd; removes all. */
void vmh_cleanup(struct vmh *v);

/* Calls method with params (JSON object text, "" for none); the reply. */
struct json_object *vmh_call(struct vmh *v, const char *method,
			     const char *params);
/* vm.create of tests/guests/GUEST.elf with memory and cmdline. */
bool vmh_create(struct vmh *v, const char *name, const char *guest,
		int memory_mib, const char *cmdline);
/*
 * Waits (up to timeout_ms) for the "state" event that puts name into
 * state; every state entered on the way is appended to seen (if not
 * NULL).
 */
bool vmh_wait_state(struct vmh *v, const char *name, const char *state,
		    int timeout_ms, char *seen, size_t len);
/* A field of vm.info's answer as text ("" when absent; static buffer). */
const char *vmh_info(struct vmh *v, const char *name, const char *path);
/* The value of "key:" in /proc/PID/status (static buffer), or "". */
const char *vmh_status(int pid, const char *key);

#endif

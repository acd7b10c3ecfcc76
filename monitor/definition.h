/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * definition.h: reads a VM definition (JSON, the keys of hvd's vm.create
 * parameters) into a struct vm_config, refusing unknown keys and bad values
 * with a message naming the key.
 */
#ifndef HV_MONITOR_DEFINITION_H
#define HV_MONITOR_DEFINITION_H

#include <stddef.h>

#include "monitor/vm.h"

#define DEF_MAX_MEMORY_MIB	1048576
#define DEF_MAX_VCPUS		256
#define DEF_MAX_UFFD_DELAY_US	1000000

/* Fills the definition part of cfg (defaults first); err on failure. */
int definition_load(const char *path, struct vm_config *cfg, char *err,
		    size_t errlen);
void definition_free(struct vm_config *cfg);

#endif

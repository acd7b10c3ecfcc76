/* SPDX-License-Identifier: GPL-2.0-only */
/* cmdline.h: parses key=value words into the guest's parameter table. */
#ifndef GUEST_CMDLINE_H
#define GUEST_CMDLINE_H

#include "guest.h"

/* Fails the guest (GUEST_BAD_PARAM) on an unknown key or a bad value. */
void cmdline_parse(const char *line, const struct guest_param *params);

#endif

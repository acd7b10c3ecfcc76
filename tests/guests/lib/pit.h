/* SPDX-License-Identifier: GPL-2.0-only */
/* pit.h: millisecond delays timed by the 8254 PIT's channel 2. */
#ifndef GUEST_PIT_H
#define GUEST_PIT_H

#include <stdint.h>

void pit_sleep_ms(uint64_t ms);

#endif

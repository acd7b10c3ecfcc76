/* SPDX-License-Identifier: GPL-2.0-only */
/* lapic.h: the local APIC in xAPIC mode (MMIO at 0xfee00000). */
#ifndef GUEST_LAPIC_H
#define GUEST_LAPIC_H

#include <stdint.h>

#define LAPIC_SPURIOUS_VECTOR	0xff
/* The timer counts at the 1 GHz bus KVM and QEMU model, divided by 16. */
#define LAPIC_TIMER_TICKS_PER_US	(1000 / 16)

/* Masks the legacy PICs, software-enables the APIC, ignores spurious. */
void lapic_enable(void);
void lapic_eoi(void);
void lapic_timer_periodic(uint8_t vector, uint32_t count);
void lapic_timer_stop(void);

#endif

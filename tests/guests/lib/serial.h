/* SPDX-License-Identifier: GPL-2.0-only */
/* serial.h: polled output on the 16550 UART at 0x3f8. */
#ifndef GUEST_SERIAL_H
#define GUEST_SERIAL_H

void serial_init(void);
void serial_putc(char c);

#endif

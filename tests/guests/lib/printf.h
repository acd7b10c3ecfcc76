/* SPDX-License-Identifier: GPL-2.0-only */
/* printf.h: a small printf to the serial port (%s %c %d %u %x %p, l, 0N). */
#ifndef GUEST_PRINTF_H
#define GUEST_PRINTF_H

#include <stdarg.h>

void kvprintf(const char *fmt, va_list ap);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

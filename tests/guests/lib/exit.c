// SPDX-License-Identifier: GPL-2.0-only
// exit.c: ends the VM through the debug-exit port, or reports a failure.
#include <stdarg.h>
#include "guest.h"
#include "printf.h"
#include "x86.h"

#define DEBUG_EXIT_PORT	0xf4

void guest_exit(enum guest_exit code)
{
	outl(DEBUG_EXIT_PORT, code);
	/* No debug-exit device: stop here for good. */
	for (;;)
		__asm__ volatile("cli; hlt");
}

void guest_fail(enum guest_exit code, const char *fmt, ...)
{
	va_list ap;

	kprintf("hv-test: %s fail=", guest.name);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	guest_exit(code);
}

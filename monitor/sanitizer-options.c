// SPDX-License-Identifier: GPL-2.0-only
/*
 * sanitizer-options.c: hv-vm's built-in AddressSanitizer options. The
 * helper starts monitors with a cleared environment (no ASAN_OPTIONS), and
 * LeakSanitizer needs ptrace, which the monitor's seccomp filter and its
 * non-dumpable state forbid, so sanitizer builds turn it off here. Other
 * builds never call this function.
 */
const char *__asan_default_options(void);

const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

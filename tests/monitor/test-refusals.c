// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-refusals.c: hv-vm refuses bad definitions and malformed, truncated
 * or oversized images with exit status 8 and a message naming what is
 * wrong, and leaves no child process and no fd behind.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/monitor/run-vm.h"
#include "tests/monitor/tiny-guests.h"

#define TIMEOUT_MS	20000
#define STATUS_REFUSED	8

static void no_children(void)
{
	cr_expect_eq(waitpid(-1, NULL, WNOHANG), -1, "a child is left");
	cr_expect_eq(errno, ECHILD);
}

/* def: a definition with %s for the image path (may be absent); args:
 * extra options of hv-vm. */
static void refused_with(const void *img, size_t len, const char *def,
			 const char *const *args, const char *needle)
{
	char path[128], text[2048];
	struct vm_run r;
	int fds = count_fds();

	cr_assert_eq(vm_run_prepare(&r, "{}"), 0);
	snprintf(path, sizeof(path), "%s/image", r.dir);
	if (img)
		cr_assert_eq(write_file(path, img, len), 0);
	snprintf(text, sizeof(text), def, path);
	snprintf(path, sizeof(path), "%s/def.json", r.dir);
	cr_assert_eq(write_file(path, text, strlen(text)), 0);
	cr_assert_eq(vm_run_spawn(&r, args), 0);
	cr_assert_eq(vm_run_wait(&r, TIMEOUT_MS), 0);
	cr_expect_eq(r.status, STATUS_REFUSED, "status %d for %s: %s",
		     r.status, text, r.err);
	cr_expect(strstr(r.err, needle) != NULL, "\"%s\" not in: %s",
		  needle, r.err);
	cr_expect_null(r.stats, "a refused VM wrote stats");
	vm_run_free(&r);
	no_children();
	cr_expect_eq(count_fds(), fds, "fds leaked");
}

static void refused(const void *img, size_t len, const char *def,
		    const char *needle)
{
	refused_with(img, len, def, NULL, needle);
}

#define DEF(fmt, extra) "{\"name\":\"bad\",\"memory_mib\":4,\"vcpus\":1," \
	"\"image\":{\"path\":\"%s\",\"format\":\"" fmt "\"}" extra "}"

Test(refusals, unknown_key)
{
	refused(tiny_hello, sizeof(tiny_hello), DEF("flat", ",\"colour\":1"),
		"colour: unknown key");
}

Test(refusals, memory_out_of_range)
{
	refused(tiny_hello, sizeof(tiny_hello),
		"{\"name\":\"b\",\"memory_mib\":0,\"vcpus\":1,\"image\":"
		"{\"path\":\"%s\",\"format\":\"flat\"}}", "memory_mib");
}

Test(refusals, too_many_vcpus)
{
	refused(tiny_hello, sizeof(tiny_hello),
		"{\"name\":\"b\",\"memory_mib\":4,\"vcpus\":257,\"image\":"
		"{\"path\":\"%s\",\"format\":\"flat\"}}", "vcpus");
}

Test(refusals, bad_name)
{
	refused(tiny_hello, sizeof(tiny_hello),
		"{\"name\":\"a/b\",\"memory_mib\":4,\"vcpus\":1,\"image\":"
		"{\"path\":\"%s\",\"format\":\"flat\"}}", "name");
}

Test(refusals, unknown_format)
{
	refused(tiny_hello, sizeof(tiny_hello), DEF("pe", ""),
		"image.format");
}

Test(refusals, missing_image)
{
	refused(NULL, 0, "{\"name\":\"b\",\"memory_mib\":4,\"vcpus\":1}",
		"image: missing");
}

Test(refusals, image_file_absent)
{
	refused(NULL, 0, DEF("flat", ""), "No such file");
}

Test(refusals, not_json)
{
	refused(NULL, 0, "{\"name\": %s", "definition");
}

Test(refusals, wrong_type)
{
	refused(tiny_hello, sizeof(tiny_hello), DEF("flat",
		",\"dirty_log\":\"yes\""), "dirty_log: wrong type");
}

Test(refusals, bad_backend)
{
	refused(tiny_hello, sizeof(tiny_hello), DEF("flat",
		",\"memory_backend\":\"swap\""), "memory_backend");
}

Test(refusals, image_larger_than_ram)
{
	size_t len = 5 << 20;
	uint8_t *big = calloc(1, len);

	refused(big, len, DEF("flat", ""), "larger than guest RAM");
	free(big);
}

Test(refusals, flat_beyond_ram)
{
	refused(tiny_hello, sizeof(tiny_hello),
		"{\"name\":\"b\",\"memory_mib\":1,\"vcpus\":1,\"image\":"
		"{\"path\":\"%s\",\"format\":\"flat\"}}", "not in guest RAM");
}

Test(refusals, multiboot_without_header)
{
	refused(tiny_hello, sizeof(tiny_hello), DEF("multiboot", ""),
		"multiboot: no header");
}

Test(refusals, multiboot_bad_checksum)
{
	uint8_t img[sizeof(tiny_multiboot)];

	memcpy(img, tiny_multiboot, sizeof(img));
	img[TINY_MB_CHECKSUM_OFF] ^= 1;
	refused(img, sizeof(img), DEF("multiboot", ""), "checksum");
}

Test(refusals, multiboot_truncated)
{
	uint8_t img[sizeof(tiny_multiboot)];

	memcpy(img, tiny_multiboot, sizeof(img));
	img[TINY_MB_LOAD_END_OFF + 1] = 0x10;	/* load_end = 1 MiB + 4 KiB */
	img[TINY_MB_LOAD_END_OFF + 2] = 0x10;
	refused(img, sizeof(img), DEF("multiboot", ""), "truncated");
}

Test(refusals, elf_bad_magic)
{
	refused(tiny_hello, sizeof(tiny_hello), DEF("elf", ""), "bad magic");
}

Test(refusals, elf_truncated)
{
	Elf32_Ehdr h = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32,
			     ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_386, .e_entry = 0x100000,
		.e_phoff = sizeof(Elf32_Ehdr), .e_phentsize =
		sizeof(Elf32_Phdr), .e_phnum = 1,
	};

	refused(&h, sizeof(h), DEF("elf", ""), "past the end of the file");
}

Test(refusals, bzimage_bad_magic)
{
	uint8_t img[4096] = { 0 };

	refused(img, sizeof(img), DEF("bzimage", ""), "bad magic");
}

Test(refusals, bad_option)
{
	const char *args[] = { "--dirty-interval-ms", "soon", NULL };

	refused_with(tiny_hello, sizeof(tiny_hello), DEF("flat", ""), args,
		     "dirty-interval-ms");
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * elf.c: ELF32/ELF64 executables into guest RAM (see elf.h). Every header
 * field used is checked against the file's size and guest RAM first.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "monitor/elf.h"

bool elf_is_elf(const uint8_t *image, size_t len)
{
	return len >= SELFMAG && !memcmp(image, ELFMAG, SELFMAG);
}

/* The fields of a program header both classes share. */
struct phdr {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

/* The fields of the file header both classes share. */
struct ehdr {
	uint16_t type, machine, phentsize, phnum;
	uint64_t entry, phoff;
};

/* Both classes name the fields alike: one initialiser for both. */
#define EHDR_FIELDS(h) { h.e_type, h.e_machine, h.e_phentsize, h.e_phnum, \
			 h.e_entry, h.e_phoff }

static void ehdr_get(const uint8_t *p, bool is64, struct ehdr *eh)
{
	if (is64) {
		Elf64_Ehdr h;

		memcpy(&h, p, sizeof(h));
		*eh = (struct ehdr)EHDR_FIELDS(h);
	} else {
		Elf32_Ehdr h;

		memcpy(&h, p, sizeof(h));
		*eh = (struct ehdr)EHDR_FIELDS(h);
	}
}

#define PHDR_FIELDS(h) { h.p_type, h.p_offset, h.p_paddr, h.p_filesz, \
			 h.p_memsz }

static void phdr_get(const uint8_t *p, bool is64, struct phdr *ph)
{
	if (is64) {
		Elf64_Phdr h;

		memcpy(&h, p, sizeof(h));
		*ph = (struct phdr)PHDR_FIELDS(h);
	} else {
		Elf32_Phdr h;

		memcpy(&h, p, sizeof(h));
		*ph = (struct phdr)PHDR_FIELDS(h);
	}
}

int elf_load(struct load_ctx *ctx, struct elf_image *out)
{
	const uint8_t *img = ctx->image;
	size_t len = ctx->image_len, ehsize, phsize;
	uint64_t phoff, phnum, i;
	unsigned int loaded = 0;
	struct ehdr eh;
	uint16_t type, machine;
	char what[48];

	if (len < EI_NIDENT || !elf_is_elf(img, len))
		return load_error(ctx, "not an ELF file (bad magic)");
	if (img[EI_CLASS] != ELFCLASS32 && img[EI_CLASS] != ELFCLASS64)
		return load_error(ctx, "ELF: unknown class %u", img[EI_CLASS]);
	out->is64 = img[EI_CLASS] == ELFCLASS64;
	if (img[EI_DATA] != ELFDATA2LSB)
		return load_error(ctx, "ELF: not little-endian");
	ehsize = out->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	phsize = out->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	if (len < ehsize)
		return load_error(ctx, "ELF: truncated header (%zu bytes)",
				  len);
	ehdr_get(img, out->is64, &eh);
	type = eh.type;
	machine = eh.machine;
	out->entry = eh.entry;
	phoff = eh.phoff;
	phnum = eh.phnum;
	if (eh.phentsize != phsize)
		return load_error(ctx, "ELF: program header size %u",
				  eh.phentsize);
	if (type != ET_EXEC)
		return load_error(ctx, "ELF: type %u is not an executable",
				  type);
	if (machine != (out->is64 ? EM_X86_64 : EM_386))
		return load_error(ctx, "ELF: machine %u is not x86", machine);
	if (phoff > len || phnum > (len - phoff) / phsize)
		return load_error(ctx, "ELF: %llu program headers at %#llx "
				  "run past the end of the file (%zu bytes)",
				  (unsigned long long)phnum,
				  (unsigned long long)phoff, len);
	out->end = 0;
	for (i = 0; i < phnum; i++) {
		struct phdr ph;

		phdr_get(img + phoff + i * phsize, out->is64, &ph);
		if (ph.type != PT_LOAD)
			continue;
		snprintf(what, sizeof(what), "ELF segment %llu",
			 (unsigned long long)i);
		if (ph.offset > len || ph.filesz > len - ph.offset)
			return load_error(ctx, "%s: file bytes [%#llx, +%#llx) "
					  "past the end of the file (%zu "
					  "bytes: truncated?)", what,
					  (unsigned long long)ph.offset,
					  (unsigned long long)ph.filesz, len);
		if (load_copy(ctx, ph.paddr, img + ph.offset, ph.filesz,
			      ph.memsz, what) < 0)
			return -1;
		if (ph.paddr + ph.memsz > out->end)
			out->end = ph.paddr + ph.memsz;
		loaded++;
	}
	if (!loaded)
		return load_error(ctx, "ELF: no loadable segment");
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
// memtouch.c: N address spaces (distinct PML4s) each map the same M MiB
// window at PRIVATE_BASE to their own physical pages with 4 KiB pages.
// Each round visits the spaces in turn (one CR3 write each) and, in every
// page of the window, checks the word the previous round left there,
// folds it into the checksum and writes this round's word. A last pass
// folds what each space holds. The checksum depends on the parameters
// only; the host tests recompute it.
#include <stddef.h>
#include "lib/checksum.h"
#include "lib/guest.h"
#include "lib/mem.h"
#include "lib/paging.h"
#include "lib/printf.h"
#include "lib/x86.h"

#define MAX_SPACES	64

static uint64_t spaces = 8, mib = 4, rounds = 10;
static uint64_t *pml4s[MAX_SPACES];

/* Word of page p that this guest uses: a different cache line per page. */
static volatile uint64_t *word(uint64_t p)
{
	return (volatile uint64_t *)(PRIVATE_BASE + p * PAGE_SIZE +
				     (p % 64) * 64);
}

static void build_spaces(uint64_t pages)
{
	uint64_t s, p;

	for (s = 0; s < spaces; s++) {
		uint8_t *frames = mem_alloc(pages * PAGE_SIZE, PAGE_SIZE);

		pml4s[s] = paging_new_space();
		for (p = 0; p < pages; p++)
			*paging_pte(pml4s[s], PRIVATE_BASE + p * PAGE_SIZE) =
				(uint64_t)(frames + p * PAGE_SIZE) |
				PTE_P | PTE_W;
	}
}

static enum guest_exit memtouch_main(void)
{
	uint64_t pages = mib * MIB / PAGE_SIZE, boot_cr3 = read_cr3();
	uint64_t r, s, p, sum = 0, mismatches = 0;

	build_spaces(pages);
	kprintf("memtouch: %lu spaces of %lu pages built\n", spaces, pages);
	for (r = 0; r < rounds; r++) {
		for (s = 0; s < spaces; s++) {
			write_cr3((uint64_t)pml4s[s]);
			for (p = 0; p < pages; p++) {
				volatile uint64_t *w = word(p);

				if (r) {
					uint64_t v = *w;

					mismatches += v !=
						memtouch_value(r - 1, s, p);
					sum = hv_fold(sum, v);
				}
				*w = memtouch_value(r, s, p);
			}
		}
	}
	for (s = 0; s < spaces; s++) {
		write_cr3((uint64_t)pml4s[s]);
		for (p = 0; p < pages; p++)
			sum = hv_fold(sum, *word(p));
	}
	write_cr3(boot_cr3);
	kprintf("memtouch: %lu rounds done, %lu mismatches\n", rounds,
		mismatches);
	kprintf("hv-test: memtouch checksum=0x%016lx spaces=%lu mib=%lu "
		"rounds=%lu mismatches=%lu\n", sum, spaces, mib, rounds,
		mismatches);
	return mismatches ? GUEST_CHECK_FAILED : GUEST_OK;
}

static const struct guest_param memtouch_params[] = {
	{ "spaces", &spaces, 1, MAX_SPACES },
	{ "mib", &mib, 1, 1024 },
	{ "rounds", &rounds, 1, 1000000 },
	{ NULL },
};

const struct guest guest = {
	.name = "memtouch",
	.params = memtouch_params,
	.main = memtouch_main,
};

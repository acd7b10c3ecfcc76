// SPDX-License-Identifier: GPL-2.0-only
/*
 * eptwalk.c: the EPT walk of eptwalk.h (Intel SDM vol. 3C 29.3.2-29.3.5).
 */
#include "tests/mmu/eptwalk.h"

#include <stddef.h>

#define EPT_R		(1ull << 0)
#define EPT_W		(1ull << 1)
#define EPT_X		(1ull << 2)
#define EPT_PS		(1ull << 7)
#define EPT_A		(1ull << 8)
#define EPT_D		(1ull << 9)
#define EPT_IPAT	(1ull << 6)
#define EPTP_AD		(1ull << 6)

static uint64_t bits(int hi, int lo)
{
	return ((~0ull) >> (63 - hi)) & ~((1ull << lo) - 1);
}

/* Memory types 2, 3 and 7 are reserved (SDM 29.3.7). */
static bool memtype_reserved(unsigned int mt)
{
	return mt == 2 || mt == 3 || mt == 7;
}

/*
 * Why a present entry at @level (4 = PML4E .. 1 = PTE) is a
 * misconfiguration (SDM 29.3.3.1), or NULL.
 */
static const char *misconfig(uint64_t e, int level, unsigned int maxphy)
{
	bool leaf = level == 1 || (level <= 3 && (e & EPT_PS));

	if ((e & (EPT_R | EPT_W)) == EPT_W)
		return "write without read";
	if ((e & (EPT_R | EPT_X)) == EPT_X)
		return "execute-only (not supported by this processor)";
	if (e & bits(51, maxphy))
		return "address bits above MAXPHYADDR";
	if (!leaf)
		return (e & bits(7, 3)) ? "reserved bits 7:3 of a table" :
					  NULL;
	if (memtype_reserved((e >> 3) & 7))
		return "reserved memory type";
	if (level == 3 && (e & bits(29, 12)))
		return "reserved bits 29:12 of a 1 GiB page";
	if (level == 2 && (e & bits(20, 12)))
		return "reserved bits 20:12 of a 2 MiB page";
	return NULL;
}

static const uint64_t need[] = { EPT_R, EPT_W, EPT_X };

int ept_translate(const struct ref_mem *host, uint64_t eptp,
		  unsigned int maxphyaddr, uint64_t gpa, unsigned int access,
		  struct ept_walk *w)
{
	bool ad = eptp & EPTP_AD;
	uint64_t table = eptp & bits(51, 12), perm = EPT_R | EPT_W | EPT_X;
	unsigned int kind = (access & REF_ACC_FETCH) ? 2 :
			    (access & REF_ACC_WRITE) ? 1 : 0;
	uint64_t e = 0;
	int level;

	*w = (struct ept_walk){ 0 };
	/* SDM 26.2.1.1: memory type UC or WB, a 4-level walk. */
	if (((eptp & 7) != 0 && (eptp & 7) != EPT_MT_WB) ||
	    ((eptp >> 3) & 7) != 3 || (eptp & bits(11, 7)))
		return -1;
	for (level = 4; level >= 1; level--) {
		uint64_t at = table + 8 * ((gpa >> (12 + 9 * (level - 1))) &
					   511);
		uint64_t *p = host->ptr(host->opaque, at);

		if (!p)
			return -1;
		e = __atomic_load_n(p, __ATOMIC_SEQ_CST);
		w->at[w->nr] = at;
		w->set[w->nr] = ad ? EPT_A : 0;
		w->nr++;
		perm &= e;
		if (!(e & (EPT_R | EPT_W | EPT_X)))
			break;
		w->misconfig = misconfig(e, level, maxphyaddr);
		if (w->misconfig)
			return 0;
		if (level == 1 || (level <= 3 && (e & EPT_PS)))
			break;
		table = e & bits(maxphyaddr - 1, 12);
	}
	if (!(e & (EPT_R | EPT_W | EPT_X)) || !(perm & need[kind])) {
		w->violation = true;
		w->qual = (1ull << kind) |
			  ((perm & EPT_R) ? EPT_QUAL_R : 0) |
			  ((perm & EPT_W) ? EPT_QUAL_W : 0) |
			  ((perm & EPT_X) ? EPT_QUAL_X : 0);
		return 0;
	}
	if (ad && kind == 1)
		w->set[w->nr - 1] |= EPT_D;
	w->memtype = (e >> 3) & 7;
	w->ipat = e & EPT_IPAT;
	w->hpa = (e & bits(maxphyaddr - 1, 12 + 9 * (level - 1))) |
		 (gpa & bits(11 + 9 * (level - 1), 0));
	return 0;
}

void ept_commit(const struct ref_mem *host, const struct ept_walk *w)
{
	for (int i = 0; i < w->nr; i++)
		if (w->set[i])
			__atomic_or_fetch((uint64_t *)host->ptr(host->opaque,
								w->at[i]),
					  w->set[i], __ATOMIC_SEQ_CST);
}

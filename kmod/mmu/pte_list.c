// SPDX-License-Identifier: GPL-2.0-only
/*
 * pte_list.c: a small growable set of spte pointers, used for the reverse
 * map (guest frame -> leaf sptes) and for a shadow page's parent entries.
 * Called with the MMU lock held.
 */
#include "kmod/mmu/mmu_int.h"

int pte_list_add(struct pte_list *l, uint64_t *sptep)
{
	uint64_t **v;
	uint32_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 2;
		v = hvp_zalloc(cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		hvp_free(l->v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = sptep;
	return 0;
}

void pte_list_del(struct pte_list *l, uint64_t *sptep)
{
	uint32_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i] == sptep) {
			l->v[i] = l->v[--l->n];
			break;
		}
	}
	if (!l->n)
		pte_list_free(l);
}

void pte_list_free(struct pte_list *l)
{
	hvp_free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}

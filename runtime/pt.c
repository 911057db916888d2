// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Stage-1 tables of a process zone (pt.h). */
#include "pt.h"

#define ATTR_NORMAL (0ull << 2) /* MAIR index 0: write-back */
#define ATTR_SH_INNER (3ull << 8)
#define ATTR_AF (1ull << 10)
#define AP_EL0 (1ull << 6) /* EL0 may access */
#define AP_RO (1ull << 7)
#define PXN (1ull << 53)
#define UXN (1ull << 54)

static hv_u64 *table(struct pt *pt, hv_u64 pa)
{
	return pt->ptr(pt->ctx, pa);
}

/* The next level's table under *e, made when alloc. */
static hv_u64 *next_level(struct pt *pt, hv_u64 *e, int alloc)
{
	hv_u64 pa, *t;
	unsigned int i;

	if ((*e & PT_TABLE) == PT_TABLE)
		return table(pt, *e & PT_ADDR_MASK);
	if (!alloc || *e || pt->next >= pt->end)
		return 0;
	pa = pt->next;
	pt->next += PT_PAGE;
	t = table(pt, pa);
	for (i = 0; i < PT_PAGE / 8; i++)
		t[i] = 0;
	*e = pa | PT_TABLE;
	return t;
}

hv_u64 *pt_entry(struct pt *pt, hv_u64 va, int alloc)
{
	hv_u64 *l1 = table(pt, pt->l1), *l2, *l3;

	l2 = next_level(pt, &l1[(va >> 30) & 511], alloc);
	if (!l2)
		return 0;
	l3 = next_level(pt, &l2[(va >> 21) & 511], alloc);
	if (!l3)
		return 0;
	return &l3[(va >> 12) & 511];
}

int pt_map_el1(struct pt *pt, hv_u64 va, hv_u64 pa, hv_u64 size, int exec)
{
	hv_u64 *l1 = table(pt, pt->l1), *l2, off;

	for (off = 0; off < size; off += 0x200000ull) {
		l2 = next_level(pt, &l1[((va + off) >> 30) & 511], 1);
		if (!l2)
			return -1;
		l2[((va + off) >> 21) & 511] = (pa + off) | ATTR_NORMAL |
					       ATTR_SH_INNER | ATTR_AF | UXN |
					       (exec ? 0 : PXN) | PT_VALID;
	}
	return 0;
}

hv_u64 pt_user_page(hv_u64 pa, unsigned int prot)
{
	hv_u64 d = pa | ATTR_NORMAL | ATTR_SH_INNER | ATTR_AF | PXN | PT_TABLE;

	if (!(prot & (PZ_PROT_R | PZ_PROT_W | PZ_PROT_X)))
		return PT_RESERVED;
	/* EL0 has no write-only or execute-only pages here: readable */
	d |= AP_EL0;
	if (!(prot & PZ_PROT_W))
		d |= AP_RO;
	if (!(prot & PZ_PROT_X))
		d |= UXN;
	return d;
}

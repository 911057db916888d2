/* SPDX-License-Identifier: GPL-2.0 */
/* The page pool: 4 KiB pages from the hypervisor's own RAM, for page tables
 * and per-zone state. Never handed to a zone. */
#ifndef HV_MM_H
#define HV_MM_H

#include "core/types.h"

void mm_init(u64 start, u64 end);
void *page_alloc(void); /* zeroed page, or NULL */
void page_free(void *page);
unsigned long mm_free_pages(void);
unsigned long mm_total_pages(void);
/* the most pages ever in use at once */
unsigned long mm_max_used_pages(void);

#endif

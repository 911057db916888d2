/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pristine copies of the images zone0 loads for a zone, so that a zone's
 * own PSCI SYSTEM_RESET can boot it again from scratch: Linux overwrites
 * its image and frees its initramfs while it runs. Copies live in slots of
 * the board's save area (hypervisor memory, never any zone's): loads go to
 * the staging slot, a successful start hands that slot to the new zone.
 */
#ifndef HV_IMAGES_H
#define HV_IMAGES_H

#include "core/types.h"

struct zone;

/* Keep a copy of size bytes just loaded at physical dst. */
int images_stage(u64 dst, const void *src, u64 size);
/* A zone was created: it takes the staged copies that lie in its RAM. */
void images_claim(struct zone *z);
/* A start was refused: forget what was staged for it. */
void images_discard(void);
/* The zone is gone: its slot is free again. */
void images_release(struct zone *z);
/* Put the zone's images back into its RAM (cache maintenance included). */
void images_restore(struct zone *z);

#endif

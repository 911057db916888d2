/* SPDX-License-Identifier: GPL-2.0 */
/* Exception codes (ESTAT.Ecode, manual vol. 1 table 7-8) and the dispatch. */
#ifndef HV_LA_TRAP_H
#define HV_LA_TRAP_H

#include "arch.h"

#define ECODE_INT 0x0
#define ECODE_PIL 0x1
#define ECODE_PIS 0x2
#define ECODE_PIF 0x3
#define ECODE_ADE 0x8
#define ECODE_ALE 0x9
#define ECODE_SYS 0xb
#define ECODE_BRK 0xc
#define ECODE_INE 0xd
#define ECODE_IPE 0xe
#define ECODE_GSPR 0x16 /* guest touched a sensitive resource: LVZ exit */
#define ECODE_HVC 0x17

/* 0: handled, resume at f->era; otherwise fatal */
typedef int (*trap_handler_t)(struct trap_frame *f);

void la_trap_init(void);
void la_trap(struct trap_frame *f);
void la_tlb_refill(u64 era, u64 badv);
unsigned long la_trap_breaks(unsigned int cpu);

#endif

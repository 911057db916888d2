/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Process zones (docs/process-zones.md): what `hvisor run` (the supervisor,
 * in zone0) and the runtime (runtime/, at EL1 in the zone) share. The
 * zone's RAM is, from its start:
 *
 *   PZ_RT_SIZE bytes    the runtime: its image, this page at PZ_COMM_OFF,
 *                       its stack, and the program's stage-1 tables
 *   the rest            the program's memory: at virtual address win_va
 *                       for the program and, the same, in the supervisor
 *
 * so a pointer the program passes in a system call means the same bytes
 * in the supervisor, which makes the call with it unchanged.
 */
#ifndef HVISOR_PZONE_H
#define HVISOR_PZONE_H

#define PZ_MAGIC 0x5a50564eu /* "NVPZ" */
#define PZ_VERSION 2u

#define PZ_RT_SIZE 0x400000 /* 4 MiB: 2 MiB aligned, like the RAM */
#define PZ_COMM_OFF 0x10000 /* after the runtime's image */
#define PZ_STACK_TOP 0x20000 /* the runtime's stack grows down to 0x11000 */
#define PZ_TABLES_OFF 0x100000 /* stage-1 table pages up to PZ_RT_SIZE */
#define PZ_WIN_VA 0x200000 /* where the program's memory starts */

/* where start.S finds ttbr0 in struct pz_comm */
#define PZ_OFF_TTBR0 40

#ifndef __ASSEMBLER__
#include <hvisor/abi.h>

/* how long each side polls for the other before it sleeps */
#define PZ_POLL_US 50

#define PZ_PROT_R 1u
#define PZ_PROT_W 2u
#define PZ_PROT_X 4u
#define PZ_MAX_MAPS 16

struct pz_map {
	hv_u64 va, len; /* page aligned */
	hv_u32 prot; /* PZ_PROT_* */
	hv_u32 reserved;
};

/* what the runtime asks (kind) */
#define PZ_CALL_SYSCALL 1 /* nr, arg[]: make it; ret = its result */
#define PZ_CALL_EXIT 2 /* arg[0] = status: the program ended; no answer */
#define PZ_CALL_FAULT 3 /* esr, far, elr, insn: it faulted; no answer */

struct pz_comm {
	hv_u32 magic;
	hv_u32 version;
	/* set by the supervisor before the zone starts */
	hv_u64 ram_base, ram_size; /* the zone's RAM, physical = guest */
	hv_u64 win_va, win_size; /* the program's memory (pa ram_base +
				  * PZ_RT_SIZE) */
	hv_u64 ttbr0; /* the stage-1 tables the supervisor built */
	hv_u64 tables_next; /* first unused table page */
	hv_u64 entry, sp; /* the program's first instruction and stack */
	hv_u64 brk; /* its initial program break */
	hv_u64 mmap_top; /* mmap hands out addresses below this */
	hv_u32 nmaps; /* what the tables map, for the runtime's records */
	hv_u32 reserved0;
	struct pz_map maps[PZ_MAX_MAPS];

	/* a call, runtime -> supervisor: seq moves on when one is in, done
	 * takes seq's value when it is answered (each written last, with
	 * release order) */
	hv_u32 seq;
	hv_u32 done;
	hv_u32 kind; /* PZ_CALL_* */
	hv_u32 insn_ok; /* PZ_CALL_FAULT: insn could be read */
	hv_u64 nr;
	hv_u64 arg[6];
	hv_u64 ret;
	hv_u64 esr, far, elr;
	hv_u32 insn;
	/* Both sides poll a while before they sleep (docs/process-zones.md):
	 * while the supervisor polls, the runtime makes no HV_HC_PZ_CALL;
	 * while the runtime sleeps in HV_HC_PZ_WAIT, the supervisor kicks.
	 * Each side writes its flag, then a full barrier, then reads the
	 * other's: one of them always sees the other. */
	hv_u32 polling; /* the supervisor */
	hv_u32 sleeping; /* the runtime */
	hv_u32 reserved1;
	/* the runtime's counts */
	hv_u64 local_calls; /* served in the zone (memory) */
	hv_u64 forwarded_calls; /* served by the supervisor */
};

_Static_assert(__builtin_offsetof(struct pz_comm, ttbr0) == PZ_OFF_TTBR0,
	       "start.S reads ttbr0 there");
#endif

#endif

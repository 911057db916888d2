/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * `hvisor run`: one program in a process zone of its own, supervised from
 * here (docs/process-zones.md). run.c makes and ends the zone, run_load.c
 * puts the program into its memory, run_sys.c makes its system calls.
 */
#ifndef HVISOR_TOOL_RUN_H
#define HVISOR_TOOL_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <hvisor/pzone.h>

struct run_ctx {
	const char *prog; /* as the user named it, for messages */
	int fd; /* /dev/hvisor, attached to the zone */
	unsigned int zone_id;
	uint64_t ram_base, ram_size;
	unsigned char *rt; /* the runtime's part of the RAM, mapped */
	struct pz_comm *comm; /* in it */
	uint64_t win_va, win_size; /* the program's, mapped at win_va here */
	/* what the program set for its signals (run_sys.c) */
	unsigned char act[65][32];
	uint64_t sigmask;
	unsigned char refused[512 / 8]; /* calls already named on stderr */
	volatile int sig; /* a signal that came to us, or 0 */
};

/* run_load.c: is path a program we can load (and its interpreter)? 0, or
 * -1 with *err saying why: before any zone is made for it */
int run_probe(const char *path, char *err, size_t errlen);
/* run_load.c: load path (and its interpreter) into the zone's memory with
 * argv and envp on its stack; build its first stage-1 tables and fill the
 * shared page. 0, or -1 with *err saying why. */
int run_load(struct run_ctx *c, const char *path, char *const argv[],
	     char *const envp[], const char *rt_path, char *err, size_t errlen);

/* run_sys.c: make the program's system call nr; its result (-errno on
 * failure), as the kernel would return it to the program */
long run_syscall(struct run_ctx *c, uint64_t nr, const uint64_t *a);
/* run_sys.c: a signal the program has set to be ignored */
int run_sig_ignored(const struct run_ctx *c, int sig);

#endif

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The program's system calls, made here for it. Its memory is mapped here
 * at its own addresses, so a call goes to the kernel as the program made
 * it: same number, same arguments, pointers and all. What a process zone
 * does differently (docs/process-zones.md) is decided here: the calls that
 * would make threads or processes are refused, signal settings are kept
 * for the program instead of changing ours, and our one descriptor, the
 * zone's /dev/hvisor, is not the program's to use.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "run.h"

/* aarch64 system call numbers (asm-generic) */
#define NR_CLOSE_RANGE 436
#define NR_SIGALTSTACK 132
#define NR_RT_SIGACTION 134
#define NR_RT_SIGPROCMASK 135
#define NR_SET_TID_ADDRESS 96
#define NR_SET_ROBUST_LIST 99
#define NR_RSEQ 293
#define NR_CLONE 220
#define NR_EXECVE 221
#define NR_EXECVEAT 281
#define NR_CLONE3 435
#define NR_DUP3 24
#define NR_SENDFILE 71

static const struct {
	unsigned int nr;
	const char *name;
} refused[] = {
	{ NR_CLONE, "clone" },
	{ NR_CLONE3, "clone3" },
	{ NR_EXECVE, "execve" },
	{ NR_EXECVEAT, "execveat" },
};

/* Calls whose first argument is a descriptor (or a directory's): ours
 * answers EBADF, as a descriptor the program never opened does. */
static int fd_first(uint64_t nr)
{
	switch (nr) {
	case 23 ... 25: /* dup, dup3, fcntl */
	case 29: /* ioctl */
	case 32 ... 38: /* flock, mknodat .. renameat */
	case 44: /* fstatfs */
	case 46 ... 48: /* ftruncate, fallocate, faccessat */
	case 50: /* fchdir */
	case 52 ... 57: /* fchmod .. openat, close */
	case 61 ... 71: /* getdents64 .. sendfile */
	case 74: /* signalfd4 */
	case 76 ... 80: /* splice .. fstat */
	case 82 ... 83: /* fsync, fdatasync */
	case 88: /* utimensat */
	case 200 ... 212: /* bind .. recvmsg */
	case 242 ... 243: /* accept4, recvmmsg */
	case 264 ... 269: /* name_to_handle_at .. sendmmsg */
	case 276: /* renameat2 */
	case 291: /* statx */
	case 437: /* openat2 */
	case 439: /* faccessat2 */
		return 1;
	default:
		return 0;
	}
}

static long refuse(struct run_ctx *c, uint64_t nr, const char *name)
{
	if (!(c->refused[nr / 8] & (1u << (nr % 8)))) {
		c->refused[nr / 8] |= (unsigned char)(1u << (nr % 8));
		fprintf(stderr,
			"hvisor run: %s: %s: not supported in a process zone (ENOSYS)\n",
			c->prog, name);
	}
	return -ENOSYS;
}

/* rt_sigaction: kept for the program; a handler never runs (see docs) */
static long sigaction_call(struct run_ctx *c, const uint64_t *a)
{
	int sig = (int)a[0];

	if (sig < 1 || sig > 64 || a[3] != 8)
		return -EINVAL;
	if (a[1] && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (a[2])
		memcpy((void *)(uintptr_t)a[2], c->act[sig], sizeof(c->act[0]));
	if (a[1])
		memcpy(c->act[sig], (const void *)(uintptr_t)a[1],
		       sizeof(c->act[0]));
	return 0;
}

static long sigprocmask_call(struct run_ctx *c, const uint64_t *a)
{
	uint64_t set;

	if (a[3] != 8)
		return -EINVAL;
	if (a[2])
		memcpy((void *)(uintptr_t)a[2], &c->sigmask, 8);
	if (!a[1])
		return 0;
	memcpy(&set, (const void *)(uintptr_t)a[1], 8);
	if (a[0] == SIG_BLOCK)
		c->sigmask |= set;
	else if (a[0] == SIG_UNBLOCK)
		c->sigmask &= ~set;
	else if (a[0] == SIG_SETMASK)
		c->sigmask = set;
	else
		return -EINVAL;
	return 0;
}

int run_sig_ignored(const struct run_ctx *c, int sig)
{
	uint64_t handler;

	memcpy(&handler, c->act[sig], sizeof(handler));
	return handler == (uint64_t)(uintptr_t)SIG_IGN;
}

long run_syscall(struct run_ctx *c, uint64_t nr, const uint64_t *a)
{
	unsigned int i;
	long r;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (nr == refused[i].nr)
			return refuse(c, nr, refused[i].name);
	switch (nr) {
	case NR_RT_SIGACTION:
		return sigaction_call(c, a);
	case NR_RT_SIGPROCMASK:
		return sigprocmask_call(c, a);
	case NR_SIGALTSTACK:
		if (a[1]) { /* none: SS_DISABLE */
			uint64_t old[3] = { 0, 2, 0 };

			memcpy((void *)(uintptr_t)a[1], old, sizeof(old));
		}
		return 0;
	case NR_SET_TID_ADDRESS: /* it has no thread to clear it for */
		return syscall(SYS_gettid);
	case NR_SET_ROBUST_LIST:
		return 0;
	case NR_RSEQ:
		return -ENOSYS;
	case NR_CLOSE_RANGE: /* around ours */
		if (a[0] <= (uint64_t)c->fd && (uint64_t)c->fd <= a[1]) {
			if (a[0] < (uint64_t)c->fd &&
			    syscall(nr, a[0], c->fd - 1, a[2]))
				return -errno;
			if (a[1] > (uint64_t)c->fd &&
			    syscall(nr, c->fd + 1, a[1], a[2]))
				return -errno;
			return 0;
		}
		break;
	default:
		break;
	}
	if (nr >= 512 || (fd_first(nr) && a[0] == (uint64_t)c->fd) ||
	    ((nr == NR_DUP3 || nr == NR_SENDFILE) && a[1] == (uint64_t)c->fd))
		return nr >= 512 ? -ENOSYS : -EBADF;
	r = syscall((long)nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	return r == -1 ? -errno : r;
}

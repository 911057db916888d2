// sources: tools/run/run_sys.c
// SPDX-License-Identifier: GPL-2.0
/*
 * What `hvisor run` decides about a program's system calls before any
 * reaches the kernel (tools/run/run_sys.c): refused calls, signal settings
 * kept for the program, and the supervisor's own descriptor. Nothing here
 * is forwarded: the numbers are aarch64's, and this host may be another.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

static struct run_ctx c;

static long call(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3)
{
	uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };

	return run_syscall(&c, nr, a);
}

static void test_refused(void **state)
{
	(void)state;
	memset(&c, 0, sizeof(c));
	c.prog = "prog";
	c.fd = 1000;
	assert_int_equal(call(220, 17, 0, 0, 0), -ENOSYS); /* clone */
	assert_int_equal(call(435, 0, 0, 0, 0), -ENOSYS); /* clone3 */
	assert_int_equal(call(221, 0, 0, 0, 0), -ENOSYS); /* execve */
	assert_true(c.refused[220 / 8] & (1u << (220 % 8)));
	assert_int_equal(call(293, 0, 0, 0, 0), -ENOSYS); /* rseq */
	assert_int_equal(call(600, 0, 0, 0, 0), -ENOSYS); /* none */
	assert_int_equal(call(99, 0, 0, 0, 0), 0); /* set_robust_list */
}

static void test_our_descriptor(void **state)
{
	(void)state;
	memset(&c, 0, sizeof(c));
	c.prog = "prog";
	c.fd = 1000;
	assert_int_equal(call(63, 1000, 0, 0, 0), -EBADF); /* read */
	assert_int_equal(call(57, 1000, 0, 0, 0), -EBADF); /* close */
	assert_int_equal(call(29, 1000, 0, 0, 0), -EBADF); /* ioctl */
	assert_int_equal(call(56, 1000, 0, 0, 0), -EBADF); /* openat */
	assert_int_equal(call(24, 3, 1000, 0, 0), -EBADF); /* dup3 onto */
	assert_int_equal(call(71, 1, 1000, 0, 0), -EBADF); /* sendfile */
}

static void test_signals_kept(void **state)
{
	uint64_t act[4] = { (uint64_t)(uintptr_t)SIG_IGN, 0, 0, 0 };
	uint64_t old[4], set = 1ull << (SIGINT - 1), oset = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.fd = 1000;
	assert_int_equal(call(134, SIGINT, (uintptr_t)act, 0, 8), 0);
	assert_true(run_sig_ignored(&c, SIGINT));
	assert_false(run_sig_ignored(&c, SIGTERM));
	memset(old, 0xff, sizeof(old));
	assert_int_equal(call(134, SIGINT, 0, (uintptr_t)old, 8), 0);
	assert_memory_equal(old, act, sizeof(act));
	assert_int_equal(call(134, SIGKILL, (uintptr_t)act, 0, 8), -EINVAL);
	assert_int_equal(call(134, 0, 0, 0, 8), -EINVAL);
	assert_int_equal(call(134, 65, 0, 0, 8), -EINVAL);
	assert_int_equal(call(134, SIGINT, 0, 0, 4), -EINVAL);
	assert_int_equal(call(135, SIG_BLOCK, (uintptr_t)&set, 0, 8), 0);
	assert_int_equal(call(135, SIG_SETMASK, 0, (uintptr_t)&oset, 8), 0);
	assert_int_equal(oset, set);
	assert_int_equal(call(135, 7, (uintptr_t)&set, 0, 8), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_our_descriptor),
		cmocka_unit_test(test_signals_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

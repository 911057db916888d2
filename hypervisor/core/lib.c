// SPDX-License-Identifier: GPL-2.0
#include "core/lib.h"

/* Word at a time when both ends allow it: image loads and scrubs copy
 * tens of MiB. */
void *memset(void *s, int c, size_t n)
{
	u8 *p = s;

	if (!((uintptr_t)p & 7)) {
		u64 w = 0x0101010101010101UL * (u8)c;

		for (; n >= 8; n -= 8, p += 8)
			*(u64 *)p = w;
	}
	while (n--)
		*p++ = (u8)c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	if (!(((uintptr_t)dp | (uintptr_t)sp) & 7))
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(u64 *)dp = *(const u64 *)sp;
	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

void strlcpy_hv(char *d, const char *s, size_t size)
{
	size_t n = strnlen(s, size - 1);

	memcpy(d, s, n);
	d[n] = '\0';
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (u8)*a - (u8)*b;
}

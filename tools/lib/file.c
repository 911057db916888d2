// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdlib.h>
#include <sys/stat.h>

#include "file.h"

#define FILE_READ_CHUNK (64u * 1024)

void *file_read_all(FILE *f, size_t max, size_t *len)
{
	size_t cap = 0, n = 0, got, first = FILE_READ_CHUNK;
	char *buf = NULL, *p;
	struct stat st;

	/* a regular file's size is known: one allocation, one byte spare to
	 * see the end (or that it grew past max) */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size < (unsigned long long)max)
		first = (size_t)st.st_size + 1;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : first;
			if (cap > max + 1 || cap < n)
				cap = max + 1;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return NULL;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got && n <= max);
	*len = n;
	return buf;
}

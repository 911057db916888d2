// SPDX-License-Identifier: GPL-2.0
#include "core/logring.h"

void logring_put(struct logring *r, const char *s, u64 len)
{
	u64 i;

	for (i = 0; i < len; i++)
		r->buf[(r->head + i) & (r->size - 1)] = s[i];
	r->head += len;
}

u64 logring_read(const struct logring *r, u64 *cursor, char *out, u64 max,
		 u64 *lost)
{
	u64 oldest = r->head > r->size ? r->head - r->size : 0, n, i;

	*lost = 0;
	if (*cursor > r->head)
		*cursor = oldest;
	if (*cursor < oldest) {
		*lost = oldest - *cursor;
		*cursor = oldest;
	}
	n = MIN(max, r->head - *cursor);
	for (i = 0; i < n; i++)
		out[i] = r->buf[(*cursor + i) & (r->size - 1)];
	*cursor += n;
	return n;
}

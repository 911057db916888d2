/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef HVISOR_TOOL_FILE_H
#define HVISOR_TOOL_FILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Read what is left of f into a new buffer, up to max + 1 bytes, so that
 * *len > max tells the caller the file is too large. Returns NULL only when
 * out of memory; read errors are left for ferror(f). Free with free().
 */
void *file_read_all(FILE *f, size_t max, size_t *len);

#endif

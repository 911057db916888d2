/* SPDX-License-Identifier: GPL-2.0 */
/* The few libc routines a freestanding hypervisor needs. */
#ifndef HV_LIB_H
#define HV_LIB_H

#include "core/types.h"

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strnlen(const char *s, size_t max);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void strlcpy_hv(char *d, const char *s, size_t size);

#endif

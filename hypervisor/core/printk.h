/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <stdarg.h>
#include "core/types.h"

#define LOG_ERR 0
#define LOG_WARN 1
#define LOG_INFO 2
#define LOG_DEBUG 3

extern int log_level;

__attribute__((format(printf, 2, 3))) void printk(int level, const char *fmt,
						  ...);
int vsnprintf_hv(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int snprintf_hv(char *buf, size_t size,
						      const char *fmt, ...);

#define pr_err(...) printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...) printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

__attribute__((noreturn)) void panic(const char *fmt, ...);

/* A zone's console output on the physical console: "[name] " before each
 * of its lines, control characters as ^X. console_mirror() writes s in one
 * go, never inside a hypervisor log line; console_mirror_size() is what one
 * byte costs on the UART (prefix and escapes included). */
unsigned int console_mirror_size(const char *zone_name, bool line_start,
				 char ch);
void console_mirror(const char *zone_name, bool line_start, const char *s,
		    unsigned int len);

/* The physical console is one device: whoever writes to it a whole line
 * (a log line, a mirrored one, a byte of its owner) holds this. */
void console_lock(void);
void console_unlock(void);
/* Under the lock, before a byte of the owner: end a mirrored line left
 * open, so that the byte does not land inside it. */
void console_break_line(void);

/* the console backend (drivers/uart.c) */
void console_putc(char c);
/* A register write of the zone that owns the physical console (zone0),
 * made between the hypervisor's lines, never inside one. */
void console_owner_write(u64 off, u64 val, unsigned int size);

#endif

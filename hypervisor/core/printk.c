// SPDX-License-Identifier: GPL-2.0
/* Formatted output for the hypervisor's log on the physical console. Each
 * line carries a level tag and the CPU, so interleaved zone output stays
 * readable. */
#include "core/printk.h"
#include "core/lib.h"
#include "core/logring.h"
#include "core/percpu.h"
#include "arch.h"
#include "core/spinlock.h"

int log_level = LOG_INFO;
static spinlock_t log_lock = SPINLOCK_INIT;

/* what the log said, for zone0 (HV_HC_LOG): 64 KiB, some 700 lines */
#define LOG_RING_SIZE 65536
static char log_buf[LOG_RING_SIZE];
static struct logring log_ring = { log_buf, LOG_RING_SIZE, 0 };

u64 log_read(u64 *cursor, char *out, u64 max, u64 *lost)
{
	u64 n;

	spin_lock(&log_lock);
	n = logring_read(&log_ring, cursor, out, max, lost);
	spin_unlock(&log_lock);
	return n;
}

/*
 * A zone's mirrored line can reach the UART in pieces (a prompt has no
 * newline). Whoever else writes meanwhile first ends that line, and the
 * zone's next piece starts a line of its own with its "[name] " again: no
 * one's bytes land inside a mirrored line. open_line is that zone's name.
 */
static const char *open_line;

static void break_line(void)
{
	if (!open_line)
		return;
	console_putc('\r');
	console_putc('\n');
	open_line = NULL;
}

void console_lock(void)
{
	spin_lock(&log_lock);
}

void console_unlock(void)
{
	spin_unlock(&log_lock);
}

void console_break_line(void)
{
	break_line();
}

struct outbuf {
	char *buf;
	size_t size, len;
};

static void out_c(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct outbuf *o, u64 v, unsigned int base, int width,
		    char pad, bool neg)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		out_c(o, pad);
	while (n)
		out_c(o, tmp[--n]);
}

int vsnprintf_hv(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';
		const char *s;
		u64 v;

		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
			v = lng ? va_arg(ap, s64) : va_arg(ap, int);
			if ((s64)v < 0)
				out_num(&o, -(s64)v, 10, width, pad, true);
			else
				out_num(&o, v, 10, width, pad, false);
			break;
		case 'u':
			v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			out_num(&o, v, 10, width, pad, false);
			break;
		case 'x':
			v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			out_num(&o, v, 16, width, pad, false);
			break;
		case 'p':
			out_c(&o, '0');
			out_c(&o, 'x');
			out_num(&o, (u64)va_arg(ap, void *), 16, width, pad,
				false);
			break;
		case 'c':
			out_c(&o, (char)va_arg(ap, int));
			break;
		case 's':
			s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				out_c(&o, *s);
			break;
		case '%':
			out_c(&o, '%');
			break;
		default:
			out_c(&o, '%');
			out_c(&o, *fmt);
		}
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return (int)o.len;
}

int snprintf_hv(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf_hv(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void log_write(int level, const char *fmt, va_list ap)
{
	static const char *const tag[] = { "ERR", "WRN", "INF", "DBG" };
	char line[256], head[20];
	const char *p;
	int n;

	vsnprintf_hv(line, sizeof(line), fmt, ap);
	n = snprintf_hv(head, sizeof(head), "[hvisor %s %u] ", tag[level],
			this_cpu_id());
	spin_lock(&log_lock);
	break_line();
	logring_put(&log_ring, head, (u64)n);
	logring_put(&log_ring, line, strlen(line));
	for (p = head; *p; p++)
		console_putc(*p);
	for (p = line; *p; p++) {
		if (*p == '\n')
			console_putc('\r');
		console_putc(*p);
	}
	spin_unlock(&log_lock);
}

/* A zone's byte as it reaches the UART (prefix and escapes included);
 * counted only unless emit. */
static unsigned int mirror_byte(const char *zone_name, bool line_start, char ch,
				bool emit)
{
	unsigned int n = 0, k = 0, i;
	const char *p;
	char out[4];

	if (line_start) {
		if (emit)
			console_putc('[');
		for (p = zone_name; *p; p++, n++)
			if (emit)
				console_putc(*p);
		if (emit) {
			console_putc(']');
			console_putc(' ');
		}
		n += 3;
	}
	/* a zone's bytes must not move the cursor, recolour, clear or
	 * otherwise make the shared console show what the zone did not
	 * print on its own line: control characters are shown as ^X */
	if (ch == '\n') {
		out[k++] = '\r';
		out[k++] = '\n';
	} else if (ch == '\t' || ((unsigned char)ch >= 0x20 && ch != 0x7f)) {
		out[k++] = ch;
	} else if (ch != '\r') {
		out[k++] = '^';
		out[k++] = ch == 0x7f ? '?' : (char)(ch + 0x40);
	}
	for (i = 0; emit && i < k; i++)
		console_putc(out[i]);
	return n + k;
}

unsigned int console_mirror_size(const char *zone_name, bool line_start,
				 char ch)
{
	return mirror_byte(zone_name, line_start, ch, false);
}

void console_mirror(const char *zone_name, bool line_start, const char *s,
		    unsigned int len)
{
	unsigned int i;

	spin_lock(&log_lock);
	if (open_line != zone_name) {
		break_line();
		/* a piece of a broken line: its end was written for it, the
		 * rest goes on a line of its own, "[name] " first */
		while (!line_start && len && s[0] == '\r') {
			s++;
			len--;
		}
		if (!line_start && len && s[0] == '\n') {
			s++;
			len--;
		}
		line_start = true;
	}
	for (i = 0; i < len; i++) {
		mirror_byte(zone_name, line_start, s[i], true);
		line_start = s[i] == '\n';
	}
	if (len)
		open_line = line_start ? NULL : zone_name;
	spin_unlock(&log_lock);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	log_write(level, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write(LOG_ERR, fmt, ap);
	va_end(ap);
	printk(LOG_ERR, "PANIC: hypervisor stopped on this CPU\n");
	for (;;)
		arch_cpu_wait();
}

// SPDX-License-Identifier: GPL-2.0
#include "devices/vconsole.h"
#include "core/zone.h"
#include "core/printk.h"
#include "core/vcpu.h"
#include "arch.h"
#include "core/spinlock.h"

#define UART_DR 0x000
#define UART_RSR 0x004
#define UART_FR 0x018
#define UART_ILPR 0x020
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_DMACR 0x048
#define UART_ID 0xfe0

#define FR_RXFE BIT(4)
#define FR_TXFE BIT(7)
#define INT_RX BIT(4)
#define INT_TX BIT(5)
#define INT_RT BIT(6)

/* PL011 r1p5 identification, as Linux's AMBA bus reads it */
static const u8 pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static u32 ris(const struct vconsole *c)
{
	/* the TX FIFO drains at once, so "room to write" is always true */
	return INT_TX | (c->in_count ? INT_RX | INT_RT : 0);
}

#define PANIC_BANNER "Kernel panic - not syncing"

static bool contains(const char *s, unsigned int len, const char *pat)
{
	unsigned int i, j;

	for (i = 0; i < len; i++) {
		for (j = 0; pat[j] && i + j < len && s[i + j] == pat[j]; j++)
			;
		if (!pat[j])
			return true;
	}
	return false;
}

/* Linux prints this banner when it panics and then spins forever: the
 * zone is dead, so it is marked failed (with the line as the reason)
 * instead of silently holding its CPUs. */
static void watch_line(struct vconsole *c, char ch)
{
	unsigned char u = (unsigned char)ch;

	if (ch != '\n') {
		if (ch == '\r')
			return;
		/* the line may become the zone's end reason, which the log,
		 * `zone list`, `zone wait` and `zone events` print to an
		 * operator's terminal: kept as plain ASCII, control bytes as
		 * ^X and anything else as '?', so it cannot move a cursor */
		if (u < 0x20 || u == 0x7f) {
			if (c->cur_len + 2 < sizeof(c->cur)) {
				c->cur[c->cur_len++] = '^';
				c->cur[c->cur_len++] = u == 0x7f ? '?'
								 : ch + 0x40;
			}
		} else if (c->cur_len + 1 < sizeof(c->cur)) {
			c->cur[c->cur_len++] = u < 0x80 ? ch : '?';
		}
		return;
	}
	c->cur[c->cur_len] = '\0';
	if (contains(c->cur, c->cur_len, PANIC_BANNER))
		c->panicked = true;
	else
		c->cur_len = 0;
}

/*
 * The mirror shares the UART with zone0 and the hypervisor: a zone gets
 * MIRROR_BURST bytes at once and MIRROR_RATE a second after that. A line
 * is mirrored from its start while budget lasts and cut when it runs out;
 * after a cut, mirroring resumes with a line saying how much was left out
 * once MIRROR_RESUME bytes are saved up. What is left out stays readable
 * with `hvisor zone console`.
 */
#define MIRROR_BURST 32768u
#define MIRROR_RATE 8192u /* bytes a second */
#define MIRROR_RESUME 4096u /* budget to start mirroring again after a cut */
#define MIRROR_NS_PER_BYTE (1000000000UL / MIRROR_RATE)

static void mirror_refill(struct vconsole *c)
{
	u64 now = arch_now_ns(),
	    n = (now - c->mirror_stamp) / MIRROR_NS_PER_BYTE;

	if (n >= MIRROR_BURST - c->mirror_budget) {
		c->mirror_budget = MIRROR_BURST;
		c->mirror_stamp = now;
	} else {
		c->mirror_budget += n;
		c->mirror_stamp += n * MIRROR_NS_PER_BYTE;
	}
}

/*
 * What is mirrored goes out a line at a time (or MLINE_MAX bytes, or what
 * the zone wrote before it turned to another register, as Linux's PL011
 * driver does after each burst): byte by byte, a zone's output landed
 * inside zone0's lines and a shell prompt or a script's marker came out
 * torn.
 */
static void mirror_flush(struct zone *z, struct vconsole *c)
{
	if (c->mline_len)
		console_mirror(z->name, c->mline_start, c->mline, c->mline_len);
	c->mline_len = 0;
}

static void mirror_put(struct zone *z, struct vconsole *c, char ch)
{
	if (c->line_start) {
		mirror_refill(c);
		c->mirroring = c->mirror_budget >=
			       (c->mirror_dropped ? MIRROR_RESUME : 1);
		if (c->mirroring && c->mirror_dropped) {
			mirror_flush(z, c);
			pr_warn("zone %u (%s): %lu bytes of console output not mirrored (rate limit)\n",
				z->id, z->name, c->mirror_dropped);
			c->mirror_dropped = 0;
		}
	}
	if (!c->mirroring) {
		c->mirror_dropped++;
		return;
	}
	if (!c->mline_len)
		c->mline_start = c->line_start;
	c->mline[c->mline_len++] = ch;
	/* charged what reaches the UART: "[name] ", "\r\n", "^X" */
	c->mirror_budget -= MIN(console_mirror_size(z->name, c->line_start, ch),
				c->mirror_budget);
	if (!c->mirror_budget && ch != '\n') { /* cut the line here */
		c->mline[c->mline_len++] = '\n';
		c->mirroring = false;
	}
	if (ch == '\n' || !c->mirroring || c->mline_len >= MLINE_MAX - 1)
		mirror_flush(z, c);
}

static void put_out(struct zone *z, char ch)
{
	struct vconsole *c = &z->console;

	c->out[c->out_pos++ & (VCON_OUT_SIZE - 1)] = ch;
	if (c->mirror && !c->attached)
		mirror_put(z, c, ch);
	c->line_start = ch == '\n';
	if (!c->panicked)
		watch_line(c, ch);
}

static int vpl011_access(struct zone *z, struct mmio_access *a, void *arg)
{
	struct vconsole *c = &z->console;
	u64 off = a->addr;
	u64 v = 0;
	(void)arg;

	spin_lock(&c->lock);
	if (a->write) {
		switch (off) {
		case UART_DR:
			put_out(z, (char)a->value);
			break;
		case UART_IBRD:
			c->ibrd = (u32)a->value;
			break;
		case UART_FBRD:
			c->fbrd = (u32)a->value;
			break;
		case UART_LCR_H:
			c->lcr_h = (u32)a->value;
			break;
		case UART_CR:
			c->cr = (u32)a->value;
			break;
		case UART_IFLS:
			c->ifls = (u32)a->value;
			break;
		case UART_IMSC:
			c->imsc = (u32)a->value & 0x7ff;
			break;
		case UART_DMACR:
			c->dmacr = (u32)a->value;
			break;
		default: /* RSR/ECR, ICR, ILPR: nothing latched to clear */
			break;
		}
		if (off != UART_DR)
			mirror_flush(z, c);
	} else {
		switch (off) {
		case UART_DR:
			if (c->in_count) {
				v = (u8)c->in[c->in_head];
				c->in_head = (c->in_head + 1) % VCON_IN_SIZE;
				c->in_count--;
			}
			break;
		case UART_FR:
			v = FR_TXFE | (c->in_count ? 0 : FR_RXFE);
			break;
		case UART_IBRD:
			v = c->ibrd;
			break;
		case UART_FBRD:
			v = c->fbrd;
			break;
		case UART_LCR_H:
			v = c->lcr_h;
			break;
		case UART_CR:
			v = c->cr;
			break;
		case UART_IFLS:
			v = c->ifls;
			break;
		case UART_IMSC:
			v = c->imsc;
			break;
		case UART_RIS:
			v = ris(c);
			break;
		case UART_MIS:
			v = ris(c) & c->imsc;
			break;
		case UART_DMACR:
			v = c->dmacr;
			break;
		default:
			if (off >= UART_ID && off < UART_ID + 32 && !(off & 3))
				v = pl011_id[(off - UART_ID) / 4];
		}
		a->value = v;
	}
	spin_unlock(&c->lock);
	if (READ_ONCE(c->panicked) && a->write && off == UART_DR &&
	    z->state == HV_ZONE_RUNNING) {
		const char *reason = c->cur;
		unsigned int i;

		/* from "Kernel panic" on: drop the printk timestamp */
		for (i = 0; i + 12 < c->cur_len; i++)
			if (contains(c->cur + i, 12, "Kernel panic")) {
				reason = c->cur + i;
				break;
			}
		zone_fail(z, reason);
	}
	vconsole_update(z, false);
	return 0;
}

void vconsole_update(struct zone *z, bool eoi)
{
	struct vconsole *c = &z->console;
	bool line, inject;

	spin_lock(&c->lock);
	/* like a real distributor: a disabled interrupt is never signalled,
	 * so a guest that has no handler yet (or gave up on it) gets none */
	line = c->irq_enabled && (ris(c) & c->imsc) != 0;
	/* a rising edge, or still high when the guest finished the last one */
	inject = line && (!c->line || eoi);
	c->line = line;
	spin_unlock(&c->lock);
	if (inject)
		arch_inject_virq(z->cfg.console_irq);
}

unsigned int vconsole_write_input(struct zone *z, const char *buf,
				  unsigned int len)
{
	struct vconsole *c = &z->console;
	unsigned int n;

	spin_lock(&c->lock);
	for (n = 0; n < len && c->in_count < VCON_IN_SIZE; n++)
		c->in[(c->in_head + c->in_count++) % VCON_IN_SIZE] = buf[n];
	spin_unlock(&c->lock);
	if (n)
		vcpu_kick_console(z->boot_cpu);
	return n;
}

unsigned int vconsole_read_output(struct zone *z, u64 *cursor, char *buf,
				  unsigned int len, bool attach)
{
	struct vconsole *c = &z->console;
	unsigned int n = 0;
	u64 pos;

	spin_lock(&c->lock);
	pos = *cursor;
	if (pos > c->out_pos)
		pos = c->out_pos;
	if (c->out_pos - pos > VCON_OUT_SIZE)
		pos = c->out_pos - VCON_OUT_SIZE; /* the oldest still kept */
	if (attach && pos < c->boot_pos)
		pos = c->boot_pos;
	for (; pos < c->out_pos && n < len; pos++)
		buf[n++] = c->out[pos & (VCON_OUT_SIZE - 1)];
	*cursor = pos;
	if (pos > c->read_pos)
		c->read_pos = pos;
	spin_unlock(&c->lock);
	return n;
}

void vconsole_set_attached(struct zone *z, bool attached)
{
	spin_lock(&z->console.lock);
	mirror_flush(z, &z->console);
	z->console.attached = attached;
	spin_unlock(&z->console.lock);
}

/* The zone enabled or disabled the console's line in its distributor (on
 * one of its CPUs). */
static void line_enable(struct zone *z, void *arg, bool enabled)
{
	(void)arg;
	spin_lock(&z->console.lock);
	z->console.irq_enabled = enabled;
	spin_unlock(&z->console.lock);
	if (enabled) /* pending level: signal it now */
		vconsole_update(z, true);
}

/* The zone finished the line's last injection: still high, it comes again */
static void line_eoi(struct zone *z, void *arg)
{
	(void)arg;
	vconsole_update(z, true);
}

static const struct virq_ops line_ops = { .enable = line_enable,
					  .eoi = line_eoi };

/* What an ending zone's unread output may still put on the UART: its
 * last lines, not a flood, while the caller holds the zone table. */
#define FLUSH_MAX 2048u

void vconsole_flush_unread(struct zone *z)
{
	struct vconsole *c = &z->console;
	bool start = true;
	u32 budget;
	u64 pos, skipped = 0;

	if (!z->cfg.console_base)
		return;
	spin_lock(&c->lock);
	mirror_flush(z, c);
	if (c->attached) {
		mirror_refill(c);
		budget = MIN(c->mirror_budget, FLUSH_MAX);
		pos = c->read_pos;
		if (c->out_pos - pos > VCON_OUT_SIZE)
			pos = c->out_pos - VCON_OUT_SIZE;
		/* the newest bytes, from a line start, that fit the budget */
		if (c->out_pos - pos > budget / 2) {
			skipped = c->out_pos - budget / 2 - pos;
			pos += skipped;
			while (pos < c->out_pos &&
			       c->out[(pos - 1) & (VCON_OUT_SIZE - 1)] !=
				       '\n') {
				pos++;
				skipped++;
			}
		}
		if (skipped)
			pr_warn("zone %u (%s): %lu bytes of its last output not mirrored\n",
				z->id, z->name, skipped);
		for (; pos < c->out_pos && budget; pos++) {
			char ch = c->out[pos & (VCON_OUT_SIZE - 1)];

			budget -= MIN(budget,
				      console_mirror_size(z->name, start, ch));
			console_mirror(z->name, start, &ch, 1);
			start = ch == '\n';
		}
		if (!start)
			console_mirror(z->name, false, "\n", 1);
	}
	spin_unlock(&c->lock);
}

/* the UART as after power-on: what the guest programs, the interrupt
 * line and its enable, unread input (the printed history stays) */
static void power_on(struct vconsole *c)
{
	c->cr = 0x300; /* TXE | RXE */
	c->lcr_h = c->ibrd = c->fbrd = c->ifls = c->imsc = c->dmacr = 0;
	c->irq_enabled = false;
	c->line = false;
	c->in_head = c->in_count = 0;
	c->cur_len = 0;
}

void vconsole_reset(struct zone *z)
{
	spin_lock(&z->console.lock);
	mirror_flush(z, &z->console);
	power_on(&z->console);
	z->console.boot_pos = z->console.out_pos;
	spin_unlock(&z->console.lock);
}

int vconsole_init(struct zone *z)
{
	struct vconsole *c = &z->console;
	int ret;

	if (!z->cfg.console_base)
		return 0;
	c->mirror = z->cfg.flags & HV_ZONE_CONSOLE_MIRROR;
	c->mirror_budget = MIRROR_BURST;
	c->mirror_stamp = arch_now_ns();
	c->line_start = true;
	power_on(c);
	ret = virq_register(z, z->cfg.console_irq, &line_ops, NULL);
	if (ret)
		return ret;
	return mmio_register(z, z->cfg.console_base, 0x1000, vpl011_access,
			     NULL, "console", MMIO_NO_INDEX);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A non-root zone's console: a PL011 the zone's stock Linux driver drives,
 * emulated here. Output goes to a per-zone ring (read by `hvisor zone
 * console` through HV_HC_CONSOLE) and, unless switched off or a reader is
 * attached, to the physical console with a "[name] " prefix. Input comes
 * only from zone0, through the same hypercall.
 */
#ifndef HV_DEVICES_VCONSOLE_H
#define HV_DEVICES_VCONSOLE_H

#include "core/types.h"
#include "core/mmio.h"
#include "core/spinlock.h"

#define VCON_OUT_SIZE 16384 /* power of two */
#define VCON_IN_SIZE 256
#define MLINE_MAX 128

struct vconsole {
	spinlock_t lock;
	char out[VCON_OUT_SIZE];
	u64 out_pos; /* bytes ever written */
	u64 read_pos; /* how far an attached reader got */
	u64 boot_pos; /* where the current boot's output starts */
	char in[VCON_IN_SIZE];
	unsigned int in_head, in_count;
	bool mirror, attached, line_start;
	/* the mirror's share of the shared UART: a byte budget refilled
	 * over time, and what it had to leave out */
	bool mirroring; /* the current line is being mirrored */
	u32 mirror_budget;
	u64 mirror_stamp, mirror_dropped;
	/* mirrored bytes not on the UART yet: the rest of the current line */
	char mline[MLINE_MAX];
	unsigned int mline_len;
	bool mline_start; /* mline begins a line: "[name] " goes first */
	bool line; /* interrupt output as last injected */
	bool irq_enabled; /* the zone enabled console_irq (core/virq.h) */
	/* the current output line, to spot the guest kernel's panic banner */
	char cur[80];
	unsigned int cur_len;
	bool panicked;
	/* PL011 registers the guest programs */
	u32 cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
};

struct zone;

int vconsole_init(struct zone *z);
/* The zone resets: its UART as after power-on (registers, interrupt line
 * and the guest's enable of it, unread input); what it printed stays for
 * `hvisor zone console` to replay. Without this the next kernel got the
 * old one's interrupt before it had a handler ("Unexpected interrupt"). */
void vconsole_reset(struct zone *z);
/* Re-evaluate the interrupt line; inject on this CPU if it rose. Called
 * on register accesses, on the kick after new input, and when the guest
 * EOIs the console interrupt (level semantics). */
void vconsole_update(struct zone *z, bool eoi);
/* zone0's side: feed input, read output from *cursor; a reader that just
 * attached starts no earlier than the zone's current boot (an old boot's
 * prompt must not pass for a live one). */
unsigned int vconsole_write_input(struct zone *z, const char *buf,
				  unsigned int len);
unsigned int vconsole_read_output(struct zone *z, u64 *cursor, char *buf,
				  unsigned int len, bool attach);
void vconsole_set_attached(struct zone *z, bool attached);
/* The zone is ending: what an attached reader has not fetched yet goes to
 * the machine console, so its last words are not lost. */
void vconsole_flush_unread(struct zone *z);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVISOR_DRIVER_H
#define HVISOR_DRIVER_H

#include <linux/types.h>
#include <linux/fs.h>
#include <linux/kfifo.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <hvisor/abi.h>

/* hvc #0 with the hypercall convention of docs/hypercalls.md */
static inline long hvisor_call3(unsigned long code, unsigned long a1,
				unsigned long a2, unsigned long a3)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;

	asm volatile("hvc #0"
		     : "+r"(x0)
		     : "r"(x1), "r"(x2), "r"(x3)
		     : "memory");
	return (long)x0;
}

static inline long hvisor_call(unsigned long code, unsigned long a1,
			       unsigned long a2)
{
	return hvisor_call3(code, a1, a2, 0);
}

#define HVISOR_NO_ZONE U32_MAX
#define HVISOR_EVENTS_PER_FILE 256
/* entries of a backend's queue only a reset or an end may take */
#define HVISOR_LIFE_RESERVE 2

/* images a start may stage in free RAM before its zone exists */
#define HVISOR_MAX_STAGED 16

/* What each open of /dev/hvisor holds. */
struct hvisor_file {
	u32 console_zone; /* console attached through this file, or none */
	/* as a zone's backend (HVISOR_BACKEND_ATTACH) */
	u32 zone_id; /* HVISOR_NO_ZONE until attached */
	u64 rec_gen; /* which start of that zone it serves */
	bool gone; /* the zone ended: read() returns 0 once drained */
	DECLARE_KFIFO(events, struct hv_event, HVISOR_EVENTS_PER_FILE);
	bool lost; /* the fifo overflowed since the last read */
	wait_queue_head_t wq;
	struct file *file;
	/* as a watcher of lifecycle events (HVISOR_WATCH) */
	bool watching;
	u64 life_next; /* sequence number of the next event to read */
	/* free RAM this file loaded images into for a zone not created yet:
	 * zeroed when the file closes unless a zone start took it */
	struct mutex stage_lock;
	unsigned int nr_staged;
	struct {
		u64 dst, size;
	} staged[HVISOR_MAX_STAGED];
};

/* zone.c: zones started through this driver */
int hvisor_zone_start(struct hv_zone_config *cfg);
int hvisor_zone_shutdown(u32 id);
int hvisor_zone_continue(u32 id, u32 op);
/* *written: how many bytes from dst on were written, whatever the result */
int hvisor_load(u64 dst, const void __user *src, u64 size, u64 *written);
/* zero what hf staged (a start that never happened), forget it */
void hvisor_unstage(struct hvisor_file *hf);
int hvisor_backend_attach(struct hvisor_file *hf, u32 id);
void hvisor_backend_detach(struct hvisor_file *hf);
int hvisor_backend_reset_done(struct hvisor_file *hf);
int hvisor_backend_reset_quiet(struct hvisor_file *hf);
/* Is [pa, pa + size) RAM of the zone hf serves, which still runs? */
bool hvisor_backend_may_map(struct hvisor_file *hf, u64 pa, u64 size);
/* The backend's mappings are made page by page at fault time, under this
 * lock, which a zone's release takes to stop new ones before it zaps the
 * old: no page can be mapped after the zap. */
extern struct mutex hvisor_map_lock;
/* event.c hands events over; called with interrupts off */
void hvisor_zone_event(const struct hv_event *e);
void hvisor_zones_lost_events(void);
/* for the reconciliation work: what the hypervisor told us */
void hvisor_zones_reconcile(void);

/* life.c: zones that ended, and the lifecycle events watchers read */
void hvisor_life_started(u32 id, const char *name);
void hvisor_life_ended(u32 id, const char *name, const char *reason);
/* Drop the record of an ended zone; false if there was none. */
bool hvisor_life_forget(u32 id);
/* Append the ended zones not among st[0..live) ; returns the new count. */
unsigned int hvisor_life_list(struct hv_zone_status *st, unsigned int live,
			      unsigned int capacity);
void hvisor_life_watch(struct hvisor_file *hf);
ssize_t hvisor_life_read(struct hvisor_file *hf, char __user *buf, size_t len,
			 bool nonblock);
__poll_t hvisor_life_poll(struct hvisor_file *hf, struct file *f,
			  poll_table *wait);

/* event.c: the event channel from the hypervisor */
int hvisor_events_init(void);
void hvisor_events_exit(void);
void hvisor_events_kick_work(void);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * What became of zones: a record of each zone that ended (kept until the
 * zone starts again or is cleared with `hvisor zone shutdown`, the oldest
 * evicted when full) and a log of lifecycle events that watchers read
 * (`hvisor zone wait`, `hvisor zone events`).
 */
#include <linux/kernel.h>
#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <hvisor/ioctl.h>
#include "ended.h"
#include "hvisor.h"

#define LIFE_LOG 64 /* events a slow watcher may fall behind by */

static DEFINE_SPINLOCK(life_lock);
static DECLARE_WAIT_QUEUE_HEAD(life_wq);
static struct hvisor_life_event life[LIFE_LOG];
static u64 life_seq; /* of the newest event; 0: none yet */
static struct ended_table ended;

static void log_event(u32 kind, u32 id, const char *name, const char *reason)
{
	struct hvisor_life_event *e = &life[++life_seq % LIFE_LOG];

	memset(e, 0, sizeof(*e));
	e->seq = life_seq;
	e->time_ns = ktime_get_real_ns();
	e->kind = kind;
	e->zone_id = id;
	strscpy(e->name, name, sizeof(e->name));
	strscpy(e->reason, reason, sizeof(e->reason));
}

void hvisor_life_started(u32 id, const char *name)
{
	spin_lock_irq(&life_lock);
	ended_forget(&ended, id);
	log_event(HVISOR_LIFE_STARTED, id, name, "");
	spin_unlock_irq(&life_lock);
	wake_up_interruptible(&life_wq);
}

void hvisor_life_ended(u32 id, const char *name, const char *reason)
{
	spin_lock_irq(&life_lock);
	log_event(HVISOR_LIFE_STOPPED, id, name, reason);
	ended_add(&ended, id, name, reason, life_seq,
		  (u32)ktime_get_real_seconds());
	spin_unlock_irq(&life_lock);
	wake_up_interruptible(&life_wq);
}

bool hvisor_life_forget(u32 id)
{
	bool had;

	spin_lock_irq(&life_lock);
	had = ended_forget(&ended, id);
	spin_unlock_irq(&life_lock);
	return had;
}

unsigned int hvisor_life_list(struct hv_zone_status *st, unsigned int live,
			      unsigned int capacity)
{
	unsigned int n;

	spin_lock_irq(&life_lock);
	n = ended_list(&ended, st, live, capacity);
	spin_unlock_irq(&life_lock);
	return n;
}

void hvisor_life_watch(struct hvisor_file *hf)
{
	spin_lock_irq(&life_lock);
	hf->life_next = life_seq + 1; /* what happens from now on */
	hf->watching = true;
	spin_unlock_irq(&life_lock);
}

static bool life_ready(struct hvisor_file *hf)
{
	return READ_ONCE(life_seq) >= hf->life_next;
}

ssize_t hvisor_life_read(struct hvisor_file *hf, char __user *buf, size_t len,
			 bool nonblock)
{
	struct hvisor_life_event e;
	size_t done = 0;
	int ret;

	if (len < sizeof(e))
		return -EINVAL;
	while (!life_ready(hf)) {
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(life_wq, life_ready(hf));
		if (ret)
			return ret;
	}
	while (done + sizeof(e) <= len) {
		spin_lock_irq(&life_lock);
		if (hf->life_next > life_seq) {
			spin_unlock_irq(&life_lock);
			break;
		}
		/* fallen behind the log: go on from its oldest event (the
		 * gap shows in the sequence numbers) */
		if (life_seq - hf->life_next >= LIFE_LOG)
			hf->life_next = life_seq - LIFE_LOG + 1;
		e = life[hf->life_next % LIFE_LOG];
		hf->life_next++;
		spin_unlock_irq(&life_lock);
		if (copy_to_user(buf + done, &e, sizeof(e)))
			return -EFAULT;
		done += sizeof(e);
	}
	return done;
}

__poll_t hvisor_life_poll(struct hvisor_file *hf, struct file *f,
			  poll_table *wait)
{
	poll_wait(f, &life_wq, wait);
	return life_ready(hf) ? EPOLLIN | EPOLLRDNORM : 0;
}

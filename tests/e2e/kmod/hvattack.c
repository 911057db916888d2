// SPDX-License-Identifier: GPL-2.0
/*
 * hvattack.ko: a hostile virtio driver for the end-to-end tests. Loaded in a
 * zone with base=<physical address of a virtio-blk transport> whose Linux
 * driver was unbound first, it programs the device itself and feeds it one
 * bad request or bad queue per case: buffers outside the zone's RAM, lengths
 * of 4 GiB, sectors past the disk, descriptor loops, indices past the queue,
 * indirect descriptors, a queue size that is not a power of two, rings
 * outside RAM. Each case prints one line:
 *   hvattack: CASE: used=N status=0xS blk=B
 * (requests the device completed, its status register, the request's status
 * byte), then the device is reset. With notify=N it only writes queue 0's
 * QueueNotify N times, for a flood of events to zone0 from a device whose
 * Linux driver keeps running; with flood=S every CPU of the zone writes the
 * QueueNotify of every queue for S seconds, interrupts off. With
 * logflood=N it breaks the device N times (a ring outside the zone's RAM,
 * then a reset), each a line in the backend's log. The load always fails
 * with -ECANCELED.
 */
#include <linux/module.h>
#include <linux/io.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/string.h>
#include <linux/smp.h>
#include <linux/ktime.h>
#include <linux/atomic.h>

static ulong base;
module_param(base, ulong, 0);
MODULE_PARM_DESC(base, "physical address of the virtio-blk window");
static int net;
module_param(net, int, 0);
MODULE_PARM_DESC(net, "base is a virtio-net device: attack its transmit queue");
static int notify;
module_param(notify, int, 0);
MODULE_PARM_DESC(notify, "only write queue 0's QueueNotify this many times "
			 "(a device its Linux driver still runs)");
static int notify_us;
module_param(notify_us, int, 0);
MODULE_PARM_DESC(notify_us, "microseconds between those writes (zone0 then "
			    "takes each one apart: none is merged)");
static int flood;
module_param(flood, int, 0);
MODULE_PARM_DESC(flood, "seconds every CPU writes every queue's QueueNotify");
static int resetwait;
module_param(resetwait, int, 0);
MODULE_PARM_DESC(resetwait, "reset the device right after a request: may "
			    "the backend still complete it afterwards?");
static int logflood;
module_param(logflood, int, 0);
MODULE_PARM_DESC(logflood, "break the device this many times");

#define VM_DRV_FEATURES 0x020
#define VM_DRV_FEATURES_SEL 0x024
#define VM_QUEUE_SEL 0x030
#define VM_QUEUE_NUM 0x038
#define VM_QUEUE_READY 0x044
#define VM_QUEUE_NOTIFY 0x050
#define VM_STATUS 0x070
#define VM_QUEUE_DESC 0x080
#define VM_QUEUE_DRIVER 0x090
#define VM_QUEUE_DEVICE 0x0a0
#define ST_NEEDS_RESET 0x40

#define NUM 8
#define F_NEXT 1
#define F_WRITE 2
#define F_INDIRECT 4

struct desc {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

static void __iomem *io;
static u8 *mem; /* page 0: descriptors, 1: avail, 2: used, 3: buffers */
static phys_addr_t mem_pa;

#define DESC ((struct desc *)mem)
#define AVAIL ((__le16 *)(mem + 4096))
#define USED ((__le16 *)(mem + 8192))
#define BUF (mem + 12288)
#define BUF_PA (mem_pa + 12288)
#define STATUS_BYTE (BUF[1024])

static void write64(u64 v, unsigned int off)
{
	writel(lower_32_bits(v), io + off);
	writel(upper_32_bits(v), io + off + 4);
}

static void queue(u32 sel, u32 num, phys_addr_t desc, phys_addr_t avail,
		  phys_addr_t used)
{
	writel(sel, io + VM_QUEUE_SEL);
	writel(num, io + VM_QUEUE_NUM);
	write64(desc, VM_QUEUE_DESC);
	write64(avail, VM_QUEUE_DRIVER);
	write64(used, VM_QUEUE_DEVICE);
	writel(1, io + VM_QUEUE_READY);
}

/* Reset, negotiate VERSION_1 only, set the attacked queue up with num
 * entries (virtio-blk: queue 0; virtio-net: transmit queue 1, and a
 * receive queue 0 the driver never gives a buffer to). */
static bool setup(u32 num, phys_addr_t desc)
{
	memset(mem, 0, 4 * PAGE_SIZE);
	writel(0, io + VM_STATUS);
	writel(1, io + VM_STATUS);
	writel(3, io + VM_STATUS);
	writel(1, io + VM_DRV_FEATURES_SEL);
	writel(1, io + VM_DRV_FEATURES); /* bit 32: VIRTIO_F_VERSION_1 */
	writel(0, io + VM_DRV_FEATURES_SEL);
	writel(0, io + VM_DRV_FEATURES);
	writel(3 | 8, io + VM_STATUS);
	if (!(readl(io + VM_STATUS) & 8))
		return false;
	if (net)
		queue(0, NUM, BUF_PA + 3072, BUF_PA + 3328, BUF_PA + 3584);
	queue(net ? 1 : 0, num, desc, mem_pa + 4096, mem_pa + 8192);
	writel(3 | 8 | 4, io + VM_STATUS);
	return true;
}

static void set_desc(int i, u64 addr, u32 len, u16 flags, u16 next)
{
	DESC[i].addr = cpu_to_le64(addr);
	DESC[i].len = cpu_to_le32(len);
	DESC[i].flags = cpu_to_le16(flags);
	DESC[i].next = cpu_to_le16(next);
}

/* A read of sector `sector` into data (len bytes), as a 3-descriptor chain. */
static void blk_read(u64 sector, u64 data, u32 len)
{
	__le32 *hdr = (__le32 *)BUF;

	hdr[0] = cpu_to_le32(0); /* VIRTIO_BLK_T_IN */
	hdr[1] = 0;
	*(__le64 *)(BUF + 8) = cpu_to_le64(sector);
	STATUS_BYTE = 0xee; /* what the device must overwrite */
	set_desc(0, BUF_PA, 16, F_NEXT, 1);
	set_desc(1, data, len, F_NEXT | F_WRITE, 2);
	set_desc(2, BUF_PA + 1024, 1, F_WRITE, 0);
}

static void go(const char *name, u16 head, u16 avail_idx)
{
	int i;

	AVAIL[2] = cpu_to_le16(head); /* ring[0] */
	wmb();
	AVAIL[1] = cpu_to_le16(avail_idx);
	wmb();
	writel(net ? 1 : 0, io + VM_QUEUE_NOTIFY);
	for (i = 0; i < 200; i++) {
		if (READ_ONCE(USED[1]) ||
		    (readl(io + VM_STATUS) & ST_NEEDS_RESET))
			break;
		msleep(10);
	}
	rmb();
	pr_info("hvattack: %s: used=%u status=0x%x blk=%u\n", name,
		le16_to_cpu(READ_ONCE(USED[1])), readl(io + VM_STATUS),
		STATUS_BYTE);
}

/* One frame of len bytes after the 12-byte header, as one descriptor. */
static void net_frame(u32 len, u64 addr)
{
	memset(BUF, 0, 12); /* the header: no offload */
	memset(BUF + 12, 0xff, 6 + 6); /* broadcast, from ff:ff..: nobody's */
	set_desc(0, addr, 12 + len, 0, 0);
	STATUS_BYTE = 0;
}

static void attack_net(void)
{
	if (setup(NUM, mem_pa)) {
		net_frame(60, BUF_PA);
		go("net-good", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		net_frame(0, BUF_PA); /* the header alone */
		go("net-empty", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		set_desc(0, mem_pa + 4096, 12 + 9000, 0, 0); /* jumbo: > MTU */
		go("net-too-big", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		set_desc(0, BUF_PA, 5, 0, 0); /* not even a header */
		go("net-short", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		set_desc(0, BUF_PA, 12, F_NEXT, 1);
		set_desc(1, 0x1000, 60, 0, 0); /* frame outside its RAM */
		go("net-outside-ram", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		/* TCP segmentation and a checksum at 0xffff, none of which
		 * it negotiated: the frame must not reach the TAP */
		net_frame(60, BUF_PA);
		BUF[0] = 1; /* VIRTIO_NET_HDR_F_NEEDS_CSUM */
		BUF[1] = 1; /* VIRTIO_NET_HDR_GSO_TCPV4 */
		BUF[4] = 0x40; /* gso_size 64 */
		BUF[6] = BUF[7] = 0xff; /* csum_start */
		go("net-bad-offload", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		set_desc(0, BUF_PA, 12, F_NEXT, 1);
		set_desc(1, BUF_PA, 60, F_NEXT, 0);
		go("net-loop", 0, 1);
	}
}

static atomic64_t flood_writes;

static void flood_cpu(void *arg)
{
	u64 end = ktime_get_ns() + (u64)flood * NSEC_PER_SEC, n = 0;
	u32 q;

	(void)arg;
	while (ktime_get_ns() < end)
		for (q = 0; q < 4; q++, n++)
			writel(q, io + VM_QUEUE_NOTIFY);
	atomic64_add(n, &flood_writes);
}

static int __init hvattack_init(void)
{
	u64 data;

	if (!base)
		return -EINVAL;
	io = ioremap(base & PAGE_MASK, PAGE_SIZE);
	mem = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	if (!io || !mem)
		goto out;
	io += base & ~PAGE_MASK;
	mem_pa = virt_to_phys(mem);
	data = BUF_PA + 2048;

	if (net) {
		attack_net();
		goto done;
	}
	if (flood > 0) {
		on_each_cpu(flood_cpu, NULL, 1);
		pr_info("hvattack: flooded %lld notifies from %u CPUs\n",
			(long long)atomic64_read(&flood_writes),
			num_online_cpus());
		goto out;
	}
	if (resetwait && setup(NUM, mem_pa)) {
		u16 at_reset, later;

		blk_read(0, data, 512);
		AVAIL[2] = 0;
		wmb();
		AVAIL[1] = cpu_to_le16(1);
		wmb();
		writel(0, io + VM_QUEUE_NOTIFY);
		writel(0, io + VM_STATUS); /* done: the queue is the driver's */
		at_reset = le16_to_cpu(READ_ONCE(USED[1]));
		msleep(300);
		later = le16_to_cpu(READ_ONCE(USED[1]));
		pr_info("hvattack: reset-wait: used at reset=%u later=%u\n",
			at_reset, later);
		goto done;
	}
	if (logflood > 0) {
		int i;

		for (i = 0; i < logflood; i++)
			setup(NUM,
			      0x1000); /* its descriptors outside its RAM */
		goto done;
	}
	if (notify > 0) { /* one event to zone0 for each */
		int i;

		for (i = 0; i < notify; i++) {
			writel(0, io + VM_QUEUE_NOTIFY);
			if (notify_us)
				udelay(notify_us);
		}
		pr_info("hvattack: notified %d times\n", notify);
		goto out;
	}
	if (setup(NUM, mem_pa)) { /* a good read first: the device works */
		blk_read(0, data, 512);
		go("good", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, 0x1000, 512); /* not this zone's RAM */
		go("buffer-outside-ram", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, data, 0xffffffff); /* 4 GiB */
		go("length-4g", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(1ULL << 40, data, 512);
		go("sector-past-end", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, data, 512);
		set_desc(1, data, 512, F_NEXT, 0); /* 0 -> 1 -> 0 -> ... */
		go("descriptor-loop", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, data, 512);
		go("head-past-queue", NUM + 5, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, data, 512);
		set_desc(1, data, 512, F_NEXT | F_WRITE, 999);
		go("next-past-queue", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, data, 512);
		set_desc(0, BUF_PA, 16, F_NEXT | F_INDIRECT, 1);
		go("indirect", 0, 1);
	}
	if (setup(NUM, mem_pa)) {
		blk_read(0, data, 512);
		go("avail-index-jump", 0, 1000);
	}
	if (setup(6, mem_pa)) { /* not a power of two */
		blk_read(0, data, 512);
		go("queue-size-6", 0, 1);
	}
	if (setup(NUM, 0x1000)) { /* descriptor table outside its RAM */
		go("ring-outside-ram", 0, 1);
	}
done:
	writel(0, io + VM_STATUS); /* leave it reset for the real driver */
	pr_info("hvattack: done\n");
out:
	if (mem)
		free_pages((unsigned long)mem, 2);
	if (io)
		iounmap((void __iomem *)((unsigned long)io & PAGE_MASK));
	return -ECANCELED;
}

module_init(hvattack_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvisor end-to-end test: a hostile virtio-blk driver");

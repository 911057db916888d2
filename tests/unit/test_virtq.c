// sources: tools/backend/virtq.c tools/backend/vblk.c tools/backend/vcons.c tools/backend/vnet.c
// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The backend's virtqueue (tools/backend/virtq.c) and device models (tools/backend/vblk.c,
 * tools/backend/vcons.c) over a fake guest RAM: a buffer standing for 1 MiB of
 * guest-physical memory at GPA, with a driver written here as Linux's
 * would be, and the hostile inputs the guest may write. Disk requests go to
 * a real temporary file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include <sys/socket.h>

#include "vblk.h"
#include "vcons.h"
#include "virtq.h"
#include "vnet.h"

#define GPA 0x80000000ULL
#define RAM (1u << 20)
#define DESC 0x0000 /* offsets in RAM */
#define AVAIL 0x1000
#define USED 0x2000
#define BUFS 0x10000
#define NUM 8

static uint8_t *ram;
static struct gmem mem;
static struct virtq vq;
static struct vq_req req;
static uint16_t avail_idx;

#define F_NEXT 1
#define F_WRITE 2
#define F_INDIRECT 4

static void put16(uint32_t off, uint16_t v)
{
	memcpy(ram + off, &v, 2);
}

static uint16_t get16(uint32_t off)
{
	uint16_t v;

	memcpy(&v, ram + off, 2);
	return v;
}

static uint32_t get32(uint32_t off)
{
	uint32_t v;

	memcpy(&v, ram + off, 4);
	return v;
}

static void desc(int i, uint64_t gpa, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	uint8_t *d = ram + DESC + 16 * i;

	memcpy(d, &gpa, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

/* the driver makes head available */
static void offer(uint16_t head)
{
	put16(AVAIL + 4 + 2 * (avail_idx % NUM), head);
	put16(AVAIL + 2, ++avail_idx);
}

static int setup(void **state)
{
	(void)state;
	ram = calloc(1, RAM);
	mem.n = 1;
	mem.r[0].gpa = GPA;
	mem.r[0].size = RAM;
	mem.r[0].host = ram;
	avail_idx = 0;
	return vq_setup(&vq, &mem, NUM, GPA + DESC, GPA + AVAIL, GPA + USED,
			true);
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static void test_gmem_bounds(void **state)
{
	(void)state;
	assert_ptr_equal(gmem_ptr(&mem, GPA, 16), ram);
	assert_ptr_equal(gmem_ptr(&mem, GPA + RAM - 1, 1), ram + RAM - 1);
	assert_null(gmem_ptr(&mem, GPA + RAM - 1, 2)); /* runs off the end */
	assert_null(gmem_ptr(&mem, GPA - 1, 1));
	assert_null(gmem_ptr(&mem, 0x1000, 16));
	assert_null(gmem_ptr(&mem, GPA, (uint64_t)RAM + 1));
	assert_null(gmem_ptr(&mem, ~0ULL - 4, 16)); /* wraps */
}

static void test_setup_refuses_bad_rings(void **state)
{
	struct virtq q;

	(void)state;
	assert_int_equal(
		vq_setup(&q, &mem, 6, GPA, GPA + AVAIL, GPA + USED, false), -1);
	assert_string_equal(q.why, "queue size is not a power of two");
	assert_int_equal(vq_setup(&q, &mem, 8, GPA + 8, GPA + AVAIL, GPA + USED,
				  false),
			 -1);
	assert_int_equal(vq_setup(&q, &mem, 8, 0x1000, GPA + AVAIL, GPA + USED,
				  false),
			 -1);
	assert_string_equal(q.why, "ring outside the zone's RAM");
	/* a used ring whose last entries pass the end of RAM */
	assert_int_equal(vq_setup(&q, &mem, 8, GPA, GPA + AVAIL, GPA + RAM - 16,
				  false),
			 -1);
	assert_false(q.ready);
}

static void test_pop_push_chain(void **state)
{
	(void)state;
	assert_int_equal(vq_pop(&vq, &req), 0); /* nothing offered */
	desc(3, GPA + BUFS, 16, F_NEXT, 5);
	desc(5, GPA + BUFS + 16, 100, F_WRITE, 0);
	offer(3);
	assert_int_equal(vq_pop(&vq, &req), 1);
	assert_int_equal(req.head, 3);
	assert_int_equal(req.nseg, 2);
	assert_false(req.seg[0].write);
	assert_true(req.seg[1].write);
	assert_int_equal(vq_req_bytes(&req, false), 16);
	assert_int_equal(vq_req_bytes(&req, true), 100);
	assert_int_equal(vq_pop(&vq, &req), 0);
	vq_push(&vq, 3, 42);
	assert_int_equal(get16(USED + 2), 1);
	assert_int_equal(get32(USED + 4), 3);
	assert_int_equal(get32(USED + 8), 42);
}

static void test_hostile_chains_break_the_queue(void **state)
{
	static const struct {
		const char *why;
		int head;
		uint16_t flags0, next0;
	} cases[] = {
		{ "head descriptor index past the queue", NUM + 1, 0, 0 },
		{ "next descriptor index past the queue", 0, F_NEXT, 999 },
		{ "descriptor chain loops or is too long", 0, F_NEXT, 0 },
		{ "indirect descriptor (not offered)", 0, F_INDIRECT, 0 },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		teardown(NULL);
		setup(NULL);
		desc(0, GPA + BUFS, 16, cases[i].flags0, cases[i].next0);
		offer((uint16_t)cases[i].head);
		assert_int_equal(vq_pop(&vq, &req), -1);
		assert_string_equal(vq.why, cases[i].why);
		assert_true(vq.broken);
		/* broken stays broken, whatever the guest does next */
		assert_int_equal(vq_pop(&vq, &req), -1);
	}
	teardown(NULL);
	setup(NULL);
	desc(0, GPA + BUFS, 16, F_WRITE | F_NEXT, 1);
	desc(1, GPA + BUFS, 16, 0, 0);
	offer(0);
	assert_int_equal(vq_pop(&vq, &req), -1);
	assert_string_equal(vq.why, "readable descriptor after a writable one");
}

static void test_avail_index_jump_breaks(void **state)
{
	(void)state;
	put16(AVAIL + 2, NUM + 1);
	assert_int_equal(vq_pop(&vq, &req), -1);
	assert_string_equal(vq.why, "available index ran ahead of the queue");
}

/* vring_need_event as the guest sees it: interrupt when used passes
 * used_event, and only then. */
static void test_event_idx_interrupts(void **state)
{
	int i;

	(void)state;
	desc(0, GPA + BUFS, 16, F_WRITE, 0);
	for (i = 0; i < 4; i++) {
		offer(0);
		assert_int_equal(vq_pop(&vq, &req), 1);
	}
	put16(AVAIL + 4 + 2 * NUM, 2); /* used_event: wake me after entry 2 */
	vq_push(&vq, 0, 1);
	assert_true(vq_need_irq(&vq)); /* the first one always */
	vq_push(&vq, 0, 1);
	assert_false(vq_need_irq(&vq)); /* used 2: not past 2 yet */
	vq_push(&vq, 0, 1);
	assert_true(vq_need_irq(&vq)); /* used 3: passed it */
	vq_push(&vq, 0, 1);
	assert_false(vq_need_irq(&vq)); /* already told */
}

static void test_enable_notify_sees_late_buffers(void **state)
{
	(void)state;
	assert_false(vq_enable_notify(&vq));
	assert_int_equal(get16(USED + 4 + 8 * NUM), 0); /* avail_event */
	desc(0, GPA + BUFS, 16, 0, 0);
	offer(0); /* arrives while we were going to sleep */
	assert_true(vq_enable_notify(&vq));
	assert_int_equal(vq_pop(&vq, &req), 1);
	assert_false(vq_enable_notify(&vq));
	assert_int_equal(get16(USED + 4 + 8 * NUM), 1);
}

static void test_copy_across_segments(void **state)
{
	char buf[32];

	(void)state;
	memcpy(ram + BUFS, "hello ", 6);
	memcpy(ram + BUFS + 0x100, "world", 5);
	desc(0, GPA + BUFS, 6, F_NEXT, 1);
	desc(1, GPA + BUFS + 0x100, 5, F_NEXT, 2);
	desc(2, 0x1000, 4, F_WRITE, 0); /* writable, outside RAM */
	offer(0);
	assert_int_equal(vq_pop(&vq, &req), 1);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(vq_copy_from(&vq, &req, false, 3, buf, 8), 8);
	assert_string_equal(buf, "lo world");
	assert_int_equal(vq_copy_to(&vq, &req, 0, "x", 1), -1);
}

/* ---- virtio-blk over a temporary image ----------------------------- */

static struct vblk blk;
static char image[] = "/tmp/hvisor-test-vblk-XXXXXX";

#define HDR 0x20000
#define DATA 0x21000
#define STATUS 0x30000

static void blk_open(int readonly)
{
	char sector[512];
	int i;

	memset(&blk, 0, sizeof(blk));
	blk.fd = mkstemp(image);
	assert_true(blk.fd >= 0);
	unlink(image);
	memcpy(image + strlen(image) - 6, "XXXXXX", 6);
	for (i = 0; i < 8; i++) {
		memset(sector, 'a' + i, sizeof(sector));
		assert_int_equal(write(blk.fd, sector, sizeof(sector)), 512);
	}
	blk.sectors = 8;
	blk.readonly = readonly;
	strcpy(blk.id, "test-id");
}

static long blk_req(uint32_t type, uint64_t sector, uint64_t data_gpa,
		    uint32_t len, bool data_write)
{
	static uint16_t head;

	memcpy(ram + HDR, &type, 4);
	memset(ram + HDR + 4, 0, 4);
	memcpy(ram + HDR + 8, &sector, 8);
	ram[STATUS] = 0xee;
	desc(0, GPA + HDR, 16, F_NEXT, 1);
	desc(1, data_gpa, len, F_NEXT | (data_write ? F_WRITE : 0), 2);
	desc(2, GPA + STATUS, 1, F_WRITE, 0);
	offer(head);
	assert_int_equal(vq_pop(&vq, &req), 1);
	return vblk_handle(&blk, &vq, &req);
}

static void test_blk_describe(void **state)
{
	struct hv_virtio_dev d;
	uint64_t cap;

	(void)state;
	memset(&d, 0, sizeof(d));
	vblk_describe(&d, 64 << 20, 1, 256);
	assert_int_equal(d.device_id, VIRTIO_ID_BLOCK);
	assert_true(d.features & VIRTIO_F_VERSION_1);
	assert_true(d.features & VIRTIO_F_EVENT_IDX);
	assert_true(d.features & (1ULL << 5)); /* RO */
	memcpy(&cap, d.config, 8);
	assert_int_equal(cap, (64 << 20) / 512);
	assert_int_equal(d.config_len, 24);
}

static void test_blk_read_write_flush(void **state)
{
	char buf[512];

	(void)state;
	blk_open(0);
	assert_int_equal(blk_req(0, 2, GPA + DATA, 1024, true), 1025);
	assert_int_equal(ram[STATUS], 0);
	assert_int_equal(ram[DATA], 'c');
	assert_int_equal(ram[DATA + 1023], 'd');
	memset(ram + DATA, 'Z', 512);
	assert_int_equal(blk_req(1, 7, GPA + DATA, 512, false), 1);
	assert_int_equal(ram[STATUS], 0);
	assert_int_equal(pread(blk.fd, buf, 512, 7 * 512), 512);
	assert_int_equal(buf[0], 'Z');
	assert_int_equal(blk_req(4, 0, GPA + DATA, 0, false), 1); /* flush */
	assert_int_equal(ram[STATUS], 0);
	/* GET_ID: 20 bytes, NUL-padded, and the status byte */
	assert_int_equal(blk_req(8, 0, GPA + DATA, 20, true), 21);
	assert_memory_equal(ram + DATA, "test-id", 7);
	assert_int_equal(blk_req(99, 0, GPA + DATA, 20, true), 1);
	assert_int_equal(ram[STATUS], 2); /* UNSUPP */
	close(blk.fd);
}

static void test_blk_refuses_bad_requests(void **state)
{
	(void)state;
	blk_open(1);
	/* past the end, odd size, outside RAM, 4 GiB, and a readonly write:
	 * each an I/O error, the file untouched */
	assert_int_equal(blk_req(0, 8, GPA + DATA, 512, true), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk_req(0, 7, GPA + DATA, 1024, true), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk_req(0, 0, GPA + DATA, 100, true), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk_req(0, 0, 0x1000, 512, true), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk_req(0, 0, GPA + DATA, 0xffffffffu, true), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk_req(0, ~0ULL / 2, GPA + DATA, 512, true), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk_req(1, 0, GPA + DATA, 512, false), 1);
	assert_int_equal(ram[STATUS], 1);
	assert_int_equal(blk.errors, 7);
	assert_int_equal(blk.writes, 0);
	/* no writable status byte: nothing can be reported */
	desc(0, GPA + HDR, 16, 0, 0);
	offer(0);
	assert_int_equal(vq_pop(&vq, &req), 1);
	assert_int_equal(vblk_handle(&blk, &vq, &req), -1);
	close(blk.fd);
}

/* ---- virtio-console --------------------------------------------------- */

static char sunk[64];
static size_t nsunk;

static void sink(void *arg, const char *buf, size_t len)
{
	(void)arg;
	memcpy(sunk + nsunk, buf, len);
	nsunk += len;
}

static void test_console_tx_rx(void **state)
{
	static struct vcons c;
	char hist[64];

	(void)state;
	memset(&c, 0, sizeof(c));
	c.sink = sink;
	nsunk = 0;
	memcpy(ram + BUFS, "out!", 4);
	desc(0, GPA + BUFS, 4, 0, 0);
	offer(0);
	assert_int_equal(vcons_tx(&c, &vq), 1);
	assert_int_equal(nsunk, 4);
	assert_memory_equal(sunk, "out!", 4);
	assert_int_equal(vcons_history(&c, hist, sizeof(hist)), 4);
	/* input waits until the guest posts a buffer, then fills it */
	assert_int_equal(vcons_input(&c, "in", 2), 2);
	desc(1, GPA + BUFS + 0x100, 64, F_WRITE, 0);
	offer(1);
	assert_int_equal(vcons_rx(&c, &vq), 1);
	assert_memory_equal(ram + BUFS + 0x100, "in", 2);
	assert_int_equal(c.in_len, 0);
	assert_int_equal(get32(USED + 4 + 8 * 1 + 4), 2);
	assert_int_equal(vcons_rx(&c, &vq), 0); /* nothing left to give */
}

/* ---- virtio-net over a datagram socket pair (a TAP keeps frames whole
 * the same way) ------------------------------------------------------ */

static void test_net_tx_frames_and_drops(void **state)
{
	struct vnet n = { 0 };
	uint8_t got[2048];
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	n.fd = sv[0];
	/* a good frame: no offload asked for, so what the rest of the
	 * guest's header holds does not reach the host */
	memset(ram + BUFS, 0x5a, VNET_HDR_LEN);
	ram[BUFS] = ram[BUFS + 1] = 0; /* flags, gso_type */
	memset(ram + BUFS + VNET_HDR_LEN, 0xab, 60);
	desc(0, GPA + BUFS, VNET_HDR_LEN + 60, 0, 0);
	offer(0);
	/* the header alone, a jumbo frame, half a header, outside RAM */
	desc(1, GPA + BUFS, VNET_HDR_LEN, 0, 0);
	offer(1);
	desc(2, GPA + BUFS, VNET_HDR_LEN + 9000, 0, 0);
	offer(2);
	desc(3, GPA + BUFS, 5, 0, 0);
	offer(3);
	desc(4, GPA + BUFS, VNET_HDR_LEN, F_NEXT, 5);
	desc(5, 0x1000, 60, 0, 0);
	offer(4);
	assert_int_equal(vnet_tx(&n, &vq), 5);
	assert_int_equal(get16(USED + 2), 5); /* every request completed */
	assert_int_equal(n.tx_frames, 1);
	assert_int_equal(n.tx_dropped_empty, 1);
	assert_int_equal(n.tx_dropped_big, 1);
	assert_int_equal(n.tx_dropped_bad, 2);
	assert_int_equal(recv(sv[1], got, sizeof(got), MSG_DONTWAIT),
			 VNET_HDR_LEN + 60);
	assert_int_equal(got[2], 0); /* not the guest's 0x5a */
	assert_int_equal(got[VNET_HDR_LEN], 0xab);
	assert_int_equal(recv(sv[1], got, sizeof(got), MSG_DONTWAIT), -1);
	close(sv[0]);
	close(sv[1]);
}

static void hdr(uint8_t *h, uint8_t flags, uint8_t gso, uint16_t hdr_len,
		uint16_t gso_size, uint16_t start, uint16_t off)
{
	uint16_t v[5] = { hdr_len, gso_size, start, off, 0x5a5a };

	h[0] = flags;
	h[1] = gso;
	memcpy(h + 2, v, sizeof(v));
}

static void test_net_offload_headers_checked(void **state)
{
	const uint64_t all = VIRTIO_NET_F_CSUM | VIRTIO_NET_F_HOST_TSO4 |
			     VIRTIO_NET_F_HOST_TSO6;
	uint8_t in[VNET_HDR_LEN], out[VNET_HDR_LEN];
	uint16_t v;

	(void)state;
	/* a checksum left to the host: passed on, num_buffers not */
	hdr(in, 1, 0, 0, 0, 34, 16);
	assert_int_equal(vnet_hdr_check(in, 100, all, out), 0);
	assert_int_equal(out[0], 1);
	memcpy(&v, out + 6, 2);
	assert_int_equal(v, 34);
	memcpy(&v, out + 10, 2);
	assert_int_equal(v, 0);
	/* ... but not if not negotiated, or pointing past the frame */
	assert_int_equal(vnet_hdr_check(in, 100, 0, out), -1);
	assert_int_equal(vnet_hdr_check(in, 51, all, out), -1);
	assert_int_equal(vnet_hdr_check(in, 52, all, out), 0);
	/* flags the device sets (DATA_VALID), unknown ones */
	hdr(in, 2, 0, 0, 0, 0, 0);
	assert_int_equal(vnet_hdr_check(in, 100, all, out), -1);
	hdr(in, 0x81, 0, 0, 0, 34, 16);
	assert_int_equal(vnet_hdr_check(in, 100, all, out), -1);
	/* TSO: 64 KiB in 1448-byte segments, v4 and v6, as negotiated */
	hdr(in, 1, 1, 66, 1448, 34, 16);
	assert_int_equal(vnet_hdr_check(in, 65000, all, out), 0);
	assert_int_equal(out[1], 1);
	memcpy(&v, out + 4, 2);
	assert_int_equal(v, 1448);
	assert_int_equal(
		vnet_hdr_check(in, 65000,
			       VIRTIO_NET_F_CSUM | VIRTIO_NET_F_HOST_TSO6, out),
		-1);
	hdr(in, 1, 4, 86, 1428, 54, 16);
	assert_int_equal(vnet_hdr_check(in, 65000, all, out), 0);
	/* UDP, ECN (not offered), no checksum request, segment size 0,
	 * headers past the frame, a frame past 64 KiB */
	hdr(in, 1, 3, 42, 1400, 34, 6);
	assert_int_equal(vnet_hdr_check(in, 65000, all, out), -1);
	hdr(in, 1, 0x81, 66, 1448, 34, 16);
	assert_int_equal(vnet_hdr_check(in, 65000, all, out), -1);
	hdr(in, 0, 1, 66, 1448, 0, 0);
	assert_int_equal(vnet_hdr_check(in, 65000, all, out), -1);
	hdr(in, 1, 1, 66, 0, 34, 16);
	assert_int_equal(vnet_hdr_check(in, 65000, all, out), -1);
	hdr(in, 1, 1, 9000, 1448, 34, 16);
	assert_int_equal(vnet_hdr_check(in, 5000, all, out), -1);
	hdr(in, 1, 1, 66, 1448, 34, 16);
	assert_int_equal(vnet_hdr_check(in, VNET_MAX_GSO_FRAME + 1, all, out),
			 -1);
	/* a frame over the MTU without TSO */
	hdr(in, 0, 0, 0, 0, 0, 0);
	assert_int_equal(vnet_hdr_check(in, VNET_MAX_FRAME + 1, all, out), -1);
}

static void test_net_tx_offloads(void **state)
{
	static uint8_t got[VNET_HDR_LEN + 70000];
	struct vnet n = { .features = VIRTIO_NET_F_CSUM |
				      VIRTIO_NET_F_HOST_TSO4 };
	int sv[2], sz = 1 << 20;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	n.fd = sv[0];
	/* a 60000-byte TSO request in two segments: passed on whole */
	hdr(ram + BUFS, 1, 1, 66, 1448, 34, 16);
	memset(ram + BUFS + VNET_HDR_LEN, 0xab, 30000);
	memset(ram + BUFS + 0x10000, 0xcd, 30000);
	desc(0, GPA + BUFS, VNET_HDR_LEN + 30000, F_NEXT, 1);
	desc(1, GPA + BUFS + 0x10000, 30000, 0, 0);
	offer(0);
	/* TSO for IPv6, not negotiated: dropped, counted */
	hdr(ram + BUFS + 0x20000, 1, 4, 86, 1428, 54, 16);
	desc(2, GPA + BUFS + 0x20000, VNET_HDR_LEN + 2000, 0, 0);
	offer(2);
	assert_int_equal(vnet_tx(&n, &vq), 2);
	assert_int_equal(n.tx_frames, 1);
	assert_int_equal(n.tx_offloaded, 1);
	assert_int_equal(n.tx_dropped_hdr, 1);
	assert_int_equal(recv(sv[1], got, sizeof(got), MSG_DONTWAIT),
			 VNET_HDR_LEN + 60000);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[10], 0); /* num_buffers: not the guest's */
	assert_int_equal(got[VNET_HDR_LEN + 29999], 0xab);
	assert_int_equal(got[VNET_HDR_LEN + 30000], 0xcd);
	close(sv[0]);
	close(sv[1]);
}

static void test_net_rx_buffers(void **state)
{
	static uint8_t frame[VNET_HDR_LEN + 100];
	struct vnet n = { 0 };
	uint16_t nb;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	n.fd = sv[0];
	/* a frame waits, the guest has no buffer: nothing taken, we wait */
	memset(frame + VNET_HDR_LEN, 0xcd, 100);
	assert_int_equal(send(sv[1], frame, sizeof(frame), 0), sizeof(frame));
	assert_true(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0);
	assert_int_equal(vnet_rx(&n, &vq), 0);
	assert_true(n.rx_waiting);
	/* a buffer too small for any frame comes back empty, counted */
	desc(0, GPA + BUFS, 100, F_WRITE, 0);
	offer(0);
	desc(1, GPA + BUFS + 0x1000, VNET_HDR_LEN + VNET_MAX_FRAME, F_WRITE, 0);
	offer(1);
	desc(2, GPA + BUFS + 0x2000, VNET_HDR_LEN + VNET_MAX_FRAME, F_WRITE, 0);
	offer(2);
	assert_int_equal(vnet_rx(&n, &vq), 2);
	assert_int_equal(n.rx_dropped, 1);
	assert_int_equal(n.rx_frames, 1);
	assert_int_equal(get32(USED + 4 + 8 * 1 + 4), sizeof(frame));
	assert_int_equal(ram[BUFS + 0x1000 + VNET_HDR_LEN], 0xcd);
	memcpy(&nb, ram + BUFS + 0x1000 + 10, 2);
	assert_int_equal(nb, 1); /* num_buffers */
	/* the third buffer is kept, unfilled, for the next frame */
	assert_false(n.rx_waiting);
	assert_int_equal(n.rsv_n, 1);
	assert_int_equal(n.rsv_head[0], 2);
	assert_int_equal(get16(USED + 2), 2);
	vnet_rx_reset(&n);
	close(sv[0]);
	close(sv[1]);
}

static void test_net_rx_mergeable_buffers(void **state)
{
	static uint8_t frame[1400];
	struct vnet n = { .features = VIRTIO_NET_F_MRG_RXBUF };
	uint16_t nb;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	assert_true(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0);
	n.fd = sv[0];
	memset(frame + VNET_HDR_LEN, 0xcd, sizeof(frame) - VNET_HDR_LEN);
	assert_int_equal(send(sv[1], frame, sizeof(frame), 0), sizeof(frame));
	/* 2 x 500 bytes cannot hold the largest frame: nothing is taken */
	desc(0, GPA + BUFS, 500, F_WRITE, 0);
	offer(0);
	desc(1, GPA + BUFS + 0x1000, 500, F_WRITE, 0);
	offer(1);
	assert_int_equal(vnet_rx(&n, &vq), 0);
	assert_true(n.rx_waiting);
	assert_int_equal(get16(USED + 2), 0);
	/* two more of 1000: the frame spreads over the first three */
	desc(2, GPA + BUFS + 0x2000, 1000, F_WRITE, 0);
	offer(2);
	desc(3, GPA + BUFS + 0x3000, 1000, F_WRITE, 0);
	offer(3);
	assert_int_equal(vnet_rx(&n, &vq), 3);
	assert_int_equal(n.rx_frames, 1);
	assert_int_equal(n.rx_merged, 1);
	assert_int_equal(get16(USED + 2), 3);
	assert_int_equal(get32(USED + 4 + 4), 500);
	assert_int_equal(get32(USED + 4 + 8 + 4), 500);
	assert_int_equal(get32(USED + 4 + 16 + 4), 400);
	memcpy(&nb, ram + BUFS + 10, 2);
	assert_int_equal(nb, 3); /* num_buffers, in the first buffer */
	assert_int_equal(ram[BUFS + 0x2000 + 399], 0xcd);
	/* the fourth is kept for the next frame, not enough on its own */
	assert_int_equal(n.rsv_n, 1);
	assert_int_equal(n.rsv_head[0], 3);
	assert_true(n.rx_waiting);
	vnet_rx_reset(&n);
	close(sv[0]);
	close(sv[1]);
}

static void test_net_describe(void **state)
{
	static const uint8_t mac[6] = { 2, 0x48, 0x56, 0, 1, 2 };
	struct hv_virtio_dev d;

	(void)state;
	memset(&d, 0, sizeof(d));
	vnet_describe(&d, mac, 256);
	assert_int_equal(d.device_id, VIRTIO_ID_NET);
	assert_int_equal(d.num_queues, 2);
	assert_memory_equal(d.config, mac, 6);
	assert_int_equal(d.config[6], 1); /* link up */
	assert_true(d.features & (1ULL << 5)); /* MAC */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_gmem_bounds),
		T(test_setup_refuses_bad_rings),
		T(test_pop_push_chain),
		T(test_hostile_chains_break_the_queue),
		T(test_avail_index_jump_breaks),
		T(test_event_idx_interrupts),
		T(test_enable_notify_sees_late_buffers),
		T(test_copy_across_segments),
		T(test_blk_describe),
		T(test_blk_read_write_flush),
		T(test_blk_refuses_bad_requests),
		T(test_console_tx_rx),
		T(test_net_tx_frames_and_drops),
		T(test_net_offload_headers_checked),
		T(test_net_tx_offloads),
		T(test_net_rx_mergeable_buffers),
		T(test_net_rx_buffers),
		T(test_net_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

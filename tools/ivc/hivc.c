// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hivc: the demo of a channel between zones (docs/ivc.md), in every zone's
 * image. Each side writes only its own output section: a header (the
 * sequence number of what it sent, the last sequence number of the peer's
 * it took, a chunk's length and flags) and the chunk's bytes after it.
 *
 *   hivc info                  the channel: ids, sizes, peers and states
 *   hivc ping [-n COUNT]       COUNT round trips; prints their times
 *   hivc pong [-n COUNT]       answers pings (COUNT of them, or for ever)
 *   hivc send [FILE]           copies FILE (default stdin) to the peer
 *   hivc recv [FILE]           writes what the peer sends to FILE (stdout)
 *
 * Options: -d DEV (default /dev/hivc0), -p PEER (default: the other peer
 * of a two-peer channel), -t SECONDS without a doorbell before giving up
 * once an exchange is under way (default 20; pong and recv wait for the
 * first message as long as it takes). A peer whose state word goes to 0 (its zone ended or
 * restarted) ends a transfer with an error naming it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <hvisor/ivc.h>

#define FLAG_START 1u /* the first chunk of a stream */
#define FLAG_END 2u /* the last (maybe empty) */
#define HDR_SIZE 64

struct hdr {
	uint64_t seq; /* what this side sent last */
	uint64_t ack; /* the peer's seq this side took last */
	uint32_t len;
	uint32_t flags;
};

static struct {
	int fd;
	struct hivc_info info;
	uint8_t *mem;
	size_t size;
	uint32_t peer;
	int timeout_ms;
	/* an exchange is under way: the timeout applies (pong and recv wait
	 * for the first message as long as it takes) */
	int started;
} ch = { .timeout_ms = 20000 };

static struct hdr *own(void)
{
	return (struct hdr *)(ch.mem + ch.info.rw_sec_size +
			      (size_t)ch.info.peer_id * ch.info.out_sec_size);
}

static const struct hdr *theirs(void)
{
	return (const struct hdr *)(ch.mem + ch.info.rw_sec_size +
				    (size_t)ch.peer * ch.info.out_sec_size);
}

static uint64_t load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int peer_up(void)
{
	if (ioctl(ch.fd, HIVC_INFO, &ch.info)) {
		perror("hivc: HIVC_INFO");
		exit(1);
	}
	return ch.info.state[ch.peer] != 0;
}

static void ring(void)
{
	if (ioctl(ch.fd, HIVC_DOORBELL, &ch.peer)) {
		perror("hivc: HIVC_DOORBELL");
		exit(1);
	}
}

/*
 * Wait until done(arg) holds: checked before every sleep, and the sleep
 * ends at the next doorbell (read() counts every one since the last).
 * The peer's state word is read only when a ring brought nothing we wait
 * for (a state change rings too) or a sleep timed out: a round trip costs
 * no control-table reads. Fails when the peer is down or nothing happened
 * for the timeout.
 */
static int wait_for(int (*done)(void *), void *arg, const char *what)
{
	struct pollfd p = { .fd = ch.fd, .events = POLLIN };
	double last = now_us();
	int look = 0;
	uint64_t n;

	while (!done(arg)) {
		if (look && !peer_up()) {
			fprintf(stderr,
				"hivc: peer %u is down (its state word is 0) while %s\n",
				ch.peer, what);
			return -1;
		}
		look = 1;
		if (poll(&p, 1, 200) > 0) {
			if (read(ch.fd, &n, sizeof(n)) < 0 && errno != EAGAIN) {
				perror("hivc: read");
				return -1;
			}
			last = now_us();
		} else if (ch.started &&
			   now_us() - last > ch.timeout_ms * 1e3) {
			fprintf(stderr,
				"hivc: no doorbell from peer %u for %d s while %s\n",
				ch.peer, ch.timeout_ms / 1000, what);
			return -1;
		}
	}
	return 0;
}

static int acked(void *seq)
{
	return load(&theirs()->ack) == *(uint64_t *)seq;
}

static int peer_sent(void *unused)
{
	(void)unused;
	return load(&((struct hdr *)theirs())->seq) != own()->ack;
}

static int cmd_info(void)
{
	uint32_t i;

	peer_up();
	printf("/dev/hivc%u: ivc %u, peer %u of %u, rw section 0x%x, output sections 0x%x\n",
	       ch.info.ivc_id, ch.info.ivc_id, ch.info.peer_id,
	       ch.info.max_peers, ch.info.rw_sec_size, ch.info.out_sec_size);
	for (i = 0; i < ch.info.max_peers; i++)
		printf("peer %u: %s, state %u%s\n", i,
		       (ch.info.peers >> i) & 1 ? "present" : "absent",
		       ch.info.state[i], i == ch.info.peer_id ? " (us)" : "");
	return 0;
}

static int cmd_ping(long count)
{
	double t, min = 1e18, max = 0, sum = 0;
	uint64_t seq = own()->seq;
	long i;

	for (i = 0; i < count; i++) {
		t = now_us();
		store(&own()->seq, ++seq);
		ring();
		if (wait_for(acked, &seq, "waiting for a pong"))
			return 1;
		t = now_us() - t;
		sum += t;
		min = t < min ? t : min;
		max = t > max ? t : max;
	}
	printf("%ld round trips to peer %u: min %.1f us, avg %.1f us, max %.1f us\n",
	       count, ch.peer, min, sum / count, max);
	return 0;
}

static int cmd_pong(long count)
{
	long i;

	for (i = 0; count < 0 || i < count; i++) {
		if (wait_for(peer_sent, NULL, "waiting for a ping"))
			return 1;
		store(&own()->ack, load(&theirs()->seq));
		ring();
		ch.started = 1;
	}
	return 0;
}

static int cmd_send(int in)
{
	size_t room = ch.info.out_sec_size - HDR_SIZE;
	uint8_t *data = (uint8_t *)own() + HDR_SIZE;
	uint64_t seq = own()->seq, total = 0;
	uint32_t flags = FLAG_START;
	double t = now_us();
	ssize_t n;

	do {
		size_t got = 0;

		/* fill the section: a pipe gives less than asked */
		while (got < room) {
			n = read(in, data + got, room - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				perror("hivc: read");
				return 1;
			}
			if (!n) {
				flags |= FLAG_END;
				break;
			}
			got += (size_t)n;
		}
		own()->len = (uint32_t)got;
		own()->flags = flags;
		store(&own()->seq, ++seq);
		ring();
		if (wait_for(acked, &seq, "sending"))
			return 1;
		total += got;
		flags &= ~FLAG_START;
	} while (!(flags & FLAG_END));
	t = (now_us() - t) / 1e6;
	fprintf(stderr, "hivc: sent %llu bytes in %.2f s (%.1f MiB/s)\n",
		(unsigned long long)total, t, total / t / 1048576);
	return 0;
}

static int cmd_recv(int out)
{
	const uint8_t *data = (const uint8_t *)theirs() + HDR_SIZE;
	uint64_t seq, total = 0;
	int started = 0;
	uint32_t flags;

	for (;;) {
		if (wait_for(peer_sent, NULL, "receiving"))
			return 1;
		seq = load(&theirs()->seq);
		flags = theirs()->flags;
		if (!started && !(flags & FLAG_START)) {
			/* the tail of a stream begun before us: skip it */
			store(&own()->ack, seq);
			ring();
			continue;
		}
		started = ch.started = 1;
		if (theirs()->len > ch.info.out_sec_size - HDR_SIZE ||
		    write(out, data, theirs()->len) != (ssize_t)theirs()->len) {
			fprintf(stderr, "hivc: bad chunk or write failed\n");
			return 1;
		}
		total += theirs()->len;
		store(&own()->ack, seq);
		ring();
		if (flags & FLAG_END)
			break;
	}
	fprintf(stderr, "hivc: received %llu bytes\n",
		(unsigned long long)total);
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: hivc info|ping|pong|send|recv [-d DEV] [-p PEER] [-n COUNT] [-t SECONDS] [FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/hivc0", *cmd, *file = NULL;
	long count = -1, peer = -1;
	int opt, fd, ret;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "d:p:n:t:")) != -1) {
		if (opt == 'd')
			dev = optarg;
		else if (opt == 'p')
			peer = strtol(optarg, NULL, 0);
		else if (opt == 'n')
			count = strtol(optarg, NULL, 0);
		else if (opt == 't')
			ch.timeout_ms = (int)strtol(optarg, NULL, 0) * 1000;
		else
			return usage();
	}
	if (optind < argc)
		file = argv[optind];
	ch.fd = open(dev, O_RDWR | O_NONBLOCK);
	if (ch.fd < 0) {
		fprintf(stderr, "hivc: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	peer_up();
	if (peer < 0 && ch.info.max_peers == 2)
		peer = 1 - ch.info.peer_id;
	if (peer < 0 || peer >= ch.info.max_peers || peer == ch.info.peer_id) {
		fprintf(stderr,
			"hivc: -p PEER: a peer id other than ours (%u), below %u\n",
			ch.info.peer_id, ch.info.max_peers);
		return 2;
	}
	ch.peer = (uint32_t)peer;
	ch.size = ch.info.rw_sec_size +
		  (size_t)ch.info.max_peers * ch.info.out_sec_size;
	/* ours writable; the rest of the channel read-only, as it is */
	ch.mem = mmap(NULL, ch.size, PROT_READ, MAP_SHARED, ch.fd, 0);
	if (ch.mem == MAP_FAILED ||
	    mmap(own(), ch.info.out_sec_size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ch.fd,
		 (off_t)((uint8_t *)own() - ch.mem)) == MAP_FAILED) {
		fprintf(stderr, "hivc: mmap %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (!strcmp(cmd, "info"))
		return cmd_info();
	ch.started = !strcmp(cmd, "ping") || !strcmp(cmd, "send");
	if (!strcmp(cmd, "ping"))
		return cmd_ping(count < 0 ? 1000 : count);
	if (!strcmp(cmd, "pong"))
		return cmd_pong(count);
	if (!strcmp(cmd, "send") || !strcmp(cmd, "recv")) {
		int send = !strcmp(cmd, "send");

		fd = !file || !strcmp(file, "-") ? (send ? 0 : 1)
		     : send			 ? open(file, O_RDONLY)
			    : open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			fprintf(stderr, "hivc: %s: %s\n", file,
				strerror(errno));
			return 1;
		}
		ret = send ? cmd_send(fd) : cmd_recv(fd);
		if (!send && close(fd)) {
			perror("hivc: close");
			return 1;
		}
		return ret;
	}
	return usage();
}

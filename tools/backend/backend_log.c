// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The backend's log: the zone's file under /var/log/hvisor, rate-limited and
 * rotated, since a guest can make us write it (tools/backend/backend_int.h). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backend_int.h"

/* The log is in zone0's RAM (/var/log) and a guest can make us write it:
 * a burst of lines, then one a second; the file is rotated at LOG_MAX
 * (one old copy kept), so a zone can never fill zone0's RAM through it. */
#define LOG_BURST 50
#define LOG_MAX (256 * 1024)

static char log_path[160];
static struct {
	unsigned int tokens;
	time_t stamp;
	unsigned long dropped;
} logrl = { LOG_BURST, 0, 0 };

/* mkdir -p for our two folders (an initramfs may have neither /var/log
 * nor /run) */
void make_dirs(const char *path)
{
	char buf[128];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

/* stderr is the zone's log file (detach_stdio): start a new one when it
 * has grown to LOG_MAX, keeping the last as NAME.log.old */
static void log_rotate(void)
{
	char old[sizeof(log_path) + 4];
	struct stat st;
	int fd;

	if (!log_path[0] || fstat(STDERR_FILENO, &st) || st.st_size < LOG_MAX)
		return;
	snprintf(old, sizeof(old), "%s.old", log_path);
	rename(log_path, old);
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return;
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

void blog(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec > logrl.stamp) {
		unsigned long gain = (unsigned long)(ts.tv_sec - logrl.stamp);

		logrl.tokens = logrl.stamp && gain < LOG_BURST - logrl.tokens
				       ? logrl.tokens + (unsigned int)gain
				       : LOG_BURST;
		logrl.stamp = ts.tv_sec;
	}
	if (!logrl.tokens) {
		logrl.dropped++;
		return;
	}
	logrl.tokens--;
	log_rotate();
	if (logrl.dropped) {
		fprintf(stderr,
			"[%ld.%03ld] %lu log lines dropped (rate limit)\n",
			(long)ts.tv_sec, ts.tv_nsec / 1000000, logrl.dropped);
		logrl.dropped = 0;
	}
	fprintf(stderr, "[%ld.%03ld] ", (long)ts.tv_sec, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* stdin from /dev/null, stdout/stderr to the zone's log: the caller's
 * terminal or pipe must not stay open because of us. */
void detach_stdio(const char *name)
{
	char path[160];
	int fd;

	make_dirs(BACKEND_LOG_DIR);
	snprintf(path, sizeof(path), "%s/%s.log", BACKEND_LOG_DIR, name);
	snprintf(log_path, sizeof(log_path), "%s", path);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
}

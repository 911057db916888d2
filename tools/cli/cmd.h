/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The hvisor command's sub-commands. main.c holds the table; each group of
 * commands lives in its own cmd_*.c.
 */
#ifndef HVISOR_TOOL_CMD_H
#define HVISOR_TOOL_CMD_H

#include <stddef.h>
#include <stdio.h>

/* exit statuses */
#define HV_EXIT_OK 0
#define HV_EXIT_FAIL 1
#define HV_EXIT_USAGE 2

struct hv_cmd {
	const char *group; /* "config" */
	const char *name; /* "check" */
	const char *args; /* synopsis after "hvisor GROUP NAME" */
	const char *summary; /* one line for `hvisor help` */
	const char *help; /* more detail for `--help`, or NULL */
	/* argv[0] is the command's name; returns an HV_EXIT_* status */
	int (*run)(int argc, char **argv);
};

/*
 * Report a usage error of "hvisor GROUP NAME" (name may be NULL) with a
 * hint towards `hvisor help`; returns HV_EXIT_USAGE.
 */
__attribute__((format(printf, 3, 4))) int
hv_usage_error(const char *group, const char *name, const char *fmt, ...);

/*
 * Print at most max bytes of s as text an operator's terminal cannot act
 * on: printable ASCII as it is, control bytes as ^X, anything else as '?'.
 * Zone names and end reasons can carry a guest's bytes.
 */
void hv_print_text(FILE *f, const char *s, size_t max);

/* cmd_config.c */
int cmd_config_check(int argc, char **argv);
int cmd_config_compile(int argc, char **argv);
int cmd_dtb_patch(int argc, char **argv);

/* cmd_zone.c */
struct hv_zone_status;
/* running zones, then the ones that ended (the driver keeps those) */
#define CMD_LIST_MAX (HV_MAX_ZONES + HVISOR_MAX_ENDED)
/* A zone, running or ended, by decimal id or by name: its id (and its
 * status in *found unless NULL), or -1 after a message naming arg. */
long cmd_find_zone(int fd, const char *arg, struct hv_zone_status *found);
/* The status of every zone, running or ended, into st (room for
 * HV_MAX_ZONES + HVISOR_MAX_ENDED), their count in *n: 0, or -errno after
 * a message. */
int cmd_list_zones(int fd, struct hv_zone_status *st, unsigned int *n);
/* "running", "paused", ... for HV_ZONE_* */
const char *cmd_state_name(unsigned int state);
int cmd_zone_start(int argc, char **argv);
int cmd_zone_shutdown(int argc, char **argv);
int cmd_zone_reboot(int argc, char **argv);

/* cmd_console.c */
/* Attach the terminal to zone id's emulated console until Ctrl-] or the
 * zone's end; an HV_EXIT_* status. */
int cmd_console_attach(int fd, unsigned int id, const char *name);
/* The one ZONE argument of "hvisor zone CMD ZONE": /dev/hvisor open in
 * *fd and the zone's id in *id, or an HV_EXIT_* status after a message. */
int cmd_open_zone_arg(const char *cmd, int argc, char **argv, int *fd,
		      long *id);
int cmd_zone_console(int argc, char **argv);

/* cmd_list.c */
int cmd_zone_list(int argc, char **argv);

/* cmd_stats.c */
int cmd_zone_stats(int argc, char **argv);

/* tools/run/run.c: hvisor run */
int cmd_run(int argc, char **argv);

/* cmd_life.c */
int cmd_zone_wait(int argc, char **argv);
int cmd_zone_events(int argc, char **argv);

/* cmd_dmesg.c: hvisor dmesg [-f] [--json] */
int cmd_dmesg(int argc, char **argv);

/* cmd_virtio.c */
int cmd_virtio_start(int argc, char **argv);

#endif /* HVISOR_TOOL_CMD_H */

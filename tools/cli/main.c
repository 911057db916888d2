// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvisor: the command-line tool. In zone0 it manages zones through the
 * hvisor.ko driver; on the build host it checks and compiles zone configs.
 *
 * Exit status: 0 success, 1 failure, 2 usage error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <hvisor/abi.h>

#include <unistd.h>

#include "cmd.h"
#include "dev.h"

#ifndef HVISOR_VERSION
#define HVISOR_VERSION "unknown"
#endif

#define RUN_HELP                                                                            \
	"usage: hvisor run [--cpu N] [--mem SIZE] [--name NAME] [--] PROGRAM [ARGS...]\n\n" \
	"Run PROGRAM (an AArch64 Linux ELF, static or dynamic) alone on a CPU\n"            \
	"of its own, in a process zone: a free CPU (or one of zone0's, lent)\n"             \
	"and --mem of RAM nobody has (default 128M). Its system calls are made\n"           \
	"here, by this command: it sees this shell's files, terminal, network,\n"           \
	"cwd and credentials, and this command exits as it did (its status, or\n"           \
	"its signal). Ctrl-C ends it. No fork or threads; signal handlers do\n"             \
	"not run (docs/process-zones.md).\n"

#define HV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct hv_group {
	const char *name;
	const char *summary;
};

static const struct hv_group hv_groups[] = {
	{ "zone", "Start, stop and list zones (in zone0, via /dev/hvisor)" },
	{ "config", "Check and compile zone config files" },
	{ "dtb", "Make zone device trees from their configs" },
	{ "virtio", "hvisor-tool's virtio_cfg.json (in zone0)" },
};

static const struct hv_cmd hv_cmds[] = {
	{
		.group = "config",
		.name = "check",
		.args = "<cfg.json>... [--dtb FILE] [--board BOARD.dtb]",
		.summary = "check zone config files (and their DTB, images)",
		.help = "Parses each file and applies every rule the\n"
			"hypervisor applies, except those needing the running\n"
			"system (memory, CPUs or interrupts already given to\n"
			"another zone). Prints \"FILE: ok\" per good file;\n"
			"problems go to stderr as \"FILE: FIELD: VALUE: RULE\".\n"
			"\n"
			"Then checks the files the config names, where they\n"
			"exist (a missing one is a warning): the DTB (--dtb\n"
			"FILE, else dtb_filepath) against the config, as\n"
			"\"DTB: NODE: problem\" lines (CPUs not in cpus, device\n"
			"reg outside io/virtio regions, SPIs not in interrupts,\n"
			"GIC addresses, memory outside RAM); kernel_filepath is\n"
			"an arm64 Image (or, with a warning, a raw binary); and\n"
			"kernel, patched DTB and ramdisk fit\n"
			"in RAM regions without overlapping. --dtb takes one\n"
			"config file.\n"
			"\n"
			"Last, each config against the board: in zone0 the one\n"
			"the hypervisor runs on; elsewhere, with --board, the\n"
			"board's DTB as the hypervisor reads it (CPUs and their\n"
			"MPIDRs, GIC version and frames, RAM), one line per\n"
			"misfit naming the field and the board's value.\n"
			"See docs/zone-config.md for the format.\n",
		.run = cmd_config_check,
	},
	{
		.group = "config",
		.name = "compile",
		.args = "<cfg.json> -o <out.bin>",
		.summary = "write a checked config as a binary hv_zone_config",
		.help = "Checks the config like `hvisor config check`, then\n"
			"writes the raw struct hv_zone_config bytes of\n"
			"include/hvisor/abi.h to <out.bin>. The build embeds\n"
			"zone0's config into the hypervisor this way.\n",
		.run = cmd_config_compile,
	},
	{
		.group = "dtb",
		.name = "patch",
		.args = "<cfg.json> <in.dtb> <out.dtb>",
		.summary = "write a zone's DTB patched from its config",
		.help = "Sets /chosen bootargs from cmdline and\n"
			"linux,initrd-start/-end from ramdisk_load_paddr and the\n"
			"ramdisk file's size, replaces the /memory nodes by the\n"
			"config's RAM regions (guest addresses), then checks the\n"
			"result like `hvisor config check --dtb` and writes\n"
			"<out.dtb>. Options, after or among the files:\n"
			"  --ramdisk-size N  the ramdisk's size in bytes (decimal\n"
			"                    or 0x hex) instead of its file's;\n"
			"                    0 removes linux,initrd-*\n"
			"  --carve           <in.dtb> is the board's own: first\n"
			"                    delete the cpu nodes of other CPUs,\n"
			"                    disable every device whose registers\n"
			"                    or SPIs are not the zone's, and add\n"
			"                    the event channel (a root zone's DTB\n"
			"                    from the board's)\n"
			"  --no-check        write it without checking it\n"
			"See docs/zone-config.md.\n",
		.run = cmd_dtb_patch,
	},
	{
		.group = "zone",
		.name = "start",
		.args = "<cfg.json> [--console] [--virtio FILE]",
		.summary = "check, load and start a zone; prints its id",
		.help = "Checks the config (as `hvisor config check`), opens\n"
			"and locks its virtio disk images, patches a copy of\n"
			"the zone's DTB (bootargs from cmdline, the initrd\n"
			"range, /memory from the RAM regions, a node per virtio\n"
			"device) and checks it against the config, loads\n"
			"kernel, DTB and ramdisk into the zone's RAM, starts the\n"
			"zone's virtio backend (log: /var/log/hvisor/NAME.log)\n"
			"and then the zone. Nothing is loaded or started when\n"
			"any check fails.\n"
			"--console (-c) attaches to the zone's console at once.\n"
			"--virtio FILE takes the zone's devices from an\n"
			"hvisor-tool virtio_cfg.json (also: devices registered\n"
			"with `hvisor virtio start`).\n",
		.run = cmd_zone_start,
	},
	{
		.group = "zone",
		.name = "shutdown",
		.args = "<id|name>",
		.summary = "stop a zone, scrub its RAM, free its CPUs",
		.help = "Stops every CPU of the zone whatever it is doing,\n"
			"zeroes its RAM and returns its CPUs and interrupts;\n"
			"CPUs it took from zone0 come back online there.\n"
			"On a zone listed as stopped it clears the record.\n",
		.run = cmd_zone_shutdown,
	},
	{
		.group = "zone",
		.name = "list",
		.args = "[--json]",
		.summary = "list zones: id, name, state, CPUs, memory",
		.help = "States: running, paused, stopping, resetting,\n"
			"failed (with the reason), stopped (ended, with the\n"
			"reason and when; kept until the zone starts again or\n"
			"`hvisor zone shutdown` clears it; the last 16). Each virtio device gets a\n"
			"line: type, window, interrupt, status and what a\n"
			"request cost (docs/virtio.md). --json prints an array\n"
			"of {id, name, state, cpus, memory_bytes, reason,\n"
			"ended_at (stopped only: seconds since the epoch),\n"
			"virtio: [{type, base, irq, status, reg_traps,\n"
			"notifies, events, irqs, irq_calls, requests}]}.\n",
		.run = cmd_zone_list,
	},
	{
		.group = "zone",
		.name = "reboot",
		.args = "<id|name>",
		.summary = "reset a zone and boot it again from its files",
		.help = "As the zone's own reboot would: its CPUs stop, its RAM\n"
			"is zeroed, its devices reset; its supervisor in zone0\n"
			"(the process `zone start` left behind) loads kernel,\n"
			"ramdisk and DTB again from their files and the zone\n"
			"boots. It keeps its CPUs, RAM and interrupts meanwhile.\n",
		.run = cmd_zone_reboot,
	},
	{
		.group = "zone",
		.name = "wait",
		.args = "<id|name> [--timeout S]",
		.summary = "wait until a zone ends; print why",
		.help = "Returns at once if the zone has ended already (it is\n"
			"listed as stopped or failed), else sleeps until it ends\n"
			"and prints the reason: poweroff, shutdown or\n"
			"fault: ... Exit status: 0 poweroff, 3 shut down from\n"
			"zone0, 4 fault, 5 reset (on_reset stop, or nothing in\n"
			"zone0 to reload it), 6 any other end, 124 --timeout passed\n"
			"(seconds, fractions allowed), 1 no such zone or no\n"
			"driver, 2 usage.\n",
		.run = cmd_zone_wait,
	},
	{
		.group = "zone",
		.name = "events",
		.args = "[--json]",
		.summary = "print zones starting and stopping, as they happen",
		.help = "One line per event until interrupted:\n"
			"TIME zone ID (NAME) started | stopped: REASON.\n"
			"--json prints {seq, time, event, id, name, reason}.\n"
			"Only events from the moment it starts are shown.\n",
		.run = cmd_zone_events,
	},
	{
		.group = "zone",
		.name = "stats",
		.args = "[<id|name>] [--cpu N] [--json] [--watch S]",
		.summary = "what each CPU's hypervisor did, by cause",
		.help = "Per CPU (of the zone given, or every one): the exits\n"
			"from its zone (traps: mmio = emulated devices,\n"
			"hypercalls, smc, sysreg, other), the interrupts it\n"
			"took (irqs: irq_guest passed on, irq_maint, irq_event\n"
			"= the hypervisor's own SGI, irq_dropped) and the\n"
			"virtual interrupts it injected (virq), counted since\n"
			"boot. --watch S prints every S seconds what grew;\n"
			"--json prints the counters as a JSON array.\n",
		.run = cmd_zone_stats,
	},
	{
		.group = "zone",
		.name = "console",
		.args = "<id|name> [--virtio]",
		.summary = "attach this terminal to a zone's console",
		.help = "Shows what the zone's console buffer holds, then\n"
			"passes keys to the zone and its output back until\n"
			"Ctrl-] detaches. While attached, the zone's output is\n"
			"not also copied to the machine console.\n"
			"--virtio attaches to the zone's virtio console (hvc0)\n"
			"instead, through its backend (the last 16 KiB first).\n",
		.run = cmd_zone_console,
	},
	{
		.group = "virtio",
		.name = "start",
		.args = "<virtio_cfg.json>",
		.summary = "register hvisor-tool virtio devices for zones",
		.help = "Checks an hvisor-tool virtio_cfg.json (zones[].devices[]\n"
			"with type blk or console, addr, len 0x200, irq, img,\n"
			"status) and registers it for each zone it names: that\n"
			"zone's `hvisor zone start` then gets those devices, its\n"
			"backend started with it. Returns at once. Relative img\n"
			"paths are from the current directory.\n",
		.run = cmd_virtio_start,
	},
};

static const struct hv_group *hv_find_group(const char *name)
{
	size_t i;

	for (i = 0; i < HV_ARRAY_SIZE(hv_groups); i++)
		if (!strcmp(hv_groups[i].name, name))
			return &hv_groups[i];
	return NULL;
}

static const struct hv_cmd *hv_find_cmd(const char *group, const char *name)
{
	size_t i;

	for (i = 0; i < HV_ARRAY_SIZE(hv_cmds); i++)
		if (!strcmp(hv_cmds[i].group, group) &&
		    !strcmp(hv_cmds[i].name, name))
			return &hv_cmds[i];
	return NULL;
}

static int hv_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

static void hv_print_cmd_line(FILE *f, const struct hv_cmd *cmd)
{
	char syn[80];

	snprintf(syn, sizeof(syn), "%s %s %s", cmd->group, cmd->name,
		 cmd->args);
	fprintf(f, "  %-40s %s\n", syn, cmd->summary);
}

static void hv_print_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: hvisor <command> [<args>]\n"
		   "\n"
		   "Manages zones of the hvisor hypervisor and their configs.\n"
		   "\n"
		   "commands:\n");
	for (i = 0; i < HV_ARRAY_SIZE(hv_cmds); i++)
		hv_print_cmd_line(f, &hv_cmds[i]);
	fprintf(f,
		"  %-40s %s\n"
		"  %-40s %s\n"
		"  %-40s %s\n"
		"  %-40s %s\n"
		"\n"
		"Run 'hvisor <command> --help' for more about one command.\n"
		"Exit status: 0 success, 1 failure, 2 usage error.\n",
		"run [OPTIONS] [--] PROGRAM [ARGS...]",
		"run a program in a process zone of its own",
		"dmesg [-f] [--json]", "show the hypervisor's log",
		"help [<command>]", "show this help, or a command's",
		"--version", "show the tool and ABI versions");
}

static void hv_print_group_help(FILE *f, const struct hv_group *g)
{
	size_t i;

	fprintf(f, "usage: hvisor %s <command> [<args>]\n\n%s:\n", g->name,
		g->summary);
	for (i = 0; i < HV_ARRAY_SIZE(hv_cmds); i++)
		if (!strcmp(hv_cmds[i].group, g->name))
			hv_print_cmd_line(f, &hv_cmds[i]);
}

static void hv_print_cmd_help(FILE *f, const struct hv_cmd *cmd)
{
	fprintf(f, "usage: hvisor %s %s %s\n\n%s", cmd->group, cmd->name,
		cmd->args, cmd->help ? cmd->help : "");
}

void hv_print_text(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f)
			fputc(c, f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "^%c", c == 0x7f ? '?' : c + 0x40);
		else
			fputc('?', f);
	}
}

int hv_usage_error(const char *group, const char *name, const char *fmt, ...)
{
	const struct hv_cmd *cmd = group && name ? hv_find_cmd(group, name)
						 : NULL;
	va_list ap;

	fprintf(stderr, "hvisor: ");
	if (group)
		fprintf(stderr, "%s%s%s: ", group, name ? " " : "",
			name ? name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "usage: hvisor %s %s %s\n", cmd->group,
			cmd->name, cmd->args);
	fprintf(stderr, "Run 'hvisor help' for usage.\n");
	return HV_EXIT_USAGE;
}

/* hvisor help [<group> [<command>]] */
static int hv_help(int argc, char **argv)
{
	const struct hv_group *g;
	const struct hv_cmd *cmd;

	if (argc == 0) {
		hv_print_help(stdout);
		return HV_EXIT_OK;
	}
	g = hv_find_group(argv[0]);
	if (!g)
		return hv_usage_error(NULL, NULL, "help: unknown command '%s'",
				      argv[0]);
	if (argc == 1) {
		hv_print_group_help(stdout, g);
		return HV_EXIT_OK;
	}
	cmd = hv_find_cmd(g->name, argv[1]);
	if (!cmd || argc > 2)
		return hv_usage_error(NULL, NULL,
				      "help: unknown command '%s %s'", g->name,
				      argv[1]);
	hv_print_cmd_help(stdout, cmd);
	return HV_EXIT_OK;
}

static int hv_run_group(const struct hv_group *g, int argc, char **argv)
{
	const struct hv_cmd *cmd;
	int i;

	if (argc < 1)
		return hv_usage_error(g->name, NULL, "missing command");
	if (hv_is_help(argv[0]) || !strcmp(argv[0], "help")) {
		hv_print_group_help(stdout, g);
		return HV_EXIT_OK;
	}
	cmd = hv_find_cmd(g->name, argv[0]);
	if (!cmd)
		return hv_usage_error(g->name, NULL, "unknown command '%s'",
				      argv[0]);
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (hv_is_help(argv[i])) {
			hv_print_cmd_help(stdout, cmd);
			return HV_EXIT_OK;
		}
	}
	return cmd->run(argc, argv);
}

/* The hypervisor's version too, when its driver is there to ask. */
static void print_hypervisor_version(void)
{
	struct hv_info info;
	int fd;

	if (access(HVISOR_DEV, F_OK))
		return;
	fd = dev_open();
	if (fd < 0)
		return;
	if (!dev_info(fd, &info)) {
		unsigned int i;

		printf("hypervisor %.*s, ABI %u.%u, %u CPUs, %u zones, %u pool pages free\n"
		       "reserved %u KiB, page pool %u pages, at most %u used\n",
		       (int)sizeof(info.hv_version), info.hv_version,
		       info.version >> 16, info.version & 0xffff, info.num_cpus,
		       info.num_zones, info.pool_free, info.reserved_kib,
		       info.pool_pages, info.pool_max_used);
		printf("board ");
		hv_print_text(stdout, info.board, sizeof(info.board));
		printf(": GICv%u, %s UART at 0x%llx, CPUs (MPIDR)",
		       info.gic_version,
		       info.uart_kind == 2 ? "Cadence" : "PL011",
		       (unsigned long long)info.uart_base);
		for (i = 0; i < info.num_cpus && i < HV_INFO_MAX_CPUS; i++)
			printf(" %u (0x%llx)", i,
			       (unsigned long long)info.mpidr[i]);
		printf(", RAM");
		for (i = 0; i < info.num_ram && i < HV_INFO_MAX_RAM; i++)
			printf(" 0x%llx+0x%llx",
			       (unsigned long long)info.ram[i].base,
			       (unsigned long long)info.ram[i].size);
		putchar('\n');
	}
	close(fd);
}

int main(int argc, char **argv)
{
	const struct hv_group *g;
	const char *arg;

	if (argc < 2)
		return hv_usage_error(NULL, NULL, "missing command");
	arg = argv[1];
	if (!strcmp(arg, "--version") || !strcmp(arg, "-V")) {
		if (argc > 2)
			return hv_usage_error(NULL, NULL,
					      "--version takes no arguments");
		printf("hvisor tool %s, ABI %u.%u\n", HVISOR_VERSION,
		       HV_ABI_MAJOR, HV_ABI_MINOR);
		print_hypervisor_version();
		return HV_EXIT_OK;
	}
	if (!strcmp(arg, "help") || hv_is_help(arg))
		return hv_help(argc - 2, argv + 2);
	if (!strcmp(arg, "dmesg")) {
		if (argc > 2 && hv_is_help(argv[2])) {
			printf("usage: hvisor dmesg [-f] [--json]\n\n"
			       "The hypervisor's log, as it wrote it to the\n"
			       "UART, from the 64 KiB it keeps. -f follows it\n"
			       "until Ctrl-C; --json prints the lines as a JSON\n"
			       "array of strings. A line on stderr says how much\n"
			       "the ring had overwritten.\n");
			return HV_EXIT_OK;
		}
		return cmd_dmesg(argc - 1, argv + 1);
	}
	if (!strcmp(arg, "run")) {
		if (argc > 2 && hv_is_help(argv[2])) {
			printf("%s", RUN_HELP);
			return HV_EXIT_OK;
		}
		return cmd_run(argc - 1, argv + 1);
	}
	g = hv_find_group(arg);
	if (g)
		return hv_run_group(g, argc - 2, argv + 2);
	if (arg[0] == '-')
		return hv_usage_error(NULL, NULL, "unknown option '%s'", arg);
	return hv_usage_error(NULL, NULL, "unknown command '%s'", arg);
}

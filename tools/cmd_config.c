// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `hvisor config ...`: zone configs offline, with no hypervisor needed. The
 * build uses `config compile` to embed zone0's config in the hypervisor.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "config.h"

/* Too big for a comfortable stack frame, and never needed twice at once. */
static struct zone_file cmd_zf;

static int cmd_is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

int cmd_config_check(int argc, char **argv)
{
	int i, files = 0, opts_done = 0, failed = 0;

	for (i = 1; i < argc; i++) {
		if (!opts_done && !strcmp(argv[i], "--"))
			opts_done = 1;
		else if (!opts_done && cmd_is_option(argv[i]))
			return hv_usage_error("config", "check",
					      "unknown option '%s'", argv[i]);
		else
			files++;
	}
	if (!files)
		return hv_usage_error("config", "check",
				      "missing the config file to check");

	opts_done = 0;
	for (i = 1; i < argc; i++) {
		if (!opts_done && !strcmp(argv[i], "--")) {
			opts_done = 1;
			continue;
		}
		if (zone_file_load(argv[i], HVISOR_BOARD_CPUS, &cmd_zf,
				   stderr)) {
			failed = 1;
			continue;
		}
		printf("%s: ok\n", argv[i]);
	}
	return failed ? HV_EXIT_FAIL : HV_EXIT_OK;
}

int cmd_config_compile(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	int i, written;
	FILE *f;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strncmp(arg, "-o", 2)) {
			if (out)
				return hv_usage_error("config", "compile",
						      "-o given twice");
			if (arg[2]) {
				out = arg + 2;
			} else if (i + 1 < argc) {
				out = argv[++i];
			} else {
				return hv_usage_error("config", "compile",
						      "-o needs a file name");
			}
		} else if (cmd_is_option(arg)) {
			return hv_usage_error("config", "compile",
					      "unknown option '%s'", arg);
		} else if (in) {
			return hv_usage_error("config", "compile",
					      "more than one config file ('%s' and '%s')",
					      in, arg);
		} else {
			in = arg;
		}
	}
	if (!in)
		return hv_usage_error("config", "compile",
				      "missing the config file to compile");
	if (!out)
		return hv_usage_error("config", "compile",
				      "missing -o <out.bin>");

	if (zone_file_load(in, HVISOR_BOARD_CPUS, &cmd_zf, stderr))
		return HV_EXIT_FAIL;

	f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "hvisor: %s: cannot create: %s\n", out,
			strerror(errno));
		return HV_EXIT_FAIL;
	}
	written = fwrite(&cmd_zf.cfg, sizeof(cmd_zf.cfg), 1, f) == 1;
	if (fclose(f))
		written = 0;
	if (!written) {
		fprintf(stderr, "hvisor: %s: cannot write: %s\n", out,
			strerror(errno));
		/* A half-written blob must not look like a built target. */
		remove(out);
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

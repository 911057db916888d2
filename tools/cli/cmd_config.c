// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `hvisor config ...` and `hvisor dtb ...`: zone configs and their device
 * trees offline, with no hypervisor needed. The build uses `config compile`
 * to embed zone0's config in the hypervisor and `dtb patch` to make each
 * zone's DTB from its config.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board_dtb.h"
#include "board_fit.h"
#include "cmd.h"
#include "config_check.h"
#include "dev.h"
#include "config.h"
#include "dtb.h"

/* Too big for a comfortable stack frame, and never needed twice at once. */
static struct zone_file cmd_zf;

static int cmd_is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

/*
 * Open an image file a config names. A missing one is only a warning:
 * `config check` may run where the images are not built yet. Returns the
 * file, or NULL with *bad set if the problem is an error.
 */
static FILE *cmd_open_image(const char *field, const char *path, int *bad)
{
	FILE *f = fopen(path, "rb");

	if (f)
		return f;
	if (errno == ENOENT || errno == ENOTDIR) {
		fprintf(stderr, "warning: %s: %s: %s: %s, not checked\n",
			cmd_zf.path, field, path, strerror(errno));
	} else {
		fprintf(stderr, "%s: %s: %s: cannot open: %s\n", cmd_zf.path,
			field, path, strerror(errno));
		*bad = 1;
	}
	return NULL;
}

static uint64_t cmd_file_size(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) || st.st_size < 0 ? 0
						       : (uint64_t)st.st_size;
}

/* The kernel's header (an arm64 Image, or a raw binary); the bytes it will
 * occupy in RAM, 0 if unknown. */
static uint64_t cmd_check_kernel(int *bad)
{
	unsigned char hdr[ARM64_IMAGE_HDR_SIZE];
	uint64_t size;
	size_t got;
	FILE *f;

	if (!cmd_zf.kernel_path[0])
		return 0;
	f = cmd_open_image("kernel_filepath", cmd_zf.kernel_path, bad);
	if (!f)
		return 0;
	got = fread(hdr, 1, sizeof(hdr), f);
	size = cmd_file_size(f);
	fclose(f);
	size = image_kernel_size(cmd_zf.kernel_path, hdr, got, size, stderr);
	if (!size)
		*bad = 1;
	return size;
}

static uint64_t cmd_ramdisk_size(int *bad)
{
	uint64_t size;
	FILE *f;

	if (!cmd_zf.has_ramdisk)
		return 0;
	f = cmd_open_image("ramdisk_filepath", cmd_zf.ramdisk_path, bad);
	if (!f)
		return 0;
	size = cmd_file_size(f);
	fclose(f);
	return size;
}

/*
 * Check the DTB (dtb_opt, else the config's dtb_filepath if it exists)
 * against the config; returns the size it has once patched, 0 if unknown.
 */
static uint64_t cmd_check_dtb(const char *dtb_opt, uint64_t ramdisk_size,
			      int *bad)
{
	struct dtb_buf dtb = { NULL, 0 };
	const char *path = dtb_opt;
	uint64_t size = 0;
	FILE *f;

	if (!path) {
		if (!cmd_zf.dtb_path[0])
			return 0;
		path = cmd_zf.dtb_path;
		f = cmd_open_image("dtb_filepath", path, bad);
		if (!f)
			return 0;
		fclose(f);
	}
	if (dtb_load_file(path, &dtb, stderr)) {
		*bad = 1;
		return 0;
	}
	if (dtb_check(dtb.data, &cmd_zf, stderr)) {
		fprintf(stderr,
			"%s: %s: device tree does not match the config\n",
			cmd_zf.path, path);
		*bad = 1;
	}
	/* What gets loaded is the patched copy, maybe larger. */
	if (dtb_patch(&dtb, &cmd_zf, ramdisk_size, stderr))
		*bad = 1;
	else
		size = dtb_size(&dtb);
	dtb_free(&dtb);
	return size;
}

/* The checks that need the files a config names. */
static int cmd_check_files(const char *dtb_opt)
{
	uint64_t kernel, dtb, ramdisk;
	int bad = 0;

	kernel = cmd_check_kernel(&bad);
	ramdisk = cmd_ramdisk_size(&bad);
	dtb = cmd_check_dtb(dtb_opt, ramdisk, &bad);
	if ((kernel || dtb || ramdisk) &&
	    images_check(&cmd_zf, kernel, dtb, ramdisk, stderr))
		bad = 1;
	return bad ? -1 : 0;
}

/* The configs checked together: their channels' views must agree. */
#define CMD_MAX_PEERS_CHECKED 16
static struct {
	const char *path;
	struct hv_zone_config cfg;
} cmd_checked[CMD_MAX_PEERS_CHECKED];

/* a's channels against b's: a line for each disagreement */
static int cmd_check_ivc_pair(unsigned int a, unsigned int b)
{
	const struct hv_zone_config *ca = &cmd_checked[a].cfg,
				    *cb = &cmd_checked[b].cfg;
	struct hv_cfg_error err;
	unsigned int i, k;
	char msg[160];
	int bad = 0;

	for (i = 0; i < ca->num_ivc; i++) {
		for (k = 0; k < cb->num_ivc; k++) {
			if (!hv_ivc_peer_check(&ca->ivc[i], (int)i, &cb->ivc[k],
					       &err))
				continue;
			err.zone = (int)cb->zone_id;
			hv_cfg_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "%s: %s (%s)\n", cmd_checked[a].path,
				msg, cmd_checked[b].path);
			bad = 1;
		}
	}
	return bad;
}

static int cmd_check_ivc_peers(unsigned int n)
{
	unsigned int a, b;
	int bad = 0;

	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			bad |= cmd_check_ivc_pair(a, b);
	return bad;
}

int cmd_config_check(int argc, char **argv)
{
	int i, files = 0, opts_done = 0, failed = 0, have_board, bad;
	unsigned int checked = 0;
	const char *dtb = NULL, *board_dtb = NULL;
	struct hv_info board;

	for (i = 1; i < argc; i++) {
		if (!opts_done && !strcmp(argv[i], "--")) {
			opts_done = 1;
		} else if (!opts_done && !strcmp(argv[i], "--board")) {
			if (board_dtb)
				return hv_usage_error("config", "check",
						      "--board given twice");
			if (i + 1 >= argc)
				return hv_usage_error(
					"config", "check",
					"--board needs the board's DTB");
			board_dtb = argv[++i];
		} else if (!opts_done && !strcmp(argv[i], "--dtb")) {
			if (dtb)
				return hv_usage_error("config", "check",
						      "--dtb given twice");
			if (i + 1 >= argc)
				return hv_usage_error(
					"config", "check",
					"--dtb needs a file name");
			dtb = argv[++i];
		} else if (!opts_done && !strncmp(argv[i], "--dtb=", 6)) {
			if (dtb)
				return hv_usage_error("config", "check",
						      "--dtb given twice");
			dtb = argv[i] + 6;
		} else if (!opts_done && cmd_is_option(argv[i])) {
			return hv_usage_error("config", "check",
					      "unknown option '%s'", argv[i]);
		} else {
			files++;
		}
	}
	if (!files)
		return hv_usage_error("config", "check",
				      "missing the config file to check");
	if (dtb && files > 1)
		return hv_usage_error("config", "check",
				      "--dtb goes with one config file, not %d",
				      files);

	/* the board: from its DTB, or in zone0 the one the hypervisor runs on */
	if (board_dtb) {
		if (board_from_dtb(board_dtb, &board, stderr))
			return HV_EXIT_FAIL;
		have_board = 1;
	} else {
		have_board = !dev_board(&board);
	}
	if (have_board)
		dtb_use_board(&board);
	opts_done = 0;
	for (i = 1; i < argc; i++) {
		if (!opts_done && !strcmp(argv[i], "--")) {
			opts_done = 1;
			continue;
		}
		if (!opts_done && (!strcmp(argv[i], "--dtb") ||
				   !strcmp(argv[i], "--board"))) {
			i++;
			continue;
		}
		if (!opts_done && !strncmp(argv[i], "--dtb=", 6))
			continue;
		if (zone_file_load(argv[i],
				   have_board ? board.num_cpus : HV_MAX_CPUS,
				   &cmd_zf, stderr)) {
			failed = 1;
			continue;
		}
		/* the DTB's misfits and the board's, all of them */
		bad = cmd_check_files(dtb);
		if (have_board &&
		    board_fit_check(&cmd_zf.cfg, &board, argv[i], stderr))
			bad = 1;
		if (bad) {
			failed = 1;
			continue;
		}
		/* devices may come at start time (virtio_cfg.json) */
		zone_file_check_windows(&cmd_zf, 1, stderr);
		printf("%s: ok\n", argv[i]);
		if (checked < CMD_MAX_PEERS_CHECKED) {
			cmd_checked[checked].path = argv[i];
			cmd_checked[checked++].cfg = cmd_zf.cfg;
		}
	}
	if (cmd_check_ivc_peers(checked))
		failed = 1;
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
			return hv_usage_error(
				"config", "compile",
				"more than one config file ('%s' and '%s')", in,
				arg);
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

	if (zone_file_load(in, dev_board_cpus(), &cmd_zf, stderr))
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

/* A size: decimal or 0x hex digits, nothing else. */
static int cmd_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return -1;
	if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		return -1; /* octal to strtoull */
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* Write the patched blob through a temporary file: never half an output. */
static int cmd_write_dtb(const char *out, const struct dtb_buf *dtb)
{
	char tmp[ZONE_FILE_PATH_LEN + 8];
	size_t size = dtb_size(dtb);
	int ok;
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", out) >= (int)sizeof(tmp)) {
		fprintf(stderr, "hvisor: %s: path too long\n", out);
		return -1;
	}
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "hvisor: %s: cannot create: %s\n", tmp,
			strerror(errno));
		return -1;
	}
	ok = fwrite(dtb->data, 1, size, f) == size;
	if (fclose(f))
		ok = 0;
	if (!ok) {
		fprintf(stderr, "hvisor: %s: cannot write: %s\n", tmp,
			strerror(errno));
		remove(tmp);
		return -1;
	}
	if (rename(tmp, out)) {
		fprintf(stderr, "hvisor: %s: cannot rename to %s: %s\n", tmp,
			out, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

int cmd_dtb_patch(int argc, char **argv)
{
	const char *files[3] = { NULL, NULL, NULL };
	struct dtb_buf dtb = { NULL, 0 };
	int i, n = 0, check = 1, has_size = 0, carve = 0, status = HV_EXIT_FAIL;
	uint64_t ramdisk_size = 0;
	static struct hv_info board;
	const char *arg;
	struct stat st;

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (!strcmp(arg, "--no-check")) {
			check = 0;
		} else if (!strcmp(arg, "--carve")) {
			carve = 1;
		} else if (!strcmp(arg, "--ramdisk-size") ||
			   !strncmp(arg, "--ramdisk-size=", 15)) {
			if (arg[14] == '=')
				arg += 15;
			else if (i + 1 < argc)
				arg = argv[++i];
			else
				return hv_usage_error(
					"dtb", "patch",
					"--ramdisk-size needs a number");
			if (cmd_parse_size(arg, &ramdisk_size))
				return hv_usage_error(
					"dtb", "patch",
					"--ramdisk-size: '%s' is not a size (decimal or 0x hex bytes)",
					arg);
			has_size = 1;
		} else if (cmd_is_option(arg)) {
			return hv_usage_error("dtb", "patch",
					      "unknown option '%s'", arg);
		} else if (n == 3) {
			return hv_usage_error("dtb", "patch",
					      "too many arguments ('%s')", arg);
		} else {
			files[n++] = arg;
		}
	}
	if (n < 3)
		return hv_usage_error("dtb", "patch",
				      "needs <cfg.json> <in.dtb> <out.dtb>");

	if (zone_file_load(files[0], dev_board_cpus(), &cmd_zf, stderr))
		return HV_EXIT_FAIL;
	if (!dev_board(&board))
		dtb_use_board(&board);
	if (has_size && ramdisk_size && !cmd_zf.has_ramdisk) {
		fprintf(stderr,
			"hvisor: %s: --ramdisk-size given but the config has no ramdisk (ramdisk_load_paddr)\n",
			files[0]);
		return HV_EXIT_FAIL;
	}
	if (!has_size && cmd_zf.has_ramdisk) {
		if (stat(cmd_zf.ramdisk_path, &st)) {
			fprintf(stderr,
				"hvisor: %s: ramdisk_filepath: %s: %s (give --ramdisk-size)\n",
				files[0], cmd_zf.ramdisk_path, strerror(errno));
			return HV_EXIT_FAIL;
		}
		ramdisk_size = (uint64_t)st.st_size;
	}

	if (dtb_load_file(files[1], &dtb, stderr) ||
	    (carve && dtb_carve(&dtb, &cmd_zf, stderr)) ||
	    dtb_patch(&dtb, &cmd_zf, ramdisk_size, stderr))
		goto out;
	if (check && dtb_check(dtb.data, &cmd_zf, stderr)) {
		fprintf(stderr,
			"hvisor: %s: not written: %s patched for %s does not match the config\n",
			files[2], files[1], files[0]);
		goto out;
	}
	if (cmd_write_dtb(files[2], &dtb))
		goto out;
	status = HV_EXIT_OK;
out:
	dtb_free(&dtb);
	return status;
}

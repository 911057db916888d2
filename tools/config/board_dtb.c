// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "board_dtb.h"
#include "core/board.h"
#include "dtb.h"
#include "file.h"

/* core/lib.h's, for the hypervisor's board reader */
void strlcpy_hv(char *d, const char *s, size_t size)
{
	if (size)
		snprintf(d, size, "%s", s);
}

/* the MPIDR of the first enabled CPU the tree lists, or -1 */
static long long first_mpidr(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;
	const fdt32_t *reg;
	const char *st;

	fdt_for_each_subnode(node, fdt, cpus)
	{
		st = fdt_getprop(fdt, node, "device_type", NULL);
		if (!st || strcmp(st, "cpu"))
			continue;
		st = fdt_getprop(fdt, node, "status", NULL);
		if (st && strcmp(st, "okay") && strcmp(st, "ok"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (reg && len == 4)
			return fdt32_ld(reg);
		if (reg && len == 8)
			return (long long)fdt64_ld((const fdt64_t *)reg);
	}
	return -1;
}

int board_from_dtb(const char *path, struct hv_info *info, FILE *errf)
{
	static struct board b;
	struct dtb_buf dtb = { NULL, 0 };
	char why[128];
	long long boot;
	int ret = -1;

	if (dtb_load_file(path, &dtb, errf))
		return -1;
	boot = first_mpidr(dtb.data);
	if (boot < 0) {
		fprintf(errf, "%s: /cpus lists no CPU with a reg\n", path);
	} else if (board_init(&b, dtb.data, dtb_size(&dtb), BOARD_HV_BASE,
			      BOARD_HV_SIZE, (u64)boot, why, sizeof(why))) {
		fprintf(errf, "%s: %s\n", path, why);
	} else {
		memset(info, 0, sizeof(*info));
		board_describe(&b, info);
		ret = 0;
	}
	dtb_free(&dtb);
	return ret;
}

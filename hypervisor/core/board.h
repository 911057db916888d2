/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The board, as data: what the hypervisor needs of the machine, read at boot
 * from the board's device tree (the loader hands it over: docs/boards.md).
 * CPUs and their MPIDRs, the interrupt controller (version and frames), the
 * UART (kind and address) and the RAM banks. No board-specific C: a new
 * board is a DTB (and drivers for devices not yet known).
 */
#ifndef HV_CORE_BOARD_H
#define HV_CORE_BOARD_H

#include "core/types.h"

#define BOARD_MAX_CPUS 8 /* GICv2's limit; arrays are sized for it */
#define BOARD_MAX_RAM 8
#define BOARD_NAME_LEN 48

#define UART_NONE 0
#define UART_PL011 1
#define UART_CADENCE 2

struct board_range {
	u64 base, size;
};

struct board {
	char name[BOARD_NAME_LEN]; /* the root's model */
	unsigned int nr_cpus;
	u64 mpidr[BOARD_MAX_CPUS]; /* logical CPU n: the boot CPU is 0 */
	struct {
		u32 version; /* 2 or 3 */
		u64 gicd; /* distributor */
		u64 gicr, gicr_size; /* v3: redistributors */
		u64 gicc, gicc_size; /* v2: CPU interface, its virtual twin */
		u64 gich, gicv;
		u32 maint_intid; /* the maintenance interrupt (a PPI) */
		struct board_range span; /* everything the GIC decodes */
	} gic;
	struct {
		u32 kind; /* UART_* */
		u64 base;
	} uart;
	unsigned int nr_ram;
	struct board_range ram[BOARD_MAX_RAM];
	struct board_range hv; /* the hypervisor's own RAM (image + pool) */
};

extern struct board board;

/*
 * Fill board from the DTB at dtb (at most max bytes) for a hypervisor at
 * [hv_base, hv_base + hv_size) started on the CPU with MPIDR boot_mpidr.
 * Returns 0, or -1 with why[] saying what is missing or wrong (nothing can
 * be printed before the UART is known).
 */
int board_init(struct board *b, const void *dtb, u64 max, u64 hv_base,
	       u64 hv_size, u64 boot_mpidr, char *why, unsigned int why_len);

/* The board's part of the info call (HV_HC_INFO): CPUs, GIC, RAM, UART,
 * the hypervisor's reserve. The tool uses it offline too (--board). */
void board_describe(const struct board *b, struct hv_info *info);

/* Is [base, base + size) inside one RAM bank of the board? */
static inline bool board_is_ram(const struct board *b, u64 base, u64 size)
{
	unsigned int i;

	for (i = 0; i < b->nr_ram; i++) {
		const struct board_range *r = &b->ram[i];

		if (base >= r->base && base - r->base <= r->size &&
		    size <= r->size - (base - r->base))
			return true;
	}
	return false;
}

/* Does it touch any RAM bank? */
static inline bool board_touches_ram(const struct board *b, u64 base, u64 size)
{
	unsigned int i;

	for (i = 0; i < b->nr_ram; i++)
		if (base < b->ram[i].base + b->ram[i].size &&
		    b->ram[i].base < base + size)
			return true;
	return false;
}
/* The logical CPU with this MPIDR (affinity fields), or -1. */
/*
 * The board's RAM minus the hypervisor's and minus used[0..n_used): the
 * pieces left, ascending, into out (at most max; pieces past it are
 * dropped). Returns how many.
 */
unsigned int board_free_ram(const struct board *b,
			    const struct board_range *used, unsigned int n_used,
			    struct board_range *out, unsigned int max);

int board_cpu_by_mpidr(const struct board *b, u64 mpidr);

#endif

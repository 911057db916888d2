/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The board, as data: QEMU's loongarch64 virt machine (Loongson-3A5000-like
 * la464 CPUs, no LVZ). Addresses are physical; the hypervisor reaches them
 * through its direct-mapped windows (arch/loongarch64/csr.h).
 */
#ifndef HV_BOARD_H
#define HV_BOARD_H

#define BOARD_NAME "qemu-virt-loongarch64"
#define BOARD_NR_CPUS 4
#define BOARD_UART_BASE 0x1fe001e0UL /* ns16550a, 8-bit registers */
/* the ACPI GED's sleep-control register: SLP_EN | SLP_TYP(S5) powers off */
#define BOARD_POWEROFF_REG 0x100e001cUL
#define BOARD_POWEROFF_VAL 0x34
#define BOARD_HV_BASE 0x00200000UL /* must match arch/loongarch64/hvisor.lds */
#define BOARD_HV_SIZE 0x00800000UL /* 8 MiB, as on aarch64 */

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The board, as data: QEMU virt (virtualization=on, gic-version=3) with the
 * memory split of docs/memory-map.md. Zones' CPUs, RAM, devices and IRQs
 * are not here: they come from zone configs.
 */
#ifndef HV_BOARD_H
#define HV_BOARD_H

#define BOARD_NAME "qemu-virt-gicv3"
#define BOARD_NR_CPUS 4
#define BOARD_UART_BASE 0x09000000UL /* PL011, shared with zone0 */
#define BOARD_GICD_BASE 0x08000000UL
#define BOARD_GICR_BASE 0x080a0000UL
#define BOARD_GICR_STRIDE 0x20000UL
#define BOARD_GIC_BASE 0x08000000UL /* distributor, ITS, redistributors */
#define BOARD_GIC_SIZE 0x01000000UL
#define BOARD_RAM_BASE 0x40000000UL
#define BOARD_RAM_SIZE 0x100000000UL /* -m 4G */
#define BOARD_HV_BASE 0x40000000UL /* must match hvisor.lds */
/* image (code, data, per-CPU stacks and tables) + page pool: stage-2
 * tables of HV_MAX_ZONES zones take a few pages each (docs/memory-map.md) */
#define BOARD_HV_SIZE 0x00800000UL /* 8 MiB */

#endif

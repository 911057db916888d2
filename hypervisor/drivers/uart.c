// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's console output: the board's UART (core/board.h), polled.
 * One driver per kind of UART; the board's device tree says which.
 */
#include "core/board.h"
#include "core/printk.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF BIT(5)

#define CDNS_SR 0x2c
#define CDNS_FIFO 0x30
#define CDNS_SR_TXFULL BIT(4)

static void pl011_putc(volatile u32 *uart, char c)
{
	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = (u8)c;
}

/* Cadence UART (Xilinx ZynqMP): as firmware left it, enabled */
static void cadence_putc(volatile u32 *uart, char c)
{
	while (uart[CDNS_SR / 4] & CDNS_SR_TXFULL)
		;
	uart[CDNS_FIFO / 4] = (u8)c;
}

void console_putc(char c)
{
	volatile u32 *uart = (volatile u32 *)board.uart.base;

	if (board.uart.kind == UART_PL011)
		pl011_putc(uart, c);
	else if (board.uart.kind == UART_CADENCE)
		cadence_putc(uart, c);
}

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

#define CDNS_CR 0x00
#define CDNS_CR_RX_EN BIT(2)
#define CDNS_CR_RX_DIS BIT(3)
#define CDNS_CR_TX_EN BIT(4)
#define CDNS_CR_TX_DIS BIT(5)
#define CDNS_SR 0x2c
#define CDNS_FIFO 0x30
#define CDNS_SR_TXFULL BIT(4)

static void pl011_putc(volatile u32 *uart, char c)
{
	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = (u8)c;
}

/* Cadence UART (Xilinx ZynqMP): its line settings as firmware left them;
 * the transmitter and receiver enabled here, as nothing may have (QEMU's
 * model without firmware), or our bytes go nowhere */
static void cadence_putc(volatile u32 *uart, char c)
{
	static bool enabled;

	if (!enabled) {
		uart[CDNS_CR / 4] = (uart[CDNS_CR / 4] &
				     ~(CDNS_CR_TX_DIS | CDNS_CR_RX_DIS)) |
				    CDNS_CR_TX_EN | CDNS_CR_RX_EN;
		enabled = true;
	}
	while (uart[CDNS_SR / 4] & CDNS_SR_TXFULL)
		;
	uart[CDNS_FIFO / 4] = (u8)c;
}

/* Its bytes wait, as ours do, for room in the FIFO. */
void console_owner_write(u64 off, u64 val, unsigned int size)
{
	volatile u32 *uart = (volatile u32 *)board.uart.base;
	u64 addr = board.uart.base + off;

	console_lock();
	if (off == (board.uart.kind == UART_PL011 ? PL011_DR : CDNS_FIFO))
		console_break_line();
	if (board.uart.kind == UART_PL011 && off == PL011_DR)
		while (uart[PL011_FR / 4] & PL011_FR_TXFF)
			;
	if (board.uart.kind == UART_CADENCE && off == CDNS_FIFO)
		while (uart[CDNS_SR / 4] & CDNS_SR_TXFULL)
			;
	if (size == 1)
		*(volatile u8 *)addr = (u8)val;
	else if (size == 2)
		*(volatile u16 *)addr = (u16)val;
	else if (size == 4)
		*(volatile u32 *)addr = (u32)val;
	else
		*(volatile u64 *)addr = val;
	console_unlock();
}

void console_putc(char c)
{
	volatile u32 *uart = (volatile u32 *)board.uart.base;

	if (board.uart.kind == UART_PL011)
		pl011_putc(uart, c);
	else if (board.uart.kind == UART_CADENCE)
		cadence_putc(uart, c);
}

// SPDX-License-Identifier: GPL-2.0
/* The hypervisor's console output: the board's PL011, polled. */
#include "core/printk.h"
#include "board.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF BIT(5)

void console_putc(char c)
{
	volatile u32 *uart = (volatile u32 *)BOARD_UART_BASE;

	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (u8)c;
}

// SPDX-License-Identifier: GPL-2.0
/* The board's ns16550a as the hypervisor's console, and the machine's
 * power-off register. Polled output: no interrupts needed. */
#include "arch.h"
#include "core/printk.h"
#include "board.h"

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

static volatile u8 *const uart = (volatile u8 *)LA_UNCACHED(BOARD_UART_BASE);

void console_putc(char c)
{
	while (!(uart[UART_LSR] & LSR_THRE))
		;
	uart[UART_THR] = (u8)c;
}

void arch_system_off(void)
{
	volatile u8 *off = (volatile u8 *)LA_UNCACHED(BOARD_POWEROFF_REG);

	/* the line before this must leave the UART before QEMU exits */
	while (!(uart[UART_LSR] & LSR_THRE))
		;
	*off = BOARD_POWEROFF_VAL;
	for (;;)
		arch_cpu_wait();
}

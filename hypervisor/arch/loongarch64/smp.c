// SPDX-License-Identifier: GPL-2.0
/*
 * Waking a parked CPU through the Loongson IPI block. Another core's
 * mailbox is written through IOCSR_MBUF_SEND, 32 bits at a time: the high
 * half first, so the target (which reads the mailbox only once the IPI
 * arrives) never sees half an address.
 */
#include "arch/loongarch64/smp.h"
#include "arch.h"

#define MBUF_SEND_BOX_SHIFT 2
#define MBUF_SEND_DATA_SHIFT 32
#define IPI_ACTION_BOOT 0 /* any bit of the status word wakes it */

static void mail_send(unsigned int cpu, unsigned int box, u32 data)
{
	iocsr_write64(IOCSR_MBUF_SEND,
		      IOCSR_SEND_BLOCKING | ((u64)cpu << IOCSR_SEND_CPU_SHIFT) |
			      ((u64)box << MBUF_SEND_BOX_SHIFT) |
			      ((u64)data << MBUF_SEND_DATA_SHIFT));
}

void la_cpu_release(unsigned int cpu, u64 entry)
{
	/* mailbox 0 is two 32-bit boxes: 0 low, 1 high */
	mail_send(cpu, 1, (u32)(entry >> 32));
	mail_send(cpu, 0, (u32)entry);
	iocsr_write32(IOCSR_IPI_SEND, (u32)(IOCSR_SEND_BLOCKING |
					    ((u64)cpu << IOCSR_SEND_CPU_SHIFT) |
					    IPI_ACTION_BOOT));
}

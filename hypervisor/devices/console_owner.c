// SPDX-License-Identifier: GPL-2.0
#include "devices/console_owner.h"
#include "core/board.h"
#include "core/mmio.h"
#include "core/printk.h"
#include "core/zone.h"
#include "arch.h"

#define PAGE 0x1000UL

static int owner_access(struct zone *z, struct mmio_access *a, void *arg)
{
	(void)z;
	(void)arg;
	if (!a->write)
		return -HV_EPERM; /* reads are mapped; none can get here */
	console_owner_write(a->addr, a->value, a->size);
	return 0;
}

int console_owner_init(struct zone *z)
{
	u64 uart = board.uart.base & ~(PAGE - 1);
	unsigned int i;
	int ret;

	if (board.uart.kind == UART_NONE)
		return 0;
	for (i = 0; i < z->cfg.num_mem_regions; i++) {
		const struct hv_mem_region *r = &z->cfg.mem_regions[i];
		u64 ipa;

		if (r->type != HV_MEM_IO || uart < r->phys_start ||
		    uart - r->phys_start >= r->size)
			continue;
		ipa = r->virt_start + (uart - r->phys_start);
		ret = s2_unmap(&z->s2, ipa, PAGE);
		if (!ret)
			ret = s2_map(&z->s2, ipa, uart, PAGE,
				     S2_ATTR_DEVICE_RO);
		if (!ret)
			ret = mmio_register(z, ipa, PAGE, owner_access, NULL,
					    "uart", MMIO_NO_INDEX);
		if (!ret) {
			z->console_ipa = ipa;
			z->owns_console = true;
		}
		return ret;
	}
	return 0;
}

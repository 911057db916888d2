/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone that owns the physical console (zone0) drives the board's UART
 * itself, while the hypervisor writes its own lines and the mirrored lines
 * of other zones to the same UART from other CPUs. So that neither lands
 * inside the other's line, the owner's UART page is mapped read-only: its
 * reads (status, input) go to the device at full speed, its writes trap and
 * are made under the console lock (drivers/uart.c), between our lines.
 */
#ifndef HV_DEVICES_CONSOLE_OWNER_H
#define HV_DEVICES_CONSOLE_OWNER_H

#include "core/types.h"

struct zone;

/* After the zone's regions are mapped: if one of its device regions holds
 * the board's UART, take that page's writes. 0 or -HV_E*. */
int console_owner_init(struct zone *z);

#endif

/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A zone's network port in zone0: a TAP (IFF_TAP | IFF_NO_PI |
 * IFF_VNET_HDR, 12-byte headers, non-blocking) named hvz<zone>.<device>,
 * up, and a port of a bridge, which is created (with zone0's address on it,
 * up) if it does not exist. Closing the TAP's descriptor removes it.
 */
#ifndef HVISOR_TOOL_TAP_H
#define HVISOR_TOOL_TAP_H

#include <stdio.h>

#include <hvisor/abi.h>

/* Returns the TAP's descriptor, or -1 with "hvisor: WHAT: why" on errf. */
int tap_open(hv_u32 zone, unsigned int dev, const char *bridge,
	     const char *bridge_ip, FILE *errf);

#endif

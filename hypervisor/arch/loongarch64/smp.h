/* SPDX-License-Identifier: GPL-2.0 */
/* Secondary CPUs: released from their park loop (entry.S) by the boot CPU. */
#ifndef HV_LA_SMP_H
#define HV_LA_SMP_H

#include "core/types.h"

/* write where CPU `cpu` goes into its mailbox 0, then send it an IPI */
void la_cpu_release(unsigned int cpu, u64 entry);

#endif

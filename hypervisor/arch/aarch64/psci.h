/* SPDX-License-Identifier: GPL-2.0 */
/* PSCI 1.1 as a zone sees it (SMC or HVC conduit): only its own CPUs. */
#ifndef HV_ARCH_PSCI_H
#define HV_ARCH_PSCI_H

#include "core/percpu.h"

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)

bool psci_is_call(u64 fn);
s64 psci_handle(struct trap_frame *f);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* Hypercalls (include/hvisor/abi.h, docs/hypercalls.md). */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include "core/types.h"

s64 hypercall_handle(u64 code, u64 arg1, u64 arg2, u64 arg3);

#endif

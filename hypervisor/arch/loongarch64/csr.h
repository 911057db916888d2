/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control and status registers, IOCSR and CPUCFG access (LoongArch
 * Reference Manual vol. 1, ch. 7), and the direct-mapped windows the
 * hypervisor runs in: no page tables of its own, like Linux's kernel.
 */
#ifndef HV_LA_CSR_H
#define HV_LA_CSR_H

#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_EENTRY 0xc
#define CSR_CPUID 0x20
#define CSR_KS0 0x30 /* scratch: the trap entry's spare register */
#define CSR_KS1 0x31 /* scratch: this CPU's struct percpu */
#define CSR_TLBRENTRY 0x88
#define CSR_TLBRBADV 0x89
#define CSR_TLBRERA 0x8a
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181

/* PLV0, interrupts off, paging on (all in DMW windows), cached fetch/data */
#define CRMD_HV 0xb0
#define ECFG_IPI (1 << 12)
#define ESTAT_ECODE(e) (((e) >> 16) & 0x3f)
/* windows: 0x8000... uncached (devices), 0x9000... coherent cached (RAM) */
#define DMW0_UNCACHED 0x8000000000000001
#define DMW1_CACHED 0x9000000000000011
#define LA_UNCACHED(pa) (0x8000000000000000UL | (pa))
#define LA_CACHED(pa) (0x9000000000000000UL | (pa))

/* per-core IPI and mailbox registers (IOCSR space) */
#define IOCSR_IPI_STATUS 0x1000
#define IOCSR_IPI_EN 0x1004
#define IOCSR_IPI_CLEAR 0x100c
#define IOCSR_MBUF0 0x1020
#define IOCSR_IPI_SEND 0x1040
#define IOCSR_MBUF_SEND 0x1048
#define IOCSR_SEND_BLOCKING (1UL << 31)
#define IOCSR_SEND_CPU_SHIFT 16

#define CPUCFG_PRID 0x0
#define CPUCFG_FEATURES 0x2
#define CPUCFG2_LVZ (1U << 10)
#define CPUCFG_CC_FREQ 0x4 /* stable counter's base frequency */
#define CPUCFG_CC_MULDIV 0x5

#ifndef __ASSEMBLY__
#include "core/types.h"

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define csr_read(csr)                                                          \
	({                                                                     \
		u64 __v;                                                       \
		asm volatile("csrrd %0, " __stringify(csr) : "=r"(__v));       \
		__v;                                                           \
	})
#define csr_write(csr, val)                                                    \
	({                                                                     \
		u64 __v = (val);                                               \
		asm volatile("csrwr %0, " __stringify(csr)                     \
			     : "+r"(__v)::"memory");                           \
	})

static inline u32 iocsr_read32(u64 reg)
{
	u32 v;

	asm volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(reg));
	return v;
}

static inline u64 iocsr_read64(u64 reg)
{
	u64 v;

	asm volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(reg));
	return v;
}

static inline void iocsr_write32(u64 reg, u32 v)
{
	asm volatile("iocsrwr.w %0, %1" ::"r"(v), "r"(reg) : "memory");
}

static inline void iocsr_write64(u64 reg, u64 v)
{
	asm volatile("iocsrwr.d %0, %1" ::"r"(v), "r"(reg) : "memory");
}

static inline u32 cpucfg(u32 word)
{
	u32 v;

	asm volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

static inline u64 la_ticks(void)
{
	u64 t;

	asm volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}
#endif

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control and status registers, IOCSR and CPUCFG access (LoongArch
 * Reference Manual vol. 1, ch. 7), and the direct-mapped windows the
 * hypervisor runs in: no page tables of its own, like Linux's kernel.
 */
#ifndef HV_LA_CSR_H
#define HV_LA_CSR_H

/* CSR numbers (vol. 1, 7.1): the same for the hypervisor's own CSRs and,
 * through gcsrrd/gcsrwr, for a guest's */
#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
#define CSR_EUEN 0x2
#define CSR_MISC 0x3
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_BADI 0x8
#define CSR_EENTRY 0xc
#define CSR_TLBIDX 0x10
#define CSR_TLBEHI 0x11
#define CSR_TLBELO0 0x12
#define CSR_TLBELO1 0x13
#define CSR_ASID 0x18
#define CSR_PGDL 0x19
#define CSR_PGDH 0x1a
#define CSR_PGD 0x1b /* read-only */
#define CSR_PWCTL0 0x1c
#define CSR_PWCTL1 0x1d
#define CSR_STLBPGSIZE 0x1e
#define CSR_RVACFG 0x1f
#define CSR_CPUID 0x20 /* set by the hypervisor */
#define CSR_PRCFG1 0x21 /* read-only */
#define CSR_PRCFG2 0x22 /* read-only */
#define CSR_PRCFG3 0x23 /* read-only */
#define CSR_KS(n) (0x30 + (n)) /* KS0..KS7 */
#define CSR_TMID 0x40
#define CSR_TCFG 0x41
#define CSR_TVAL 0x42
#define CSR_CNTC 0x43
#define CSR_TICLR 0x44
#define CSR_LLBCTL 0x60
#define CSR_TLBRENTRY 0x88
#define CSR_TLBRBADV 0x89
#define CSR_TLBRERA 0x8a
#define CSR_TLBRSAVE 0x8b
#define CSR_TLBRELO0 0x8c
#define CSR_TLBRELO1 0x8d
#define CSR_TLBREHI 0x8e
#define CSR_TLBRPRMD 0x8f
#define CSR_DMW(n) (0x180 + (n)) /* DMW0..DMW3 */
/* the ones csrrd/csrwr name here, as plain numbers for the assembler */
#define CSR_KS0 0x30 /* scratch: the trap entry's spare register */
#define CSR_KS1 0x31 /* scratch: this CPU's struct percpu */
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

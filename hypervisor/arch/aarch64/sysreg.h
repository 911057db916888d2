/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_ARCH_SYSREG_H
#define HV_ARCH_SYSREG_H

#include "core/types.h"

#define read_sysreg(r)                                                         \
	({                                                                     \
		u64 __v;                                                       \
		asm volatile("mrs %0, " #r : "=r"(__v)::"memory");             \
		__v;                                                           \
	})
#define write_sysreg(r, v)                                                     \
	asm volatile("msr " #r ", %0" ::"r"((u64)(v)) : "memory")

/* GICv3 CPU interface and hypervisor control registers by encoding, so the
 * assembler needs no GIC extension flags. */
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_MISR_EL2 S3_4_C12_C11_2
#define ICH_EISR_EL2 S3_4_C12_C11_3
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2 S3_4_C12_C11_7
#define ICH_LR0_EL2 S3_4_C12_C12_0
#define ICH_LR1_EL2 S3_4_C12_C12_1
#define ICH_LR2_EL2 S3_4_C12_C12_2
#define ICH_LR3_EL2 S3_4_C12_C12_3

#define isb() asm volatile("isb" ::: "memory")
#define dsb(opt) asm volatile("dsb " #opt ::: "memory")
#define wfi() asm volatile("wfi" ::: "memory")
#define wfe() asm volatile("wfe" ::: "memory")
#define sev() asm volatile("sev" ::: "memory")

/* HCR_EL2 */
#define HCR_VM BIT(0)
#define HCR_SWIO BIT(1)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_FB BIT(9)
#define HCR_BSU_IS (1UL << 10)
#define HCR_TSC BIT(19)
#define HCR_TSW BIT(22)
#define HCR_RW BIT(31)
#define HCR_GUEST                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB |            \
	 HCR_BSU_IS | HCR_TSC | HCR_TSW | HCR_RW)

/* ESR_EL2 */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL BIT(25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_MAX 0x3f

/* data abort ISS */
#define DABT_ISV BIT(24)
#define DABT_SAS(iss) (((iss) >> 22) & 3)
#define DABT_SSE BIT(21)
#define DABT_SRT(iss) (((iss) >> 16) & 0x1f)
#define DABT_SF BIT(15)
#define DABT_WNR BIT(6)
#define DABT_S1PTW BIT(7)
#define DABT_DFSC(iss) ((iss)&0x3f)
#define DFSC_IS_PERM(dfsc) (((dfsc)&0x3c) == 0x0c) /* levels 0-3 */

#define PSR_MODE_EL0t 0x0
#define PSR_MODE_EL1t 0x4
#define PSR_MODE_EL1h 0x5
#define PSR_MODE_MASK 0xf
#define PSR_DAIF (0xfUL << 6)

static inline u64 cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffUL;
}

#endif

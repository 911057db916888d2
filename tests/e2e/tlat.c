// SPDX-License-Identifier: GPL-2.0
/*
 * tlat: a timer interrupt's latency, from the virtual counter reaching its
 * compare value to the IRQ vector's first instructions, on QEMU virt
 * (GICv3, PL011 at 0x09000000). The same binary runs bare (`make bench`
 * boots QEMU with it alone, entered at EL2) and as a zone's kernel (a raw
 * binary at its entry point, EL1): the difference is what the hypervisor
 * adds to an interrupt. It arms the EL1 virtual timer SAMPLES times at
 * pseudo-random distances, sleeps in wfi, and prints one line:
 *   tlat: cpu C, N samples, counter F Hz: min A ns, median B ns,
 *         99th percentile P ns, max M ns
 * Under -icount the counter is virtual time: instructions, not host noise.
 */
#include <stdint.h>

#define UART 0x09000000UL
#define GICD 0x08000000UL
#define GICR 0x080a0000UL /* CPU n's frames at GICR + n * 0x20000 */
#define VTIMER_PPI 27
#define SAMPLES 1000

#define sysreg_read(r)                                                         \
	({                                                                     \
		uint64_t v;                                                    \
		__asm__ volatile("mrs %0, " #r : "=r"(v));                     \
		v;                                                             \
	})
#define sysreg_write(r, v)                                                     \
	__asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")

static volatile uint32_t *reg32(uintptr_t a)
{
	return (volatile uint32_t *)a;
}

static void putc_(char c)
{
	*reg32(UART) = (uint32_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void putu(uint64_t v)
{
	char b[24];
	int n = 0;

	do
		b[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		putc_(b[--n]);
}

static volatile int fired;
static uint64_t lat[SAMPLES];

/* From the vector (tlat_start.S), which left its stamp in TPIDRRO_EL0. */
void tlat_irq(void)
{
	uint64_t iar = sysreg_read(s3_0_c12_c12_0); /* ICC_IAR1_EL1 */

	if ((iar & 0xffffff) == VTIMER_PPI) {
		sysreg_write(cntv_ctl_el0, 0); /* off: the line drops */
		isb();
		fired = 1;
	}
	if ((iar & 0xffffff) < 1020) {
		sysreg_write(s3_0_c12_c12_1, iar); /* ICC_EOIR1_EL1 */
		isb();
	}
}

static void gic_init(unsigned int cpu)
{
	uintptr_t rd = GICR + cpu * 0x20000UL, sgi = rd + 0x10000;

	/* bare: the distributor is ours to enable (a zone's writes here are
	 * the hypervisor's to filter; it enabled it long ago) */
	*reg32(GICD) = 1u << 4; /* ARE */
	*reg32(GICD) = (1u << 4) | 3u; /* ARE, both groups */
	*reg32(rd + 0x14) &= ~2u; /* GICR_WAKER: awake */
	while (*reg32(rd + 0x14) & 4u)
		;
	*reg32(sgi + 0x80) |= 1u << VTIMER_PPI; /* group 1 */
	*(volatile uint8_t *)(sgi + 0x400 + VTIMER_PPI) = 0x80;
	*reg32(sgi + 0x100) = 1u << VTIMER_PPI; /* enable */
	sysreg_write(s3_0_c12_c12_5, sysreg_read(s3_0_c12_c12_5) | 1); /* SRE */
	isb();
	sysreg_write(s3_0_c4_c6_0, 0xff); /* ICC_PMR_EL1: let all in */
	sysreg_write(s3_0_c12_c12_7, 1); /* ICC_IGRPEN1_EL1 */
	isb();
}

static void sort(uint64_t *a, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		uint64_t v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

void tlat_main(void)
{
	unsigned int cpu = sysreg_read(mpidr_el1) & 0xff;
	uint64_t freq = sysreg_read(cntfrq_el0), seed = 12345;
	int i;

	gic_init(cpu);
	sysreg_write(cntv_ctl_el0, 0);
	for (i = 0; i < SAMPLES; i++) {
		uint64_t cval;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		/* 50 to 250 us ahead: the CPU is asleep when it fires */
		cval = sysreg_read(cntvct_el0) + freq / 20000 +
		       (seed >> 33) % (freq / 5000);
		fired = 0;
		sysreg_write(cntv_cval_el0, cval);
		sysreg_write(cntv_ctl_el0, 1);
		isb();
		/* masked while it looks, so the interrupt cannot come between
		 * the look and the wfi (which wakes on it masked or not) */
		while (!fired)
			__asm__ volatile("wfi\n msr daifclr, #2\n isb\n"
					 "msr daifset, #2" ::
						 : "memory");
		lat[i] = sysreg_read(tpidrro_el0) - cval;
	}
	sort(lat, SAMPLES);
	puts_("tlat: cpu ");
	putu(cpu);
	puts_(", ");
	putu(SAMPLES);
	puts_(" samples, counter ");
	putu(freq);
	puts_(" Hz: min ");
	putu(lat[0] * 1000000000ULL / freq);
	puts_(" ns, median ");
	putu(lat[SAMPLES / 2] * 1000000000ULL / freq);
	puts_(" ns, 99th percentile ");
	putu(lat[SAMPLES * 99 / 100] * 1000000000ULL / freq);
	puts_(" ns, max ");
	putu(lat[SAMPLES - 1] * 1000000000ULL / freq);
	puts_(" ns\n");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The program's memory calls, served in the zone: brk, mmap, munmap,
 * mprotect, madvise. The program's memory is one linear window of the
 * zone's RAM (pzone.h), so a page's place is fixed by its address and
 * only its mapping and protection change here. A file mapping is a
 * private copy: its pages are read through the supervisor (pread64).
 */
#include "rt.h"

#define PAGE 4096ull
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

#define NR_PREAD64 67
#define NR_BRK 214
#define NR_MUNMAP 215
#define NR_MREMAP 216
#define NR_MMAP 222
#define NR_MPROTECT 226
#define NR_MSYNC 227
#define NR_MLOCK 228
#define NR_MUNLOCKALL 231
#define NR_MADVISE 233

#define MAP_SHARED 0x01
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MADV_DONTNEED 4

#define EINVAL 22
#define ENOMEM 12
#define EEXIST 17
#define ENODEV 19

static struct pt pt;
static u64 win_va, win_end, win_pa;
static u64 brk_start, brk_cur, mmap_top;

static void *identity(void *ctx, u64 pa)
{
	(void)ctx;
	return (void *)pa;
}

void mem_init(void)
{
	pt.l1 = rt_comm->ttbr0;
	pt.next = rt_comm->tables_next;
	pt.end = rt_comm->ram_base + PZ_RT_SIZE;
	pt.ptr = identity;
	win_va = rt_comm->win_va;
	win_end = win_va + rt_comm->win_size;
	win_pa = rt_comm->ram_base + PZ_RT_SIZE;
	brk_start = brk_cur = rt_comm->brk;
	mmap_top = rt_comm->mmap_top;
}

static u64 state(u64 va)
{
	u64 *e = pt_entry(&pt, va, 0);

	return e ? *e : 0;
}

static int in_window(u64 va, u64 len)
{
	return va >= win_va && va <= win_end && len <= win_end - va;
}

static int all_free(u64 va, u64 len)
{
	u64 off;

	for (off = 0; off < len; off += PAGE)
		if (state(va + off))
			return 0;
	return 1;
}

static void flush_tlb(void)
{
	asm volatile("dsb ishst; tlbi vmalle1; dsb nsh; isb" ::: "memory");
}

/* The instruction side sees what was written at [pa, pa + len). */
static void sync_icache(u64 pa, u64 len)
{
	u64 a;

	for (a = pa & ~63ull; a < pa + len; a += 64)
		asm volatile("dc cvau, %0" ::"r"(a) : "memory");
	asm volatile("dsb ish; ic ialluis; dsb ish; isb" ::: "memory");
}

/* Map [va, va + len) with prot; 0, or -ENOMEM when tables run out. */
static int map(u64 va, u64 len, unsigned int prot)
{
	u64 off, *e;

	for (off = 0; off < len; off += PAGE) {
		e = pt_entry(&pt, va + off, 1);
		if (!e)
			return -ENOMEM;
		*e = pt_user_page(win_pa + (va + off - win_va), prot);
	}
	flush_tlb();
	return 0;
}

static void unmap(u64 va, u64 len)
{
	u64 off, *e;

	for (off = 0; off < len; off += PAGE) {
		e = pt_entry(&pt, va + off, 0);
		if (e)
			*e = 0;
	}
	flush_tlb();
}

static void zero(u64 va, u64 len)
{
	memset((void *)(win_pa + (va - win_va)), 0, len);
}

static u64 do_brk(u64 want)
{
	u64 old = PAGE_UP(brk_cur), new = PAGE_UP(want);

	if (want < brk_start || !in_window(brk_start, want - brk_start))
		return brk_cur;
	if (new > old) {
		if (!all_free(old, new - old) || map(old, new - old, 3))
			return brk_cur;
		zero(old, new - old);
	} else if (new < old) {
		unmap(new, old - new);
	}
	brk_cur = want;
	return brk_cur;
}

/* The highest free run of len bytes below mmap_top, or 0. */
static u64 find_free(u64 len)
{
	u64 end = mmap_top, va, low = PAGE_UP(brk_cur);

	while (end >= low + len) {
		for (va = end - PAGE; va >= end - len; va -= PAGE)
			if (state(va))
				break;
		if (va < end - len)
			return end - len;
		end = va; /* below the page in use */
	}
	return 0;
}

/* A private copy of the file's bytes [off, off + len) at va. */
static s64 read_file(u64 fd, u64 va, u64 len, u64 off)
{
	u64 done = 0;
	s64 r;

	while (done < len) {
		u64 a[6] = { fd, va + done, len - done, off + done };

		r = (s64)rt_forward(PZ_CALL_SYSCALL, NR_PREAD64, a);
		if (r < 0)
			return done ? 0 : r;
		if (!r)
			break;
		done += (u64)r;
	}
	return 0;
}

static u64 do_mmap(const u64 *a)
{
	u64 addr = a[0], len = PAGE_UP(a[1]), flags = a[3], off = a[5];
	unsigned int prot = (unsigned int)a[2] & 7;
	int fixed = !!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE));
	s64 r;

	if (!a[1] || (off & (PAGE - 1)) || (addr & (PAGE - 1) && fixed))
		return (u64)-EINVAL;
	if (!(flags & MAP_ANONYMOUS) && (flags & MAP_SHARED) &&
	    (prot & PZ_PROT_W))
		return (u64)-ENODEV; /* no shared writable file mappings */
	if (fixed) {
		if (!in_window(addr, len))
			return (u64)-ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !all_free(addr, len))
			return (u64)-EEXIST;
	} else if (!addr || (addr & (PAGE - 1)) || !in_window(addr, len) ||
		   !all_free(addr, len)) {
		addr = find_free(len);
		if (!addr)
			return (u64)-ENOMEM;
	}
	if (map(addr, len, 3)) {
		unmap(addr, len);
		return (u64)-ENOMEM;
	}
	zero(addr, len);
	if (!(flags & MAP_ANONYMOUS)) {
		r = read_file(a[4], addr, a[1], off);
		if (r < 0) {
			unmap(addr, len);
			return (u64)r;
		}
	}
	if (prot != 3)
		map(addr, len, prot);
	if (prot & PZ_PROT_X)
		sync_icache(win_pa + (addr - win_va), len);
	return addr;
}

static u64 do_mprotect(u64 addr, u64 len, unsigned int prot)
{
	u64 off;

	len = PAGE_UP(len);
	if (addr & (PAGE - 1))
		return (u64)-EINVAL;
	if (!in_window(addr, len))
		return (u64)-ENOMEM;
	for (off = 0; off < len; off += PAGE)
		if (!state(addr + off))
			return (u64)-ENOMEM;
	map(addr, len, prot & 7);
	if (prot & PZ_PROT_X)
		sync_icache(win_pa + (addr - win_va), len);
	return 0;
}

static u64 do_munmap(u64 addr, u64 len)
{
	u64 end;

	if ((addr & (PAGE - 1)) || !len)
		return (u64)-EINVAL;
	len = PAGE_UP(len);
	if (!len || addr + len < addr)
		return (u64)-EINVAL;
	/* only the part inside the window was ever mapped */
	end = addr + len < win_end ? addr + len : win_end;
	if (addr < win_va)
		addr = win_va;
	if (addr < end)
		unmap(addr, end - addr);
	return 0;
}

/* DONTNEED: the pages read as zeros from now on, as private pages do */
static u64 do_madvise(u64 addr, u64 len, u64 advice)
{
	u64 off;

	if (addr & (PAGE - 1))
		return (u64)-EINVAL;
	if (advice != MADV_DONTNEED || !in_window(addr, PAGE_UP(len)))
		return 0;
	for (off = 0; off < PAGE_UP(len); off += PAGE)
		if (state(addr + off) & PT_VALID)
			zero(addr + off, PAGE);
	return 0;
}

int mem_syscall(u64 nr, const u64 *a, u64 *ret)
{
	switch (nr) {
	case NR_BRK:
		*ret = do_brk(a[0]);
		return 1;
	case NR_MMAP:
		*ret = do_mmap(a);
		return 1;
	case NR_MUNMAP:
		*ret = do_munmap(a[0], a[1]);
		return 1;
	case NR_MPROTECT:
		*ret = do_mprotect(a[0], a[1], (unsigned int)a[2]);
		return 1;
	case NR_MADVISE:
		*ret = do_madvise(a[0], a[1], a[2]);
		return 1;
	case NR_MREMAP: /* glibc copies instead */
		*ret = (u64)-ENOMEM;
		return 1;
	case NR_MSYNC:
	case NR_MLOCK ... NR_MUNLOCKALL: /* all memory is always resident */
		*ret = 0;
		return 1;
	default:
		return 0;
	}
}

int mem_user_pa(u64 va, u64 *pa)
{
	u64 e = state(va);

	if (!(e & PT_VALID))
		return -1;
	*pa = (e & PT_ADDR_MASK) + (va & (PAGE - 1));
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Put a program into a process zone's memory as Linux's execve would: its
 * ELF segments (and its interpreter's, for a dynamically linked one), a
 * stack with argv, envp and the auxiliary vector, and the first stage-1
 * tables. The program's memory is mapped here at the addresses the
 * program uses, so all of this is plain stores.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>
#include "run.h"
#include "pt.h"

#define PAGE 4096ull
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define GUARD 0x10000ull /* unmapped below the stack and around ld.so */
#define STACK_MAX (8ull << 20) /* Linux's default limit */
#define HWCAP_CPUID_BIT (1ull << 11) /* no MRS emulation for EL0 here */

struct elf {
	const char *path;
	unsigned char *buf;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	uint64_t lo, hi; /* page span of its PT_LOAD segments */
	uint64_t bias;
	const char *interp; /* PT_INTERP, or NULL */
};

static int fail(char *err, size_t len, const char *fmt, const char *a,
		const char *b)
{
	snprintf(err, len, fmt, a, b);
	return -1;
}

static int read_all(const char *path, unsigned char **buf, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	*buf = malloc((size_t)n + 1);
	if (!*buf || fread(*buf, 1, (size_t)n, f) != (size_t)n) {
		free(*buf);
		*buf = NULL;
		fclose(f);
		errno = EIO;
		return -1;
	}
	fclose(f);
	*size = (size_t)n;
	return 0;
}

static int elf_open(struct elf *e, const char *path, char *err, size_t len)
{
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->path = path;
	if (read_all(path, &e->buf, &e->size))
		return fail(err, len, "%s: %s", path, strerror(errno));
	e->eh = (const Elf64_Ehdr *)e->buf;
	if (e->size < sizeof(*e->eh) || memcmp(e->eh->e_ident, ELFMAG, SELFMAG))
		return fail(err, len, "%s: %s", path, "not an ELF file");
	if (e->eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    e->eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    e->eh->e_machine != EM_AARCH64)
		return fail(err, len, "%s: %s", path,
			    "not a 64-bit little-endian AArch64 program");
	if (e->eh->e_type != ET_EXEC && e->eh->e_type != ET_DYN)
		return fail(err, len, "%s: %s", path,
			    "neither an executable nor a shared object");
	if (e->eh->e_phentsize != sizeof(Elf64_Phdr) || !e->eh->e_phnum ||
	    e->eh->e_phoff > e->size ||
	    (e->size - e->eh->e_phoff) / sizeof(Elf64_Phdr) < e->eh->e_phnum)
		return fail(err, len, "%s: %s", path,
			    "its program headers are cut off");
	e->ph = (const Elf64_Phdr *)(e->buf + e->eh->e_phoff);
	e->lo = UINT64_MAX;
	for (i = 0; i < e->eh->e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];

		if (p->p_type == PT_INTERP) {
			if (p->p_offset > e->size ||
			    p->p_filesz > e->size - p->p_offset ||
			    !p->p_filesz ||
			    e->buf[p->p_offset + p->p_filesz - 1])
				return fail(err, len, "%s: %s", path,
					    "its PT_INTERP is malformed");
			e->interp = (const char *)e->buf + p->p_offset;
		}
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_offset > e->size ||
		    p->p_filesz > e->size - p->p_offset ||
		    p->p_memsz < p->p_filesz ||
		    p->p_vaddr + p->p_memsz < p->p_vaddr)
			return fail(err, len, "%s: %s", path,
				    "a PT_LOAD segment lies outside the file");
		if (PAGE_DOWN(p->p_vaddr) < e->lo)
			e->lo = PAGE_DOWN(p->p_vaddr);
		if (PAGE_UP(p->p_vaddr + p->p_memsz) > e->hi)
			e->hi = PAGE_UP(p->p_vaddr + p->p_memsz);
	}
	if (e->lo == UINT64_MAX)
		return fail(err, len, "%s: %s", path, "nothing to load");
	return 0;
}

static unsigned int prot_of(uint32_t flags)
{
	return (flags & PF_R ? PZ_PROT_R : 0) | (flags & PF_W ? PZ_PROT_W : 0) |
	       (flags & PF_X ? PZ_PROT_X : 0);
}

static int add_map(struct pz_comm *m, uint64_t va, uint64_t len,
		   unsigned int prot)
{
	if (m->nmaps >= PZ_MAX_MAPS)
		return -1;
	m->maps[m->nmaps++] =
		(struct pz_map){ .va = va, .len = len, .prot = prot };
	return 0;
}

/* Copy e's segments to bias + their addresses (inside the window). */
static int elf_load(struct run_ctx *c, struct elf *e, char *err, size_t len)
{
	unsigned int i;

	memset((void *)(uintptr_t)(e->lo + e->bias), 0, e->hi - e->lo);
	for (i = 0; i < e->eh->e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];
		uint64_t va = p->p_vaddr + e->bias;

		if (p->p_type != PT_LOAD)
			continue;
		memcpy((void *)(uintptr_t)va, e->buf + p->p_offset,
		       p->p_filesz);
		if (add_map(c->comm, PAGE_DOWN(va),
			    PAGE_UP(va + p->p_memsz) - PAGE_DOWN(va),
			    prot_of(p->p_flags)))
			return fail(err, len, "%s: %s", e->path,
				    "too many segments");
	}
	return 0;
}

static uint64_t phdr_va(const struct elf *e)
{
	unsigned int i;

	for (i = 0; i < e->eh->e_phnum; i++)
		if (e->ph[i].p_type == PT_PHDR)
			return e->ph[i].p_vaddr + e->bias;
	for (i = 0; i < e->eh->e_phnum; i++)
		if (e->ph[i].p_type == PT_LOAD && e->ph[i].p_offset == 0)
			return e->ph[i].p_vaddr + e->eh->e_phoff + e->bias;
	return 0;
}

static uint64_t push_str(uint64_t *sp, const char *s)
{
	size_t n = strlen(s) + 1;

	*sp -= n;
	memcpy((void *)(uintptr_t)*sp, s, n);
	return *sp;
}

/* argc, argv[], envp[], auxv[] and their strings, below top. */
static uint64_t build_stack(uint64_t top, const struct elf *prog,
			    const struct elf *interp, const char *path,
			    char *const argv[], char *const envp[])
{
	uint64_t sp = top, execfn, platform, random, *w;
	uint64_t *av, *ev, aux[2 * 24];
	size_t argc = 0, envc = 0, naux = 0, words, i;
	unsigned char rnd[16];

	while (argv[argc])
		argc++;
	while (envp[envc])
		envc++;
	av = calloc(argc + 1, sizeof(*av));
	ev = calloc(envc + 1, sizeof(*ev));
	if (!av || !ev)
		abort();
	execfn = push_str(&sp, path);
	for (i = envc; i-- > 0;)
		ev[i] = push_str(&sp, envp[i]);
	for (i = argc; i-- > 0;)
		av[i] = push_str(&sp, argv[i]);
	platform = push_str(&sp, "aarch64");
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		memset(rnd, 0x5a, sizeof(rnd));
	sp = (sp - sizeof(rnd)) & ~15ull;
	memcpy((void *)(uintptr_t)sp, rnd, sizeof(rnd));
	random = sp;

#define AUX(t, v) (aux[naux++] = (t), aux[naux++] = (v))
	AUX(AT_PHDR, phdr_va(prog));
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, prog->eh->e_phnum);
	AUX(AT_PAGESZ, PAGE);
	AUX(AT_BASE, interp ? interp->bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, prog->eh->e_entry + prog->bias);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_HWCAP, getauxval(AT_HWCAP) & ~HWCAP_CPUID_BIT);
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	words = 1 + argc + 1 + envc + 1 + naux;
	sp = (sp - words * 8) & ~15ull;
	w = (uint64_t *)(uintptr_t)sp;
	*w++ = argc;
	for (i = 0; i < argc; i++)
		*w++ = av[i];
	*w++ = 0;
	for (i = 0; i < envc; i++)
		*w++ = ev[i];
	*w++ = 0;
	memcpy(w, aux, naux * 8);
	free(av);
	free(ev);
	return sp;
}

static void *pa_ptr(void *ctx, hv_u64 pa)
{
	struct run_ctx *c = ctx;
	uint64_t win_pa = c->ram_base + PZ_RT_SIZE;

	if (pa >= win_pa)
		return (void *)(uintptr_t)(c->win_va + (pa - win_pa));
	return c->rt + (pa - c->ram_base);
}

/* The first tables: all the RAM for the runtime, the maps for the
 * program. */
static int build_tables(struct run_ctx *c, char *err, size_t len)
{
	struct pz_comm *m = c->comm;
	struct pt pt = {
		.l1 = c->ram_base + PZ_TABLES_OFF,
		.next = c->ram_base + PZ_TABLES_OFF + PAGE,
		.end = c->ram_base + PZ_RT_SIZE,
		.ptr = pa_ptr,
		.ctx = c,
	};
	unsigned int i;
	uint64_t off;

	memset(c->rt + PZ_TABLES_OFF, 0, PAGE);
	if (pt_map_el1(&pt, c->ram_base, c->ram_base, PZ_RT_SIZE, 1) ||
	    pt_map_el1(&pt, c->ram_base + PZ_RT_SIZE, c->ram_base + PZ_RT_SIZE,
		       c->ram_size - PZ_RT_SIZE, 0))
		goto full;
	for (i = 0; i < m->nmaps; i++) {
		for (off = 0; off < m->maps[i].len; off += PAGE) {
			uint64_t va = m->maps[i].va + off;
			hv_u64 *e = pt_entry(&pt, va, 1);
			unsigned int prot = m->maps[i].prot;

			if (!e)
				goto full;
			if (*e) /* a page two segments share: both rights */
				prot |= ((*e >> 7) & 1 ? 0 : PZ_PROT_W) |
					((*e >> 54) & 1 ? 0 : PZ_PROT_X) |
					PZ_PROT_R;
			*e = pt_user_page(c->ram_base + PZ_RT_SIZE +
						  (va - c->win_va),
					  prot);
		}
	}
	m->ttbr0 = pt.l1;
	m->tables_next = pt.next;
	return 0;
full:
	snprintf(err, len, "the process zone's tables do not fit");
	return -1;
}

/* Push what we wrote to memory: the runtime starts with its MMU off. */
static void clean_dcache(const void *p, size_t len)
{
#ifdef __aarch64__
	uintptr_t a;

	for (a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + len; a += 64)
		asm volatile("dc cvac, %0" ::"r"(a) : "memory");
	asm volatile("dsb sy" ::: "memory");
#else
	(void)p;
	(void)len;
#endif
}

int run_probe(const char *path, char *err, size_t errlen)
{
	struct elf prog, interp;
	int ret;

	memset(&interp, 0, sizeof(interp));
	ret = elf_open(&prog, path, err, errlen);
	if (!ret && prog.interp)
		ret = elf_open(&interp, prog.interp, err, errlen);
	free(prog.buf);
	free(interp.buf);
	return ret;
}

int run_load(struct run_ctx *c, const char *path, char *const argv[],
	     char *const envp[], const char *rt_path, char *err, size_t errlen)
{
	struct pz_comm *m = c->comm;
	uint64_t win_end = c->win_va + c->win_size, stack, top;
	struct elf prog, interp, *ip = NULL;
	unsigned char *rt;
	size_t rt_size;
	int ret = -1;

	if (read_all(rt_path, &rt, &rt_size))
		return fail(err, errlen, "the runtime %s: %s", rt_path,
			    strerror(errno));
	if (rt_size > PZ_COMM_OFF) {
		free(rt);
		return fail(err, errlen, "the runtime %s: %s", rt_path,
			    "larger than its room");
	}
	memcpy(c->rt, rt, rt_size);
	free(rt);
	memset(m, 0, sizeof(*m));
	memset(&interp, 0, sizeof(interp));
	if (elf_open(&prog, path, err, errlen))
		goto out;
	if (prog.interp) {
		ip = &interp;
		if (elf_open(ip, prog.interp, err, errlen))
			goto out;
		if (ip->interp) {
			fail(err, errlen, "%s: %s", prog.interp,
			     "an interpreter with an interpreter");
			goto out;
		}
	}
	stack = c->win_size / 8 < STACK_MAX ? PAGE_DOWN(c->win_size / 8)
					    : STACK_MAX;
	top = win_end - stack - GUARD;
	if (prog.eh->e_type == ET_DYN)
		prog.bias = c->win_va - prog.lo;
	if (prog.lo + prog.bias < c->win_va || prog.hi + prog.bias > top) {
		snprintf(
			err, errlen,
			"%s: its addresses 0x%llx-0x%llx are outside the process zone's memory 0x%llx-0x%llx (--mem?)",
			path, (unsigned long long)(prog.lo + prog.bias),
			(unsigned long long)(prog.hi + prog.bias),
			(unsigned long long)c->win_va, (unsigned long long)top);
		goto out;
	}
	if (ip) { /* at the top, below the stack, as Linux's mmap would */
		ip->bias = ((top - (ip->hi - ip->lo)) & ~(GUARD - 1)) - ip->lo;
		top = ip->lo + ip->bias - GUARD;
		if (top <= prog.hi + prog.bias) {
			fail(err, errlen, "%s: %s", path,
			     "the process zone's memory is too small (--mem)");
			goto out;
		}
	}
	if (elf_load(c, &prog, err, errlen) ||
	    (ip && elf_load(c, ip, err, errlen)))
		goto out;
	memset((void *)(uintptr_t)(win_end - stack), 0, stack);
	add_map(m, win_end - stack, stack, PZ_PROT_R | PZ_PROT_W);
	m->magic = PZ_MAGIC;
	m->version = PZ_VERSION;
	m->ram_base = c->ram_base;
	m->ram_size = c->ram_size;
	m->win_va = c->win_va;
	m->win_size = c->win_size;
	m->entry = ip ? ip->eh->e_entry + ip->bias
		      : prog.eh->e_entry + prog.bias;
	m->sp = build_stack(win_end, &prog, ip, path, argv, envp);
	m->brk = prog.hi + prog.bias;
	m->mmap_top = top;
	if (build_tables(c, err, errlen))
		goto out;
	clean_dcache(c->rt, PZ_COMM_OFF + PAGE);
	clean_dcache(c->rt + PZ_TABLES_OFF,
		     m->tables_next - (c->ram_base + PZ_TABLES_OFF));
	ret = 0;
out:
	free(prog.buf);
	free(interp.buf);
	return ret;
}

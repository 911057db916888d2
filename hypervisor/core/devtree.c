// SPDX-License-Identifier: GPL-2.0
#include "core/devtree.h"
#include "core/lib.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

u64 dt_cells(const u32 *p, u32 n)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < n; i++)
		v = v << 32 | be32(p + i);
	return v;
}

int dt_open(struct dtree *f, const void *blob, u64 max)
{
	const u8 *b = blob;
	u32 size;

	if (!blob || max < 40 || be32(b) != FDT_MAGIC)
		return -1;
	size = be32(b + 4);
	f->blob = b;
	f->size = size;
	f->struct_off = be32(b + 8);
	f->strings_off = be32(b + 12);
	f->strings_size = be32(b + 32);
	f->struct_size = be32(b + 36);
	if (size > max || be32(b + 20) < 16 || /* version */
	    f->struct_off > size || f->struct_size > size - f->struct_off ||
	    f->strings_off > size || f->strings_size > size - f->strings_off ||
	    (f->struct_off & 3) || (f->struct_size & 3))
		return -1;
	return 0;
}

static u32 tok(const struct dtree *f, u32 off)
{
	return off + 4 <= f->struct_size ? be32(f->blob + f->struct_off + off)
					 : FDT_END;
}

/* a NUL-terminated string at off of the structure block: its length + 1,
 * rounded up to 4, or 0 if it runs past the block */
static u32 name_len(const struct dtree *f, u32 off)
{
	const char *s = (const char *)f->blob + f->struct_off;
	u32 i;

	for (i = off; i < f->struct_size; i++)
		if (!s[i])
			return (i - off + 1 + 3) & ~3u;
	return 0;
}

/* The token after the one at off (a BEGIN_NODE's name, a PROP's value
 * skipped); 0 on a malformed token. */
static u32 skip(const struct dtree *f, u32 off)
{
	u32 t = tok(f, off), n, len;

	switch (t) {
	case FDT_BEGIN_NODE:
		n = name_len(f, off + 4);
		return n ? off + 4 + n : 0;
	case FDT_PROP:
		if (off + 12 > f->struct_size)
			return 0;
		len = be32(f->blob + f->struct_off + off + 4);
		if (len > f->struct_size - off - 12)
			return 0;
		return off + 12 + ((len + 3) & ~3u);
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return 0;
	}
}

int dt_next_node(const struct dtree *f, int node, int *depth)
{
	u32 off;

	if (node < 0) {
		*depth = 0;
		for (off = 0; tok(f, off) == FDT_NOP; off += 4)
			;
		return tok(f, off) == FDT_BEGIN_NODE ? (int)off : -1;
	}
	off = skip(f, (u32)node);
	(*depth)++;
	while (off) {
		switch (tok(f, off)) {
		case FDT_BEGIN_NODE:
			return *depth > 0 ? (int)off : -1;
		case FDT_END_NODE:
			if (--(*depth) < 0)
				return -1;
			break;
		case FDT_END:
			return -1;
		}
		off = skip(f, off);
	}
	return -1;
}

const char *dt_node_name(const struct dtree *f, int node)
{
	return (const char *)f->blob + f->struct_off + node + 4;
}

const void *dt_prop(const struct dtree *f, int node, const char *name, u32 *len)
{
	u32 off = skip(f, (u32)node);

	for (; off; off = skip(f, off)) {
		u32 t = tok(f, off), l, nameoff;
		const char *s;

		if (t == FDT_NOP)
			continue;
		if (t != FDT_PROP)
			return NULL;
		l = be32(f->blob + f->struct_off + off + 4);
		nameoff = be32(f->blob + f->struct_off + off + 8);
		if (nameoff >= f->strings_size)
			return NULL;
		s = (const char *)f->blob + f->strings_off + nameoff;
		if (strnlen(s, f->strings_size - nameoff) <
			    f->strings_size - nameoff &&
		    !strcmp(s, name)) {
			if (len)
				*len = l;
			return f->blob + f->struct_off + off + 12;
		}
	}
	return NULL;
}

/* Does a node name match one path component (of n bytes)? Without a unit
 * address in the component, any unit address matches. */
static bool name_is(const char *name, const char *comp, u32 n)
{
	u32 i;
	bool unit = false;

	for (i = 0; i < n; i++) {
		if (name[i] != comp[i])
			return false;
		unit |= comp[i] == '@';
	}
	return !name[n] || (name[n] == '@' && !unit);
}

int dt_path(const struct dtree *f, const char *path)
{
	int depth = 0, want = 0, node = dt_next_node(f, -1, &depth);
	const char *comp = path;

	if (node < 0 || *path != '/')
		return -1;
	while (*comp == '/')
		comp++;
	while (*comp) {
		const char *end = comp;
		u32 n;

		while (*end && *end != '/')
			end++;
		n = (u32)(end - comp);
		want++;
		for (node = dt_next_node(f, node, &depth);
		     node >= 0 && depth >= want;
		     node = dt_next_node(f, node, &depth))
			if (depth == want &&
			    name_is(dt_node_name(f, node), comp, n))
				break;
		if (node < 0 || depth != want)
			return -1;
		comp = end;
		while (*comp == '/')
			comp++;
	}
	return node;
}

int dt_parent(const struct dtree *f, int node)
{
	int stack[DT_MAX_DEPTH], n, depth = 0;

	for (n = dt_next_node(f, -1, &depth); n >= 0;
	     n = dt_next_node(f, n, &depth)) {
		if (depth >= DT_MAX_DEPTH)
			return -1;
		stack[depth] = n;
		if (n == node)
			return depth ? stack[depth - 1] : -1;
	}
	return -1;
}

bool dt_compatible(const struct dtree *f, int node, const char *compat)
{
	u32 len, i = 0, n = (u32)strlen(compat);
	const char *c = dt_prop(f, node, "compatible", &len);

	while (c && i < len) {
		if (len - i > n && !memcmp(c + i, compat, n) && !c[i + n])
			return true;
		while (i < len && c[i])
			i++;
		i++;
	}
	return false;
}

bool dt_prop_is(const struct dtree *f, int node, const char *name,
		const char *value)
{
	u32 len;
	const char *s = dt_prop(f, node, name, &len);

	return s && len == strlen(value) + 1 && !memcmp(s, value, len);
}

bool dt_enabled(const struct dtree *f, int node)
{
	return !dt_prop(f, node, "status", NULL) ||
	       dt_prop_is(f, node, "status", "okay") ||
	       dt_prop_is(f, node, "status", "ok");
}

u32 dt_u32(const struct dtree *f, int node, const char *name, u32 dflt)
{
	u32 len;
	const u32 *p = dt_prop(f, node, name, &len);

	return p && len == 4 ? be32(p) : dflt;
}

int dt_reg(const struct dtree *f, int node, u32 i, u64 *addr, u64 *size)
{
	int parent = dt_parent(f, node);
	u32 ac, sc, len;
	const u32 *p;

	if (parent < 0)
		return -1;
	ac = dt_u32(f, parent, "#address-cells", 2);
	sc = dt_u32(f, parent, "#size-cells", 1);
	p = dt_prop(f, node, "reg", &len);
	if (!p || ac < 1 || ac > 2 || sc > 2 ||
	    (u64)(i + 1) * (ac + sc) * 4 > len)
		return -1;
	p += i * (ac + sc);
	*addr = dt_cells(p, ac);
	*size = dt_cells(p + ac, sc);
	return 0;
}

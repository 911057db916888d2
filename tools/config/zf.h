/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Inside the zone config parser (tools/config/config.c): the context a parse
 * carries and what its files share. Not for users of config.h.
 */
#ifndef HVISOR_TOOLS_ZF_H
#define HVISOR_TOOLS_ZF_H

#include <stdio.h>

#include <cJSON.h>

#include "config.h"

#define ZF_MAX_DEPTH 32 /* real configs nest 3 deep */
#define ZF_JPATH_LEN 160
#define ZF_VALUE_LEN 80
/* A JSON number is an IEEE double: integers from 2^53 on may be rounded. */
#define ZF_JSON_INT_LIMIT 9007199254740992.0

struct zf_ctx {
	const char *path;
	FILE *errf;
	int errors;
	struct zone_file *zf;
	int has_kernel_paddr;
	char ramdisk_src[ZF_JPATH_LEN]; /* JSON path of the ramdisk address */
};

/* zf_json.c: reports, members, numbers, strings, paths */
__attribute__((format(printf, 4, 5))) int zf_err(struct zf_ctx *c,
						 const char *jpath,
						 const char *value,
						 const char *fmt, ...);
__attribute__((format(printf, 4, 5))) void zf_warn(struct zf_ctx *c,
						   const char *jpath,
						   const char *value,
						   const char *fmt, ...);
void zf_quote(char *buf, size_t n, const char *s, size_t max);
const char *zf_show(const cJSON *it, char *buf, size_t n);
void zf_jkey(char *buf, const char *prefix, const char *key);
void zf_jidx(char *buf, const char *prefix, int index);
const cJSON *zf_opt(const cJSON *obj, const char *key);
const cJSON *zf_need(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		     const char *key);
void zf_check_keys(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		   const char *const *known);
int zf_num(struct zf_ctx *c, const cJSON *it, const char *jp, hv_u64 *out);
int zf_u32(struct zf_ctx *c, const cJSON *it, const char *jp, hv_u32 *out);
int zf_str(struct zf_ctx *c, const cJSON *it, const char *jp, const char **out);
int zf_need_num(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		const char *key, hv_u64 *out);
int zf_opt_num(struct zf_ctx *c, const cJSON *obj, const char *prefix,
	       const char *key, hv_u64 *out);
int zf_resolve(struct zf_ctx *c, const char *jp, const char *rel, char *out);
int zf_opt_path(struct zf_ctx *c, const cJSON *obj, const char *key, char *out);

/* zf_zone.c: the zone's own sections */
void zf_parse_name(struct zf_ctx *c, const cJSON *root);
void zf_parse_cpus(struct zf_ctx *c, const cJSON *arr);
void zf_parse_regions(struct zf_ctx *c, const cJSON *arr);
void zf_parse_irqs(struct zf_ctx *c, const cJSON *arr);
void zf_drop_gic_regions(struct zf_ctx *c);
void zf_parse_image(struct zf_ctx *c, const cJSON *root, const char *file_key,
		    const char *addr_key, char *path, hv_u64 *addr, int *has);
void zf_parse_modules(struct zf_ctx *c, const cJSON *arr);
void zf_parse_console(struct zf_ctx *c, const cJSON *obj);

/* zf_virtio.c: its virtio devices */
void zf_parse_virtio(struct zf_ctx *c, const cJSON *arr);

/* zf_ivc.c: its channels to other zones */
void zf_parse_ivc(struct zf_ctx *c, const cJSON *arr);

#endif

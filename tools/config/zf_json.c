// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The JSON side of zone configs: reports naming the field, members,
 * numbers, strings and paths (tools/config/zf.h). */
#include <stdarg.h>
#include <string.h>

#include "zf.h"

static void zf_vreport(struct zf_ctx *c, int warning, const char *jpath,
		       const char *value, const char *fmt, va_list ap)
{
	if (!warning)
		c->errors++;
	if (!c->errf)
		return;
	fprintf(c->errf, "%s%s: ", warning ? "warning: " : "", c->path);
	if (jpath)
		fprintf(c->errf, "%s: ", jpath);
	if (value)
		fprintf(c->errf, "%s: ", value);
	vfprintf(c->errf, fmt, ap);
	fputc('\n', c->errf);
}

/* Report an error; returns -1 so callers can "return zf_err(...)". */
__attribute__((format(printf, 4, 5))) int zf_err(struct zf_ctx *c,
						 const char *jpath,
						 const char *value,
						 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zf_vreport(c, 0, jpath, value, fmt, ap);
	va_end(ap);
	return -1;
}

__attribute__((format(printf, 4, 5))) void zf_warn(struct zf_ctx *c,
						   const char *jpath,
						   const char *value,
						   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zf_vreport(c, 1, jpath, value, fmt, ap);
	va_end(ap);
}

/* Quote s for a message: at most max bytes, control characters as '?'. */
void zf_quote(char *buf, size_t n, const char *s, size_t max)
{
	size_t i, o = 0;

	buf[o++] = '"';
	for (i = 0; i < max && s[i] && o + 6 < n; i++)
		buf[o++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (i < max && s[i]) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

/* A JSON value as the user wrote it (near enough) for messages. */
const char *zf_show(const cJSON *it, char *buf, size_t n)
{
	if (cJSON_IsString(it))
		zf_quote(buf, n, it->valuestring, SIZE_MAX);
	else if (cJSON_IsNumber(it))
		snprintf(buf, n, "%.16g", it->valuedouble);
	else if (cJSON_IsTrue(it))
		snprintf(buf, n, "true");
	else if (cJSON_IsFalse(it))
		snprintf(buf, n, "false");
	else if (cJSON_IsNull(it))
		snprintf(buf, n, "null");
	else if (cJSON_IsArray(it))
		snprintf(buf, n, "[...]");
	else
		snprintf(buf, n, "{...}");
	return buf;
}

/* Only an absurd unknown key overflows a JSON path; mark the cut. */
static void zf_jpath_cut(char *buf, int n)
{
	if (n < 0 || n >= ZF_JPATH_LEN)
		memcpy(buf + ZF_JPATH_LEN - 4, "...", 4);
}

void zf_jkey(char *buf, const char *prefix, const char *key)
{
	if (prefix && prefix[0])
		zf_jpath_cut(buf,
			     snprintf(buf, ZF_JPATH_LEN, "%s.%s", prefix, key));
	else
		zf_jpath_cut(buf, snprintf(buf, ZF_JPATH_LEN, "%s", key));
}

void zf_jidx(char *buf, const char *prefix, int index)
{
	zf_jpath_cut(buf, snprintf(buf, ZF_JPATH_LEN, "%s[%d]", prefix, index));
}

static const cJSON *zf_get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* An optional member: NULL if absent or null. */
const cJSON *zf_opt(const cJSON *obj, const char *key)
{
	const cJSON *it = zf_get(obj, key);

	return cJSON_IsNull(it) ? NULL : it;
}

/* A required member, or NULL after reporting it missing. */
const cJSON *zf_need(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		     const char *key)
{
	const cJSON *it = zf_get(obj, key);
	char jp[ZF_JPATH_LEN];

	if (!it) {
		zf_jkey(jp, prefix, key);
		zf_err(c, jp, NULL, "missing");
	}
	return it;
}

/* Warn about unknown members and refuse repeated ones. */
void zf_check_keys(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		   const char *const *known)
{
	const cJSON *it, *prev;
	char jp[ZF_JPATH_LEN];
	int i;

	cJSON_ArrayForEach(it, obj)
	{
		zf_jkey(jp, prefix, it->string);
		for (i = 0; known[i]; i++)
			if (!strcmp(known[i], it->string))
				break;
		if (!known[i])
			zf_warn(c, jp, NULL, "unknown field, ignored");
		for (prev = obj->child; prev != it; prev = prev->next) {
			if (!strcmp(prev->string, it->string)) {
				zf_err(c, jp, NULL, "duplicate field");
				break;
			}
		}
	}
}

static int zf_digit(char ch, int base)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (base == 16 && ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (base == 16 && ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int zf_num_str(struct zf_ctx *c, const char *s, const char *jp,
		      const char *v, hv_u64 *out)
{
	const char *p = s;
	hv_u64 x = 0;
	int base = 10;
	int d;

	if (*p == '-')
		return zf_err(c, jp, v, "negative numbers are not allowed");
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
		/* "010" means 8 to some tools and 10 to others. */
		return zf_err(
			c, jp, v,
			"leading zero (octal is not supported; write \"0x...\" or plain decimal)");
	}
	if (!*p)
		return zf_err(c, jp, v, "not a number");
	for (; *p; p++) {
		d = zf_digit(*p, base);
		if (d < 0 && base == 10 &&
		    (*p == '.' || *p == 'e' || *p == 'E'))
			return zf_err(c, jp, v, "not an integer");
		if (d < 0)
			return zf_err(
				c, jp, v,
				"not a number (write \"0x...\" hex or decimal digits)");
		if (x > (UINT64_MAX - (hv_u64)d) / (hv_u64)base)
			return zf_err(c, jp, v, "does not fit in 64 bits");
		x = x * (hv_u64)base + (hv_u64)d;
	}
	*out = x;
	return 0;
}

/* A non-negative integer: a JSON number, or a "0x..." or decimal string. */
int zf_num(struct zf_ctx *c, const cJSON *it, const char *jp, hv_u64 *out)
{
	char v[ZF_VALUE_LEN];
	double d;

	zf_show(it, v, sizeof(v));
	if (cJSON_IsString(it))
		return zf_num_str(c, it->valuestring, jp, v, out);
	if (!cJSON_IsNumber(it))
		return zf_err(c, jp, v, "expected a number");
	d = it->valuedouble;
	if (d < 0)
		return zf_err(c, jp, v, "negative numbers are not allowed");
	if (!(d < ZF_JSON_INT_LIMIT))
		return zf_err(
			c, jp, v,
			"too large for a JSON number (2^53 and above may be rounded); use a \"0x...\" string");
	if (d != (double)(hv_u64)d)
		return zf_err(c, jp, v, "not an integer");
	*out = (hv_u64)d;
	return 0;
}

int zf_u32(struct zf_ctx *c, const cJSON *it, const char *jp, hv_u32 *out)
{
	char v[ZF_VALUE_LEN];
	hv_u64 x;

	if (zf_num(c, it, jp, &x))
		return -1;
	if (x > UINT32_MAX)
		return zf_err(c, jp, zf_show(it, v, sizeof(v)),
			      "out of range (more than 32 bits)");
	*out = (hv_u32)x;
	return 0;
}

int zf_str(struct zf_ctx *c, const cJSON *it, const char *jp, const char **out)
{
	char v[ZF_VALUE_LEN];

	*out = "";
	if (!cJSON_IsString(it))
		return zf_err(c, jp, zf_show(it, v, sizeof(v)),
			      "expected a string");
	*out = it->valuestring;
	return 0;
}

/* Required number member obj.key. */
int zf_need_num(struct zf_ctx *c, const cJSON *obj, const char *prefix,
		const char *key, hv_u64 *out)
{
	const cJSON *it = zf_need(c, obj, prefix, key);
	char jp[ZF_JPATH_LEN];

	if (!it)
		return -1;
	zf_jkey(jp, prefix, key);
	return zf_num(c, it, jp, out);
}

/* Optional number member: 1 if given, 0 if absent, -1 if bad. */
int zf_opt_num(struct zf_ctx *c, const cJSON *obj, const char *prefix,
	       const char *key, hv_u64 *out)
{
	const cJSON *it = zf_opt(obj, key);
	char jp[ZF_JPATH_LEN];

	if (!it)
		return 0;
	zf_jkey(jp, prefix, key);
	return zf_num(c, it, jp, out) ? -1 : 1;
}

/* rel resolved against the config's folder into out (PATH_LEN bytes). */
int zf_resolve(struct zf_ctx *c, const char *jp, const char *rel, char *out)
{
	const char *dir = c->zf->dir;
	char v[ZF_VALUE_LEN];
	int n;

	if (rel[0] == '/' || !strcmp(dir, "."))
		n = snprintf(out, ZONE_FILE_PATH_LEN, "%s", rel);
	else if (dir[strlen(dir) - 1] == '/')
		n = snprintf(out, ZONE_FILE_PATH_LEN, "%s%s", dir, rel);
	else
		n = snprintf(out, ZONE_FILE_PATH_LEN, "%s/%s", dir, rel);
	if (n < 0 || n >= ZONE_FILE_PATH_LEN) {
		out[0] = '\0';
		zf_quote(v, sizeof(v), rel, 60);
		return zf_err(c, jp, v, "path too long (at most %d bytes)",
			      ZONE_FILE_PATH_LEN - 1);
	}
	return 0;
}

/* Optional file path member: 1 if given, 0 if absent (or ""), -1 if bad. */
int zf_opt_path(struct zf_ctx *c, const cJSON *obj, const char *key, char *out)
{
	const cJSON *it = zf_opt(obj, key);
	const char *s;

	if (!it)
		return 0;
	if (zf_str(c, it, key, &s))
		return -1;
	if (!s[0])
		return 0;
	return zf_resolve(c, key, s, out) ? -1 : 1;
}

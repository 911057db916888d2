// SPDX-License-Identifier: GPL-2.0 OR MIT
/* A zone config's channels to other zones: hvisor's "ivc_configs". */
#include <stdio.h>

#include "zf.h"

static const char *const zf_ivc_keys[] = {
	"ivc_id",	  "peer_id",	 "control_table_ipa",
	"shared_mem_ipa", "rw_sec_size", "out_sec_size",
	"interrupt_num",  "max_peers",	 NULL
};

/* A member that must fit 32 bits (the checker judges its value). */
static void zf_need_u32(struct zf_ctx *c, const cJSON *obj, const char *pre,
			const char *key, hv_u32 *out)
{
	char jp[ZF_JPATH_LEN], v[ZF_VALUE_LEN];
	hv_u64 n;

	if (zf_need_num(c, obj, pre, key, &n))
		return;
	if (n > 0xffffffffull) {
		zf_jkey(jp, pre, key);
		snprintf(v, sizeof(v), "0x%llx", (unsigned long long)n);
		zf_err(c, jp, v, "does not fit 32 bits");
		return;
	}
	*out = (hv_u32)n;
}

static void zf_parse_ivc_one(struct zf_ctx *c, const cJSON *obj, int i)
{
	struct hv_ivc_config *ivc = &c->zf->cfg.ivc[i];
	char pre[ZF_JPATH_LEN], v[ZF_VALUE_LEN];

	zf_jidx(pre, "ivc_configs", i);
	if (!cJSON_IsObject(obj)) {
		zf_err(c, pre, zf_show(obj, v, sizeof(v)),
		       "expected an object");
		return;
	}
	zf_check_keys(c, obj, pre, zf_ivc_keys);
	zf_need_u32(c, obj, pre, "ivc_id", &ivc->ivc_id);
	zf_need_u32(c, obj, pre, "peer_id", &ivc->peer_id);
	zf_need_num(c, obj, pre, "control_table_ipa", &ivc->control_table_ipa);
	zf_need_num(c, obj, pre, "shared_mem_ipa", &ivc->shared_mem_ipa);
	zf_need_u32(c, obj, pre, "rw_sec_size", &ivc->rw_sec_size);
	zf_need_u32(c, obj, pre, "out_sec_size", &ivc->out_sec_size);
	zf_need_u32(c, obj, pre, "interrupt_num", &ivc->interrupt_num);
	zf_need_u32(c, obj, pre, "max_peers", &ivc->max_peers);
}

void zf_parse_ivc(struct zf_ctx *c, const cJSON *arr)
{
	char v[ZF_VALUE_LEN];
	const cJSON *it;
	int n, i = 0;

	if (!cJSON_IsArray(arr)) {
		zf_err(c, "ivc_configs", zf_show(arr, v, sizeof(v)),
		       "expected an array of channels");
		return;
	}
	n = cJSON_GetArraySize(arr);
	if (n > HV_MAX_IVC) {
		snprintf(v, sizeof(v), "%d entries", n);
		zf_err(c, "ivc_configs", v,
		       "more than the limit of %d (HV_MAX_IVC)", HV_MAX_IVC);
		return;
	}
	cJSON_ArrayForEach(it, arr) zf_parse_ivc_one(c, it, i++);
	c->zf->cfg.num_ivc = (hv_u32)n;
}

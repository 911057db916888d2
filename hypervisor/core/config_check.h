/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Zone config rules that need no live hypervisor state. One copy is shared by
 * the hypervisor (freestanding, no libc), the aarch64 tool and the host tool,
 * so a config that `hvisor config check` accepts offline is one the
 * hypervisor accepts too, and both explain a refusal the same way.
 */
#ifndef HVISOR_CONFIG_CHECK_H
#define HVISOR_CONFIG_CHECK_H

#include <hvisor/abi.h>

/*
 * Where and why a config was refused. field/sub use the JSON names of
 * docs/zone-config.md so the tool can print "memory_regions[2].size".
 */
struct hv_cfg_error {
	int code; /* HV_E* (positive) */
	const char *field; /* top-level JSON field, e.g. "memory_regions" */
	int index; /* element of that array, -1 if none */
	const char *sub; /* member of that element or object, or NULL */
	hv_u64 value; /* the offending value */
	/*
	 * Static text. When other >= 0 the rule ends with the name of the
	 * array that other indexes ("overlaps memory_regions"), so printing
	 * "<rule>[<other>]" reads well.
	 */
	const char *rule;
	int other; /* the other element of an overlap or duplicate, else -1 */
	int zone; /* the other zone involved (live rules), else -1 */
};

/*
 * Check every rule that needs no live hypervisor state. num_cpus is the
 * number of CPUs of the machine. Returns 0, or -HV_E* with *err filled in
 * for the first violation found (err may be NULL).
 */
int hv_config_check(const struct hv_zone_config *cfg, unsigned int num_cpus,
		    struct hv_cfg_error *err);

/* Is irq one of the config's interrupts? */
int hv_cfg_irq_listed(const struct hv_zone_config *cfg, hv_u32 irq);

/* The channels' rules (config_ivc.c), part of hv_config_check(). */
int hv_config_check_ivc(const struct hv_zone_config *cfg,
			struct hv_cfg_error *err);
/* Two peers' views of a channel, c being ivc_configs[i] of the config
 * checked: 0 if the ids differ or the views agree. */
int hv_ivc_peer_check(const struct hv_ivc_config *c, int i,
		      const struct hv_ivc_config *peer,
		      struct hv_cfg_error *err);
/* The bytes of a channel's memory: its sections together. */
hv_u64 hv_ivc_bytes(const struct hv_ivc_config *c);

/* Fill *err (if not NULL) with zone = -1; returns -code. */
int hv_cfg_fail(struct hv_cfg_error *err, int code, const char *field,
		int index, const char *sub, hv_u64 value, const char *rule,
		int other);

/* Non-zero if [a, a + asz) and [b, b + bsz) share a byte; empty never do. */
/* May a zone's name have this character? (ASCII letters, digits, _ . -) */
int hv_cfg_name_char_ok(char ch);
int hv_ranges_overlap(hv_u64 a, hv_u64 asz, hv_u64 b, hv_u64 bsz);

/*
 * One line for a refusal: "memory_regions[1].size: 0x1234: not 4 KiB
 * aligned", "cpus: 2: belongs to zone 1". Always NUL-terminates buf.
 */
void hv_cfg_error_format(const struct hv_cfg_error *e, char *buf,
			 unsigned int size);

/* Short text for an HV_E* code, positive or negated. */
const char *hv_strerror(int code);

#endif /* HVISOR_CONFIG_CHECK_H */

/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Channels between zones (docs/ivc.md): what the hivc driver gives its
 * user space through /dev/hivcN. The control table the driver reads is the
 * hypervisor's, in abi.h.
 */
#ifndef HVISOR_IVC_H
#define HVISOR_IVC_H

#include <hvisor/abi.h>

#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

/* HIVC_INFO: the channel as the hypervisor describes it now */
struct hivc_info {
	hv_u32 ivc_id;
	hv_u32 peer_id; /* ours */
	hv_u32 max_peers;
	hv_u32 rw_sec_size;
	hv_u32 out_sec_size;
	hv_u32 peers; /* HV_IVC_CT_PEERS */
	hv_u32 state[HV_IVC_MAX_PEERS]; /* every peer's, ours included */
};

/*
 * /dev/hivcN (N = ivc_id). mmap at offset 0 maps the channel's memory as
 * the zone sees it: the common section, then the output sections by peer
 * id; a writable shared mapping may cover only the common section or the
 * caller's own output section. read() of 8 bytes blocks until the zone's
 * doorbell rang since this open file last read, and returns how many
 * times (a u64); poll() says POLLIN then. State changes ring it too.
 */
#define HIVC_MAGIC 'V'
#define HIVC_INFO _IOR(HIVC_MAGIC, 0, struct hivc_info)
#define HIVC_DOORBELL _IOW(HIVC_MAGIC, 1, hv_u32) /* ring peer n's */
#define HIVC_SET_STATE _IOW(HIVC_MAGIC, 2, hv_u32) /* our state word */

#endif /* HVISOR_IVC_H */

// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vblk.h"

#define VIRTIO_BLK_F_SEG_MAX (1ULL << 2)
#define VIRTIO_BLK_F_RO (1ULL << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ULL << 6)
#define VIRTIO_BLK_F_FLUSH (1ULL << 9)

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

/* config space offsets (struct virtio_blk_config) */
#define CFG_CAPACITY 0
#define CFG_SEG_MAX 12
#define CFG_BLK_SIZE 20
#define CFG_LEN 24

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void vblk_describe(struct hv_virtio_dev *d, uint64_t bytes, int readonly,
		   uint16_t queue_max)
{
	uint32_t seg_max = queue_max > 2 ? queue_max - 2u : 1u;

	if (seg_max > VQ_MAX_SEGS - 2)
		seg_max = VQ_MAX_SEGS - 2;
	d->device_id = VIRTIO_ID_BLOCK;
	d->num_queues = 1;
	d->queue_max = queue_max;
	d->features = VIRTIO_F_VERSION_1 | VIRTIO_F_EVENT_IDX |
		      VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE |
		      VIRTIO_BLK_F_FLUSH | (readonly ? VIRTIO_BLK_F_RO : 0);
	memset(d->config, 0, sizeof(d->config));
	put_le(d->config + CFG_CAPACITY, bytes / VBLK_SECTOR, 8);
	put_le(d->config + CFG_SEG_MAX, seg_max, 4);
	put_le(d->config + CFG_BLK_SIZE, VBLK_SECTOR, 4);
	d->config_len = CFG_LEN;
}

/* Whole transfer, retrying short ones; 0 or -1. */
static int rw_all(int fd, struct iovec *iov, int n, uint64_t pos, bool write)
{
	while (n > 0) {
		ssize_t r = write ? pwritev(fd, iov, n, (off_t)pos)
				  : preadv(fd, iov, n, (off_t)pos);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		pos += (uint64_t)r;
		while (n > 0 && (size_t)r >= iov->iov_len) {
			r -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + r;
			iov->iov_len -= (size_t)r;
		}
	}
	return 0;
}

static int in_range(const struct vblk *b, uint64_t sector, uint64_t bytes)
{
	return !(bytes % VBLK_SECTOR) && sector <= b->sectors &&
	       bytes / VBLK_SECTOR <= b->sectors - sector;
}

long vblk_handle(struct vblk *b, const struct virtq *vq,
		 const struct vq_req *req)
{
	static __thread struct iovec iov[VQ_MAX_SEGS];
	uint64_t rd = vq_req_bytes(req, false), wr = vq_req_bytes(req, true);
	uint8_t hdr[16], status = VIRTIO_BLK_S_IOERR;
	uint64_t sector, len = 0, data;
	uint32_t type;
	int n;

	if (!wr)
		return -1; /* nowhere to put a status */
	data = wr - 1;
	if (rd < sizeof(hdr) ||
	    vq_copy_from(vq, req, false, 0, hdr, sizeof(hdr)) != sizeof(hdr))
		goto done;
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	switch (type) {
	case VIRTIO_BLK_T_IN:
		if (data > VBLK_MAX_REQ_BYTES || !in_range(b, sector, data))
			break;
		n = vq_iov(vq, req, true, 0, data, iov, VQ_MAX_SEGS);
		if (n < 0 || rw_all(b->fd, iov, n, sector * VBLK_SECTOR, false))
			break;
		b->reads++;
		len = data;
		status = VIRTIO_BLK_S_OK;
		break;
	case VIRTIO_BLK_T_OUT:
		if (b->readonly || rd - sizeof(hdr) > VBLK_MAX_REQ_BYTES ||
		    !in_range(b, sector, rd - sizeof(hdr)))
			break;
		n = vq_iov(vq, req, false, sizeof(hdr), rd - sizeof(hdr), iov,
			   VQ_MAX_SEGS);
		if (n < 0 || rw_all(b->fd, iov, n, sector * VBLK_SECTOR, true))
			break;
		b->writes++;
		status = VIRTIO_BLK_S_OK;
		break;
	case VIRTIO_BLK_T_FLUSH:
		if (b->readonly || !fdatasync(b->fd)) {
			b->flushes++;
			status = VIRTIO_BLK_S_OK;
		}
		break;
	case VIRTIO_BLK_T_GET_ID:
		len = data < sizeof(b->id) ? data : sizeof(b->id);
		if (vq_copy_to(vq, req, 0, b->id, len) == (long)len)
			status = VIRTIO_BLK_S_OK;
		else
			len = 0;
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
	}
done:
	if (status == VIRTIO_BLK_S_IOERR)
		b->errors++;
	if (vq_copy_to(vq, req, data, &status, 1) != 1)
		return -1;
	return (long)(len + 1);
}

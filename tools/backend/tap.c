// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tap.h"
#include "vnet.h"

static int if_up(int s, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

/* "a.b.c.d/len" on name */
static int if_addr(int s, const char *name, const char *cidr)
{
	struct sockaddr_in *sin;
	struct ifreq ifr;
	char ip[20], *slash;
	unsigned int len;

	snprintf(ip, sizeof(ip), "%s", cidr);
	slash = strchr(ip, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	len = (unsigned int)atoi(slash + 1);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	sin = (struct sockaddr_in *)&ifr.ifr_addr;
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, ip, &sin->sin_addr) != 1 ||
	    ioctl(s, SIOCSIFADDR, &ifr))
		return -1;
	sin->sin_addr.s_addr = htonl(~0u << (32 - len));
	return ioctl(s, SIOCSIFNETMASK, &ifr);
}

/*
 * A bridge takes the lowest MAC of its ports unless it has one of its own:
 * then a zone leaving would change zone0's MAC under the other zones' ARP
 * caches and cut them off. 02:48:56:00:00:00 is zone0's, as 02:48:56:00:
 * <zone>:<device> are the zones'.
 */
static int bridge_mac(int s, const char *bridge)
{
	static const unsigned char mac[6] = { 0x02, 0x48, 0x56, 0, 0, 0 };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, sizeof(mac));
	return ioctl(s, SIOCSIFHWADDR, &ifr);
}

/* The bridge exists afterwards; a new one gets zone0's MAC and address. */
static int bridge_make(int s, const char *bridge, const char *bridge_ip,
		       FILE *errf)
{
	if (!ioctl(s, SIOCBRADDBR, bridge)) {
		if (bridge_mac(s, bridge)) {
			fprintf(errf, "hvisor: bridge %s: MAC address: %s\n",
				bridge, strerror(errno));
			return -1;
		}
		if (bridge_ip[0] && if_addr(s, bridge, bridge_ip)) {
			fprintf(errf, "hvisor: bridge %s: address %s: %s\n",
				bridge, bridge_ip, strerror(errno));
			return -1;
		}
	} else if (errno != EEXIST) {
		fprintf(errf,
			"hvisor: bridge %s: cannot create it: %s (is the bridge module loaded?)\n",
			bridge, strerror(errno));
		return -1;
	}
	if (if_up(s, bridge)) {
		fprintf(errf, "hvisor: bridge %s: cannot bring it up: %s\n",
			bridge, strerror(errno));
		return -1;
	}
	return 0;
}

int tap_open(hv_u32 zone, unsigned int dev, const char *bridge,
	     const char *bridge_ip, FILE *errf)
{
	int fd, s = -1, hdr = VNET_HDR_LEN;
	struct ifreq ifr;

	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(errf,
			"hvisor: /dev/net/tun: %s (is the tun module loaded?)\n",
			strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "hvz%u.%u", zone, dev);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	if (ioctl(fd, TUNSETIFF, &ifr) || ioctl(fd, TUNSETVNETHDRSZ, &hdr)) {
		fprintf(errf, "hvisor: TAP hvz%u.%u: %s\n", zone, dev,
			strerror(errno));
		goto fail;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || bridge_make(s, bridge, bridge_ip, errf))
		goto fail;
	ifr.ifr_ifindex = (int)if_nametoindex(ifr.ifr_name);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
	if (!ifr.ifr_ifindex || ioctl(s, SIOCBRADDIF, &ifr)) {
		fprintf(errf, "hvisor: TAP hvz%u.%u: cannot join %s: %s\n",
			zone, dev, bridge, strerror(errno));
		goto fail;
	}
	snprintf(ifr.ifr_name, IFNAMSIZ, "hvz%u.%u", zone, dev);
	if (if_up(s, ifr.ifr_name)) {
		fprintf(errf, "hvisor: TAP %s: cannot bring it up: %s\n",
			ifr.ifr_name, strerror(errno));
		goto fail;
	}
	close(s);
	return fd;
fail:
	if (s >= 0)
		close(s);
	close(fd);
	return -1;
}

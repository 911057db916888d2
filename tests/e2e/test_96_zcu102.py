"""A real board's model: QEMU's Xilinx ZCU102 (4 x Cortex-A53, GIC-400,
Cadence UART, RAM from 0), described by Debian's own device tree for it,
with the same hypervisor image. zone0 is that device tree with what is not
zone0's taken out (hvisor dtb patch --carve); zone1 starts with its
console, a virtio disk (an image in zone0's RAM: QEMU's model has no disk
zone0 could keep it on) and network; shutdown and restart."""
import re

from harness import check

BOOT = "hv"
BOARD = "zcu102"
CFG = "zcu102/"


def prepare(m):
    m.insmod()


def start_zone1(m):
    return m.start_zone(CFG + "zone1-linux.json", "zone1")


def test_banner_names_the_board(m):
    log = m.log_text()
    check(re.search(r"on ZynqMP ZCU102 Rev1\.0: GICv2, 4 CPUs, Cadence UART at 0xff000000", log),
          "banner: %r" % log[:800])
    check(m.out("nproc").strip() == "2", "zone0's CPUs")
    out = m.out("cat /proc/device-tree/model; echo; ls /proc/device-tree/cpus")
    check("ZynqMP ZCU102" in out and "cpu@2" not in out, "zone0's tree: %r" % out)


def test_zone1_with_disk_and_network(m):
    m.out("head -c 16777216 /dev/zero > /tmp/zone1-disk.img")
    secs = start_zone1(m)
    print("  zone start -> zone1 shell on the ZCU102: %.2fs" % secs)
    m.attach("zone1")
    out = m.zout("zone1", "head -c 1048576 /dev/urandom > /tmp/blob; md5sum /tmp/blob;"
                 " dd if=/tmp/blob of=/dev/vda bs=64k 2>/dev/null; sync;"
                 " dd if=/dev/vda bs=64k count=16 2>/dev/null | md5sum", timeout=120)
    sums = re.findall(r"^([0-9a-f]{32})\s", out, re.M)
    check(len(sums) == 2 and sums[0] == sums[1], "zone1's disk: %r" % out)
    out = m.zout("zone1", "ping -c 2 -W 5 10.0.0.1 && echo net ok", timeout=60)
    check("net ok" in out, "zone1 -> zone0 over virtio-net: %r" % out)
    m.detach()
    # what zone1 wrote is in the image zone0 serves
    out = m.out("head -c 1048576 /tmp/zone1-disk.img | md5sum")
    check(sums[0] in out, "zone0's copy of zone1's disk: %r" % out)


def test_shutdown_and_restart(m):
    m.out("hvisor zone shutdown zone1", timeout=120)
    check("zone1" not in m.zones(), "zone1 still listed")
    start_zone1(m)
    m.attach("zone1")
    check("again" in m.zout("zone1", "echo again"), "zone1 after a restart")
    m.detach()
    m.out("hvisor zone shutdown zone1", timeout=120)


def test_poweroff(m):
    m.poweroff()

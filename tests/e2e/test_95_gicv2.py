"""The same hypervisor image (same bytes) on a second machine: QEMU virt
with a GICv2 (4 x Cortex-A57), described by its own device tree. zone0
boots; zones start from the board's configs (zone-configs/qemu-virt-gicv2/,
which differ only in arch_config) with console, virtio disk and network and
the passed-through rng; shutdown and restart; a panicking zone is
contained; and the attack suite's GIC cases run against the v2
distributor, its trapped SGI register and its routing bytes."""
import re
import time

import pexpect

from harness import check

BOOT = "hv"
BOARD = "qemu-virt-gicv2"
CFG = "qemu-virt-gicv2/"


def prepare(m):
    m.insmod()


def zone_start(m, name):
    return m.start_zone(CFG + name + "-linux.json", name)


def fuzz(m, op, arg=None):
    """hvfuzz.ko in zone1, blind (it may leave the zone deaf)."""
    cmd = "insmod /lib/modules/hvfuzz.ko op=%s%s" % (op, " arg=%d" % arg if arg else "")
    m.attach("zone1")
    m.send(cmd + "\r")
    i = m.expect([r"hvfuzz: %s done" % re.escape(op), r"Internal error: .*"], timeout=300)
    check(i == 0, "%s: zone1's kernel died before it was done" % op)
    try:
        m.child.expect(r"zone1:[^\r\n]*# ", timeout=10)
    except pexpect.TIMEOUT:
        pass
    m.detach()


def others_well(m):
    log = m.log_text()
    check(not re.search(r"\[hvisor ERR \d\] (PANIC|exception in the hypervisor)", log),
          "the hypervisor stopped")
    check("zone0 ok" in m.out("echo zone0 ok", timeout=30), "zone0")
    m.attach("zone2")
    out = m.zout("zone2", "echo zone2 ok; ping -c 1 -W 5 10.0.0.1 >/dev/null && echo net ok",
                 timeout=60)
    m.detach()
    check("zone2 ok" in out and "net ok" in out, "zone2: %r" % out)


def fresh_zone1(m):
    if "zone1" in m.zones():
        m.out("hvisor zone shutdown zone1", timeout=120)
    zone_start(m, "zone1")


def test_banner_names_the_board_and_its_gic(m):
    log = m.log_text()
    check(re.search(r"on linux,dummy-virt: GICv2, 4 CPUs, PL011 UART at 0x9000000", log),
          "banner: %r" % log[:600])
    check(re.search(r"GICv2: \d+ IRQs, \d+ list registers", log), "no GICv2 line")
    out = m.out("hvisor --version")
    check("GICv2" in out, "hvisor --version: %r" % out)
    check(m.out("nproc").strip() == "2", "zone0's CPUs")


def test_configs_checked_against_the_board(m):
    """hvisor's own layout for this board (gicc_offset, the virtual frames,
    pci_config) is accepted; GIC fields that contradict the board are
    refused, each named, by the tool and by the hypervisor."""
    rc, out = m.run("hvisor config check /hvisor/zone-configs/%shvisor-zone1.json" % CFG)
    check(rc == 0 and "hvisor-zone1.json: ok" in out, "hvisor's layout: %r" % out)
    bad = m.derive_config(CFG + "z1-badgic.json", base=CFG + "zone1-linux.json",
                          edit=lambda c: c["arch_config"].update(gicc_base="0x08020000",
                                                                 gicv_base="0x08050000"))
    rc, out = m.run("hvisor config check " + bad, check=False)
    check(rc == 1 and "arch_config.gicc_base: 0x8020000: the board's CPU interface is at"
          " 0x8010000" in out and "arch_config.gicv_base: 0x8050000" in out,
          "contradicting frames: %r" % out)
    rc, out = m.run("hvisor config check /hvisor/zone-configs/zone1-linux.json", check=False)
    check(rc == 1 and "arch_config.gic_version: v3: the board (linux,dummy-virt) has a GICv2"
          in out, "a GICv3 config: %r" % out)
    rc, out = m.run("hvisor zone start " + bad, check=False)
    check(rc == 1 and "gicc_base" in out and "zone1" not in m.zones(), "start: %r" % out)


def test_zone1_with_disk_and_network(m):
    secs = zone_start(m, "zone1")
    print("  zone start -> zone1 shell on the GICv2 board: %.2fs" % secs)
    m.attach("zone1")
    out = m.zout("zone1", "cat /data/README; ping -c 2 -W 5 10.0.0.1 >/dev/null && echo net ok;"
                          " grep -c GIC-0 /proc/interrupts")
    m.detach()
    check("zone1's data disk" in out and "net ok" in out, "zone1: %r" % out)
    # (Linux names a GICv2 "GIC-0", a GICv3 "GICv3")
    check(int(out.split()[-1]) > 0, "zone1's Linux drives no GICv2: %r" % out)


def test_zone2_with_its_rng(m):
    zone_start(m, "zone2")
    m.attach("zone2")
    n = m.zout("zone2", "head -c 4096 /dev/hwrng | wc -c").split()[-1]
    m.detach()
    check(n == "4096", "rng: %r" % n)


def test_shutdown_and_restart(m):
    for _ in range(2):
        m.out("hvisor zone shutdown zone1", timeout=120)
        check("zone1" not in m.zones(), "zone1 still listed")
        zone_start(m, "zone1")
    m.attach("zone1")
    check("again" in m.zout("zone1", "echo again"), "zone1 after restarts")
    m.detach()
    others_well(m)


def test_a_panicking_zone_is_contained(m):
    m.attach("zone1")
    m.send("k='Kernel pan'; echo \"${k}ic - not syncing: on the GICv2 board\" > /dev/ttyAMA0\r")
    m.expect(r"failed: Kernel panic", timeout=30)
    m.detach()
    time.sleep(1)
    z = m.zones(stopped=True)
    check(z["zone1"]["state"] == "stopped" and z["zone1"]["reason"].startswith("fault:"),
          "zone1: %r" % z["zone1"])
    others_well(m)


def test_gic_attacks_on_the_v2_distributor(m):
    for op, arg in (("gicd", None), ("gicd-unaligned", None), ("sgi-storm-v2", 20000),
                    ("route-v2", None)):
        fresh_zone1(m)
        fuzz(m, op, arg)
        others_well(m)


def test_poweroff(m):
    m.poweroff()

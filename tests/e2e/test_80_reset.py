"""Resets without a save area: zone0's supervisor of a zone (the process
`hvisor zone start` leaves behind) loads its images again from their files;
"on_reset": "stop" ends it instead; without a supervisor it ends with the
reason; a zone can live in the RAM the save area used to take.
(`make soak` does ten reboots of each kind; here four.)"""
import re
import time

from harness import check, zone0_free_kib

BOOT = "hv"
REBOOTS = 4


def prepare(m):
    m.insmod()



def memfree(m):
    return zone0_free_kib(m)


def test_reboot_inside_the_zone(m):
    m.start_zone("zone1-linux.json", "zone1")
    free0 = memfree(m)
    mark = len(m.log_text())
    for i in range(REBOOTS):
        m.attach("zone1")
        m.zrun("zone1", "echo life %d > /tmp/mark" % i)
        m.send("reboot\r")
        m.expect(r"Booting Linux on physical CPU", timeout=60)
        # typed while the new kernel has no console driver yet: its UART
        # interrupt must wait for the driver to enable it
        m.send("\r")
        m.expect(r"zone1:[^\r\n]*# ", timeout=120)
        out = m.zrun("zone1", "cat /tmp/mark 2>&1; true")[1]
        m.detach()
        check("life" not in out, "reboot %d: not a fresh boot: %r" % (i, out))
    check("Unexpected interrupt" not in m.log_text()[mark:],
          "a rebooted zone got an interrupt it had not enabled")
    log = m.out("cat /var/log/hvisor/zone1.log")
    check(log.count("zone reset: images loaded again") == REBOOTS, "supervisor log: %r" % log)
    free1 = memfree(m)
    print("  %d reboots: zone0 free (MemFree + per-CPU lists) %d -> %d KiB" % (REBOOTS, free0, free1))
    check(free1 > free0 - 2048, "zone0 lost %d KiB" % (free0 - free1))


def test_hvisor_zone_reboot(m):
    mark = len(m.log_text())
    for i in range(REBOOTS):
        m.out("hvisor zone reboot zone1")
        m.expect(r"\[zone1\] zone1:[^\r\n]*# ", timeout=120)
    log = m.log_text()[mark:]
    check(log.count("reboot asked by zone0") == REBOOTS, "reboots logged: %d"
          % log.count("reboot asked by zone0"))
    check(m.zones()["zone1"]["state"] == "running", "zone1")
    rc, out = m.run("hvisor zone reboot zone0", check=False)
    check(rc == 1 and "reboot refused" in out, "zone0: %d %r" % (rc, out))
    m.out("hvisor zone shutdown zone1")
    m.out("hvisor zone shutdown zone1")  # and its record


def test_reset_after_a_flood_of_device_events(m):
    # zone1's supervisor stopped while zone1 writes its virtio console's
    # QueueNotify, slowly enough that zone0 takes each one from the
    # hypervisor's ring (no merge): zone0's queue for the supervisor (256)
    # overflows. The reboot's event must still be there when the supervisor
    # runs again, or zone1 would stay "resetting" for ever.
    m.start_zone("zone1-linux.json", "zone1")
    sup = "$(ps -o pid,comm | awk '$2 == \"hv-zone1\" {print $1}')"
    m.out("kill -STOP " + sup)
    m.attach("zone1")
    m.zrun("zone1", "insmod /lib/modules/hvattack.ko base=0x0a003a00 notify=1000"
                    " notify_us=300", check=False, timeout=120)
    out = m.zrun("zone1", "dmesg | grep 'hvattack: notified'")[1]
    m.detach()
    check("notified 1000 times" in out, "hvattack: %r" % out)
    m.out("hvisor zone reboot zone1")
    m.out("kill -CONT " + sup)
    m.expect(r"\[zone1\] zone1:[^\r\n]*# ", timeout=120)
    log = m.out("cat /var/log/hvisor/zone1.log")
    check("events were lost" in log, "zone0's queue did not overflow: %r" % log[-400:])
    check("zone reset: images loaded again" in log, "no reload: %r" % log[-400:])
    check(m.zones()["zone1"]["state"] == "running", "zone1")
    m.out("hvisor zone shutdown zone1")
    m.out("hvisor zone shutdown zone1")  # and its record


def test_supervisor_gone_ends_the_zone_on_reset(m):
    m.start_zone("zone2-linux.json", "zone2")
    # the supervisor: the process named hv-zone2
    m.out("kill $(ps -o pid,comm | awk '$2 == \"hv-zone2\" {print $1}'); sleep 1")
    m.out("hvisor zone reboot zone2")
    rc, out = m.run("hvisor zone wait zone2 --timeout 30", check=False, timeout=60)
    check(rc == 5 and "reset: no supervisor in zone0" in out, "wait: %d %r" % (rc, out))
    check(m.zones(stopped=True)["zone2"]["state"] == "stopped", "zone2")
    m.out("hvisor zone shutdown zone2")


def test_on_reset_stop(m):
    m.derive_config("z1-stop.json", edit=lambda c: c.update(on_reset="stop"))
    m.start_zone("z1-stop.json", "zone1")
    m.attach("zone1")
    m.send("reboot\r")
    time.sleep(0.5)
    m.detach()
    rc, out = m.run("hvisor zone wait zone1 --timeout 60", check=False, timeout=90)
    check(rc == 5 and out.split()[-1] == "reset", "wait: %d %r" % (rc, out))
    z = m.zones(stopped=True)["zone1"]
    check(z["state"] == "stopped" and z["reason"] == "reset", "list: %r" % z)
    bad = m.derive_config("z1-bad.json", edit=lambda c: c.update(on_reset="later"))
    rc, out = m.run("hvisor config check %s" % bad, check=False)
    check(rc == 1 and re.search(r"on_reset: \"later\": must be", out), "bad value: %r" % out)
    m.out("hvisor zone shutdown zone1")


def test_zone_in_the_former_save_area(m):
    # zone1 moved to 0xc0000000, the RAM the hypervisor used to keep
    def high(c):
        for r in c["memory_regions"]:
            r["physical_start"] = r["virtual_start"] = "0xc0000000"
        for k in ("kernel_load_paddr", "entry_point", "dtb_load_paddr", "ramdisk_load_paddr"):
            c[k] = "0x%x" % (int(c[k], 16) + 0x40000000)
    m.derive_config("z1-high.json", edit=high)
    m.start_zone("z1-high.json", "zone1")
    m.attach("zone1")
    out = m.zrun("zone1", "grep 'System RAM' /proc/iomem")[1]
    m.detach()
    check(re.search(r"c0000000-dfffffff : System RAM", out), "zone1's RAM: %r" % out)
    out = m.out("hvisor --version")
    mm = re.search(r"reserved (\d+) KiB, page pool (\d+) pages, at most (\d+) used", out)
    check(mm and int(mm.group(1)) <= 8192, "reservation: %r" % out)
    print("  hypervisor: reserved %s KiB, page pool %s pages, at most %s used"
          % mm.groups())
    m.out("hvisor zone shutdown zone1")

"""Zone storage: zone1's virtio-blk data disk and virtio console served from
zone0, hostile descriptors, locked and missing images, zone2's passed-through
virtio-rng, and the disk image checked with e2fsck afterwards."""
import json
import os
import re
import time

import harness
from harness import attached, check

BOOT = "hv"
BLK = 0x0a003c00


def prepare(m):
    m.insmod()


def recover(m):
    """After a failure: zone1 up with its disk, as the first test leaves it."""
    m.start_zone("zone1-linux.json", "zone1")


def backend_pids(m, zone):
    out = m.out("ps -o pid,comm | grep ' hv-%s$' || true" % zone)
    return [l.split()[0] for l in out.splitlines() if l.strip()]


def test_zone1_mounts_its_virtio_disk(m):
    m.start_zone("zone1-linux.json", "zone1")
    m.attach("zone1")
    check("/dev/vda on /data type ext4" in m.zout("zone1", "mount"), "no /data")
    check("zone1's data disk" in m.zout("zone1", "cat /data/README"), "README")
    m.zout("zone1", "dd if=/dev/urandom of=/data/blob bs=1k count=512 2>/dev/null;"
                     " md5sum /data/blob > /data/blob.md5; sync")
    m.detach()
    z = m.zones()["zone1"]
    blk, cons = z["virtio"][:2]
    check(blk["type"] == "blk" and blk["base"] == "0xa003c00" and blk["irq"] == 78
          and blk["status"] == 0xf and blk["requests"] > 0, "blk: %r" % blk)
    check(cons["type"] == "console" and cons["status"] == 0xf, "console: %r" % cons)
    out = m.out("hvisor zone list")
    check(re.search(r"virtio0 blk\s+0xa003c00 irq 78 status 0xf, \d+ requests: "
                    r"[\d.]+ EL2 entries/request", out), "list: %r" % out)


def test_backend_runs_and_logs(m):
    check(len(backend_pids(m, "zone1")) == 1, "one backend process for zone1")
    log = m.out("cat /var/log/hvisor/zone1.log")
    check("backend of zone 1 (zone1)" in log, "backend log: %r" % log)


def test_data_survives_shutdown_and_restart(m):
    """... restarted with its disk polled ("poll_us"): a stream of 4 KiB
    reads is served with fewer events to zone0 than requests (the window
    caught the rest, as the backend's log says), and the data is right."""
    m.out("hvisor zone shutdown zone1")
    time.sleep(1)
    check(backend_pids(m, "zone1") == [], "the backend outlived its zone")
    check("backend of zone 1 ends" in m.out("cat /var/log/hvisor/zone1.log"),
          "backend did not log its end")
    m.derive_config("zone1-poll.json", edit=lambda c: c["virtio"][0].update(poll_us=1000))
    m.start_zone("zone1-poll.json", "zone1")
    before = m.zones()["zone1"]["virtio"][0]
    m.attach("zone1")
    check("/data/blob: OK" in m.zout("zone1", "md5sum -c /data/blob.md5"),
          "the file did not survive the restart")
    # no read-ahead: each 4 KiB read is one request, the next one soon after
    m.zout("zone1", "blockdev --setra 0 /dev/vda; echo 3 > /proc/sys/vm/drop_caches;"
                     " dd if=/dev/vda of=/dev/null bs=4k count=3000 2>/dev/null")
    m.detach()
    after = m.zones()["zone1"]["virtio"][0]
    m.out("kill -USR1 $(pidof hv-zone1); sleep 1")
    log = m.out("grep 'virtio0 polling' /var/log/hvisor/zone1.log | tail -1")
    caught = re.search(r"virtio0 polling: (\d+) requests caught", log)
    reqs, events = (after[k] - before[k] for k in ("requests", "events"))
    check(reqs >= 3000 and caught and int(caught.group(1)) > 0 and events < reqs,
          "polling: %d requests, %d events, log %r" % (reqs, events, log))
    print("  polled disk: %d requests, %d events to zone0; %s"
          % (reqs, events, log.strip().split("] ", 1)[-1]))


def test_shutdown_while_the_disk_is_busy_ends_the_backend_cleanly(m):
    """The driver unmaps the zone's RAM from the backend before the backend
    hears that the zone ended: a request served in between touched a page
    that was gone, and the backend died of SIGBUS without a word (no
    stats, no fsync of the image, no last log line)."""
    m.attach("zone1")
    m.zout("zone1", "(while true; do cat /dev/vda > /dev/null;"
                    " echo 3 > /proc/sys/vm/drop_caches; done) >/dev/null 2>&1 & true")
    m.detach()
    time.sleep(3)
    m.out("hvisor zone shutdown zone1")
    time.sleep(1)
    check(backend_pids(m, "zone1") == [], "the backend outlived its zone")
    log = m.out("cat /var/log/hvisor/zone1.log")
    check(log.strip().endswith("backend of zone 1 ends"), "the backend's log: %r" % log[-600:])
    m.start_zone("zone1-linux.json", "zone1")


def test_virtio_console_attach(m):
    m.child.sendline("hvisor zone console zone1 --virtio")
    m.expect(attached("zone1", " virtio console"))
    m.send("\r")
    m.expect(r"zone1:[^\r\n]*# ")
    out = m.zrun("zone1", "echo $((6 * 7)) via $(tty)")[1]
    check("42 via /dev/hvc0" in out, "hvc0 shell answered %r" % out)
    m.detach()
    check(m.out("echo back").strip() == "back", "zone0 after detach")


def test_hostile_descriptors_leave_everything_running(m):
    m.attach("zone1")
    m.zout("zone1", "umount /data; echo virtio0 > /sys/bus/virtio/drivers/virtio_blk/unbind")
    m.zrun("zone1", "insmod /lib/modules/hvattack.ko base=0x%x" % BLK, check=False,
           timeout=120)
    out = m.zout("zone1", "dmesg | grep 'hvattack: '")
    res = {}
    for name, used, status, blk in re.findall(
            r"hvattack: ([\w-]+): used=(\d+) status=0x([0-9a-f]+) blk=(\d+)", out):
        res[name] = (int(used), int(status, 16), int(blk))
    check("hvattack: done" in out and len(res) == 11, "attack output: %r" % out)
    check(res["good"] == (1, 0xf, 0), "a good request failed: %r" % (res["good"],))
    for case in ("buffer-outside-ram", "length-4g", "sector-past-end"):
        used, status, blk = res[case]
        check(used == 1 and blk == 1 and not status & 0x40,
              "%s: expected an I/O error, got %r" % (case, res[case]))
    for case in ("descriptor-loop", "head-past-queue", "next-past-queue", "indirect",
                 "avail-index-jump", "queue-size-6", "ring-outside-ram"):
        check(res[case][1] & 0x40, "%s: device not stopped (NEEDS_RESET): %r"
              % (case, res[case]))
    # the real driver takes the device back and the disk is intact
    m.zout("zone1", "echo virtio0 > /sys/bus/virtio/drivers/virtio_blk/bind; sleep 1;"
                     " mount -t ext4 /dev/vda /data")
    check("/data/blob: OK" in m.zout("zone1", "md5sum -c /data/blob.md5"),
          "disk after the attack")
    m.detach()
    check(len(backend_pids(m, "zone1")) == 1, "the backend died")
    log = m.out("cat /var/log/hvisor/zone1.log")
    for why in ("chain loops", "head descriptor index past the queue",
                "ring outside the zone's RAM", "indirect descriptor"):
        check(why in log, "backend did not log %r" % why)
    check("queue size refused" in m.log_text(), "hypervisor did not log the queue size")
    check(not re.search(r"\[hvisor ERR", m.log_text()), "hypervisor error logged")


def test_missing_and_locked_images_refused(m):
    missing = m.derive_config("zone1-missing.json",
                              edit=lambda c: c["virtio"][0].update(image="/disk/missing.ext4"))
    rc, out = m.run("hvisor zone start %s" % missing, check=False)
    check(rc == 1 and "/disk/missing.ext4: virtio[0].image: No such file or directory"
          in out, "missing image: %r" % out)
    # zone2 with zone1's disk, which zone1's backend holds
    steal = m.derive_config("zone2-steal.json", base="zone2-linux.json",
                            edit=lambda c: c["virtio"].insert(0, {
                                "type": "blk", "base": "0x0a003c00", "irq": 78,
                                "image": "/disk/zone1.ext4"}))
    rc, out = m.run("hvisor zone start %s" % steal, check=False)
    check(rc == 1 and "/disk/zone1.ext4: virtio[0].image:" in out and
          "another zone or program has it open" in out, "locked image: %r" % out)
    check(sorted(m.zones()) == ["zone0", "zone1"], "a refused start left a zone")


def test_hvisor_tool_configs(m):
    """hvisor-tool's way: virtio_cfg.json registered by `hvisor virtio
    start` (run with & as its users do), then a zone config whose sub-page
    "virtio" regions those devices fill."""
    m.out("hvisor zone shutdown zone1")
    d = "/hvisor/zone-configs/hvisor-tool"
    out = m.out("cd /disk && hvisor virtio start %s/virtio_cfg.json & wait; cd /" % d)
    check("virtio devices of zone 1 registered" in out, "virtio start: %r" % out)
    rc, out = m.run("hvisor config check %s/zone1.json" % d)
    check("virtio window 0xa003c00+0x200 has no device" in out, "check: %r" % out)
    m.start_zone("hvisor-tool/zone1.json", "zone1")
    m.attach("zone1")
    check("/data/blob: OK" in m.zout("zone1", "md5sum -c /data/blob.md5"),
          "zone1's disk through virtio_cfg.json")
    m.detach()
    z = m.zones()["zone1"]
    check([v["type"] for v in z["virtio"]] == ["blk", "console"], "devices: %r" % z)
    m.out("hvisor zone shutdown zone1; rm /run/hvisor/virtio/zone1")
    m.start_zone("zone1-linux.json", "zone1")


def test_zone1_reboot_resets_its_devices(m):
    m.attach("zone1")
    m.send("reboot\r")
    m.expect(r"Booting Linux on physical CPU 0x0000000002", timeout=60)
    m.expect(r"zone1:[^\r\n]*# ", timeout=120)
    check("/data/blob: OK" in m.zout("zone1", "md5sum -c /data/blob.md5"),
          "disk after reboot")
    m.detach()
    check("zone reset: devices reset" in m.out("cat /var/log/hvisor/zone1.log"),
          "backend did not reset")


def test_passthrough_rng_is_zone2s_alone(m):
    m.start_zone("zone2-linux.json", "zone2")
    m.attach("zone2")
    check("virtio_rng" in m.zout("zone2", "cat /sys/class/misc/hw_random/rng_current"),
          "zone2 has no virtio-rng")
    out = m.zout("zone2", "dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | wc -w")
    check(out.split()[-1] == "16", "no bytes from the passed-through rng: %r" % out)
    m.detach()
    m.attach("zone1")
    rc, _ = m.zrun("zone1", "devmem 0x0a001000 32", check=False)
    check(rc != 0, "zone1 read zone2's device")
    m.detach()
    rc, _ = m.run("devmem 0x0a001000 32", check=False)
    check(rc != 0, "zone0 read zone2's device")
    log = m.log_text()
    # from "(zoneN)" on: zone0's own output to the shared UART can land
    # between "zone N " and the rest of the hypervisor's line
    for z in (r"\(zone1\)", r"\(zone0\)"):
        check(re.search(z + r" CPU \d: refused access at IPA 0xa001000", log),
              "no refusal logged for %s" % z)
    m.out("hvisor zone shutdown zone2")


def test_zone1_poweroff_takes_its_backend(m):
    m.attach("zone1")
    m.send("poweroff\r")
    # the zone's line comes through zone0's console relay, the
    # hypervisor's straight to the UART: either may cut into the other
    m.expect([r"reboot: Power down", r"zone 1 \(zone1\) powered itself off"], timeout=60)
    m.detach()
    time.sleep(1)
    z = m.zones(stopped=True)
    check(z["zone1"]["state"] == "stopped" and z["zone1"]["reason"] == "poweroff",
          "zone1: %r" % z)
    check(backend_pids(m, "zone1") == [], "the backend outlived its zone")


def test_disk_image_is_clean_afterwards(m):
    m.poweroff()
    img = os.path.join(harness.LOGDIR, "zone1-after-test.ext4")
    harness.disk_file(m.disk, "/zone1.ext4", img)
    clean, out = harness.fsck(img)
    check(clean, "e2fsck -fn of zone1's image:\n%s" % out)

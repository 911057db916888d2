"""The zone lifecycle through /dev/hvisor: the driver, version check, zone
list, and zone starts the hypervisor must refuse, each with its reason,
leaving zone0 as it was."""
import json
import re

import harness
from harness import check

BOOT = "hv"


def prepare(m):
    m.insmod()


def test_insmod_creates_dev_hvisor(m):
    check("/dev/hvisor" in m.out("ls /dev/hvisor"), "no /dev/hvisor")
    out = m.out("hvisor --version")
    abi = harness.abi_version()
    check(re.search(r"hvisor tool \d+\.\d+\.\d+, ABI %d\.%d" % abi, out), "tool version: %r" % out)
    check(re.search(r"hypervisor \d+\.\d+\.\d+, ABI %d\.%d, 4 CPUs, 1 zones, \d+ pool pages free"
                    % abi, out),
          "the driver/hypervisor version check did not answer: %r" % out)


def test_list_shows_zone0_only(m):
    out = m.out("hvisor zone list")
    rows = [l for l in out.splitlines() if l.strip()]
    check(rows[0].split() == ["ID", "NAME", "STATE", "CPUS", "MEMORY", "UPTIME"],
          "header: %r" % rows[0])
    check(len(rows) == 2 and rows[1].split()[:4] == ["0", "zone0", "running", "0-1"]
          and re.match(r"\d+(s|m\d\ds)$", rows[1].split()[-1]), "list: %r" % out)
    zones = json.loads(m.out("hvisor zone list --json"))
    up = zones[0].pop("uptime_ms", 0) if zones else 0
    check(up > 1000, "zone0's uptime: %r ms" % up)
    check(zones == [{"id": 0, "name": "zone0", "state": "running", "cpus": [0, 1],
                     "memory_bytes": 0x3e000000, "reason": "", "virtio": []}],
          "json: %r" % zones)


def test_config_check_in_zone0(m):
    for cfg in ("zone0.json", "zone1-linux.json", "zone2-linux.json"):
        out = m.out("hvisor config check /hvisor/zone-configs/%s" % cfg)
        check(out.strip().endswith("%s: ok" % cfg), "config check %s: %r" % (cfg, out))
    m.out("echo '{\"name\": \"x\",' > /tmp/trunc.json")
    rc, out = m.run("hvisor config check /tmp/trunc.json", check=False)
    check(rc == 1 and re.search(r"/tmp/trunc.json:\d+:\d+: malformed JSON", out),
          "truncated config: %d %r" % (rc, out))
    rc, out = m.run("hvisor config frobnicate", check=False)
    check(rc == 2, "usage error must exit 2, got %d" % rc)


def refused(m, name, edit, expect, raw=True):
    """A variant of zone1's config (edit(cfg) makes it), started from zone0:
    refused with `expect` in the message, exit status 1, and zone0
    unchanged. With raw, the same config also goes to the hypervisor
    straight through the ioctl (hvraw), past every check of the tool, and
    must be refused the same."""
    bad = m.derive_config("bad-%s.json" % name, edit=edit)
    rc, out = m.run("hvisor zone start %s" % bad, check=False, timeout=120)
    check(rc == 1, "%s: exit status %d, output %r" % (name, rc, out))
    check(expect in out, "%s: expected %r in %r" % (name, expect, out))
    if raw:
        m.out("hvisor config compile %s -o /tmp/bad.bin" % bad)
        rc, out = m.run("hvraw /tmp/bad.bin", check=False)
        check(rc == 1 and ("refused: " + expect) in out,
              "%s: the hypervisor itself did not refuse: %r" % (name, out))
    check(m.out("hvisor zone list").count("running") == 1, "%s: a zone appeared" % name)
    check(m.out("nproc").strip() == "2", "%s: zone0 lost a CPU" % name)
    check(m.out("cat /sys/devices/system/cpu/online").strip() == "0-1",
          "%s: zone0's CPUs changed" % name)


def region(kind, start, size):
    return {"type": kind, "physical_start": start, "virtual_start": start, "size": size}


def test_refused_zone0_boot_cpu(m):
    refused(m, "cpu0", lambda c: c.update(cpus=[0]),
            "cpus: 0: is the boot CPU of zone 0")


def test_refused_zone0_ram(m):
    refused(m, "ram", lambda c: c["memory_regions"].__setitem__(
        0, region("ram", "0x70000000", "0x30000000")),
            "memory_regions[0].physical_start: 0x70000000: overlaps memory_regions[0] of zone 0")


def test_refused_zone0_interrupt(m):
    refused(m, "irq", lambda c: c.update(interrupts=[34]),
            "interrupts[0]: 34: belongs to zone 0")


def test_refused_zone0_device(m):
    refused(m, "dev", lambda c: c["memory_regions"].insert(
        0, region("io", "0x09010000", "0x1000")),
            "memory_regions[0].physical_start: 0x9010000: overlaps memory_regions[2] of zone 0")


def test_refused_hypervisor_memory(m):
    refused(m, "hv", lambda c: c["memory_regions"].insert(
        0, region("ram", "0x40000000", "0x200000")),
            "memory_regions[0].physical_start: 0x40000000: overlaps the hypervisor's memory")


def test_refused_gic_mismatch(m):
    refused(m, "gic", lambda c: c["arch_config"].update(gicd_base="0x08010000"),
            "arch_config.gicd_base: 0x8010000: differs from the board's GIC distributor")


def test_refused_static_rules_before_anything(m):
    refused(m, "align", lambda c: c["memory_regions"][0].update(size="0x20000800"),
            "memory_regions[0].size: 0x20000800: not 4 KiB aligned", raw=False)


def test_shutdown_errors(m):
    rc, out = m.run("hvisor zone shutdown 5", check=False)
    check(rc == 1 and "no zone with id or name '5'" in out, "shutdown 5: %r" % out)
    rc, out = m.run("hvisor zone shutdown zone0", check=False)
    check(rc == 1 and "cannot be shut down" in out, "shutdown zone0: %r" % out)
    rc, out = m.run("hvisor zone shutdown", check=False)
    check(rc == 2, "usage error must exit 2: %d %r" % (rc, out))


def test_hypervisor_logged_its_refusals(m):
    log = m.log_text()
    for why in ("cpus: 0: is the boot CPU of zone 0", "interrupts[0]: 34: belongs to zone 0",
                "overlaps the hypervisor's memory"):
        check(re.search(r"\[hvisor ERR \d\] zone 1 \(zone1\) refused: .*%s" % re.escape(why), log),
              "hypervisor did not log %r" % why)


def test_other_abi_version_refused(m):
    m.out("hvisor config compile /hvisor/zone-configs/zone1-linux.json -o /tmp/good.bin")
    # a tool of the previous ABI, as an old build would be
    rc, out = m.run("hvraw --abi 1 /tmp/good.bin", check=False)
    check(rc == 1 and "Protocol error" in out, "ABI 1 request: %d %r" % (rc, out))
    check("request from a tool for ABI 1.0" in m.out("dmesg | tail -3"),
          "the driver did not say which ABI it refused")


def test_valid_start_after_refusals_leaves_no_trace(m):
    m.start_zone("zone1-linux.json", "zone1")
    m.out("hvisor zone shutdown zone1")
    check(m.out("hvisor zone list").count("running") == 1, "zone0 only")


def test_zone0_still_healthy(m):
    check(m.out("echo ok; nproc").split() == ["ok", "2"], "zone0 not healthy")
    m.out("rmmod hvisor")
    check(m.run("ls /dev/hvisor", check=False)[0] != 0, "/dev/hvisor left after rmmod")
    m.poweroff()

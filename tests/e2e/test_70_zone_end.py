"""Zones that end themselves: zone0's driver hears it at once (the event
channel), gives lent CPUs back, keeps the zone listed as stopped with the
reason, and `hvisor zone wait` / `hvisor zone events` tell scripts."""
import json
import re
import time

from harness import check, cpu1_config, zone0_free_kib

BOOT = "hv"


def prepare(m):
    m.insmod()
    # zone1 on zone0's CPU 1: a poweroff must give the CPU back by itself
    cpu1_config(m)




def test_poweroff_twelve_times_each_listed_and_cpu_back(m):
    # (make soak does 100 cycles; this is the suite's share of them)
    free0 = None
    for i in range(12):
        m.start_zone("zone1-cpu1.json", "zone1")
        check(m.out("nproc").split()[-1] == "1", "CPU 1 not lent")
        m.in_zone("zone1", "poweroff")
        rc, out = m.run("hvisor zone wait zone1 --timeout 60", check=False, timeout=90)
        check(rc == 0 and out.split()[-1] == "poweroff", "cycle %d: wait: %d %r" % (i, rc, out))
        # no command typed: the CPU is back within a second of the end
        t0 = time.monotonic()
        while m.out("nproc").split()[-1] != "2":
            check(time.monotonic() - t0 < 1.0, "cycle %d: CPU 1 not back" % i)
            time.sleep(0.1)
        z = m.zones(stopped=True)["zone1"]
        check(z["state"] == "stopped" and z["reason"] == "poweroff" and
              abs(z["ended_at"] - int(m.out("date +%s").split()[-1])) < 60,
              "cycle %d: %r" % (i, z))
        if i == 0:
            free0 = zone0_free_kib(m)
    free1 = zone0_free_kib(m)
    print("  12 poweroffs: zone0 free (MemFree + per-CPU lists) %d -> %d KiB" % (free0, free1))
    check(free1 > free0 - 2048, "zone0 lost %d KiB" % (free0 - free1))
    out = m.out("hvisor zone list")
    check(re.search(r"^1\s+zone1\s+stopped\s+-\s+-\s+\(poweroff\) at \d{4}-", out, re.M),
          "list: %r" % out)


def test_shutdown_clears_a_stopped_zone(m):
    rc, _ = m.run("hvisor zone shutdown zone1", check=False)
    check(rc == 0, "shutdown of a stopped zone: %d" % rc)
    check("zone1" not in m.zones(stopped=True), "record not cleared")
    rc, out = m.run("hvisor zone wait zone1", check=False)
    check(rc == 1 and "no zone with id or name 'zone1'" in out, "wait: %d %r" % (rc, out))


def test_wait_times_out_then_sees_a_panic(m):
    m.start_zone("zone1-linux.json", "zone1")
    t0 = time.monotonic()
    rc, out = m.run("hvisor zone wait 1 --timeout 1.5", check=False)
    secs = time.monotonic() - t0
    check(rc == 124 and "still running after 1.5s" in out and secs < 10,
          "timeout: %d %r in %.1fs" % (rc, out, secs))
    m.in_zone("zone1", "echo c > /proc/sysrq-trigger")
    rc, out = m.run("hvisor zone wait zone1 --timeout 60", check=False, timeout=90)
    check(rc == 4 and "fault: Kernel panic" in out, "panic: %d %r" % (rc, out))
    z = m.zones(stopped=True)["zone1"]
    check(z["state"] == "stopped" and z["reason"].startswith("fault: Kernel panic"),
          "list: %r" % z)
    # a second wait on the ended zone answers at once, the same way
    rc, out = m.run("hvisor zone wait zone1", check=False)
    check(rc == 4, "second wait: %d %r" % (rc, out))


def test_events_stream_and_more_ends_than_slots(m):
    m.out("hvisor zone events > /tmp/ev.txt & hvisor zone events --json > /tmp/ev.json &"
          " sleep 0.5")
    # more zones end than the driver has start slots (8): no refusal
    for i in range(3):
        m.start_zone("zone1-linux.json", "zone1")
        if i == 1:
            m.out("hvisor zone shutdown zone1")
            continue
        m.in_zone("zone1", "poweroff")
        m.out("hvisor zone wait zone1 --timeout 60", timeout=90)
    m.out("kill %1 %2; wait; true")
    text = m.out("cat /tmp/ev.txt")
    evs = [json.loads(line) for line in m.out("cat /tmp/ev.json").splitlines()
           if line.startswith("{")]
    kinds = [(e["event"], e["name"], e["reason"]) for e in evs]
    check(kinds == [("started", "zone1", ""), ("stopped", "zone1", "poweroff"),
                    ("started", "zone1", ""), ("stopped", "zone1", "shutdown"),
                    ("started", "zone1", ""), ("stopped", "zone1", "poweroff")],
          "events: %r" % kinds)
    check([e["seq"] for e in evs] == list(range(evs[0]["seq"], evs[0]["seq"] + 6)),
          "sequence: %r" % evs)
    check(re.search(r"^\d{4}-\d\d-\d\dT\S+Z zone 1 \(zone1\) stopped: poweroff$", text, re.M),
          "text: %r" % text)
    # the start slots were given back: 20 + 3 ends, and a start still works
    m.start_zone("zone1-linux.json", "zone1")
    check(m.zones()["zone1"]["state"] == "running", "zone1")
    m.out("hvisor zone shutdown zone1")


def test_a_start_killed_midway_leaves_nothing_loaded(m):
    mark = len(m.log_text())
    # without the mirror: a zone that did start must not flood this console
    quiet = m.derive_config("z1-quiet.json", mirror=False)
    for delay in ("0.3", "0.8", "1.5"):
        m.out("timeout -s KILL %s hvisor zone start %s >/dev/null 2>&1; true"
              % (delay, quiet), timeout=60)
        if "zone1" in m.zones():
            m.out("hvisor zone shutdown zone1", timeout=120)
        m.out("hvisor zone shutdown zone1 2>/dev/null; true")  # its record
    m.start_zone("zone1-linux.json", "zone1")
    # a reset boots it from the images of this start, and only those
    m.in_zone("zone1", "reboot")
    m.expect(r"\[zone1\] zone1:[^\r\n]*# ", timeout=120)
    m.attach("zone1")
    check("again" in m.zrun("zone1", "echo again")[1], "zone1 after its reset")
    m.detach()
    log = m.log_text()[mark:]
    check("not kept" not in log and "image copy" not in log, "staged images: %r"
          % [line for line in log.splitlines() if "image" in line])
    m.out("hvisor zone shutdown zone1")

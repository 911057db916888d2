#!/usr/bin/python3
"""make bench: boot-time, storage, network and process-zone figures, each
against a baseline taken in the same run (docs/benchmarks.md).

Each round boots the same zone0 kernel, DTB and initramfs bare and under
the hypervisor, alternating, and times QEMU start to zone0's shell prompt;
under the hypervisor it also times `hvisor zone start` to zone1's prompt.
With --icount (the default) QEMU runs deterministically (one host thread,
virtual time = instructions), so the ratio hardly depends on the host's
load; --no-icount measures the machine as `make run` runs it.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]
BENCH_DISK = os.path.join(harness.TOP, "build", "bench-disk.img")
FIO0 = ("/disk/bench/fio/lib/ld-linux-aarch64.so.1 --library-path /disk/bench/fio/lib"
        " /disk/bench/fio/fio")
FIO1 = "/tools/lib/ld-linux-aarch64.so.1 --library-path /tools/lib /tools/fio"
JOBS = (  # name, fio options, what is compared
    ("seq read 1M", "--rw=read --bs=1M --size=32M", "bw"),
    ("seq write 1M", "--rw=write --bs=1M --size=32M --end_fsync=1", "bw"),
    ("rand read 4k", "--rw=randread --bs=4k --size=32M --time_based --runtime=2", "iops"),
)


FOOTPRINT = []  # what the hypervisor keeps, from the last hv boot


BOOT_EXITS = []  # hvisor zone stats at zone0's prompt, from the last hv boot


def virtual_boot(m, hv):
    """zone0's boot in virtual time: the guest kernel's timestamp when its
    userspace came up (rcS writes it to /dev/kmsg) plus, under the
    hypervisor, the counter when the hypervisor entered zone0 (it logs it;
    the bare stub enters at once)."""
    out = m.out("dmesg | grep 'hvisor: userspace up'")
    k = float(re.search(r"\[\s*([\d.]+)\]", out).group(1))
    t = 0.0
    if hv:
        t = int(re.search(r"zone 0 \(zone0\): entered (\d+) us after power-on",
                          m.log_text()).group(1)) / 1e6
    return t + k, t


def boot(mode, args, zone1):
    m = harness.Machine("bench-%s" % mode, mode, args, boot_timeout=600)
    try:
        t = m.wait_shell()
        vt = virtual_boot(m, mode == "hv")
        z = None
        if zone1:
            m.out("insmod /lib/modules/hvisor.ko")
            BOOT_EXITS[:] = [m.out("hvisor zone stats zone0")]
            z = m.start_zone("zone1-linux.json", "zone1", timeout=600)
            banner = re.search(r"reserved (0x\w+-0x\w+) \((\d+) KiB\): image (\d+) KiB"
                               r" \+ bss (\d+) KiB", m.log_text())
            pool = re.search(r"page pool (\d+) pages, at most (\d+) used",
                             m.out("hvisor --version"))
            if banner and pool:
                FOOTPRINT[:] = list(banner.groups()) + list(pool.groups())
        m.poweroff(timeout=300)
        return t, z, vt
    finally:
        m.kill()


def fio(m, cmd, prompt=None):
    """One fio job, terse output: (KiB/s, IOPS, mean completion latency us)
    of its reads, or of its writes if it did none."""
    kw = {"timeout": 1800}
    if prompt:
        kw["prompt"] = prompt
    # invalidate=0: fio would otherwise drop the file's page cache first,
    # and zone0 would read its QEMU disk while zone1's backend hits the cache
    out = m.out(cmd + " --ioengine=psync --invalidate=0 --minimal", **kw)
    line = [l for l in out.splitlines() if l.startswith("3;")][-1].split(";")
    if int(line[5]):  # read KiB
        return float(line[6]), float(line[7]), float(line[15])
    return float(line[47]), float(line[48]), float(line[56])


def zone_stats(m):
    """hvisor zone stats --json: every CPU's EL2 counters since boot, every
    zone's trapped devices, the page pool."""
    out = m.out("hvisor zone stats --json")
    return json.loads(out[out.index("{"):])


def cpu_stats(m):
    """Every CPU's EL2 counters since boot, by CPU number."""
    return {c["cpu"]: c for c in zone_stats(m)["cpus"]}


def system_counters(m, backend="hv-zone1"):
    """What the whole machine did, not one device's sums (issue: honest
    counters): EL2 entries on every CPU (traps and interrupts, IPIs and
    timer ticks included) less the consoles' trapped accesses (the
    harness's typing and the commands' output), zone0's interrupts and
    context switches (/proc/stat), and the backend's CPU time."""
    st = zone_stats(m)
    el2 = sum(c["traps"] + c["irqs"] for c in st["cpus"])
    console = sum(d["traps"] for z in st["zones"] for d in z["devices"]
                  if d["name"] in ("console", "uart"))
    proc = m.out("grep -E '^(intr|ctxt) ' /proc/stat; cat /proc/$(pidof %s)/stat" % backend)
    intr = int(re.search(r"^intr (\d+)", proc, re.M).group(1))
    ctxt = int(re.search(r"^ctxt (\d+)", proc, re.M).group(1))
    fields = re.search(r"^\d+ \(.*?\) (.*)$", proc, re.M).group(1).split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    return {"el2": el2 - console, "zone0_irqs": intr, "zone0_ctxt": ctxt,
            "backend_ms": ticks * 10}


def per_unit(before, after, n):
    """The difference of two system_counters, per request (or frame)."""
    n = float(n or 1)
    return {k: (after[k] - before[k]) / n for k in before}


# zone1's disks on the same 64 MiB of data: vdb (virtio1) as shipped in the
# bench disk; two copies made alike in zone0 before zone1 starts, vde
# (virtio5) served by default and vdd (virtio4) by a backend that polls its
# ring for up to 100 us after each request ("poll_us", docs/virtio.md)
TARGETS = (("/dev/vdb", 1, "/disk/bench/target.img"),
           ("/dev/vde", 5, "/disk/bench/target-copy.img"),
           ("/dev/vdd", 4, "/disk/bench/target-poll.img"))


def disk_stats(m, dev):
    """The hypervisor's counters of zone1's disk virtio<dev>, how often the
    backend woke up for it and what its polling caught (the backend's log
    lines after SIGUSR1)."""
    z = m.zones()["zone1"]
    m.out("kill -USR1 $(pidof hv-zone1); sleep 1")
    log = m.out("grep 'virtio%d ' /var/log/hvisor/zone1.log | tail -2" % dev)
    wake = int(re.findall(r"virtio%d blk: (\d+) wake-ups" % dev, log)[-1])
    caught = re.findall(r"virtio%d polling: (\d+) requests caught" % dev, log)
    return dict(z["virtio"][dev], wakeups=wake, caught=int(caught[-1]) if caught else 0)


def storage(args):
    """zone1 on its virtio disk (the backend reading the image file in
    zone0) against zone0 reading that same file, same fio job, same run."""
    m = harness.Machine("bench-storage", "hv", args, boot_timeout=900, disk=BENCH_DISK)
    res = []
    try:
        m.wait_shell()
        m.out("insmod /lib/modules/hvisor.ko")
        for _, _, image in TARGETS[1:]:
            m.out("cp /disk/bench/target.img %s" % image, timeout=1800)
        m.start_zone("zone1-bench.json", "zone1", timeout=900)
        m.attach("zone1")
        # fio's libraries come from vdc: load them once before measuring
        m.zrun("zone1", "mkdir -p /tools; mount -o ro /dev/vdc /tools; "
               "for d in vdb vdd vde; do test $(cat /sys/block/$d/size) = 131072;"
               " done; %s --version" % FIO1,
               timeout=1800)
        m.detach()
        m.out("%s --version" % FIO0, timeout=1800)
        jobs = [(name, opts, what, TARGETS[0]) for name, opts, what in JOBS]
        jobs.append(("rand read 4k, copy", JOBS[2][1], JOBS[2][2], TARGETS[1]))
        jobs.append(("rand read 4k, copy, polling", JOBS[2][1], JOBS[2][2], TARGETS[2]))
        for name, opts, what, (disk, dev, image) in jobs:
            m.out("cat %s > /dev/null" % image, timeout=1800)
            native = fio(m, "%s --name=n --filename=%s %s" % (FIO0, image, opts))
            before = disk_stats(m, dev)
            sys0 = system_counters(m)
            m.attach("zone1")
            guest = fio(m, "%s --name=g --filename=%s --direct=1 %s" % (FIO1, disk, opts),
                        prompt=harness.zone_prompt("zone1"))
            m.detach()
            sys1 = system_counters(m)
            after = disk_stats(m, dev)
            d = {k: after[k] - before[k] for k in
                 ("reg_traps", "events", "irqs", "irq_calls", "requests", "wakeups", "caught")}
            d["system"] = per_unit(sys0, sys1, d["requests"])
            res.append((name, what, native, guest, d))
            print("  %s: zone0 %.0f KiB/s %.0f IOPS, zone1 %.0f KiB/s %.0f IOPS"
                  % (name, native[0], native[1], guest[0], guest[1]), flush=True)
        m.poweroff(timeout=600)
    finally:
        m.kill()
    return res


def iperf(m, cmd, prompt=None):
    """iperf3 client run: the receiver's Mbit/s."""
    kw = {"timeout": 1800}
    if prompt:
        kw["prompt"] = prompt
    out = m.out(cmd + " -t 3 -f m", **kw)
    got = re.findall(r"([\d.]+) Mbits/sec\s+receiver", out)
    if not got:
        raise harness.TestFailure("no iperf3 result: %r" % out)
    return float(got[-1])


def net_counters(m):
    """zone1's net device (virtio2): the hypervisor's counters and the
    backend's frames and wake-ups."""
    z = m.zones()["zone1"]
    m.out("kill -USR1 $(pidof hv-zone1); sleep 1")
    line = m.out("grep 'virtio2 net:' /var/log/hvisor/zone1.log | tail -1")
    g = re.search(r"(\d+) wake-ups, (\d+) frames in .* (\d+) out", line)
    return dict(z["virtio"][2], wakeups=int(g.group(1)),
                frames=int(g.group(2)) + int(g.group(3)))


def channel(m):
    """zone1 <-> zone0 over channel 1 (docs/ivc.md), timed by hivc inside
    the guests: round trips (zone0 pings, zone1 answers) and 64 MiB from
    zone1 to zone0."""
    m.attach("zone1")
    m.zrun("zone1", "hivc pong -d /dev/hivc1 -n 2000 >/dev/null 2>&1 & true")
    m.detach()
    try:
        out = m.out("hivc ping -d /dev/hivc1 -n 2000", timeout=1800)
    except harness.TestFailure:
        print(m.out("grep hivc /proc/interrupts; hivc info -d /dev/hivc1; hvisor zone stats"))
        m.attach("zone1")
        print(m.zout("zone1", "cat /tmp/pong.log; ps; grep hivc /proc/interrupts; hivc info -d /dev/hivc1"))
        raise
    rt = float(re.search(r"avg ([\d.]+) us", out).group(1))
    m.out("hivc recv -d /dev/hivc1 /dev/null 2>/tmp/recv.log & true")
    m.attach("zone1")
    out = m.zrun("zone1", "dd if=/dev/zero bs=1M count=64 2>/dev/null |"
                          " hivc send -d /dev/hivc1", timeout=1800)[1]
    m.detach()
    mib = float(re.search(r"\(([\d.]+) MiB/s\)", out).group(1))
    return {"ivc round trip": rt, "ivc zone1 -> zone0": mib * 8 * 1.048576}


def network(args):
    """TCP throughput zone1 -> zone0 and zone1 -> zone2 over virtio-net and
    zone0's bridge, against zone0 -> zone0 over loopback; ping round trip."""
    m = harness.Machine("bench-net", "hv", args, boot_timeout=900)
    res = {}
    z1 = harness.zone_prompt("zone1")
    try:
        m.wait_shell()
        m.out("insmod /lib/modules/hvisor.ko; iperf3 -s -D")
        # zone1-linux.json that also joins zone0's channel 1
        m.start_zone("zone1-ivc.json", "zone1", timeout=900)
        m.start_zone("zone2-linux.json", "zone2", timeout=900)
        m.attach("zone2")
        m.zrun("zone2", "iperf3 -s -D")
        m.detach()
        res["zone0 -> zone0 (loopback)"] = iperf(m, "iperf3 -c 127.0.0.1")
        before = net_counters(m)
        sys0 = system_counters(m)
        m.attach("zone1")
        res["zone1 -> zone0"] = iperf(m, "iperf3 -c 10.0.0.1", prompt=z1)
        m.detach()
        sys1 = system_counters(m)
        after = net_counters(m)
        m.attach("zone1")
        res["zone1 -> zone2"] = iperf(m, "iperf3 -c 10.0.0.12", prompt=z1)
        out = m.zrun("zone1", "ping -c 20 -i 0.2 -q 10.0.0.1", timeout=1800)[1]
        m.detach()
        res["ping"] = float(re.search(r"= [\d.]+/([\d.]+)/", out).group(1))
        res.update(channel(m))
        res["per"] = {k: after[k] - before[k] for k in
                      ("reg_traps", "events", "irqs", "irq_calls", "wakeups", "frames")}
        res["system"] = per_unit(sys0, sys1, res["per"]["frames"])
        m.poweroff(timeout=600)
    finally:
        m.kill()
    return res


def report_network(res, mode):
    base = res["zone0 -> zone0 (loopback)"]
    print("network (%s), TCP with iperf3, 3 s each:" % mode)
    for k in ("zone0 -> zone0 (loopback)", "zone1 -> zone0", "zone1 -> zone2"):
        print("  %-26s %9.1f Mbit/s  ratio to loopback %.3f" % (k, res[k], res[k] / base))
    d = res["per"]
    f = float(d["frames"] or 1)
    print("  ping zone1 -> zone0: %.3f ms average round trip" % res["ping"])
    print("  channel zone1 -> zone0 (hivc send, 64 MiB): %.1f Mbit/s, ratio to TCP zone1 -> zone0"
          " %.3f" % (res["ivc zone1 -> zone0"], res["ivc zone1 -> zone0"] / res["zone1 -> zone0"]))
    print("  channel round trip zone0 <-> zone1 (hivc ping, 2000): %.1f us average, ratio to"
          " ICMP ping %.4f" % (res["ivc round trip"], res["ivc round trip"] / 1000 / res["ping"]))
    print("  per frame, zone1 -> zone0: %.2f EL2 entries (%.2f register traps, %.2f events"
          " to zone0, %.2f interrupts, %.2f interrupt calls), %.2f zone0 wake-ups"
          % ((d["reg_traps"] + d["events"] + d["irqs"] + d["irq_calls"]) / f,
             d["reg_traps"] / f, d["events"] / f, d["irqs"] / f, d["irq_calls"] / f,
             d["wakeups"] / f))
    y = res["system"]
    print("  per frame, the whole machine: %.2f EL2 entries on all CPUs (consoles left out),"
          " %.2f zone0 interrupts, %.2f zone0 context switches, %.1f us of backend CPU"
          % (y["el2"], y["zone0_irqs"], y["zone0_ctxt"], y["backend_ms"] * 1000))


TLAT_RE = (r"tlat: cpu (\d+), (\d+) samples, counter (\d+) Hz: "
           r"min (\d+) ns, median (\d+) ns, 99th percentile (\d+) ns, max (\d+) ns")


def latency(args):
    """A timer interrupt's latency (tests/e2e/tlat.c): from the virtual
    counter reaching the compare value to the IRQ vector's stamp, 1000
    times, bare (QEMU running tlat alone, entered at EL2; it drops to EL1)
    and as a zone's kernel under the hypervisor on CPU 2, with zone0 idle.
    Returns {where: (min, median, 99th percentile, max) ns}."""
    res = {}
    cmd = [os.path.join(harness.TOP, "scripts", "qemu.sh"), "payload",
           os.path.join(harness.TOP, "build", "tests", "tlat.elf")] + args
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, text=True)
    try:
        out = ""
        deadline = time.monotonic() + 600
        while "ns\n" not in out[out.find("tlat:"):] and time.monotonic() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            out += line
    finally:
        p.kill()
        p.wait()
    r = re.search(TLAT_RE, out)
    if not r:
        raise RuntimeError("bare tlat said no result: %r" % out[-500:])
    res["bare"] = tuple(int(x) for x in r.groups()[3:])
    m = harness.Machine("bench-tlat", "hv", args, boot_timeout=900)
    try:
        m.wait_shell()
        m.out("insmod /lib/modules/hvisor.ko")

        m.out("hvisor zone start " + harness.raw_zone_config(m, "tlat"), timeout=600)
        # its line comes on the mirrored console, before or after the prompt
        m.expect(r"\[tlat\] tlat: [^\r\n]* ns", timeout=600)
        r = re.search(r"\[tlat\] " + TLAT_RE, m.log_text())
        res["zone"] = tuple(int(x) for x in r.groups()[3:])
        m.out("hvisor zone shutdown tlat", timeout=600)
        m.poweroff(timeout=600)
    finally:
        m.kill()
    return res


def report_latency(res, mode):
    print("timer interrupt latency (%s), counter at its compare value to the IRQ vector,"
          " 1000 samples:" % mode)
    for where in ("bare", "zone"):
        print("  %-5s min %6d ns  median %6d ns  99th percentile %6d ns  max %6d ns"
              % ((where,) + res[where]))
    print("  zone - bare: median %+d ns, min %+d ns"
          % (res["zone"][1] - res["bare"][1], res["zone"][0] - res["bare"][0]))


def process(args):
    """One program natively in zone0 (on zone0's CPU 1) and in a process
    zone (hvisor run --cpu 3, docs/process-zones.md), timed by its own
    reads of the virtual counter: a system call's round trip (getppid), a
    compute loop, and the largest gap between consecutive counter reads in
    a 10 s busy loop; with the EL2 entries and interrupts the hypervisor
    counted meanwhile on the program's CPU and on zone0's."""
    m = harness.Machine("bench-pz", "hv", args, boot_timeout=900)
    res = {}
    try:
        m.wait_shell()
        m.out("insmod /lib/modules/hvisor.ko")
        for name, cmd, pat in (
                ("getppid", "pztest getppid 2000", r"([\d.]+) us each"),
                ("spin", "pztest spin 30000000", r"([\d.]+) ms"),
                ("jitter", "pztest jitter 10", r"largest gap ([\d.]+) us")):
            for where, pre, cpu in (("zone0", "busybox taskset 2 ", 1),
                                    ("process zone", "hvisor run --cpu 3 ", 3)):
                before = cpu_stats(m)
                out = m.out(pre + cmd, timeout=1800)
                after = cpu_stats(m)
                # the console's traps (the commands' echo and output) are
                # left out: what remains is what the program caused
                d = {c: {k: after[c][k] - before[c][k] for k in ("traps", "mmio", "irqs")}
                     for c in after}
                for c in d:
                    d[c]["traps"] -= d[c]["mmio"]
                res[(name, where)] = (float(re.search(pat, out).group(1)),
                                      d[cpu]["traps"] + d[cpu]["irqs"], d[cpu]["irqs"],
                                      d[0]["traps"] + d[0]["irqs"] + d[1]["traps"] + d[1]["irqs"])
        m.poweroff(timeout=600)
    finally:
        m.kill()
    return res


def report_process(res, mode):
    print("process zones (%s, by the program's own virtual counter reads):" % mode)
    for name, what, unit in (("getppid", "getppid round trip", "us"),
                             ("spin", "compute loop (30M rounds)", "ms"),
                             ("jitter", "largest gap in a 10 s busy loop", "us")):
        n, p = res[(name, "zone0")], res[(name, "process zone")]
        print("  %-32s zone0 %10.3f %s  process zone %10.3f %s  ratio %.3f"
              % (what, n[0], unit, p[0], unit, p[0] / n[0]))
    for where in ("zone0", "process zone"):
        g, j = res[("getppid", where)], res[("jitter", where)]
        print("  %-12s getppid x2000: %d EL2 entries (trapped MMIO left out) on the program's"
              " CPU, %d on zone0's; 10 s busy loop: %d interrupts on the program's CPU"
              % (where, g[1], g[3], j[2]))


def report_storage(res, mode):
    print("storage (%s), zone1 on virtio-blk vs zone0 on the same image file:" % mode)
    for name, what, native, guest, d in res:
        i = 0 if what == "bw" else 1
        unit = "MiB/s" if what == "bw" else "IOPS"
        scale = 1024.0 if what == "bw" else 1.0
        print("  %-27s zone0 %8.1f %s  zone1 %8.1f %s  ratio %.3f"
              % (name, native[i] / scale, unit, guest[i] / scale, unit, guest[i] / native[i]))
    for name, what, native, guest, d in res:
        r = float(d["requests"] or 1)
        el2 = d["reg_traps"] + d["events"] + d["irqs"] + d["irq_calls"]
        print("  per request, %s: %.2f EL2 entries (%.2f register traps, %.2f events to zone0,"
              " %.2f interrupts, %.2f interrupt calls), %.2f zone0 wake-ups, %.2f caught by"
              " polling; mean completion latency zone1 %.1f us, zone0 %.1f us"
              % (name, el2 / r, d["reg_traps"] / r, d["events"] / r, d["irqs"] / r,
                 d["irq_calls"] / r, d["wakeups"] / r, d["caught"] / r, guest[2], native[2]))
        y = d["system"]
        print("    the whole machine, per request: %.2f EL2 entries on all CPUs (consoles left"
              " out), %.2f zone0 interrupts, %.2f zone0 context switches, %.1f us of backend CPU"
              % (y["el2"], y["zone0_irqs"], y["zone0_ctxt"], y["backend_ms"] * 1000))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-icount", action="store_true")
    ap.add_argument("--only", choices=("boot", "storage", "network", "process", "latency"))
    a = ap.parse_args()
    args = [] if a.no_icount else ICOUNT
    mode = "wall-clock" if a.no_icount else "icount: virtual time"
    if a.only in (None, "storage"):
        report_storage(storage(args), mode)
    if a.only in (None, "network"):
        report_network(network(args), mode)
    if a.only in (None, "process"):
        report_process(process(args), mode)
    if a.only in (None, "latency"):
        report_latency(latency(args), mode)
    if a.only in ("storage", "network", "process", "latency"):
        return
    bare, hv, z1, vbare, vhv = [], [], [], [], []
    for r in range(a.rounds):
        t, _, vt = boot("bare", args, False)
        bare.append(t)
        vbare.append(vt[0])
        t, z, vt = boot("hv", args, True)
        hv.append(t)
        z1.append(z)
        vhv.append(vt)
        print("round %d: bare %.2fs  hv %.2fs  zone1 start->shell %.2fs (wall); zone0 userspace"
              " up after bare %.6fs  hv %.6fs (virtual: hypervisor %.6fs + kernel), ratio %.4f"
              % (r + 1, bare[-1], hv[-1], z1[-1], vbare[-1], vhv[-1][0], vhv[-1][1],
                 vhv[-1][0] / vbare[-1]), flush=True)
    mb, mh, mz = (statistics.median(x) for x in (bare, hv, z1))
    print("mode: %s, %d rounds, medians:" % ("icount" if args else "wall-clock", a.rounds))
    print("  zone0 boot to shell, bare:        %.2fs" % mb)
    print("  zone0 boot to shell, hypervisor:  %.2fs  (ratio %.3f)" % (mh, mh / mb))
    print("  zone1 start to shell, hypervisor: %.2fs" % mz)
    vb, vh = statistics.median(vbare), statistics.median(v[0] for v in vhv)
    print("  zone0 userspace up, virtual time: bare %.6fs  hypervisor %.6fs (ratio %.4f;"
          " the hypervisor's own start %.6fs)"
          % (vb, vh, vh / vb, statistics.median(v[1] for v in vhv)))
    if BOOT_EXITS:
        print("  EL2 exits by cause on zone0's CPUs, power-on to its prompt (hvisor zone stats):")
        print("\n".join("    " + l for l in BOOT_EXITS[0].strip().splitlines()))
    if FOOTPRINT:
        print("footprint: reserved %s (%s KiB): image %s KiB + bss %s KiB; page pool %s"
              " pages, at most %s used (zone0 and zone1 running)" % tuple(FOOTPRINT))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""make soak: start and shut down a two-CPU zone (zone1 on CPUs 1 and 2,
CPU 1 lent by zone0) many times; zone0's free memory and the hypervisor's
page pool must come back to where they were. Prints both, and the time a
cycle takes. Then zone1 reboots itself ten times and is rebooted ten times
with `hvisor zone reboot`, each time back to its shell (zone0 reloads it)."""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402



def levels(m):
    free = harness.zone0_free_kib(m)
    pool = int(re.search(r"(\d+) pool pages free", m.out("hvisor --version")).group(1))
    return free, pool


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=100)
    args = ap.parse_args()
    m = harness.Machine("soak")
    try:
        m.wait_shell()
        m.insmod()
        harness.smp_config(m)
        # one cycle first: the backend's first run and the page cache settle
        m.start_zone("zone1-smp.json", "zone1")
        m.out("hvisor zone shutdown zone1", timeout=120)
        free0, pool0 = levels(m)
        t0 = time.monotonic()
        for i in range(args.cycles):
            m.start_zone("zone1-smp.json", "zone1")
            m.out("hvisor zone shutdown zone1", timeout=120)
            if (i + 1) % 10 == 0:
                free, pool = levels(m)
                print("cycle %3d: zone0 free %d KiB, page pool %d pages free"
                      % (i + 1, free, pool), flush=True)
        secs = time.monotonic() - t0
        free1, pool1 = levels(m)
        print("soak: %d start/shutdown cycles of a two-CPU zone in %.0fs (%.1fs each)"
              % (args.cycles, secs, secs / args.cycles))
        print("soak: zone0 free (MemFree + per-CPU lists) %d -> %d KiB (%+d), page pool %d -> %d pages free (%+d)"
              % (free0, free1, free1 - free0, pool0, pool1, pool1 - pool0))
        ok = pool1 == pool0 and free1 > free0 - 2048
        m.start_zone("zone1-smp.json", "zone1")
        t0 = time.monotonic()
        for i in range(10):
            # attaching replays the console buffer: wait for the
            # hypervisor's line about this reset before reading the boot
            m.attach("zone1")
            m.send("reboot\r")
            m.expect(r"reset itself: zone0 reloads it", timeout=60)
            m.expect(r"Booting Linux on physical CPU", timeout=60)
            m.expect(r"zone1:[^\r\n]*# ", timeout=120)
            m.detach()
        for i in range(10):
            m.out("hvisor zone reboot zone1")
            m.expect(r"\[zone1\] zone1:[^\r\n]*# ", timeout=120)
        secs = time.monotonic() - t0
        m.out("hvisor zone shutdown zone1")
        free2, pool2 = levels(m)
        print("soak: 10 reboots from inside and 10 with hvisor zone reboot in %.0fs;"
              " zone0 free %d KiB, page pool %d pages free" % (secs, free2, pool2))
        ok = ok and pool2 == pool0 and free2 > free0 - 2048
        print("soak: %s" % ("flat" if ok else "LEAK"))
        return 0 if ok else 1
    finally:
        m.kill()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""make bench: boot-time figures, the hypervisor against the bare baseline
taken in the same run (docs/benchmarks.md).

Each round boots the same zone0 kernel, DTB and initramfs bare and under
the hypervisor, alternating, and times QEMU start to zone0's shell prompt;
under the hypervisor it also times `hvisor zone start` to zone1's prompt.
With --icount (the default) QEMU runs deterministically (one host thread,
virtual time = instructions), so the ratio hardly depends on the host's
load; --no-icount measures the machine as `make run` runs it.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]


def boot(mode, args, zone1):
    m = harness.Machine("bench-%s" % mode, mode, args, boot_timeout=600)
    try:
        t = m.wait_shell()
        z = None
        if zone1:
            m.out("insmod /lib/modules/hvisor.ko")
            z = m.start_zone("zone1-linux.json", "zone1", timeout=600)
        m.poweroff(timeout=300)
        return t, z
    finally:
        m.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-icount", action="store_true")
    a = ap.parse_args()
    args = [] if a.no_icount else ICOUNT
    bare, hv, z1 = [], [], []
    for r in range(a.rounds):
        bare.append(boot("bare", args, False)[0])
        t, z = boot("hv", args, True)
        hv.append(t)
        z1.append(z)
        print("round %d: bare %.2fs  hv %.2fs  zone1 start->shell %.2fs"
              % (r + 1, bare[-1], hv[-1], z1[-1]), flush=True)
    mb, mh, mz = (statistics.median(x) for x in (bare, hv, z1))
    print("mode: %s, %d rounds, medians:" % ("icount" if args else "wall-clock", a.rounds))
    print("  zone0 boot to shell, bare:        %.2fs" % mb)
    print("  zone0 boot to shell, hypervisor:  %.2fs  (ratio %.3f)" % (mh, mh / mb))
    print("  zone1 start to shell, hypervisor: %.2fs" % mz)


if __name__ == "__main__":
    main()

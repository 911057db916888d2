#!/usr/bin/python3
"""Runs the QEMU end-to-end tests: tests/e2e/test_*.py, one QEMU at a time.

A test module has tests `test_*(m)` run in file order on one shared machine
(a Machine booted lazily in the module's BOOT mode, then given to the
module's `prepare(m)` if it has one; booted again if a test left it dead or
failed, and then also given to the module's `recover(m)`, which brings it
to the state the module's later tests build on). Tests that need their own
machine take no argument. Ends with "N passed, N failed".
"""
import argparse
import glob
import importlib.util
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return name, mod


# what a new machine must show works (make smoke, fresh-check): each module's
# set-up, the hypervisor below zone0, a zone with its disk and network,
# the attack suite's first case, the loongarch64 boot
SMOKE = ("test_00_bare.test_boots_to_shell",
         "test_10_hypervisor.test_banner_and_zone_table",
         "test_40_virtio.test_zone1_mounts_its_virtio_disk",
         "test_50_net.test_zones_get_addresses_and_reach_each_other",
         "test_60_attacks.test_01_gicd_sweep",
         "test_90_loongarch64.test_boots_four_cpus_and_powers_off")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", default="", help="run tests whose name contains this")
    ap.add_argument("--smoke", action="store_true", help="run the smoke set only")
    args = ap.parse_args()
    passed = failed = 0
    failures = []
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "test_*.py"))):
        name, mod = load(path)
        tests = [(t, getattr(mod, t)) for t in mod.__dict__ if t.startswith("test_")]
        tests = [(t, f) for t, f in tests if args.k in name + "." + t and
                 (not args.smoke or name + "." + t in SMOKE)]
        machine = None
        failures_here = False
        for tname, fn in tests:
            full = "%s.%s" % (name, tname)
            t0 = time.monotonic()
            try:
                if fn.__code__.co_argcount:
                    if machine is None or not machine.alive():
                        if machine:
                            machine.kill()
                        replaced = machine is not None or failures_here
                        machine = harness.Machine(name, getattr(mod, "BOOT", "hv"),
                                                  board=getattr(mod, "BOARD", None))
                        machine.wait_shell()
                        if hasattr(mod, "prepare"):
                            mod.prepare(machine)
                        # tests that build on the ones before them get
                        # that state back on a machine a failure replaced
                        if replaced and hasattr(mod, "recover"):
                            mod.recover(machine)
                    fn(machine)
                else:
                    fn()
                # a device model's complaint is a defect even when the
                # test's own checks passed
                if machine is not None and machine.alive():
                    said = machine.qemu_complaints()
                    if said:
                        raise harness.TestFailure("QEMU complained: %s" % "; ".join(said[:5]))
                passed += 1
                print("PASS %s (%.1fs)" % (full, time.monotonic() - t0), flush=True)
            except Exception as e:  # noqa: BLE001 - report every failure
                failed += 1
                detail = str(e) if isinstance(e, harness.TestFailure) else traceback.format_exc()
                failures.append((full, detail))
                failures_here = True
                print("FAIL %s (%.1fs): %s" % (full, time.monotonic() - t0, detail), flush=True)
                # the next test gets a fresh machine: a failure leaves
                # zones and files in states the next test does not expect,
                # and one defect would be reported as several
                if machine is not None:
                    machine.kill()
                    machine = None
        if machine is not None:
            machine.kill()
    for full, detail in failures:
        print("failed: %s" % full)
    print("e2e: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())

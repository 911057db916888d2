"""The loongarch64 port's start-up path on QEMU's loongarch64 virt machine
(4 CPUs, no LVZ): banner, exception dispatch, every CPU released from its
park loop and online, a lock test across the four, the LVZ check, power-off.
The negative control is the original port's bug (every CPU clears .bss on
entry, build/loongarch64/hvisor-bss-bug.elf): the same checks must fail."""
import os
import re
import time

import pexpect

from harness import LOGDIR, TOP, check

ELF = os.path.join(TOP, "build", "loongarch64", "hvisor.elf")
BUG_ELF = os.path.join(TOP, "build", "loongarch64", "hvisor-bss-bug.elf")
ERR = r"\[hvisor ERR \d\] [^\r\n]*"


def spawn(elf, log_name):
    os.makedirs(LOGDIR, exist_ok=True)
    path = os.path.join(LOGDIR, log_name)
    log = open(path, "w", encoding="utf-8", errors="replace")
    child = pexpect.spawn(os.path.join(TOP, "scripts", "qemu-loongarch64.sh"),
                          [elf], cwd=TOP, encoding="utf-8", codec_errors="replace")
    child.logfile_read = log
    return child, log, path


def test_boots_four_cpus_and_powers_off():
    t0 = time.monotonic()
    child, logf, log = spawn(ELF, "test_90_loongarch64.log")
    try:
        i = child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=60)
        check(i == 0, "QEMU did not power off within 60 s (console: %s)" % log)
        child.close()
        check(child.exitstatus == 0,
              "QEMU exited with status %r (console: %s)" % (child.exitstatus, log))
    finally:
        child.close(force=True)
        logf.close()
    text = open(log, encoding="utf-8", errors="replace").read()
    errs = re.findall(ERR, text)
    check(not errs, "hypervisor errors: %s" % errs)
    check(re.search(r"hvisor \S+ \(ABI \d+\.\d+\) on qemu-virt-loongarch64, 4 CPUs", text),
          "no banner (console: %s)" % log)
    check("trap dispatch: break (ecode 0xc) handled" in text, "exception dispatch not shown")
    for cpu in (1, 2, 3):
        check("[hvisor INF %d] CPU %d online" % (cpu, cpu) in text,
              "CPU %d did not report itself online" % cpu)
    check("all 4 CPUs online" in text, "not all CPUs online")
    check(re.search(r"lock test: 4 CPUs x \d+ rounds = \d+, held off while the boot CPU held it: ok",
                    text), "lock test did not pass")
    check("LVZ not present: cannot host zones" in text, "no LVZ line")
    check(text.rstrip().endswith("powering off"), "did not end with the power-off line")
    print("  loongarch64 boot to power-off: %.1fs" % (time.monotonic() - t0))


def test_every_cpu_clearing_bss_is_caught():
    # the first ERR line ends the run: the broken lock may leave the boot
    # CPU spinning forever, which is the bug, not something to wait out
    child, logf, log = spawn(BUG_ELF, "test_90_loongarch64-bss-bug.log")
    try:
        i = child.expect([r"lock test: [^\r\n]*: ok", ERR, pexpect.EOF, pexpect.TIMEOUT],
                         timeout=60)
        caught = child.after if i == 1 else None
    finally:
        child.close(force=True)
        logf.close()
    check(i != 0, "the .bss bug went unnoticed: the lock test passed (console: %s)" % log)
    check(i == 1, "the .bss bug gave no error line within 60 s (console: %s)" % log)
    print("  caught: %s" % caught.strip())

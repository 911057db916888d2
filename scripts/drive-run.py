#!/usr/bin/python3
"""drive-run.py: `make run` as a user runs it, for scripts/fresh-check.sh.

Runs `make run` in the repository, waits for zone0's shell, checks that it
answers a command, types `poweroff` and requires QEMU (and make) to end with
status 0. Prints one "drive-run: ..." line per step with its time.
"""
import os
import sys
import time

import pexpect

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = r"zone0:[^\r\n]*# "


def main():
    t0 = time.monotonic()
    child = pexpect.spawn("make", ["run"], cwd=TOP, encoding="utf-8",
                          codec_errors="replace", timeout=900,
                          dimensions=(50, 200))
    child.logfile_read = sys.stdout
    try:
        child.expect(PROMPT)
        print("\ndrive-run: zone0 shell after %.1fs" % (time.monotonic() - t0))
        child.sendline("echo answer-$((6 * 7))")
        child.expect("answer-42", timeout=60)
        child.expect(PROMPT, timeout=60)
        child.sendline("poweroff")
        child.expect(pexpect.EOF, timeout=180)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        print("\ndrive-run: FAILED waiting: %s" % type(e).__name__)
        child.close(force=True)
        return 1
    child.close()
    status = child.exitstatus
    print("\ndrive-run: make run ended with status %s after %.1fs"
          % (status, time.monotonic() - t0))
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

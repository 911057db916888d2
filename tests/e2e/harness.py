"""End-to-end harness: boots the project's QEMU machine through
scripts/qemu.sh and drives its serial console with pexpect.

Every machine logs its whole console to build/test-logs/<name>.log and is
killed on every exit path (normal end, exception, SIGINT/SIGTERM, atexit).
"""
import atexit
import json
import os
import re
import signal
import subprocess
import sys
import time

import pexpect

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOGDIR = os.path.join(TOP, "build", "test-logs")
DISK = os.path.join(TOP, "build", "zone0-disk.img")

# The hypervisor writes its log lines and the zones' mirrored lines to the
# UART zone0 prints on, each line at once; zone0's own output goes straight
# to the UART, so such a line may land between any two of its characters.
# What the harness waits for in zone0's output is matched across them.
HV_LINE = r"\[(?:hvisor [A-Z]{3} \d+|[\w.-]{1,32})\] [^\n]*\n"
_GAP = r"(?:%s)*" % HV_LINE


def across(literal):
    """A regex for literal text, hypervisor lines allowed inside it."""
    return _GAP.join(re.escape(c) for c in literal)


def shell_prompt(zone):
    return across(zone + ":") + r"(?:[^\r\n]|%s)*?" % HV_LINE + across("# ")


PROMPT = shell_prompt("zone0")


def attached(zone, extra=""):
    """zone0's "attached to zone N (NAME)" line, lines allowed inside."""
    return across("attached to zone ") + r"\d+" + _GAP + across(" (%s)%s" % (zone, extra))


DETACHED = across("detached from zone")

_live = set()
_log_names = {}


def _kill_all(*_):
    for m in list(_live):
        m.kill()


def _on_signal(signum, _frame):
    _kill_all()
    sys.exit(128 + signum)


atexit.register(_kill_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def zone_prompt(zone):
    return shell_prompt(zone)


class TestFailure(Exception):
    pass


class Machine:
    """One QEMU run. mode is 'hv' (hypervisor + zone0) or 'bare'."""

    def __init__(self, name, mode="hv", qemu_args=(), boot_timeout=120, disk=DISK,
                 board=None):
        os.makedirs(LOGDIR, exist_ok=True)
        self.name = name
        self.mode = mode
        # a module that needs a second machine keeps the first one's log
        n = _log_names.get(name, 0) + 1
        _log_names[name] = n
        self.log_path = os.path.join(LOGDIR, name + (".log" if n == 1 else "-%d.log" % n))
        self.log = open(self.log_path, "w", encoding="utf-8", errors="replace")
        # each machine gets its own copy of zone0's disk: tests start from
        # the image the build made, and leave the user's one alone
        self.disk = self.log_path[:-len(".log")] + "-disk.img"
        subprocess.run(["cp", "--sparse=always", disk, self.disk], check=True)
        env = dict(os.environ, HVISOR_DISK=self.disk)
        self.board = board or "qemu-virt-gicv3"
        env["HVISOR_BOARD"] = self.board
        self.start = time.monotonic()
        self.child = pexpect.spawn(
            os.path.join(TOP, "scripts", "qemu.sh"), [mode, *qemu_args],
            cwd=TOP, encoding="utf-8", codec_errors="replace", env=env,
            timeout=boot_timeout, dimensions=(50, 200))
        self.child.logfile_read = self.log
        _live.add(self)
        self.boot_timeout = boot_timeout
        self.boot_seconds = None
        self.qemu_seen = 0  # how far the log was searched for QEMU's complaints

    # --- low level -------------------------------------------------------
    def expect(self, pattern, timeout=30):
        """Wait for a regex (or list of regexes); return the match index."""
        try:
            return self.child.expect(pattern, timeout=timeout)
        except pexpect.TIMEOUT:
            raise TestFailure("timed out after %ss waiting for %r (console: %s)"
                              % (timeout, pattern, self.log_path)) from None
        except pexpect.EOF:
            raise TestFailure("QEMU exited while waiting for %r (console: %s)"
                              % (pattern, self.log_path)) from None

    def send(self, text):
        self.child.send(text)

    def alive(self):
        return self.child.isalive()

    # --- shell -----------------------------------------------------------
    def wait_shell(self):
        """Wait for the first zone0 prompt; records the boot time."""
        i = self.expect([PROMPT, r"Kernel panic - not syncing[^\r\n]*",
                         r"\[hvisor ERR \d\] PANIC[^\r\n]*"],
                        timeout=self.boot_timeout)
        if i:
            raise TestFailure("no shell: %s (console: %s)"
                              % (self.child.after.strip(), self.log_path))
        self.boot_seconds = time.monotonic() - self.start
        return self.boot_seconds

    def run(self, cmd, timeout=60, check=True, prompt=PROMPT):
        """Run a shell command (in zone0, or in the zone whose console is
        attached: pass its prompt); return (status, output)."""
        tag = "%08x" % (int(time.monotonic() * 1e6) & 0xffffffff)
        self.child.sendline("%s; echo \"@@RC-%s=$?@@\"" % (cmd, tag))
        self.expect(across("@@RC-%s=" % tag) + _GAP + r"(\d+)" + _GAP + across("@@"),
                    timeout=timeout)
        rc = int(self.child.match.group(1))
        out = self.child.before
        self.expect(prompt, timeout=timeout)
        # drop the echoed command line, and whatever came before it (a
        # zone's mirrored output may)
        echo = out.find('"@@RC-%s=$?@@"' % tag)
        out = out[echo:] if echo >= 0 else out
        out = out.split("\n", 1)[1] if "\n" in out else ""
        out = re.sub(r"\x1b\[[0-9;]*[a-zA-Z]", "", out).replace("\r", "")
        if check and rc != 0:
            raise TestFailure("%r exited %d:\n%s" % (cmd, rc, out))
        return rc, out

    def out(self, cmd, timeout=60, prompt=PROMPT):
        return self.run(cmd, timeout=timeout, prompt=prompt)[1]

    def log_text(self):
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def qemu_complaints(self):
        """Lines QEMU itself printed since the last call ("qemu-system-...:
        Guest moved used index ...": a device model saw something wrong):
        every test fails on them (run.py), so none hides as a parse error."""
        text = self.log_text()
        found = [line for line in
                 re.findall(r"qemu-system-[\w-]+: [^\r\n]*", text[self.qemu_seen:])
                 # a board's own NICs that this machine leaves unplugged
                 # (no host network here): said once, at start
                 if not re.search(r"warning: nic \S+ has no peer$", line)]
        self.qemu_seen = len(text)
        return found

    # --- helpers every module uses ----------------------------------------
    def insmod(self):
        self.out("insmod /lib/modules/hvisor.ko")

    def zones(self, stopped=False):
        return zone_list(self, stopped)

    def zout(self, zone, cmd, **kw):
        return self.zrun(zone, cmd, **kw)[1]

    def in_zone(self, zone, cmd):
        """Type cmd in the zone's shell and leave without waiting for it."""
        self.attach(zone)
        self.send(cmd + "\r")
        time.sleep(0.5)
        self.detach()

    def write_file(self, path, text):
        """Write text (no single quotes) to a file in zone0, in pieces the
        shell's line editor takes whole."""
        self.out(": > %s" % path)
        for i in range(0, len(text), 400):
            self.out("printf '%%s' '%s' >> %s" % (text[i:i + 400], path))

    def derive_config(self, name, base="zone1-linux.json", cpus=None, dtb=None,
                      mirror=None, edit=None):
        """A variant of a shipped zone config, written into zone0 next to
        the others (their relative paths hold): cpus, the DTB (a file in
        build/boards/BOARD/dts), the console mirror, or any change edit(cfg) makes.
        Returns its path in zone0."""
        cfg = base_config(base)
        if cpus is not None:
            cfg["cpus"] = cpus
        if dtb is not None:
            cfg["dtb_filepath"] = cfg["dtb_filepath"].rsplit("/", 1)[0] + "/" + dtb
        if mirror is not None:
            cfg["console"]["mirror"] = mirror
        if edit:
            edit(cfg)
        path = "/hvisor/zone-configs/" + name
        self.write_file(path, json.dumps(cfg, separators=(",", ":")))
        return path

    # --- non-root zones ----------------------------------------------------
    def start_zone(self, cfg, name, timeout=120):
        """hvisor zone start; wait for the zone's shell on the mirrored
        console. Returns seconds from the command to the zone's prompt."""
        t0 = time.monotonic()
        self.out("hvisor zone start /hvisor/zone-configs/%s" % cfg, timeout=timeout)
        self.expect(r"\[%s\] %s:[^\r\n]*# " % (name, name), timeout=timeout)
        return time.monotonic() - t0

    def attach(self, zone):
        """hvisor zone console ZONE, up to the zone's prompt."""
        self.child.sendline("hvisor zone console %s" % zone)
        self.expect(attached(zone))
        self.child.send("\r")
        self.expect(zone_prompt(zone))

    def zrun(self, zone, cmd, timeout=60, check=True):
        return self.run(cmd, timeout=timeout, check=check, prompt=zone_prompt(zone))

    def detach(self):
        self.child.send("\x1d")
        self.expect(DETACHED)
        self.expect(PROMPT)
        # if the zone ended first, the console left by itself and the
        # Ctrl-] went to zone0's shell: Ctrl-U drops it from the line
        self.child.send("\x15")

    def poweroff(self, timeout=60):
        """poweroff in zone0; QEMU must end with status 0."""
        self.child.sendline("poweroff")
        self.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        status = self.child.exitstatus
        _live.discard(self)
        self.log.close()
        if status != 0:
            raise TestFailure("QEMU exited with status %r after poweroff" % status)

    def kill(self):
        if self in _live:
            _live.discard(self)
            try:
                self.child.close(force=True)
            except Exception:
                pass
            try:
                self.log.close()
            except Exception:
                pass


def abi_version():
    """(major, minor) of include/hvisor/abi.h."""
    with open(os.path.join(TOP, "include", "hvisor", "abi.h")) as f:
        text = f.read()
    return tuple(int(re.search(r"#define HV_ABI_%s (\d+)u" % k, text).group(1))
                 for k in ("MAJOR", "MINOR"))


def base_config(name):
    """A zone config as shipped (zone-configs/NAME), as a dict."""
    with open(os.path.join(TOP, "zone-configs", name)) as f:
        return json.load(f)


# the variants several modules use
def raw_zone_config(m, name):
    """zone1's config (CPU 2, its RAM, console) running build/NAME.bin, a
    kernel that is no Linux Image, with neither ramdisk nor devices; the
    zone is called NAME. Returns its path in zone0."""
    def raw(c):
        c["name"] = name
        c["kernel_filepath"] = "../build/%s.bin" % name
        for k in ("ramdisk_filepath", "ramdisk_load_paddr", "virtio"):
            c.pop(k, None)
    return m.derive_config("%s.json" % name, edit=raw)


def cpu1_config(m):
    """zone1 on zone0's CPU 1 (lent: the driver takes it offline)."""
    return m.derive_config("zone1-cpu1.json", cpus=[1], dtb="zone1-cpu1.dtb")


def smp_config(m):
    """zone1 on CPUs 1 (lent by zone0) and 2: races that need two CPUs."""
    return m.derive_config("zone1-smp.json", cpus=[1, 2], dtb="zone1-smp.dtb")


def disk_file(disk, path, out):
    """Copy a file out of an ext4 disk image (debugfs, no mount)."""
    subprocess.run(["debugfs", "-R", "dump %s %s" % (path, out), disk],
                   check=True, capture_output=True)


def fsck(image):
    """e2fsck -fn: (clean?, its output)."""
    r = subprocess.run(["e2fsck", "-fn", image], capture_output=True, text=True)
    return r.returncode == 0, r.stdout + r.stderr


def zone_list(m, stopped=False):
    """`hvisor zone list --json` as {name: zone}. Zones that ended (listed
    as stopped until started again or cleared) only if asked for. A zone's
    late output and the hypervisor's lines share the UART with zone0's:
    each is skipped up to its line end, also where it landed inside one of
    zone0's lines (a flooding zone's mirror did, in the middle of a token)."""
    out = re.sub(r"\[(zone\d+|hvisor [A-Z]{3} \d+)\] [^\r\n]*\r*\n", "",
                 m.out("hvisor zone list --json") + "\n")
    return {z["name"]: z for z in json.loads(out) if stopped or z["state"] != "stopped"}


def zone0_free_kib(m):
    """zone0's free memory with caches dropped, counting the pages that
    sit free on per-CPU lists (MemFree leaves those out, and a process
    that just exited can park several MiB there)."""
    time.sleep(1)
    out = m.out("sync; echo 3 > /proc/sys/vm/drop_caches; grep MemFree /proc/meminfo;"
                " awk '$1 == \"count:\" {n += $2} END {print \"pcp\", n}' /proc/zoneinfo")
    free = int(re.search(r"MemFree:\s+(\d+)", out).group(1))
    pcp = int(re.search(r"pcp (\d+)", out).group(1))
    return free + pcp * 4


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)

"""Process zones (docs/process-zones.md): `hvisor run PROGRAM` runs a Linux
program alone on a CPU of its own, its system calls made by zone0. Busybox
applets, a static test program and Debian's dynamically linked iperf3 give
the same output as run natively; exit status, stdin, a fault, an
unsupported call, Ctrl-C, SIGTERM and a killed supervisor end as they
should, and 20 runs in a row leave zone0's free memory where it was."""
import re
import time

from harness import PROMPT, check, zone0_free_kib

BOOT = "hv"
CFG = "/hvisor/zone-configs/zone0.json"
IPERF = ("cd /usr/lib/iperf3 && hvisor run lib/ld-linux-aarch64.so.1 "
         "--library-path lib ./iperf3")


def prepare(m):
    m.insmod()


def only_zone0(m):
    zs = m.zones()
    check(list(zs) == ["zone0"], "zones left behind: %r" % list(zs))


def test_exit_status_and_stdin(m):
    out = m.out("hvisor run pztest exit 3; echo rc=$?; hvisor run busybox false;"
                " echo rc=$?; hvisor run busybox true; echo rc=$?")
    check(re.findall(r"rc=(\d+)", out) == ["3", "1", "0"], out)
    out = m.out("echo hello process zone | hvisor run pztest cat")
    check("hello process zone" in out, out)
    out = m.out("hvisor run busybox wc -l < %s; busybox wc -l < %s" % (CFG, CFG))
    counts = re.findall(r"^(\d+)$", out, re.M)
    check(len(counts) == 2 and counts[0] == counts[1], out)
    only_zone0(m)


def test_busybox_applets_match_native(m):
    m.run("busybox gzip -c %s > /tmp/cfg.gz" % CFG)
    cmds = ["sha256sum /usr/sbin/hvisor", "sort %s" % CFG,
            "gzip -c %s" % CFG, "gunzip -c /tmp/cfg.gz",
            "tar -cf - -C /hvisor zone-configs",
            "awk '{n += length($0)} END {print NR, n}' %s" % CFG,
            "sed s/zone/ZONE/g %s" % CFG,
            "find /hvisor/zone-configs -name '*.json'", "wc %s" % CFG]
    for c in cmds:
        out = m.out("busybox %s | busybox md5sum; hvisor run busybox %s | "
                    "busybox md5sum" % (c, c), timeout=120)
        sums = re.findall(r"^([0-9a-f]{32})  -", out, re.M)
        check(len(sums) == 2 and sums[0] == sums[1],
              "%s differs in a process zone: %s" % (c, out))
    only_zone0(m)


def test_files_in_zone0(m):
    out = m.out("hvisor run pztest files /tmp; ls /tmp/pz-* 2>&1; true")
    check("files ok: hello from pztest" in out and "No such file" in out, out)


def test_dynamic_iperf3_client(m):
    m.run("(iperf3 -s -1 > /tmp/iperf-s.log 2>&1 &) ; sleep 1")
    rc, out = m.run(IPERF + " -c 127.0.0.1 -n 2M; echo rc=$?; cd /",
                    timeout=120, check=False)
    check("rc=0" in out and "iperf Done." in out and "receiver" in out, out)
    out = m.out(IPERF + " --version; cd /")
    check(re.search(r"^iperf 3\.", out, re.M), out)
    # the program itself, its PT_INTERP loaded by hvisor run as execve would
    m.run("mkdir -p /lib; ln -sf /usr/lib/iperf3/lib/ld-linux-aarch64.so.1 /lib/")
    out = m.out("LD_LIBRARY_PATH=/usr/lib/iperf3/lib hvisor run /usr/lib/iperf3/iperf3 "
                "--version; rm /lib/ld-linux-aarch64.so.1")
    check(re.search(r"^iperf 3\.", out, re.M), out)


def test_fault_and_unsupported_call(m):
    out = m.out("hvisor run pztest fault; echo rc=$?")
    check("rc=139" in out, out)
    check(re.search(r"pztest: segmentation fault: write at 0x4000, by the "
                    r"instruction at 0x[0-9a-f]+ \([0-9a-f]{8}\)", out), out)
    # munmap of a range that starts below the program's memory still
    # unmaps what of it lies inside: the page is gone, as natively
    out = m.out("pztest munmap; echo rc=$?; hvisor run pztest munmap; echo rc=$?")
    check(out.count("rc=139") == 2 and "still mapped" not in out and
          "read at 0x200000" in out, out)
    out = m.out("hvisor run pztest hvc; echo rc=$?")
    check("illegal instruction" in out and "rc=132" in out, out)
    out = m.out("hvisor run pztest fork; echo rc=$?")
    check("pztest: clone: not supported in a process zone (ENOSYS)" in out and
          "fork: -1 (Function not implemented)" in out and "rc=3" in out, out)
    only_zone0(m)


def test_bad_input(m):
    for cmd, rc, text in [
            ("hvisor run /nonexistent", 127, "No such file"),
            ("hvisor run nosuchprogram", 127, "not found in PATH"),
            ("hvisor run /hvisor/zone-configs/zone0.json", 126,
             "not an ELF file"),
            ("hvisor run --mem 4G pztest", 2, "a size from 8M to 1G"),
            ("hvisor run --cpu 9 pztest exit 0", 1, "cpus"),
            ("hvisor run", 2, "missing PROGRAM")]:
        r, out = m.run(cmd, check=False)
        check(r == rc and text in out, "%s: rc %d: %s" % (cmd, r, out))
    only_zone0(m)


def test_signals_end_it(m):
    """Ctrl-C and SIGTERM end it as they would end the program; a killed
    supervisor takes its zone with it."""
    m.send("hvisor run pztest jitter 600; echo rc=$?\n")
    m.expect(r"zone \d \(pztest\.\d+\): starting CPU", timeout=30)
    time.sleep(1)
    m.send("\x03")  # the shell drops the rest of the line, as for any program
    m.expect(PROMPT, timeout=30)
    out = m.out("echo rc=$?")
    check("rc=130" in out, out)
    out = m.out("hvisor run pztest jitter 600 & sleep 2; hvisor zone list; "
                "kill -TERM $!; wait $!; echo rc=$?")
    check(re.search(r"pztest\.\d+ +running", out) and "rc=143" in out, out)
    only_zone0(m)
    out = m.out("hvisor run pztest jitter 600 & sleep 2; kill -KILL $!; "
                "sleep 2; hvisor zone list")
    check("its supervisor (hvisor run) went away" in out, out)
    check(not re.search(r"pztest\.\d+ +running", out), out)


def test_lent_cpu_comes_back(m):
    out = m.out("hvisor run --cpu 1 pztest exit 0; echo rc=$?; "
                "cat /sys/devices/system/cpu/cpu1/online")
    check("rc=0" in out and out.split()[-1] == "1", out)


def pool(m):
    return re.search(r"(\d+) pool pages free", m.out("hvisor --version")).group(1)


def test_twenty_runs_leave_nothing(m):
    m.run("hvisor run pztest exit 0")
    before, pool0 = zone0_free_kib(m), pool(m)
    m.run("for i in $(busybox seq 20); do hvisor run pztest exit 0 || break; done",
          timeout=300)
    after = zone0_free_kib(m)
    check(before - after < 2048, "MemFree %d -> %d KiB after 20 runs" % (before, after))
    check(pool(m) == pool0, "the hypervisor's pool changed")
    only_zone0(m)

"""The hypervisor below zone0: banner and zone table, zone0's CPUs, hotplug,
timer and UART interrupts, isolation of memory and CPUs, poweroff."""
import json
import re
import time

import harness

from harness import check

BOOT = "hv"


def log_text(m):
    with open(m.log_path, encoding="utf-8", errors="replace") as f:
        return f.read()


def test_banner_and_zone_table(m):
    text = log_text(m)
    check(re.search(r"\[hvisor INF 0\] hvisor \d+\.\d+\.\d+ \(ABI \d+\.\d+\)", text),
          "no hypervisor banner")
    check(re.search(r"id 0\s+zone0\s+cpus 0x3", text), "no zone table with zone0")
    check("Booting Linux" in text and text.index("hvisor INF") < text.index("Booting Linux"),
          "the hypervisor must print before Linux boots")
    print("  hv boot to shell: %.2fs" % m.boot_seconds)


def test_zone0_has_its_two_cpus(m):
    check(m.out("nproc").strip() == "2", "zone0 should see 2 CPUs")
    check("EL1" in m.out("dmesg | grep -i 'started at'"),
          "zone0 must run at EL1 under the hypervisor")


def test_cpu_offline_online(m):
    cpu = "/sys/devices/system/cpu/cpu1/online"
    for _ in range(2):
        m.out("echo 0 > %s" % cpu)
        check(m.out("cat /sys/devices/system/cpu/online").strip() == "0",
              "CPU 1 did not go offline")
        m.out("echo 1 > %s" % cpu)
        check(m.out("cat /sys/devices/system/cpu/online").strip() == "0-1",
              "CPU 1 did not come back")
    check(m.out("nproc").strip() == "2", "nproc after hotplug")


def test_sleep_returns(m):
    t0 = time.monotonic()
    m.out("sleep 1", timeout=30)
    dt = time.monotonic() - t0
    check(dt >= 0.9, "sleep 1 returned after %.2fs" % dt)
    # an idle CPU must still wake on its timer: sleep on CPU 1 only
    m.out("taskset 2 sleep 1", timeout=30)


def irq_counts(m, name):
    for line in m.out("cat /proc/interrupts").splitlines():
        if name in line:
            return sum(int(x) for x in line.split()[1:3])
    return None


def test_timer_and_uart_interrupts_count(m):
    t1, u1 = irq_counts(m, "arch_timer"), irq_counts(m, "uart-pl011")
    check(t1 is not None and u1 is not None, "timer or UART missing in /proc/interrupts")
    m.out("sleep 1")
    t2, u2 = irq_counts(m, "arch_timer"), irq_counts(m, "uart-pl011")
    check(t2 > t1, "timer interrupts not counting (%s -> %s)" % (t1, t2))
    check(u2 > u1, "UART interrupts not counting (%s -> %s)" % (u1, u2))


def refused(m, addr, label):
    before = log_text(m).count("refused")
    rc, out = m.run("devmem 0x%x 32" % addr, check=False)
    check(rc != 0, "reading %s (0x%x) succeeded: %r" % (label, addr, out))
    time.sleep(0.2)
    text = log_text(m)
    check(text.count("refused") > before, "no refusal logged for %s" % label)
    check(re.search(r"zone 0 \(zone0\) CPU \d: refused access at IPA 0x%x" % addr, text),
          "refusal log does not name zone, CPU and address for %s" % label)
    check(m.out("echo still-alive").strip() == "still-alive", "zone0 stopped answering")


def test_hypervisor_memory_is_refused(m):
    refused(m, 0x40000000, "the hypervisor's memory")


def test_other_zones_ram_is_refused(m):
    refused(m, 0x80000000, "RAM kept for other zones")


def test_psci_cpu_on_outside_zone_refused(m):
    m.run("insmod /lib/modules/hvtest.ko cpu_on=2", check=False)
    out = m.out("dmesg | grep hvtest: | tail -1")
    check("CPU_ON(0x2) = -3" in out, "CPU_ON of CPU 2 not denied: %r" % out)
    m.run("insmod /lib/modules/hvtest.ko cpu_on=9", check=False)
    out = m.out("dmesg | grep hvtest: | tail -1")
    check("CPU_ON(0x9) = -2" in out, "CPU_ON of a missing CPU: %r" % out)
    m.run("insmod /lib/modules/hvtest.ko affinity=1", check=False)
    check("AFFINITY_INFO(0x1) = 0" in m.out("dmesg | grep hvtest: | tail -1"),
          "own CPU 1 should be on")
    m.run("insmod /lib/modules/hvtest.ko psci_fn=0x84000042", check=False)
    check("= -1" in m.out("dmesg | grep hvtest: | tail -1"),
          "unknown PSCI function should be NOT_SUPPORTED")
    check("CPU_ON of MPIDR 0x2 refused" in log_text(m), "hypervisor did not log the refusal")
    check(m.out("nproc").strip() == "2", "zone0 changed")


def test_dmesg_shows_the_hypervisors_log(m):
    """zone0 reads what the hypervisor said without the UART (HV_HC_LOG):
    the banner and the lines since, as JSON too, and followed as they come."""
    m.insmod()
    out = m.out("hvisor dmesg")
    check(re.search(r"^\[hvisor INF 0\] hvisor \d+\.\d+\.\d+ \(ABI \d+\.\d+\) on linux,dummy-virt",
                    out, re.M), "no banner: %r" % out[:300])
    check("CPU_ON of MPIDR 0x2 refused" in out, "the last test's refusal is missing")
    # (hypervisor lines the UART got meanwhile start lines of their own)
    text = re.sub("(?m)^" + harness.HV_LINE, "", m.out("hvisor dmesg --json"))
    lines = json.loads(text[text.index("["):text.rindex("]") + 1])
    check(any("zone 0 (zone0) created" in ln for ln in lines), "JSON: %r" % lines[:5])
    m.out("hvisor dmesg -f > /tmp/follow 2>&1 & echo $! > /tmp/follow.pid")
    m.run("insmod /lib/modules/hvtest.ko cpu_on=3", check=False)
    time.sleep(1)
    m.out("kill $(cat /tmp/follow.pid)")
    out = m.out("cat /tmp/follow")
    check("CPU_ON of MPIDR 0x3 refused" in out, "followed: %r" % out[-300:])


def test_zone0_reboot_restarts_the_machine(m):
    m.send("reboot\r")
    # PSCI SYSTEM_RESET from zone0 goes to the firmware: everything again
    m.expect(r"\[hvisor INF 0\] hvisor \d+\.\d+\.\d+ \(ABI", timeout=60)
    m.wait_shell()
    check(m.out("nproc").strip() == "2", "zone0 after reboot")


def test_poweroff_exits_qemu_with_0(m):
    m.poweroff()

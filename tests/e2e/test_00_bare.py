"""The baseline machine: zone0's kernel, DTB and initramfs without the
hypervisor (make run-bare) boots to a shell, runs a command and powers off."""
from harness import check

BOOT = "bare"


def test_boots_to_shell(m):
    check(m.boot_seconds is not None, "no shell prompt")
    print("  bare boot to shell: %.2fs" % m.boot_seconds)
    # entered at EL1 like zone0 under the hypervisor: no KVM set-up to pay
    log = m.log_text()
    check("kvm [1]: HYP mode not available" in log and "started at EL2" not in log,
          "the baseline did not enter Linux at EL1")


def test_runs_a_command(m):
    out = m.out("echo $((6 * 7)); uname -m")
    check("42" in out and "aarch64" in out, "unexpected output: %r" % out)
    check(m.out("nproc").strip() == "2", "zone0's DT gives it CPUs 0-1")


def test_poweroff_exits_qemu_with_0(m):
    m.poweroff()

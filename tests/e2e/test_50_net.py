"""Zone networks: virtio-net from zone1 and zone2 to a bridge in zone0,
addresses from the configs, a 16 MiB TCP transfer, a restart that leaves the
other zone's connection alone, a flood, and hostile frames."""
import json
import re
import time

from harness import check

BOOT = "hv"
NET1 = 0x0a003600


def prepare(m):
    m.insmod()




def net_stats(m, zone, dev):
    m.out("kill -USR1 $(pidof hv-%s); sleep 1" % zone)
    line = m.out("grep 'virtio%d net:' /var/log/hvisor/%s.log | tail -1" % (dev, zone))
    return {k: int(v) for v, k in re.findall(r"(\d+) ([a-z ]+?)(?=[,;(]|$)", line)}


def test_zones_get_addresses_and_reach_each_other(m):
    m.start_zone("zone1-linux.json", "zone1")
    m.start_zone("zone2-linux.json", "zone2")
    out = m.out("ip addr show hvbr0; ls /sys/class/net/hvbr0/brif/")
    check("inet 10.0.0.1/24" in out and "hvz1.2" in out and "hvz2.0" in out,
          "bridge: %r" % out)
    m.attach("zone1")
    out = m.zout("zone1", "ip addr show eth0")
    check("link/ether 02:48:56:00:01:02" in out and "inet 10.0.0.11/24" in out,
          "zone1's eth0: %r" % out)
    for ip in ("10.0.0.1", "10.0.0.12"):
        check(" 0% packet loss" in m.zout("zone1", "ping -c 3 -W 5 %s" % ip),
              "zone1 cannot reach %s" % ip)
    m.detach()
    m.attach("zone2")
    check(" 0% packet loss" in m.zout("zone2", "ping -c 3 -W 5 10.0.0.11"),
          "zone2 cannot reach zone1")
    m.detach()
    check(" 0% packet loss" in m.out("ping -c 3 -W 5 10.0.0.12"), "zone0 -> zone2")


def test_16_mib_over_tcp(m):
    m.attach("zone1")
    want = re.search(r"([0-9a-f]{32})  /tmp/f", m.zout(
        "zone1", "dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null;"
                    " md5sum /tmp/f; httpd -p 8080 -h /tmp"))
    m.detach()
    got = re.search(r"([0-9a-f]{32})  /tmp/recv", m.out(
        "wget -q -O /tmp/recv http://10.0.0.11:8080/f && md5sum /tmp/recv", timeout=300))
    check(want and got, "no checksums")
    want, got = want.group(1), got.group(1)
    check(got == want, "checksums differ: sent %s, got %s" % (want, got))
    # zone1 to zone2 across the bridge: TCP segments of up to 64 KiB with
    # checksums left undone, sent whole and taken into mergeable buffers
    m.attach("zone2")
    got = re.search(r"([0-9a-f]{32})  /tmp/recv", m.zout(
        "zone2", "wget -q -O /tmp/recv http://10.0.0.11:8080/f && md5sum /tmp/recv;"
                 " rm /tmp/recv", timeout=300))
    m.detach()
    check(got and got.group(1) == want, "zone2 got %r, zone1 sent %s" % (got and got.group(1), want))
    out1, in2 = net_stats(m, "zone1", 2), net_stats(m, "zone2", 0)
    check(out1.get("out with offloads", 0) > 0 and in2.get("in merged buffers", 0) > 0,
          "offloads unused: zone1 %r, zone2 %r" % (out1, in2))


def test_restart_leaves_the_other_zone_connected(m):
    # zone2 streams a line a second to zone0 over one TCP connection
    # (nc ends at EOF of its input: give it one that never ends)
    m.out("(tail -f /dev/null | nc -l -p 5002 > /tmp/z2 2>&1) & true")
    m.attach("zone2")
    m.zout("zone2", "(while true; do echo tick; sleep 1; done | nc 10.0.0.1 5002) "
                     "</dev/null >/dev/null 2>&1 & true")
    m.detach()
    time.sleep(3)
    mac1 = None
    m.out("hvisor zone shutdown zone1")
    check(m.run("test -e /sys/class/net/hvz1.2", check=False)[0] != 0,
          "zone1's TAP outlived it")
    before = int(m.out("wc -l < /tmp/z2"))
    m.start_zone("zone1-linux.json", "zone1")
    m.attach("zone1")
    out = m.zout("zone1", "ip addr show eth0; ping -c 2 -W 5 10.0.0.1")
    mac1 = "link/ether 02:48:56:00:01:02" in out and "inet 10.0.0.11/24" in out
    m.detach()
    check(mac1, "zone1 came back with another MAC or address: %r" % out)
    time.sleep(3)
    after = int(m.out("wc -l < /tmp/z2"))
    check(before >= 2 and after > before,
          "zone2's connection stalled across zone1's restart (%d -> %d lines)"
          % (before, after))


def test_flood_leaves_zone0_and_zone2_working(m):
    m.attach("zone1")
    m.zout("zone1", "for i in 1 2 3 4; do ping -A -q -s 1400 -w 25 10.0.0.1 "
                     ">/dev/null 2>&1 & done; true")
    m.detach()
    t0 = time.monotonic()
    check(m.out("echo still here", timeout=20).strip() == "still here", "zone0's shell")
    shell = time.monotonic() - t0
    m.attach("zone2")
    out = m.zout("zone2", "ping -c 5 -W 10 10.0.0.1", timeout=120)
    m.detach()
    got = re.search(r"(\d+) packets received", out)
    check(got and int(got.group(1)) >= 3, "zone2 starved during the flood: %r" % out)
    print("  during the flood: zone0 shell answered in %.2fs, zone2 ping: %s"
          % (shell, out.strip().splitlines()[-1]))
    m.attach("zone1")
    m.zout("zone1", "killall ping; true")
    m.detach()


def test_hostile_frames_are_dropped_and_counted(m):
    before = net_stats(m, "zone1", 2)
    m.attach("zone1")
    m.zout("zone1", "echo virtio2 > /sys/bus/virtio/drivers/virtio_net/unbind")
    m.zrun("zone1", "insmod /lib/modules/hvattack.ko net=1 base=0x%x" % NET1,
           check=False, timeout=120)
    out = m.zout("zone1", "dmesg | grep 'hvattack: net-'")
    m.detach()
    res = {}
    for name, used, status in re.findall(
            r"hvattack: (net-[\w-]+): used=(\d+) status=0x([0-9a-f]+)", out):
        res[name] = (int(used), int(status, 16))
    check(len(res) == 7, "attack output: %r" % out)
    for case in ("net-good", "net-empty", "net-too-big", "net-short", "net-outside-ram",
                 "net-bad-offload"):
        check(res[case][0] == 1 and not res[case][1] & 0x40,
              "%s: not completed and dropped quietly: %r" % (case, res[case]))
    check(res["net-loop"][1] & 0x40, "a descriptor loop did not stop the device")
    # zone0 keeps sending to zone1's address while its receive queue is empty
    m.run("ping -c 3 -W 2 10.0.0.11", check=False)
    after = net_stats(m, "zone1", 2)
    for what in ("empty", "too big", "bad", "bad headers"):
        check(after[what] > before.get(what, 0), "no %r drop counted: %r" % (what, after))
    m.attach("zone1")
    m.zout("zone1", "echo virtio2 > /sys/bus/virtio/drivers/virtio_net/bind; sleep 1;"
                     " ip link set eth0 up; ip addr add 10.0.0.11/24 dev eth0")
    check(" 0% packet loss" in m.zout("zone1", "ping -c 3 -W 5 10.0.0.1"),
          "zone1's network after the attack")
    m.detach()
    check(m.out("echo alive").strip() == "alive", "zone0")
    m.attach("zone2")
    check(" 0% packet loss" in m.zout("zone2", "ping -c 2 -W 5 10.0.0.1"), "zone2")
    m.detach()
    m.out("hvisor zone shutdown zone1; hvisor zone shutdown zone2")
    check(m.run("ls /sys/class/net | grep -q hvz", check=False)[0] != 0,
          "TAPs left behind")

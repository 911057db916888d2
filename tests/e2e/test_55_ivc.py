"""Channels between zones (docs/ivc.md): zone1 and zone2 share channel 0,
zone0 and zone1 channel 1 (zone0's is in zone-configs/zone0.json), set up
from the configs' ivc_configs; the hivc driver and demo in each zone
ping-pong and copy 16 MiB both ways; a peer's output section and the
control table refuse what they must; a peer that goes away is seen through
its state word and the channel works again when it comes back."""
import re
import time

from harness import check

BOOT = "hv"
CT = 0x0b000000  # the control table page
SHM = 0x0b010000  # the channel: a 4 KiB common section, then 64 KiB per peer
RW, OUT = 0x1000, 0x10000


CT1, SHM1 = 0x0b100000, 0x0b110000  # channel 1, zone0's


def ivc(ivc_id, peer, ct, shm, irq):
    return {"ivc_id": ivc_id, "peer_id": peer, "control_table_ipa": hex(ct),
            "shared_mem_ipa": hex(shm), "rw_sec_size": hex(RW),
            "out_sec_size": hex(OUT), "interrupt_num": irq, "max_peers": 2}


def channel(peer, irq, with_zone0=False):
    def edit(cfg):
        cfg["ivc_configs"] = [ivc(0, peer, CT, SHM, irq)]
        if with_zone0:
            cfg["ivc_configs"].append(ivc(1, 1, CT1, SHM1, 83))
        # the channel is what is tested: no virtio backends to wait for
        cfg["virtio"] = []
    return edit


def prepare(m):
    m.insmod()
    m.derive_config("zone1-chan.json", edit=channel(0, 80, with_zone0=True))
    m.derive_config("zone2-chan.json", base="zone2-linux.json", edit=channel(1, 81))


def md5(text, name):
    found = re.search(r"([0-9a-f]{32})  %s" % re.escape(name), text)
    check(found, "no checksum of %s in %r" % (name, text))
    return found.group(1)


def test_both_sides_join_and_see_each_other(m):
    out = m.out("hvisor config check /hvisor/zone-configs/zone0.json"
                " /hvisor/zone-configs/zone1-chan.json /hvisor/zone-configs/zone2-chan.json")
    check(out.count(": ok") == 3, "config check: %r" % out)
    # hvisor-tool's IVC demo zone, unchanged (its kernel is not here)
    out = m.out("hvisor config check"
                " /hvisor/zone-configs/hvisor-tool/ivc/zone1_ruxos_display.json")
    check(out.rstrip().endswith("zone1_ruxos_display.json: ok"), "the demo config: %r" % out)
    # zone0 is in channel 1 from its boot, alone until zone1 comes
    out = m.out("hivc info -d /dev/hivc1")
    check("peer 0: present, state 1 (us)" in out and "peer 1: absent, state 0" in out,
          "zone0's channel before zone1: %r" % out)
    m.start_zone("zone1-chan.json", "zone1")
    m.start_zone("zone2-chan.json", "zone2")
    m.attach("zone1")
    out = m.zout("zone1", "hivc info")
    m.detach()
    check("ivc 0, peer 0 of 2, rw section 0x1000, output sections 0x10000" in out,
          "zone1's view: %r" % out)
    check("peer 0: present, state 1 (us)" in out and "peer 1: present, state 1" in out,
          "zone1 does not see zone2 up: %r" % out)
    log = m.out("hvisor dmesg | grep ivc")
    check("zone 2 (zone2): ivc 0 peer 1, 132 KiB at 0xb010000, doorbell IRQ 81" in log,
          "no join line: %r" % log)


def test_ping_pong(m):
    m.in_zone("zone2", "hivc pong -n 500 > /tmp/pong.log 2>&1 &")
    m.attach("zone1")
    out = m.zout("zone1", "hivc ping -n 500", timeout=120)
    m.detach()
    check(re.search(r"500 round trips to peer 1: min [\d.]+ us, avg [\d.]+ us", out),
          "ping: %r" % out)


def test_zone0_is_a_peer_too(m):
    out = m.out("hivc info -d /dev/hivc1")
    check("peer 1: present, state 1" in out, "zone0 does not see zone1: %r" % out)
    m.in_zone("zone1", "hivc pong -d /dev/hivc1 -n 200 > /tmp/pong.log 2>&1 &")
    out = m.out("hivc ping -d /dev/hivc1 -n 200", timeout=120)
    check("200 round trips to peer 1" in out, "zone0's ping: %r" % out)
    m.in_zone("zone1", "hivc recv -d /dev/hivc1 /tmp/got1 2> /tmp/recv1.log &")
    sent = m.out("dd if=/dev/urandom of=/tmp/f bs=1M count=4 2>/dev/null;"
                 " md5sum /tmp/f; hivc send -d /dev/hivc1 /tmp/f", timeout=120)
    m.attach("zone1")
    got = m.zout("zone1", "sleep 1; cat /tmp/recv1.log; md5sum /tmp/got1")
    m.detach()
    check("hivc: received 4194304 bytes" in got, "zone1's recv: %r" % got)
    check(md5(sent, "/tmp/f") == md5(got, "/tmp/got1"), "zone0 -> zone1: checksums differ")


def test_the_channel_device_fed_garbage(m):
    """hvdevfuzz --hivc: garbage ioctls, unknown ones, and mappings the
    driver must refuse; the channel and both peers go on."""
    out = m.out("hvdevfuzz --hivc /dev/hivc1", timeout=300)
    check("hvdevfuzz: done" in out, "hvdevfuzz: %r" % out)
    check("hivc unknown requests: 0 accepted" in out, "unknown ioctls: %r" % out)
    check("hivc mappings it must refuse: 0 accepted" in out, "mappings: %r" % out)
    check("Internal error" not in m.log_text(), "a kernel oops")
    out = m.out("hivc info -d /dev/hivc1")
    check("peer 0: present, state 1 (us)" in out and "peer 1: present, state 1" in out,
          "channel 1 after: %r" % out)


def test_16_mib_both_ways(m):
    for src, dst in (("zone1", "zone2"), ("zone2", "zone1")):
        m.in_zone(dst, "hivc recv /tmp/got 2> /tmp/recv.log &")
        m.attach(src)
        sent = m.zout(src, "dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null;"
                           " md5sum /tmp/f; hivc send /tmp/f", timeout=300)
        m.detach()
        check("hivc: sent 16777216 bytes" in sent, "%s's send: %r" % (src, sent))
        m.attach(dst)
        got = m.zout(dst, "sleep 1; cat /tmp/recv.log; md5sum /tmp/got")
        m.detach()
        check("hivc: received 16777216 bytes" in got, "%s's recv: %r" % (dst, got))
        check(md5(sent, "/tmp/f") == md5(got, "/tmp/got"),
              "%s -> %s: checksums differ" % (src, dst))


def test_a_peer_cannot_write_the_others_section(m):
    mine, theirs = SHM + RW, SHM + RW + OUT
    m.attach("zone1")
    out = m.zout("zone1", "hvpoke w32 %#x 0x1234; echo rc=$?; hvpoke r32 %#x;"
                          " hvpoke w32 %#x 0x5678; echo rc=$?; hvpoke r32 %#x"
                 % (mine + 0x800, mine + 0x800, theirs + 0x800, theirs + 0x800))
    m.detach()
    reads = re.findall(r"^(0x[0-9a-f]+)\r?$", out, re.M)
    check("rc=0" in out and reads[:1] == ["0x1234"], "own section: %r" % out)
    check("rc=135" in out, "the write to peer 1's section was not refused: %r" % out)
    check(len(reads) == 2 and reads[1] != "0x5678", "peer 1's section changed: %r" % out)
    log = m.out("hvisor dmesg | grep 'read-only in this zone' | tail -1")
    check("zone 1 (zone1)" in log and "IPA 0x%x" % (theirs + 0x800) in log,
          "no refusal naming the address: %r" % log)


def test_control_table_refuses_garbage(m):
    m.attach("zone2")
    out = m.zout("zone2", "hvpoke w32 %#x 7; echo rc=$?; hvpoke w32 %#x 1; echo rc=$?;"
                          " hvpoke r32 %#x; echo rc=$?; hvpoke forms %#x"
                 % (CT + 0x14, CT + 0x80, CT + 0x10, CT + 0x100), timeout=120)
    info = m.zout("zone2", "hivc info")
    m.detach()
    # a doorbell for a peer id the channel has not, an unknown register, and
    # forms the trap cannot describe: aborts; the peer id reads back
    check(out.count("rc=135") == 2 and "0x1" in out, "control table: %r" % out)
    for form in ("ldxr", "ldp", "stp", "ld1", "st1"):
        check("%s: signal" % form in out, "%s on the control table: %r" % (form, out))
    check("peer 1: present, state 1 (us)" in info, "zone2 after: %r" % info)


def test_a_zone_without_the_channel_cannot_reach_it(m):
    out = m.out("hvpoke r32 %#x; echo rc=$?; hvpoke r32 %#x; echo rc=$?" % (SHM, CT))
    check(out.count("rc=135") == 2, "zone0 reached the channel: %r" % out)


def test_a_peer_that_leaves_is_seen_and_comes_back(m):
    m.in_zone("zone2", "hivc recv /dev/null 2> /tmp/recv.log &")
    m.in_zone("zone1", "cat /dev/zero | hivc send 2> /tmp/send.log &")
    time.sleep(2)
    m.out("hvisor zone shutdown zone2")
    time.sleep(2)
    m.attach("zone1")
    out = m.zout("zone1", "cat /tmp/send.log; hivc info")
    m.detach()
    check("hivc: peer 1 is down (its state word is 0) while sending" in out,
          "the sender did not notice: %r" % out)
    check("peer 1: absent, state 0" in out, "zone1's view after: %r" % out)
    m.start_zone("zone2-chan.json", "zone2")
    m.attach("zone1")
    info = m.zout("zone1", "hivc info")
    m.detach()
    check("peer 1: present, state 1" in info, "zone2 back: %r" % info)
    test_16_mib_both_ways(m)


def test_the_last_peer_out_frees_the_channel(m):
    m.out("hvisor zone shutdown zone1; hvisor zone shutdown zone2")
    log = m.out("hvisor dmesg | grep 'ivc 0: last peer left' | tail -1")
    check("33 pages scrubbed and freed" in log, "channel not freed: %r" % log)
    # zone0's channel stays, zone1's end of it gone
    out = m.out("hivc info -d /dev/hivc1")
    check("peer 0: present, state 1 (us)" in out and "peer 1: absent, state 0" in out,
          "zone0's channel after zone1: %r" % out)

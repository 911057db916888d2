#!/usr/bin/env bash
# mk-initramfs.sh OUT ZONE: build a zone's initramfs (uncompressed newc cpio:
# the kernel unpacks it without spending boot time on decompression).
# Every zone gets busybox and initramfs/; zone0 also gets the driver, the
# hvisor tool, the zone configs and the images that non-root zones boot,
# laid out as in the repository so the configs' relative paths still hold.
set -euo pipefail
out=$1
zone=$2
top=$(cd "$(dirname "$0")/.." && pwd)
b=$top/build
root=$b/initramfs/$zone
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,lib/modules}
cp "$b/deps/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
ln -s bin/busybox "$root/init"
cp -r "$top/initramfs/." "$root/"
# the test helper module goes everywhere: tests call from every zone
cp "$b"/tests/kmod/hv*.ko "$root/lib/modules/"
cp "$b/tests/hvpoke" "$root/usr/bin/hvpoke"
# channels between zones: the driver and the demo (docs/ivc.md)
cp "$b/driver/ivc/hivc.ko" "$root/lib/modules/"
cp "$b/tools/aarch64/hivc" "$root/usr/bin/hivc"
# Debian's modules for virtio devices and ext4, loaded in this order by rcS
cp "$b"/deps/modules/*.ko "$root/lib/modules/"
cp "$b/deps/modules/order" "$root/etc/modules"
# iperf3 with its own loader and libraries (busybox is static: nothing else
# in the initramfs needs them)
mkdir -p "$root/usr/lib/iperf3"
cp -r "$b/deps/iperf3/." "$root/usr/lib/iperf3/"
rm -f "$root/usr/lib/iperf3/.done"
cat > "$root/usr/bin/iperf3" <<'SH'
#!/bin/sh
d=/usr/lib/iperf3
exec $d/lib/ld-linux-aarch64.so.1 --library-path $d/lib $d/iperf3 "$@"
SH
chmod +x "$root/usr/bin/iperf3"
if [ "$zone" = zone0 ]; then
	cp "$b/driver/hvisor.ko" "$root/lib/modules/"
	cp "$b/tools/aarch64/hvisor" "$root/usr/sbin/hvisor"
	cp "$b/tests/hvraw" "$b/tests/hvdevfuzz" "$b/tests/pztest" "$root/usr/bin/"
	# the process zones' runtime (hvisor run, docs/process-zones.md)
	mkdir -p "$root/usr/lib/hvisor"
	cp "$b/runtime/pzrt.bin" "$root/usr/lib/hvisor/pzrt.bin"
	mkdir -p "$root/hvisor/zone-configs" "$root/hvisor/build/deps"
	cp -r "$top"/zone-configs/. "$root/hvisor/zone-configs/"
	cp "$b/deps/Image" "$root/hvisor/build/deps/Image"
	cp "$b/tests/rawzone.bin" "$b/tests/tlat.bin" "$root/hvisor/build/"
	for f in "$b"/zone[1-9]*-initramfs.cpio; do
		[ -e "$f" ] && cp "$f" "$root/hvisor/build/"
	done
	# every board's zone DTBs: one initramfs serves zone0 on any board
	for f in "$b"/boards/*/dts/zone[1-9]*.dtb; do
		[ -e "$f" ] || continue
		d=$root/hvisor/build/boards/$(basename "$(dirname "$(dirname "$f")")")/dts
		mkdir -p "$d"
		cp "$f" "$d/"
	done
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --owner 0:0 --quiet) > "$out.tmp"
mv "$out.tmp" "$out"

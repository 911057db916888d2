#!/usr/bin/env bash
# Installs and fetches everything the build needs. Idempotent: every step
# checks first, so a second run does nothing and takes seconds.
#
# Host tools come from apt-get install. The arm64 pieces (kernel, headers,
# busybox, libfdt, cJSON source) are fetched with a private apt state under
# build/deps/apt so /etc/apt is never changed: installing the arm64 headers
# for real would pull gcc-12:arm64 and remove the host compiler.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
deps=${DEPS_DIR:-$top/build/deps}
mkdir -p "$deps"

. "$top/scripts/apt-lib.sh"

log() { printf 'deps: %s\n' "$*"; }

host_pkgs=(qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	   device-tree-compiler linux-kbuild-6.1 libcmocka-dev libfdt-dev
	   python3-pexpect cpio make gcc libc6-dev clang-format cppcheck
	   e2fsprogs clang-19 lld-19 qemu-system-misc)

missing=()
for p in "${host_pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || log "apt-get update reported errors; trying anyway"
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---- private apt state for arm64 downloads and the cJSON source ----------
apt_dir=$deps/apt
if [ ! -f "$apt_dir/updated" ]; then
	mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial"
	: > "$apt_dir/state/status"
	# the Debian archive this machine's apt already uses, never a guess
	mirror=$(apt_uri bookworm | sed -n 1p)
	secmirror=$(apt_uri bookworm-security | sed -n 1p)
	if [ -z "$mirror" ]; then
		echo "deps: no Debian 'bookworm' archive in /etc/apt/sources.list or" \
		     "/etc/apt/sources.list.d/: add the one this machine should use" >&2
		exit 1
	fi
	cat > "$apt_dir/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-updates main
${secmirror:+deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $secmirror bookworm-security main}
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
SRC
	log "updating private apt lists (arm64 + sources)"
	aptx apt-get update -qq
	touch "$apt_dir/updated"
fi

dl=$deps/debs
mkdir -p "$dl"
chmod 777 "$dl"
fetch() { # fetch PKG: download the .deb once, print its path
	local f
	f=$(ls "$dl"/"${1%%:*}"_*"${2:-}".deb 2>/dev/null | head -n1 || true)
	if [ -z "$f" ]; then
		(cd "$dl" && aptx apt-get download -qq "$1" >&2)
		f=$(ls "$dl"/"${1%%:*}"_*.deb | head -n1)
	fi
	echo "$f"
}

# ---- kernel: discover the current ABI from the metapackage ---------------
if [ ! -f "$deps/kernel.env" ]; then
	kpkg=$(aptx apt-cache depends -qq linux-image-arm64:arm64 2>/dev/null |
	       sed -n 's/.*Depends: \(linux-image-6\.1\.0-[0-9]*-arm64\).*/\1/p' | head -n1)
	[ -n "$kpkg" ] || { echo "deps: cannot find the Debian arm64 kernel package" >&2; exit 1; }
	kabi=${kpkg#linux-image-}
	kabi=${kabi%-arm64}
	printf 'KABI=%s\nKREL=%s-arm64\n' "$kabi" "$kabi" > "$deps/kernel.env.tmp"
	mv "$deps/kernel.env.tmp" "$deps/kernel.env"
fi
. "$deps/kernel.env"

if [ ! -f "$deps/Image" ]; then
	log "fetching linux-image-$KREL"
	rm -rf "$deps/kimg"
	dpkg-deb -x "$(fetch "linux-image-$KREL:arm64")" "$deps/kimg"
	cp "$deps/kimg/boot/vmlinuz-$KREL" "$deps/Image.tmp"
	mv "$deps/Image.tmp" "$deps/Image"
	rm -rf "$deps/kimg"
fi

# real boards' own device trees, as Debian ships them (boards/*.conf
# board_dtb): the Xilinx ones
if [ ! -f "$deps/dtbs/.done" ]; then
	log "extracting the boards' device trees"
	rm -rf "$deps/kimg" "$deps/dtbs"
	dpkg-deb -x "$(fetch "linux-image-$KREL:arm64")" "$deps/kimg"
	mkdir -p "$deps/dtbs"
	cp -r "$deps/kimg/usr/lib/linux-image-$KREL/xilinx" "$deps/dtbs/"
	rm -rf "$deps/kimg"
	touch "$deps/dtbs/.done"
fi

# the modules zones load for virtio disks, consoles and ext4, in load order
zone_modules="crypto/crc32c_generic lib/crc16 fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4
	      drivers/virtio/virtio_mmio drivers/block/virtio_blk
	      drivers/char/virtio_console drivers/char/hw_random/virtio-rng
	      net/llc/llc net/802/stp net/bridge/bridge drivers/net/tun
	      net/core/failover drivers/net/net_failover drivers/net/virtio_net"
want_order=$(for m in $zone_modules; do basename "$m"; done)
if [ ! -f "$deps/modules/.done" ] || [ "$(cat "$deps/modules/order")" != "$want_order" ]; then
	log "extracting the zones' kernel modules"
	rm -rf "$deps/kimg" "$deps/modules"
	dpkg-deb -x "$(fetch "linux-image-$KREL:arm64")" "$deps/kimg"
	mkdir -p "$deps/modules"
	for m in $zone_modules; do
		cp "$deps/kimg/lib/modules/$KREL/kernel/$m.ko" "$deps/modules/"
		basename "$m" >> "$deps/modules/order"
	done
	rm -rf "$deps/kimg"
	touch "$deps/modules/.done"
fi

kh=$deps/kheaders
if [ ! -f "$kh/.done" ]; then
	log "fetching linux-headers-$KREL"
	rm -rf "$kh"
	dpkg-deb -x "$(fetch "linux-headers-$KREL:arm64")" "$kh"
	dpkg-deb -x "$(fetch "linux-headers-$KABI-common")" "$kh"
	# The arch Makefile includes the common tree by absolute path, and
	# scripts/ and tools/ point at linux-kbuild-6.1 relative to /usr/src.
	sed -i "s|/usr/src/linux-headers-$KABI-common|$kh/usr/src/linux-headers-$KABI-common|g" \
		"$kh/usr/src/linux-headers-$KREL/Makefile"
	mkdir -p "$kh/usr/lib"
	ln -sfn /usr/lib/linux-kbuild-6.1 "$kh/usr/lib/linux-kbuild-6.1"
	touch "$kh/.done"
fi
ln -sfn "$kh/usr/src/linux-headers-$KREL" "$deps/kbuild"

if [ ! -f "$deps/busybox" ]; then
	log "fetching busybox-static:arm64"
	rm -rf "$deps/bb"
	dpkg-deb -x "$(fetch busybox-static:arm64)" "$deps/bb"
	cp "$deps/bb/bin/busybox" "$deps/busybox"
	rm -rf "$deps/bb"
fi

if [ ! -f "$deps/libfdt-arm64/.done" ]; then
	log "fetching libfdt-dev:arm64"
	rm -rf "$deps/libfdt-arm64"
	dpkg-deb -x "$(fetch libfdt-dev:arm64)" "$deps/libfdt-arm64"
	touch "$deps/libfdt-arm64/.done"
fi

if [ ! -f "$deps/cjson/cJSON.c" ]; then
	log "fetching the cJSON source"
	rm -rf "$deps/cjson-src" "$deps/cjson"
	mkdir -p "$deps/cjson-src"
	chmod 777 "$deps/cjson-src"
	(cd "$deps/cjson-src" && aptx apt-get source --download-only -qq cjson >&2)
	tar -C "$deps/cjson-src" -xf "$(ls "$deps"/cjson-src/cjson_*.orig.tar.* | head -n1)"
	mkdir -p "$deps/cjson"
	src=$(dirname "$(find "$deps/cjson-src" -name cJSON.c | head -n1)")
	cp "$src/cJSON.c" "$src/cJSON.h" "$src/LICENSE" "$deps/cjson/"
	rm -rf "$deps/cjson-src"
fi

# iperf3 and its libraries, for every zone (network tests and make bench)
fetch_tool iperf3 usr/bin/iperf3 "$deps/iperf3"

touch "$deps/.done"
log "ready (kernel $KREL)"

#!/usr/bin/env bash
# bench-deps.sh: fio for arm64 from Debian's packages, with every shared
# library it loads, into build/bench/fio/ (fio, lib/), for `make bench`.
# Uses the private apt state deps.sh set up; a second run does nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
apt_dir=$top/build/deps/apt
out=$top/build/bench/fio
. "$top/scripts/apt-lib.sh"
[ -f "$out/.done" ] && exit 0

work=$top/build/bench/debs
rm -rf "$work" "$out"
mkdir -p "$work/root"
chmod 777 "$work"
echo "bench-deps: fetching fio:arm64 and its libraries"
pkgs=$(aptx apt-cache depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances fio:arm64 2>/dev/null |
	grep -E '^(lib[^ ]*|zlib1g|fio):arm64$' | sort -u)
# shellcheck disable=SC2086
(cd "$work" && aptx apt-get download -qq $pkgs >&2)
for f in "$work"/*.deb; do
	dpkg-deb -x "$f" "$work/root"
done
/usr/bin/python3 "$top/scripts/so-closure.py" "$work/root" "$work/root/usr/bin/fio" "$out"
cp "$work/root/lib/ld-linux-aarch64.so.1" "$out/lib/" 2>/dev/null ||
	cp "$(readlink -f "$work/root/usr/lib/ld-linux-aarch64.so.1")" "$out/lib/ld-linux-aarch64.so.1"
rm -rf "$work"
touch "$out/.done"
echo "bench-deps: fio ready ($(du -sm "$out" | cut -f1) MiB)"

#!/usr/bin/env bash
# fresh-check.sh (make fresh-check): proves the README's commands on a new
# Debian 12 machine. It builds a minimal Debian 12 root with debootstrap from
# the archive this machine's apt uses (the bare root is cached as a tarball
# under build/fresh-check/, so a second run skips the download), puts a clean
# clone of the current commit in it, and runs there, in a chroot with an
# empty environment, what the README tells a new user to run:
#   apt-get update && apt-get install -y make
#   make smoke                     (the set-up and build `make test` does,
#                                   every unit test and the smoke set of
#                                   QEMU cases; CI runs the whole `make test`
#                                   once, on this machine: twice would not
#                                   fit CI's time)
#   make run                       (driven until zone0's shell answers; then
#                                   `poweroff` must end QEMU with status 0)
# Nothing of this machine's installed packages is visible inside: the root
# gets only /proc, /sys, /dev (bind mounts), a copy of resolv.conf and of
# this machine's apt configuration (which archive, which options).
# Each phase's time is printed; logs go to build/fresh-check/*.log.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/apt-lib.sh"
work=$top/build/fresh-check
root=$work/root
tarball=$work/bookworm-minbase.tar
mkdir -p "$work"

t_all=$(date +%s)
declare -a summary
phase_start() { t0=$(date +%s); printf 'fresh-check: %s...\n' "$1"; }
phase_end() { # phase_end NAME
	local d=$(($(date +%s) - t0))
	summary+=("$(printf '%-34s %4d s' "$1" "$d")")
	printf 'fresh-check: %s done in %d s\n' "$1" "$d"
}
fail() { echo "fresh-check: FAILED: $*" >&2; exit 1; }

# Everything mounted under the root, deepest first. rm -rf never runs while
# one is left: a bind-mounted /dev would be emptied with the root.
unmount_root() {
	local m tries=0
	while :; do
		m=$(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' \
			/proc/self/mounts | sort -r)
		[ -z "$m" ] && return 0
		[ $tries -ge 5 ] && { echo "fresh-check: still mounted: $m" >&2; return 1; }
		for d in $m; do umount -l "$d" 2>/dev/null || true; done
		tries=$((tries + 1))
	done
}
remove_root() {
	unmount_root || fail "cannot unmount what is under $root"
	rm -rf --one-file-system "$root"
}
trap 'unmount_root || true' EXIT

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot, mounts)"
mirror=$(apt_uri bookworm | sed -n 1p)
[ -n "$mirror" ] || fail "no Debian 'bookworm' archive in this machine's apt sources"

commit=$(git -C "$top" rev-parse HEAD)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
	echo "fresh-check: note: uncommitted changes are not checked; checking $commit"
fi

# ---- the bare root (cached) ----------------------------------------------
phase_start "bare Debian 12 root"
if ! command -v debootstrap > /dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap \
		> "$work/debootstrap-install.log" 2>&1 ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq debootstrap; } >> "$work/debootstrap-install.log" 2>&1 ||
		fail "cannot install debootstrap (see $work/debootstrap-install.log)"
fi
remove_root
if [ ! -f "$tarball" ]; then
	echo "fresh-check: debootstrap --variant=minbase bookworm from $mirror"
	debootstrap --variant=minbase bookworm "$root" "$mirror" \
		> "$work/debootstrap.log" 2>&1 ||
		fail "debootstrap failed (see $work/debootstrap.log)"
	tar -C "$root" -cf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	how=debootstrap
else
	mkdir -p "$root"
	tar -C "$root" -xf "$tarball"
	how="cached $(basename "$tarball")"
fi
phase_end "bare root ($how)"

# ---- what a machine of this kind has besides packages ---------------------
# Its apt configuration (archive and options) and a resolver; nothing else.
rm -f "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] && cp "$f" "$root$f"
done
[ -f /etc/resolv.conf ] && cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# a chroot must not start daemons in this machine's namespaces
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"

phase_start "clean clone of $commit"
git clone -q --no-hardlinks "$top" "$root/root/hvisor"
git -C "$root/root/hvisor" checkout -q "$commit"
phase_end "clone"

mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"

inside() { # inside LOG CMD: run CMD in the root as a new root login would
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd /root/hvisor && $2" > "$work/$1" 2>&1
}

phase_start "apt-get install make (README)"
inside make-install.log 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make' ||
	fail "installing make (see $work/make-install.log)"
phase_end "apt-get install make"

# bytes this machine received, all interfaces but loopback
rx_bytes() { awk -F'[: ]+' 'NR > 2 && $2 != "lo" { s += $3 } END { printf "%.0f", s }' /proc/net/dev; }
rx0=$(rx_bytes)

phase_start "make smoke (set-up, build, smoke tests)"
if ! inside make-smoke.log 'make smoke'; then
	tail -n 30 "$work/make-smoke.log" >&2
	fail "make smoke (see $work/make-smoke.log)"
fi
grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/make-smoke.log" | tail -n1
phase_end "make smoke"

phase_start "make run (README), to zone0's shell and poweroff"
if ! inside make-run.log '/usr/bin/python3 scripts/drive-run.py'; then
	tail -n 30 "$work/make-run.log" >&2
	fail "make run (see $work/make-run.log)"
fi
grep '^drive-run:' "$work/make-run.log"
phase_end "make run"

# what the first run downloaded: host packages and arm64 packages alike
rx_mb=$((($(rx_bytes) - rx0) / 1048576))
fetched=$(du -sm "$root/root/hvisor/build/deps/debs" | cut -f1)

unmount_root
echo
echo "fresh-check: passed on a new Debian 12 root (commit ${commit:0:12})"
for l in "${summary[@]}"; do echo "  $l"; done
printf '  %-34s %4d s\n' "total" $(($(date +%s) - t_all))
echo "  downloaded during make smoke and make run: $rx_mb MB" \
	"(of which arm64 packages kept in build/deps/debs: $fetched MB)"
remove_root

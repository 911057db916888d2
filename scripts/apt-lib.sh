# apt-lib.sh: sourced by deps.sh, bench-deps.sh and fresh-check.sh.
#
# apt_uri SUITE prints the URI of each Debian archive this machine's apt
# already uses for SUITE (deb822 .sources files, then one-line .list files),
# so the project never names an archive of its own.
apt_uri() { # apt_uri SUITE: the archive URI this machine's apt uses for SUITE
	local suite=$1 f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822 stanzas: print URIs of a "Types: deb" stanza listing SUITE
		awk -v s="$suite" 'BEGIN { RS = ""; FS = "\n" }
			{ uri = ""; deb = 0; has = 0
			  for (i = 1; i <= NF; i++) {
				if ($i ~ /^Types:.*(^|[ \t])deb([ \t]|$)/) deb = 1
				if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
				if ($i ~ /^Suites:/) { n = split($i, a, /[ \t]+/)
					for (j = 2; j <= n; j++) if (a[j] == s) has = 1 }
			  }
			  if (deb && has && uri != "") print uri }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		if [ -f "$f" ]; then cat "$f"; fi
	done | awk -v s="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++
			if ($2 ~ /^\[/) i++; if ($(i + 1) == s) print $i }'
	return 0
}

# aptx apt-get|apt-cache ARGS...: apt with the private state under
# $apt_dir (set by the caller), for arm64 packages and sources; /etc/apt
# and the host's package database are never touched.
aptx() {
	local cmd=$1
	shift
	"$cmd" -o Dir::State="$apt_dir/state" -o Dir::Cache="$apt_dir/cache" \
		-o Dir::Etc::SourceList="$apt_dir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o APT::Architecture=amd64 -o APT::Architectures::=arm64 \
		-o APT::Architectures::=amd64 -o Debug::NoLocking=1 "$@"
}

# fetch_tool PACKAGE BINARY OUTDIR: an arm64 program from Debian's packages
# with every shared library it loads, into OUTDIR (the binary and lib/,
# with the dynamic loader), so OUTDIR/lib/ld-linux-aarch64.so.1
# --library-path OUTDIR/lib OUTDIR/NAME runs it without installing
# anything. Needs $top and $apt_dir; does nothing if OUTDIR is complete.
fetch_tool() {
	local pkg=$1 bin=$2 out=$3 work=$3.debs pkgs f
	[ -f "$out/.done" ] && return 0
	rm -rf "$work" "$out"
	mkdir -p "$work/root"
	chmod 777 "$work"
	echo "deps: fetching $pkg:arm64 and its libraries"
	pkgs=$(aptx apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances "$pkg:arm64" 2>/dev/null |
		grep -E "^(lib[^ ]*|zlib1g|$pkg):arm64\$" | sort -u)
	# shellcheck disable=SC2086
	(cd "$work" && aptx apt-get download -qq $pkgs >&2)
	for f in "$work"/*.deb; do
		dpkg-deb -x "$f" "$work/root"
	done
	/usr/bin/python3 "$top/scripts/so-closure.py" "$work/root" "$work/root/$bin" "$out"
	cp "$(readlink -f "$work/root/lib/ld-linux-aarch64.so.1")" "$out/lib/ld-linux-aarch64.so.1"
	rm -rf "$work"
	touch "$out/.done"
}

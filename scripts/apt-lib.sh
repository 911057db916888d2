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

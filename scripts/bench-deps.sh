#!/usr/bin/env bash
# bench-deps.sh: fio for arm64 from Debian's packages, with every shared
# library it loads, into build/bench/fio/, for `make bench` (iperf3 is in
# every zone already: deps.sh). A second run does nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
apt_dir=$top/build/deps/apt
. "$top/scripts/apt-lib.sh"
fetch_tool fio usr/bin/fio "$top/build/bench/fio"

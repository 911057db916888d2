#!/usr/bin/env bash
# patch-dtb.sh IN.dtb CFG.json INITRD OUT.dtb [--carve]: zone0's DTB gets
# /chosen (bootargs, initrd range) and /memory from its config, with the
# same code `hvisor zone start` uses for other zones, and is checked against
# it. --carve: IN.dtb is the board's own; what is not zone0's is taken out.
set -euo pipefail
in=$1 cfg=$2 initrd=$3 out=$4
shift 4
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/build/tools/host/hvisor" dtb patch "$cfg" "$in" "$out" \
	--ramdisk-size "$(stat -c %s "$initrd")" "$@"

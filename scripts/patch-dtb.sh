#!/usr/bin/env bash
# patch-dtb.sh IN.dtb CFG.json INITRD OUT.dtb: fill /chosen of a zone's DTB
# from its config: bootargs, and the initrd range at ramdisk_load_paddr.
set -euo pipefail
in=$1 cfg=$2 initrd=$3 out=$4
get=$(dirname "$0")/cfgget
start=$("$get" "$cfg" ramdisk_load_paddr)
end=$(printf '0x%x' $((start + $(stat -c %s "$initrd"))))
cp "$in" "$out.tmp"
fdtput -t s "$out.tmp" /chosen bootargs "$("$get" "$cfg" cmdline)"
fdtput -t x "$out.tmp" /chosen linux,initrd-start 0 "$start"
fdtput -t x "$out.tmp" /chosen linux,initrd-end 0 "$end"
mv "$out.tmp" "$out"

#!/usr/bin/env bash
# bare-dtb.sh IN.dtb OUT.dtb: zone0's DTB for the bare baseline (qemu.sh
# bare): the same tree without the nodes of what only the hypervisor
# provides and nothing else backs, its channels (ivc@..., docs/ivc.md).
set -euo pipefail
in=$1 out=$2
cp "$in" "$out.tmp"
for n in $(fdtget -l "$in" /); do
	case "$n" in ivc@*) fdtput -r "$out.tmp" "/$n" ;; esac
done
mv "$out.tmp" "$out"

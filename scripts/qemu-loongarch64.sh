#!/usr/bin/env bash
# qemu-loongarch64.sh [ELF] [QEMU ARGS...]: boots the loongarch64 hypervisor
# on QEMU's loongarch64 virt machine, 4 CPUs. QEMU starts every CPU at the
# ELF's entry; the hypervisor powers the machine off when it is done (no
# LVZ here: docs/porting.md). Leave QEMU with Ctrl-A then X.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
elf=${1:-$top/build/loongarch64/hvisor.elf}
shift || true
# -nic none: no default virtio-net, whose option ROM (efi-virtio.rom, from
# ipxe-qemu) a fresh machine does not have; no host network anyway
exec qemu-system-loongarch64 -machine virt -cpu la464 -smp 4 -m 1G \
	-nographic -monitor none -nic none -kernel "$elf" "$@"

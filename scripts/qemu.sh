#!/usr/bin/env bash
# qemu.sh hv|bare|payload ELF [QEMU ARGS...]: the one place that knows how to
# launch the machine. `hv` boots the hypervisor, which starts zone0; `bare`
# boots the same zone0 kernel, DTB and initramfs at the same addresses
# without the hypervisor (a five-instruction stub jumps to the kernel) - the
# baseline; `payload ELF` boots that ELF alone on the board, with nothing
# else loaded and no devices (make bench's tlat, bare).
# Tests, `make run` and benchmarks all come through here. The board is
# $HVISOR_BOARD (boards/<board>.conf; default qemu-virt-gicv3): the
# hypervisor image is the same for every board, the loader puts the board's
# device tree and zone0's config in its boot slots (docs/boards.md).
# Devices: zone0's virtio disk on virtio-mmio bus 0 (0x0a000000, INTID 48)
# and a virtio-rng on bus 8 (0x0a001000, INTID 56) that zone2 gets passed
# through. Leave QEMU with Ctrl-A then X.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
b=$top/build
board=${HVISOR_BOARD:-qemu-virt-gicv3}
bg() { "$top/scripts/board-get" "$board" "$1"; }
bb=$b/boards/$board
cfg=$top/$(bg configs)/zone0.json
get=$top/scripts/cfgget
# the hypervisor's boot slots (hypervisor/hvisor.lds)
slot_dtb=0x40700000
slot_zone0=0x40780000
mode=${1:-hv}
shift || true

load() { echo "-device loader,file=$1,addr=$2,force-raw=on"; }

case "$mode" in
hv) first=$b/hypervisor/hvisor.elf dtb=$bb/zone0.dtb
	slots="$(load "$bb/board.dtb" $slot_dtb) $(load "$bb/zone0.bin" $slot_zone0)" ;;
# zone0's tree without its channels: nothing backs them bare
bare) first=$b/bare/bootstub.elf dtb=$bb/zone0-bare.dtb slots= ;;
payload) [ $# -ge 1 ] || { echo "usage: qemu.sh payload ELF [qemu args]" >&2; exit 2; }
	first=$1; shift ;;
*) echo "usage: qemu.sh hv|bare|payload ELF [qemu args]" >&2; exit 2 ;;
esac

if [ "$mode" = payload ]; then
	# shellcheck disable=SC2046
	exec qemu-system-aarch64 \
		-machine "$(bg qemu_machine)" \
		-cpu "$(bg qemu_cpu)" -smp "$(bg qemu_smp)" -m "$(bg qemu_mem)" \
		-nographic -nic none -no-user-config -kernel "$first" \
		$(bg qemu_args) "$@"
fi

# zone0's disk (the zones' disk images live on it); tests pass a copy. A
# board whose QEMU model has no virtio-mmio transports gets none.
disk=${HVISOR_DISK:-$b/zone0-disk.img}
devices=
if [ "$(bg qemu_virtio_mmio)" != no ]; then
	devices="-drive file=$disk,if=none,format=raw,id=disk0
		-device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0
		-device virtio-rng-device,bus=virtio-mmio-bus.8"
fi

# shellcheck disable=SC2046
exec qemu-system-aarch64 \
	-machine "$(bg qemu_machine)" \
	-cpu "$(bg qemu_cpu)" -smp "$(bg qemu_smp)" -m "$(bg qemu_mem)" \
	-nographic -nic none -no-user-config \
	-kernel "$first" $slots \
	$(load "$b/deps/Image" "$("$get" "$cfg" kernel_load_paddr)") \
	$(load "$dtb" "$("$get" "$cfg" dtb_load_paddr)") \
	$(load "$b/zone0-initramfs.cpio" "$("$get" "$cfg" ramdisk_load_paddr)") \
	$devices $(bg qemu_args) \
	"$@"

# hvisor: top-level build. `make` builds everything, `make run` boots QEMU
# with the hypervisor below zone0, `make test` runs every test. All generated
# files go under build/.
#
# Two stages, so that nothing is computed from a tool before it is installed:
# the first make runs scripts/deps.sh (installs and fetches what is missing),
# then runs make again with HVISOR_SETUP_DONE=1; only that second make reads
# the build rules below, so every $(shell ...), include and wildcard over
# fetched files sees the installed tools.

# goals that need no set-up
NOSETUP_GOALS := clean distclean fresh-check

ifeq ($(HVISOR_SETUP_DONE)$(filter-out $(NOSETUP_GOALS),$(or $(MAKECMDGOALS),all)),)
HVISOR_SETUP_DONE := 1
endif

ifeq ($(HVISOR_SETUP_DONE),)
GOALS := $(or $(MAKECMDGOALS),all)
.PHONY: $(GOALS) setup
.DEFAULT_GOAL := all
$(GOALS): setup
	@:
setup:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory HVISOR_SETUP_DONE=1 $(GOALS)
else
BUILD := build
DEPS := $(BUILD)/deps
CROSS ?= aarch64-linux-gnu-
HOSTCC ?= gcc
PY := /usr/bin/python3
TOP := $(CURDIR)

WARN := -Wall -Wextra -Werror
TOOL_VERSION := 0.1.0
ZONE0_CFG := zone-configs/zone0.json

.PHONY: all deps hypervisor hypervisor-loongarch64 driver tools runtime dtbs initramfs \
	disk run run-bare test unit-test e2e-test lint bench soak clean distclean \
	fresh-check smoke
.DEFAULT_GOAL := all

# ARCH=loongarch64 builds, runs and tests the loongarch64 port's start-up
# path alone (docs/porting.md); the default builds everything for aarch64,
# and `make test` tests both
ARCH ?= aarch64
ifeq ($(ARCH),loongarch64)
all: hypervisor-loongarch64
else ifeq ($(ARCH),aarch64)
all: hypervisor driver tools runtime dtbs initramfs disk
else
$(error ARCH=$(ARCH): supported are aarch64 and loongarch64)
endif

# Stage one already ran it; kept as a goal of its own (`make deps`) and as
# an order-only prerequisite so it never forces a rebuild.
deps:
	@:

-include $(DEPS)/kernel.env

# tools first: the hypervisor's rules name the host tool
include tools/tools.mk
include runtime/runtime.mk
include hypervisor/hypervisor.mk
include tests/unit/unit.mk

# ---- driver (kbuild against Debian's headers, built in a copy under build/)
DRIVER_SRC := $(wildcard driver/*.c driver/*.h) driver/Kbuild
DRIVER_KO := $(BUILD)/driver/hvisor.ko

driver: $(DRIVER_KO) $(HIVC_KO)

$(DRIVER_KO): $(DRIVER_SRC) include/hvisor/*.h | deps
	@mkdir -p $(BUILD)/driver
	cp $(DRIVER_SRC) $(BUILD)/driver/
	$(MAKE) -s -C $(DEPS)/kbuild M=$(TOP)/$(BUILD)/driver ARCH=arm64 \
		CROSS_COMPILE=$(CROSS) HVISOR_INCLUDE=$(TOP)/include modules

# hivc.ko, every zone's channels to the others (driver/ivc/, docs/ivc.md)
HIVC_KO := $(BUILD)/driver/ivc/hivc.ko
$(HIVC_KO): driver/ivc/hivc.c driver/ivc/Kbuild include/hvisor/*.h | deps
	@mkdir -p $(dir $@)
	cp driver/ivc/hivc.c driver/ivc/Kbuild $(dir $@)
	$(MAKE) -s -C $(DEPS)/kbuild M=$(TOP)/$(dir $@) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS) HVISOR_INCLUDE=$(TOP)/include modules

# hivc, the channels' demo command (tools/ivc/), in every zone
HIVC := $(BUILD)/tools/aarch64/hivc
$(HIVC): tools/ivc/hivc.c include/hvisor/*.h | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static -O2 $(WARN) -Iinclude $< -o $@

# test helper module, zone0 only (tests/e2e/kmod)
TESTKO := $(BUILD)/tests/kmod/hvtest.ko
$(TESTKO): tests/e2e/kmod/hvtest.c tests/e2e/kmod/hvattack.c tests/e2e/kmod/hvfuzz.c tests/e2e/kmod/Kbuild | deps
	@mkdir -p $(dir $@)
	cp $^ $(dir $@)
	$(MAKE) -s -C $(DEPS)/kbuild M=$(TOP)/$(dir $@) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS) modules

# hvraw: raw zone-start ioctl for the tests (tests/e2e/hvraw.c)
HVRAW := $(BUILD)/tests/hvraw
$(HVRAW): tests/e2e/hvraw.c include/hvisor/*.h | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static -O2 $(WARN) -Iinclude $< -o $@

# hvdevfuzz: /dev/hvisor fed garbage, zone0 only (tests/e2e/hvdevfuzz.c)
HVDEVFUZZ := $(BUILD)/tests/hvdevfuzz
$(HVDEVFUZZ): tests/e2e/hvdevfuzz.c include/hvisor/*.h | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static -O2 $(WARN) -Iinclude $< -o $@

# rawzone.bin: a zone kernel that is no Linux Image (tests/e2e/rawzone.S)
RAWZONE := $(BUILD)/tests/rawzone.bin
$(RAWZONE): tests/e2e/rawzone.S | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -nostdlib -ffreestanding -static -no-pie -Wl,--build-id=none \
		-Wl,-Ttext=0 $< -o $@.elf
	$(CROSS)objcopy -O binary -j .text $@.elf $@

# tlat: a timer interrupt's latency, bare and as a zone's kernel (make bench;
# tests/e2e/tlat.c). Linked where a zone's kernel is loaded (zone1's RAM),
# which is RAM bare too; the ELF is what QEMU boots bare.
TLAT := $(BUILD)/tests/tlat.bin
$(TLAT): tests/e2e/tlat.c tests/e2e/tlat_start.S | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -nostdlib -ffreestanding -static -no-pie -O2 $(WARN) \
		-mgeneral-regs-only -mstrict-align -fno-stack-protector \
		-Wl,--build-id=none -Wl,-Ttext=0x80200000 \
		tests/e2e/tlat_start.S tests/e2e/tlat.c -o $(BUILD)/tests/tlat.elf
	$(CROSS)objcopy -O binary $(BUILD)/tests/tlat.elf $@

# pztest: what the process-zone tests run both ways (tests/e2e/pztest.c)
PZTEST := $(BUILD)/tests/pztest
$(PZTEST): tests/e2e/pztest.c | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static -O2 $(WARN) $< -o $@

# hvpoke: EL0 accesses through /dev/mem for the attack suite (every zone)
HVPOKE := $(BUILD)/tests/hvpoke
$(HVPOKE): tests/e2e/hvpoke.c | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static -O2 $(WARN) $< -o $@

# ---- boards (boards/*.conf, docs/boards.md): for each, what the loader puts
# next to the one hypervisor image (the board's device tree, QEMU's own for
# its command line, and zone0's compiled config) and its zones' device
# trees (dts/, with the board's define), all under build/boards/BOARD/.
BOARDS := $(basename $(notdir $(wildcard boards/*.conf)))
BOARD ?= qemu-virt-gicv3
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error BOARD=$(BOARD): boards are $(BOARDS) (boards/*.conf))
endif
bget = $(shell scripts/board-get $(1) $(2))
ZONE_DTS := $(wildcard dts/*.dts) tests/e2e/zone1-cpu1.dts tests/e2e/zone1-smp.dts

define BOARD_RULES
ifneq ($(call bget,$(1),board_dtb),)
# a real board's own device tree, from Debian's kernel package (deps.sh),
# with what the QEMU model needs on top of it (board_dtb_overlay)
$(BUILD)/boards/$(1)/board.dtb: boards/$(1).conf $(call bget,$(1),board_dtb_overlay) | deps
	@mkdir -p $$(dir $$@)
	$(if $(call bget,$(1),board_dtb_overlay),\
	dtc -q -@ -I dts -O dtb -o $$@.dtbo $(call bget,$(1),board_dtb_overlay) && \
	fdtoverlay -i $(DEPS)/dtbs/$(call bget,$(1),board_dtb) -o $$@ $$@.dtbo && rm -f $$@.dtbo,\
	dtc -q -I dtb -O dtb -o $$@ $(DEPS)/dtbs/$(call bget,$(1),board_dtb))
else
$(BUILD)/boards/$(1)/board.dtb: boards/$(1).conf | deps
	@mkdir -p $$(dir $$@)
	qemu-system-aarch64 -machine "$(call bget,$(1),qemu_machine),dumpdtb=$$@.raw" \
		-cpu $(call bget,$(1),qemu_cpu) -smp $(call bget,$(1),qemu_smp) \
		-m $(call bget,$(1),qemu_mem) -nographic -nic none -no-user-config \
		> /dev/null 2>&1
	@# (QEMU pads its blob to 1 MiB; the boot slot holds 512 KiB)
	dtc -q -I dtb -O dtb -o $$@ $$@.raw && rm -f $$@.raw
endif
$(BUILD)/boards/$(1)/zone0.bin: $(call bget,$(1),configs)/zone0.json $$(TOOL_HOST)
	@mkdir -p $$(dir $$@)
	$$(TOOL_HOST) config compile $$< -o $$@
$(BUILD)/boards/$(1)/dts/%.dtb: dts/%.dts $(wildcard dts/*.dtsi) | deps
	@mkdir -p $$(dir $$@)
	cpp -nostdinc -undef -x assembler-with-cpp -D$(call bget,$(1),dts_define) \
		-I dts $$< | dtc -q -I dts -O dtb -o $$@ -
$(BUILD)/boards/$(1)/dts/%.dtb: tests/e2e/%.dts $(wildcard dts/*.dtsi) | deps
	@mkdir -p $$(dir $$@)
	cpp -nostdinc -undef -x assembler-with-cpp -D$(call bget,$(1),dts_define) \
		-I dts $$< | dtc -q -I dts -O dtb -o $$@ -
# zone0's DTB gets its /chosen from its config and the built initramfs; on
# a real board it is the board's own with what is not zone0's taken out
ZONE0_DTS_$(1) := $(if $(call bget,$(1),board_dtb),$(BUILD)/boards/$(1)/board.dtb,$(BUILD)/boards/$(1)/dts/zone0.dtb)
$(BUILD)/boards/$(1)/zone0.dtb: $$(ZONE0_DTS_$(1)) \
		$(call bget,$(1),configs)/zone0.json $(BUILD)/zone0-initramfs.cpio $$(TOOL_HOST)
	scripts/patch-dtb.sh $$< $(call bget,$(1),configs)/zone0.json \
		$(BUILD)/zone0-initramfs.cpio $$@ $(if $(call bget,$(1),board_dtb),--carve)
# the bare baseline's: without the channels only the hypervisor backs
$(BUILD)/boards/$(1)/zone0-bare.dtb: $(BUILD)/boards/$(1)/zone0.dtb scripts/bare-dtb.sh
	scripts/bare-dtb.sh $$< $$@
BOARD_FILES += $(addprefix $(BUILD)/boards/$(1)/,board.dtb zone0.bin zone0.dtb zone0-bare.dtb)
ZONE_DTBS += $(patsubst %.dts,$(BUILD)/boards/$(1)/dts/%.dtb,$(filter-out zone0.dts,$(notdir $(ZONE_DTS))))
endef
$(foreach b,$(BOARDS),$(eval $(call BOARD_RULES,$(b))))

dtbs: $(BOARD_FILES)

# ---- initramfs: every zone gets busybox and initramfs/; zone0 also the
# driver, the tool, the configs and the other zones' images and DTBs.
NONROOT := zone1 zone2
NONROOT_IMAGES := $(NONROOT:%=$(BUILD)/%-initramfs.cpio) $(ZONE_DTBS)
initramfs: $(BUILD)/zone0-initramfs.cpio

INITRAMFS_IN := $(shell find initramfs -type f 2>/dev/null) scripts/mk-initramfs.sh
$(BUILD)/zone0-initramfs.cpio: $(INITRAMFS_IN) $(wildcard zone-configs/*.json zone-configs/*/*.json) \
		$(DRIVER_KO) $(HIVC_KO) $(HIVC) $(TESTKO) $(HVRAW) $(HVPOKE) $(HVDEVFUZZ) $(RAWZONE) $(TLAT) $(TOOL_ARM64) $(RT_BIN) $(PZTEST) \
		$(NONROOT_IMAGES) | deps
	scripts/mk-initramfs.sh $@ zone0

$(BUILD)/zone%-initramfs.cpio: $(INITRAMFS_IN) $(TESTKO) $(HVPOKE) $(HIVC_KO) $(HIVC) | deps
	scripts/mk-initramfs.sh $@ zone$*

# ---- disks: zone0's virtio disk (QEMU's), holding zone1's disk image.
# Made once: what the zones write there stays across `make run`s.
DISK := $(BUILD)/zone0-disk.img
disk: $(DISK)

$(BUILD)/disk/zone1.ext4: | deps
	@mkdir -p $(BUILD)/disk/zone1-root
	echo "zone1's data disk, served by zone0 over virtio-blk" > $(BUILD)/disk/zone1-root/README
	mke2fs -q -t ext4 -F -L zone1-data -d $(BUILD)/disk/zone1-root $@.tmp 64M
	mv $@.tmp $@

$(DISK): | $(BUILD)/disk/zone1.ext4
	rm -rf $(BUILD)/disk/zone0-root
	mkdir -p $(BUILD)/disk/zone0-root
	cp --sparse=always $(BUILD)/disk/zone1.ext4 $(BUILD)/disk/zone0-root/
	mke2fs -q -t ext4 -F -L zone0-disk -d $(BUILD)/disk/zone0-root $@.tmp 256M
	mv $@.tmp $@

# make bench's disk: zone1's image, fio for zone0 (bench/fio) and for
# zone1 (bench/tools.ext4, its read-only second disk) and a 64 MiB target
# both read (bench/target.img, zone1's third disk).
BENCH_DISK := $(BUILD)/bench-disk.img
$(BENCH_DISK): scripts/bench-deps.sh | $(BUILD)/disk/zone1.ext4
	scripts/bench-deps.sh
	rm -rf $(BUILD)/bench/root $(BUILD)/bench/tools-root
	mkdir -p $(BUILD)/bench/root/bench $(BUILD)/bench/tools-root
	cp -a $(BUILD)/bench/fio/. $(BUILD)/bench/tools-root/
	cp -a $(BUILD)/bench/fio $(BUILD)/bench/root/bench/fio
	mke2fs -q -t ext4 -F -L bench-tools -d $(BUILD)/bench/tools-root \
		$(BUILD)/bench/root/bench/tools.ext4 128M
	head -c 64M /dev/urandom > $(BUILD)/bench/root/bench/target.img
	cp --sparse=always $(BUILD)/disk/zone1.ext4 $(BUILD)/bench/root/
	mke2fs -q -t ext4 -F -L zone0-bench -d $(BUILD)/bench/root $@.tmp 512M
	rm -rf $(BUILD)/bench/root $(BUILD)/bench/tools-root
	mv $@.tmp $@

# ---- running
QEMU := HVISOR_BOARD=$(BOARD) scripts/qemu.sh

ifeq ($(ARCH),loongarch64)
run: all
	scripts/qemu-loongarch64.sh
else
run: all
	$(QEMU) hv
endif

run-bare: all
	$(QEMU) bare

# ---- tests
ifeq ($(ARCH),loongarch64)
test: all $(UNIT_TESTS)
	@scripts/test.sh --only test_lvz test_90
else
test: all hypervisor-loongarch64 $(UNIT_TESTS)
	@scripts/test.sh
endif

unit-test: $(UNIT_TESTS)
	@scripts/test.sh --unit-only

# every unit test and a few QEMU cases: boot, a zone with disk and network,
# loongarch64 (what fresh-check runs on a new root; make test runs it all)
smoke: all hypervisor-loongarch64 $(UNIT_TESTS)
	@scripts/test.sh --smoke

e2e-test: all
	@scripts/test.sh --e2e-only

lint: | deps
	@scripts/lint.sh

clean:
	rm -rf $(filter-out $(DEPS),$(wildcard $(BUILD)/*))

distclean:
	rm -rf $(BUILD)

bench: all $(BENCH_DISK)
	$(PY) tests/e2e/bench.py

# 100 start/shutdown cycles of a two-CPU zone; memory and page pool flat
soak: all
	$(PY) tests/e2e/soak.py

# a new Debian 12 root, a clean clone, the README's commands (scripts/fresh-check.sh)
fresh-check:
	@scripts/fresh-check.sh

endif # HVISOR_SETUP_DONE

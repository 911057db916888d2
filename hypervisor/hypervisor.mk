# The hypervisor: freestanding aarch64 C + asm, linked to run at EL2 from the
# address in hypervisor/hvisor.lds. One image for every board: the board's
# DTB and zone0's config (compiled by the host hvisor tool) are loaded next
# to it (docs/boards.md), not linked in.

HV_BUILD := $(BUILD)/hypervisor
HV_ELF := $(HV_BUILD)/hvisor.elf
HV_SRC := $(wildcard hypervisor/core/*.c hypervisor/devices/*.c hypervisor/drivers/*.c \
	hypervisor/arch/aarch64/*.c \
	hypervisor/core/*.S hypervisor/arch/aarch64/*.S)
# the core reaches its architecture only through arch.h, which comes from
# the include path; the board is data (core/board.h)
HV_INC_AARCH64 := -Ihypervisor/arch/aarch64
HV_OBJ := $(patsubst hypervisor/%,$(HV_BUILD)/%.o,$(HV_SRC))
HV_HDR := $(wildcard hypervisor/*/*.h hypervisor/*/*/*.h include/hvisor/*.h)
HV_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CROSS)gcc -print-file-name=include) \
	-march=armv8-a -mgeneral-regs-only -mno-outline-atomics -fno-pic -fno-pie \
	-mstrict-align -fno-stack-protector -fno-common \
	-fno-tree-loop-distribute-patterns -Iinclude -Ihypervisor \
	$(HV_INC_AARCH64) -Ihypervisor/core -DHVISOR_VERSION=\"$(TOOL_VERSION)\"

hypervisor: $(HV_ELF) $(BUILD)/bare/bootstub.elf

$(HV_BUILD)/%.c.o: hypervisor/%.c $(HV_HDR) | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(HV_CFLAGS) -c $< -o $@

$(HV_BUILD)/%.S.o: hypervisor/%.S $(HV_HDR) | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(HV_ELF): $(HV_OBJ) hypervisor/hvisor.lds
	$(CROSS)ld -nostdlib --no-warn-rwx-segments -T hypervisor/hvisor.lds $(HV_OBJ) -o $@

# The run-bare stand-in, entering zone0's kernel the way the hypervisor does.
$(BUILD)/bare/bootstub.elf: hypervisor/bare/bootstub.S $(ZONE0_CFG) | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -nostdlib -static -Wl,-Ttext=0x40000000 -Wl,--build-id=none \
		-DBARE_DTB=$$(scripts/cfgget $(ZONE0_CFG) dtb_load_paddr) \
		-DBARE_ENTRY=$$(scripts/cfgget $(ZONE0_CFG) entry_point) $< -o $@

# ---- loongarch64: the start-up path and the LVZ logic (docs/porting.md),
# built with Debian's clang-19 and lld-19. It shares the core's console,
# log and page pool; the rest of the core needs LVZ hardware to run.
LA_BUILD := $(BUILD)/loongarch64
LA_ELF := $(LA_BUILD)/hvisor.elf
# the boot test's negative control: every CPU clears .bss (entry.S)
LA_BUG_ELF := $(LA_BUILD)/hvisor-bss-bug.elf
LA_SRC := hypervisor/core/printk.c hypervisor/core/logring.c hypervisor/core/lib.c hypervisor/core/mm.c \
	$(wildcard hypervisor/arch/loongarch64/*.c hypervisor/arch/loongarch64/*.S)
LA_OBJ := $(patsubst hypervisor/%,$(LA_BUILD)/%.o,$(LA_SRC))
LA_CC := clang-19
LA_CFLAGS := --target=loongarch64-unknown-none-gnusf -march=loongarch64 -mabi=lp64s \
	-mfpu=none -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(LA_CC) -print-resource-dir)/include -fno-pic \
	-fno-stack-protector -fno-common -Iinclude -Ihypervisor \
	-Ihypervisor/arch/loongarch64 -Ihypervisor/boards/qemu-virt-loongarch64 \
	-Ihypervisor/core -DHVISOR_VERSION=\"$(TOOL_VERSION)\"
LA_LDFLAGS := -nostdlib --no-relax -T hypervisor/arch/loongarch64/hvisor.lds

hypervisor-loongarch64: $(LA_ELF) $(LA_BUG_ELF)

$(LA_BUILD)/%.c.o: hypervisor/%.c $(HV_HDR) | deps
	@mkdir -p $(dir $@)
	$(LA_CC) $(LA_CFLAGS) -c $< -o $@

$(LA_BUILD)/%.S.o: hypervisor/%.S $(HV_HDR) | deps
	@mkdir -p $(dir $@)
	$(LA_CC) $(LA_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(LA_BUILD)/bss-bug/entry.S.o: hypervisor/arch/loongarch64/entry.S $(HV_HDR) | deps
	@mkdir -p $(dir $@)
	$(LA_CC) $(LA_CFLAGS) -D__ASSEMBLY__ -DHV_TEST_EVERY_CPU_CLEARS_BSS -c $< -o $@

$(LA_ELF): $(LA_OBJ) hypervisor/arch/loongarch64/hvisor.lds
	ld.lld-19 $(LA_LDFLAGS) $(LA_OBJ) -o $@

$(LA_BUG_ELF): $(filter-out %/entry.S.o,$(LA_OBJ)) $(LA_BUILD)/bss-bug/entry.S.o \
		hypervisor/arch/loongarch64/hvisor.lds
	ld.lld-19 $(LA_LDFLAGS) $(filter %.o,$^) -o $@

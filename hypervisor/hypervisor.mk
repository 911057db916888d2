# The hypervisor: freestanding aarch64 C + asm, linked to run at EL2 from the
# address in hypervisor/hvisor.lds. zone0's config is compiled from
# zone-configs/zone0.json by the host hvisor tool and linked in.

HV_BUILD := $(BUILD)/hypervisor
HV_ELF := $(HV_BUILD)/hvisor.elf
HV_SRC := $(wildcard hypervisor/core/*.c hypervisor/arch/aarch64/*.c \
	hypervisor/core/*.S hypervisor/arch/aarch64/*.S)
# the core reaches its architecture only through arch.h, its board only
# through board.h: both come from the include path
HV_INC_AARCH64 := -Ihypervisor/arch/aarch64 -Ihypervisor/boards/qemu-virt-aarch64
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

$(HV_BUILD)/%.S.o: hypervisor/%.S $(HV_HDR) $(HV_BUILD)/zone0.bin | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(HV_CFLAGS) -D__ASSEMBLY__ -DZONE0_BIN=\"$(TOP)/$(HV_BUILD)/zone0.bin\" \
		-c $< -o $@

$(HV_BUILD)/zone0.bin: $(ZONE0_CFG) $(TOOL_HOST)
	@mkdir -p $(dir $@)
	$(TOOL_HOST) config compile $(ZONE0_CFG) -o $@

$(HV_ELF): $(HV_OBJ) hypervisor/hvisor.lds
	$(CROSS)ld -nostdlib --no-warn-rwx-segments -T hypervisor/hvisor.lds $(HV_OBJ) -o $@

# The run-bare stand-in, entering zone0's kernel the way the hypervisor does.
$(BUILD)/bare/bootstub.elf: hypervisor/bare/bootstub.S $(ZONE0_CFG) | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -nostdlib -static -Wl,-Ttext=0x40000000 -Wl,--build-id=none \
		-DBARE_DTB=$$(scripts/cfgget $(ZONE0_CFG) dtb_load_paddr) \
		-DBARE_ENTRY=$$(scripts/cfgget $(ZONE0_CFG) entry_point) $< -o $@


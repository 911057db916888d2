# The process-zone runtime (runtime/, docs/process-zones.md): a flat image
# that `hvisor run` puts at the start of the zone's RAM. pt.c is shared
# with the tool, which builds the first tables with it.
RT_SRC := runtime/start.S runtime/rt.c runtime/mem.c runtime/pt.c
RT_BIN := $(BUILD)/runtime/pzrt.bin
RT_CFLAGS := -std=gnu11 -O2 $(WARN) -ffreestanding -fno-builtin -nostdlib \
	-march=armv8-a -mgeneral-regs-only -mno-outline-atomics -fno-pic \
	-fno-pie -fno-stack-protector -fno-common -Iinclude -Iruntime

runtime: $(RT_BIN)

$(RT_BIN): $(RT_SRC) runtime/rt.h runtime/pt.h runtime/runtime.lds include/hvisor/pzone.h include/hvisor/abi.h | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(RT_CFLAGS) -static -no-pie -Wl,--build-id=none -Wl,--emit-relocs -Wl,--no-warn-rwx-segments \
		-T runtime/runtime.lds $(RT_SRC) -o $@.elf
	@# linked at 0, run anywhere: no absolute address may be in it
	@if $(CROSS)readelf -r $@.elf | grep -E 'R_AARCH64_(ABS|MOVW_UABS)' | grep -v '\.debug'; then \
		echo "runtime: absolute relocations in $@.elf"; exit 1; fi
	$(CROSS)objcopy -O binary $@.elf $@

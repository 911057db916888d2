# The hvisor command, built twice: statically (PIE) for aarch64 (goes into zone0's
# initramfs) and for the host (offline `hvisor config check`, unit tests, and
# compiling zone0.json into the hypervisor's built-in config).

# One room per job: the command line (cli/), configs, device trees and
# images (config/), the virtio device backends (backend/), the process
# zones' supervisor (run/, with the runtime's table code), and what they
# share (lib/: files, /dev/hvisor). The aarch64 build is a static PIE: a
# process zone's program has the low addresses (docs/process-zones.md).
TOOL_ROOMS := cli config backend run lib
# the hypervisor's own config rules and board reader, shared as they are
TOOL_SRC := $(filter-out tools/cli/main.c,$(foreach r,$(TOOL_ROOMS),$(wildcard tools/$(r)/*.c))) \
	hypervisor/core/config_check.c hypervisor/core/config_ivc.c \
	hypervisor/core/board.c hypervisor/core/devtree.c runtime/pt.c
TOOL_HDR := $(foreach r,$(TOOL_ROOMS),$(wildcard tools/$(r)/*.h)) include/hvisor/*.h runtime/pt.h \
	hypervisor/core/config_check.h hypervisor/core/board.h hypervisor/core/devtree.h
TOOL_INC := $(addprefix -Itools/,$(TOOL_ROOMS))
CJSON_C := $(DEPS)/cjson/cJSON.c

TOOL_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Iinclude -Ihypervisor -Ihypervisor/core $(TOOL_INC) -Iruntime \
	-I$(DEPS)/cjson -DHVISOR_VERSION=\"$(TOOL_VERSION)\"

TOOL_HOST := $(BUILD)/tools/host/hvisor
TOOL_ARM64 := $(BUILD)/tools/aarch64/hvisor
ARM64_FDT := $(DEPS)/libfdt-arm64/usr

tools: $(TOOL_HOST) $(TOOL_ARM64)

# cJSON is third-party: built on its own, without -Werror.
$(BUILD)/tools/host/cJSON.o: $(CJSON_C) | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c89 -O2 -c $< -o $@
$(BUILD)/tools/aarch64/cJSON.o: $(CJSON_C) | deps
	@mkdir -p $(dir $@)
	$(CROSS)gcc -std=c89 -O2 -c $< -o $@

$(TOOL_HOST): tools/cli/main.c $(TOOL_SRC) $(TOOL_HDR) $(BUILD)/tools/host/cJSON.o
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) tools/cli/main.c $(TOOL_SRC) $(BUILD)/tools/host/cJSON.o -lfdt -o $@

$(TOOL_ARM64): tools/cli/main.c $(TOOL_SRC) $(TOOL_HDR) $(BUILD)/tools/aarch64/cJSON.o
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static-pie $(TOOL_CFLAGS) -I$(ARM64_FDT)/include tools/cli/main.c $(TOOL_SRC) \
		$(BUILD)/tools/aarch64/cJSON.o $(ARM64_FDT)/lib/aarch64-linux-gnu/libfdt.a -o $@

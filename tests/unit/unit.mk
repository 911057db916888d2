# Host unit tests (cmocka), one binary per tests/unit/test_*.c. Each test file
# names the sources it tests in a "// sources:" line.
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := -std=gnu11 -O1 -g $(WARN) -Iinclude -Ihypervisor -Ihypervisor/core \
	-Ihypervisor/arch/aarch64 \
	-Ihypervisor/include $(TOOL_INC) -Iruntime -Itests/unit -I$(DEPS)/cjson -DHVISOR_VERSION=\"test\" \
	-DHV_HOST_TEST -fsanitize=address,undefined

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/tools/host/cJSON.o $(TOOL_HDR) $(BOARD_FILES) $(ZONE_DTBS) \
		$(wildcard hypervisor/core/*.[ch] hypervisor/include/*/*.h tools/*/*.[ch] runtime/*.[ch]) \
		$(wildcard hypervisor/arch/*/*.[ch] driver/ended.[ch])
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) $< $(shell sed -n 's#^// sources: ##p' $<) \
		$(BUILD)/tools/host/cJSON.o -lcmocka -lfdt -o $@

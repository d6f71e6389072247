# MERLab: `make test` and `make demo` each do the whole set-up (packages, configure, build).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all deps configure build test demo bench clean fuzz test-asan

all: build

deps:
	@bash tools/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD_DIR) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

demo: build
	@bash tools/demo.sh $(BUILD_DIR)

bench: build
	@bash tools/bench.sh $(BUILD_DIR)

# libFuzzer targets (fuzz/, docs/fuzzing.md): clang build in build-fuzz, each target run for
# FUZZ_SECONDS from a copy of its seed corpus; crash artifacts go to build-fuzz/artifacts.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) bash tools/fuzz.sh build-fuzz $(FUZZ_TARGETS)

# The core test suite under AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan
# (tools/test-asan.sh says what it covers and why).
test-asan: deps
	JOBS=$(JOBS) bash tools/test-asan.sh build-asan

clean:
	rm -rf $(BUILD_DIR)

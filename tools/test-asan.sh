#!/usr/bin/env bash
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (`make test-asan`).
#
#   tools/test-asan.sh [build-dir]      (default build-asan; JOBS=N sets build and test parallelism)
#
# Builds with g++ and -fsanitize=address,undefined at -O1 (assertions on) in its own build
# directory, then runs the core suite (tests/core_tests: config, datasets, metrics, DI, storage,
# reports; it also runs the instrumented `mer` binary for its CLI tests). Any sanitizer report
# fails the test that triggered it: halt_on_error makes UBSan findings fatal, like ASan's.
#
# TEST_ASAN_SUITES=all also builds and runs tests/torch_tests (models, training, engine). That
# suite is dominated by LibTorch's own (uninstrumented) kernels, so under the sanitizers it
# mostly costs time; see docs/fuzzing.md for the timings.
set -euo pipefail

BUILD_DIR=${1:-build-asan}
JOBS=${JOBS:-$(nproc)}
SUITES=${TEST_ASAN_SUITES:-core}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GENERATOR=$(command -v ninja >/dev/null 2>&1 && echo "-G Ninja" || true)
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer"
LAUNCHER=$(command -v ccache >/dev/null 2>&1 && echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache" || true)

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  # -O1 keeps the instrumented suite fast enough; -g1 gives file:line in reports at a fraction
  # of full debug info's link time. NDEBUG is left undefined so that assertions run too.
  cmake -S "$ROOT" -B "$BUILD_DIR" $GENERATOR $LAUNCHER -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" -DMERLAB_BUILD_BENCH=OFF
fi

targets=(core_tests)
[[ "$SUITES" == all ]] && targets+=(torch_tests)
cmake --build "$BUILD_DIR" -j "$JOBS" --target "${targets[@]}"

# halt_on_error: a UBSan report is a failure, not a log line. detect_leaks stays on for project
# code; tools/lsan.supp lists the third-party leaks it must not report (with the reason for each).
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$ROOT/tools/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

exclude='_NOT_BUILT$'  # placeholders ctest adds for a test binary that was not built
start=$(date +%s)
status=0
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS" -E "$exclude") || status=$?
echo "test-asan: suites '${targets[*]}' in $(( $(date +%s) - start )) s (exit $status)"
exit $status

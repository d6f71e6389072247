#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, docs/fuzzing.md) with clang in their own build directory
# and runs each for a bounded time from a copy of its seed corpus (`make fuzz`).
#
#   tools/fuzz.sh [build-dir] [target...]     (default build-fuzz, every fuzz/*_fuzz.cpp)
#
# Environment: FUZZ_SECONDS per target (60), FUZZ_MAX_LEN input bytes (65536 for binary inputs,
# 4096 for text), FUZZ_RSS_MB memory limit (2048), FUZZ_TIMEOUT seconds per input (10),
# JOBS build parallelism. Per target it prints executions, coverage and corpus growth, and any
# finding; crash, timeout and out-of-memory inputs land in <build-dir>/artifacts/<target>/.
# Exit status 1 when any target found something.
set -euo pipefail

BUILD_DIR=${1:-build-fuzz}
shift || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
RSS_MB=${FUZZ_RSS_MB:-2048}
TIMEOUT=${FUZZ_TIMEOUT:-10}
JOBS=${JOBS:-$(nproc)}
GENERATOR=$(command -v ninja >/dev/null 2>&1 && echo "-G Ninja" || true)
LAUNCHER=$(command -v ccache >/dev/null 2>&1 && echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache" || true)

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  # -O1 -g without NDEBUG: assertions are checks the fuzzer should hit too.
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_DIR" $GENERATOR $LAUNCHER \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DMERLAB_FUZZ=ON -DMERLAB_BUILD_TESTS=OFF -DMERLAB_BUILD_BENCH=OFF
fi
cmake --build "$BUILD_DIR" -j "$JOBS" --target fuzz_targets

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in "$ROOT"/fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

# Binary formats need room for a whole small file; text grammars find more with short inputs.
max_len_of() {
  case "$1" in
    xlsx_fuzz|frame_fuzz) echo "${FUZZ_MAX_LEN:-65536}" ;;
    *) echo "${FUZZ_MAX_LEN:-4096}" ;;
  esac
}

# Frames up to 4 Mpixel (fuzz/frame_fuzz.cpp says why); OpenCV reads these when it loads.
export OPENCV_IO_MAX_IMAGE_PIXELS=${OPENCV_IO_MAX_IMAGE_PIXELS:-4194304}
export OPENCV_IO_MAX_IMAGE_WIDTH=${OPENCV_IO_MAX_IMAGE_WIDTH:-8192} OPENCV_IO_MAX_IMAGE_HEIGHT=${OPENCV_IO_MAX_IMAGE_HEIGHT:-8192}
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

found=0
summary=()
for t in "${targets[@]}"; do
  name=${t%_fuzz}
  seeds="$ROOT/fuzz/corpus/$name"
  work="$BUILD_DIR/corpus/$name"
  artifacts="$BUILD_DIR/artifacts/$t"
  log="$BUILD_DIR/logs/$t.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  [[ -d "$seeds" ]] && cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  before=$(find "$work" -type f | wc -l)
  touch "$BUILD_DIR/logs/.start-$t"
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s (corpus $before files, log $log)"
  rc=0
  "$BUILD_DIR/fuzz/$t" "$work" -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len_of "$t")" \
    -rss_limit_mb="$RSS_MB" -timeout="$TIMEOUT" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    >"$log" 2>&1 || rc=$?
  after=$(find "$work" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  crashes=$(find "$artifacts" -type f -newer "$BUILD_DIR/logs/.start-$t" | wc -l)  # of this run
  if ((rc != 0)); then
    found=1
    # The first line that says what happened: an uncaught exception's type, a sanitizer's or
    # libFuzzer's error (crash, timeout, out-of-memory, leak).
    what=$(grep -m1 -oE "throwing an instance of '[^']+'|ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-zA-Z -]+|runtime error: .*" "$log" | head -1)
    summary+=("$t: FOUND (exit $rc) ${what:-see $log}; ${execs:-?} execs, cov ${cov:-?}, corpus $before -> $after; artifacts in $artifacts")
  else
    summary+=("$t: ok; ${execs:-?} execs in ${SECONDS_PER_TARGET}s, cov ${cov:-?} ft ${ft:-?}, corpus $before -> $after, artifacts $crashes")
  fi
done

echo
echo "fuzz summary (${SECONDS_PER_TARGET}s per target):"
printf '  %s\n' "${summary[@]}"
exit $found

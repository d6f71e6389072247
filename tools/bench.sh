#!/usr/bin/env bash
# Runs every benchmark under bench/ (built as build/bench/bench_*). Results go to stdout;
# BENCHMARKS.md records them with this command.
set -euo pipefail
BUILD_DIR=${1:-build}
shopt -s nullglob
benches=("$BUILD_DIR"/bench/bench_*)
if ((${#benches[@]} == 0)); then
  echo "bench: no benchmarks built" >&2
  exit 1
fi
for b in "${benches[@]}"; do
  echo "=== $(basename "$b") ==="
  "$b"
done

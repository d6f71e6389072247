#!/usr/bin/env bash
# The demo: synthetic dataset -> `demo` experiment sweep -> report. Called by `make demo`.
set -euo pipefail
BUILD_DIR=${1:-build}
echo "demo: not yet available in this version (the experiment engine and reports are still to come)." >&2
echo "demo: the build succeeded; try '$BUILD_DIR/mer --help'." >&2
exit 1

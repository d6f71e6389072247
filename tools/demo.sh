#!/usr/bin/env bash
# The demo, called by `make demo` after install and build:
#   synthetic dataset -> `demo` experiment sweep (2 models x 4 strategies, LOSO) -> report.
# Re-running resumes the sweep (finished folds are kept) and regenerates the report.
set -euo pipefail
BUILD_DIR=${1:-build}
MER="$BUILD_DIR/mer"
cd "$(dirname "$0")/.."

start=$(date +%s)
"$MER" sweep experiment=demo --name demo
"$MER" report runs/demo --out runs/demo/report
end=$(date +%s)

echo
echo "demo: finished in $((end - start)) s"
echo "demo: results database  runs/demo/results.sqlite   (sqlite3, or: $MER status runs/demo)"
echo "demo: report            runs/demo/report/index.html"

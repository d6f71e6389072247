#!/usr/bin/env bash
# Regenerates the README's figures from the current demo, so that they cannot drift from it:
#   docs/images/di_triple.png  the three DIs of one aligned demo clip (mer faces align, mer di), side by side
#   docs/images/demo_uf1.png   the demo report's UF1 bar chart (runs/demo/report)
#   docs/images/demo_faces.png one demo frame with its landmarks and crop, beside the aligned crop
# Run after `make demo`:  bash tools/readme-figures.sh [BUILD_DIR]
set -euo pipefail
BUILD_DIR=${1:-build}
MER="$BUILD_DIR/mer"
cd "$(dirname "$0")/.."

bars=$(ls runs/demo/report/figures/bars_uf1_*.png 2>/dev/null | head -n 1 || true)
[[ -n "$bars" ]] || { echo "readme-figures: no runs/demo/report/figures/bars_uf1_*.png; run 'make demo' first" >&2; exit 1; }
cp "$bars" docs/images/demo_uf1.png

# The first clip of the demo data whose apex lies strictly inside onset..offset, aligned as the
# demo aligns it (experiment=demo: landmark sidecar, 96 px crops), then its three DIs.
data=data/synthetic_faces
sheet=$data/CASME2-coding-synthetic.csv
read -r subject clip onset apex offset < <(awk -F, 'NR > 1 && $5 > $4 && $5 < $6 {printf "%02d %s %s %s %s\n", $1, $2, $4, $5, $6; exit}' "$sheet")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$MER" faces align "$data/CASME2_RAW_selected/sub$subject/$clip" --out "$tmp/aligned" --onset "$onset" \
  faces.landmarks=sidecar faces.side=96 >/dev/null
"$MER" di "$tmp/aligned" --onset "$onset" --apex "$apex" --offset "$offset" \
  --phase all --size 160x160 --out "$tmp" >/dev/null
/usr/bin/python3 - "$tmp" docs/images/di_triple.png <<'PY'
import sys
import cv2
import numpy as np
src, out = sys.argv[1], sys.argv[2]
tiles = []
for phase, label in [("full", "full (onset->offset)"), ("onset_apex", "onset->apex"), ("apex_offset", "apex->offset")]:
    img = cv2.imread(f"{src}/{phase}.png", cv2.IMREAD_COLOR)
    caption = np.full((28, img.shape[1], 3), 255, np.uint8)
    cv2.putText(caption, label, (4, 19), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (0, 0, 0), 1, cv2.LINE_AA)
    tiles.append(np.vstack([img, caption]))
    tiles.append(np.full((img.shape[0] + 28, 6, 3), 255, np.uint8))
cv2.imwrite(out, np.hstack(tiles[:-1]))
PY
# The face stage on the same clip: the raw frame with its landmarks, detector box and crop,
# beside the aligned crop.
/usr/bin/python3 - "$tmp/aligned" "$onset" docs/images/demo_faces.png <<'PY'
import sys
import cv2
import numpy as np
src, onset, out = sys.argv[1], sys.argv[2], sys.argv[3]
raw = cv2.imread(f"{src}/landmarks.png", cv2.IMREAD_COLOR)
crop = cv2.imread(f"{src}/img{onset}.png", cv2.IMREAD_COLOR)
scale = 2
raw = cv2.resize(raw, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
crop = cv2.resize(crop, (raw.shape[0], raw.shape[0]), interpolation=cv2.INTER_NEAREST)
gap = np.full((raw.shape[0], 6, 3), 255, np.uint8)
cv2.imwrite(out, np.hstack([raw, gap, crop]))
PY
echo "readme-figures: wrote docs/images/demo_uf1.png (from $bars) docs/images/di_triple.png and docs/images/demo_faces.png (sub$subject/$clip)"

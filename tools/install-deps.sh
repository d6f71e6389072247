#!/usr/bin/env bash
# Installs every Debian package MERLab needs to build, test, benchmark and run its demo.
# Idempotent: when everything is present it only runs `dpkg-query` and returns in about a second;
# `apt-get update` runs only when something is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build make pkg-config git
  # core libraries
  libtorch-dev libopencv-dev libopencv-contrib-dev libyaml-cpp-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev
  libboost-program-options-dev libxxhash-dev
  # SHA-256 of pretrained weight files (framework/models/weights.cpp)
  libssl-dev
  # tests
  libgtest-dev libgmock-dev
  # fast BLAS: takes over the libblas.so.3 alternative that Debian's torch links against
  libopenblas0-pthread
  # dataset annotation sheets (.xlsx = zip + XML); libxlsxwriter writes test fixtures
  libzip-dev libpugixml-dev libxlsxwriter-dev
  # reports; chromium renders index.html in the report page test (tests/reports/report_browser_test.cpp)
  gnuplot-nox chromium
  # JSON output of `mer runs`
  nlohmann-json3-dev
  # paper tables: compile check
  texlive-latex-base texlive-latex-recommended
  # reference implementations for parity tests and benchmarks (/usr/bin/python3)
  python3 python3-torch python3-torchvision python3-numpy python3-opencv python3-sklearn python3-scipy
  # cluster launcher tests (one-node Slurm)
  slurm-wlm munge
  # faces (framework/faces): HOG face detector and the 68-point landmark model
  # (/usr/share/dlib/shape_predictor_68_face_landmarks.dat); skimage ships real face photos for tests
  libdlib-dev libdlib-data python3-skimage
  # inspecting databases by hand
  sqlite3
  # `make fuzz` (libFuzzer targets under fuzz/, docs/fuzzing.md): clang with libFuzzer and the
  # sanitizer runtimes, llvm-symbolizer for readable stack traces
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"

#!/usr/bin/env bash
# ouflow set-up on a fresh Debian 12 machine, then the main job or the test suite.
#
#   ./setup.sh run    install what is missing, build (Release), run the main job on the embedded default
#   ./setup.sh test   install what is missing, then four builds, each a preset of CMakePresets.json
#                     (cmake --preset X, cmake --build --preset X, ctest --preset X):
#                       ci          Release, warnings as errors: the whole suite
#                       asan-ubsan  AddressSanitizer + UndefinedBehaviorSanitizer: all but label slow
#                       tsan        ThreadSanitizer (clang, LLVM's libomp with Archer): the test
#                                   binaries of the parallel floors (label parallel)
#                       fuzz        clang with libFuzzer + ASan + UBSan: the fuzz targets of fuzz/,
#                                   one per reader, replay their seed corpora and regression inputs
#                                   (label fuzz; fuzz/campaign.sh fuzzes, docs/reliability.md)
#                     A failing test fails the run: no test is run twice.
#
# Installing needs root (apt-get). When not root, the script prints the exact apt-get line and stops.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-run}"
# OpenMP threads sleep at barriers instead of spinning: on a machine shared with other work the
# default spin-waiting made the evaluation up to 7x slower (docs/performance.md). A user's own
# setting wins.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
jobs="$(nproc 2>/dev/null || echo 2)"

packages=(
  cmake make g++ pkg-config
  libboost-graph-dev libprotobuf-dev protobuf-compiler
  libsfml-dev libcli11-dev libproj-dev proj-data
  libgtest-dev libgmock-dev libbenchmark-dev
  libzip-dev
  nlohmann-json3-dev xvfb xauth fonts-wqy-zenhei fonts-dejavu-core
  libopenmpi-dev openmpi-bin
  clang libclang-rt-14-dev libomp-14-dev  # the tsan preset: clang 14, LLVM's libomp and Archer
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "ouflow needs these Debian packages. Run as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# One configuration of CMakePresets.json: configure, then build (its build preset's targets).
build() {  # build PRESET
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$jobs"
}

case "$mode" in
  run)
    # Only the `ouflow` command and what it links (build preset app), not the tests.
    cmake --preset release >/dev/null
    cmake --build --preset app -j "$jobs"
    # The main job on the embedded default: the Wenzhou 2025 plan against the 2020 baseline
    # (demand model, car and transit assignment, the plan's indicators) into ouflow_evaluation/.
    # The report's figures are drawn offscreen by the viewer, which needs an X display: without
    # one, a virtual one (Xvfb).
    if [[ -n "${DISPLAY:-}" ]]; then
      ./build/release/apps/ouflow evaluate --out ouflow_evaluation
    else
      xvfb-run -a ./build/release/apps/ouflow evaluate --out ouflow_evaluation
    fi
    ;;
  test)
    # Release, warnings as errors, the whole suite. The visualizer's tests render offscreen and
    # need an X display: a virtual one (Xvfb); the tests that draw hold it one at a time
    # (RESOURCE_LOCK x11_display in tests/CMakeLists.txt).
    build ci
    xvfb-run -a ctest --preset ci -j "$jobs"
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, without MPI (OpenMPI's
    # own allocations show as leaks; mpirun runs in ci) and without the end-to-end run of the main
    # job (label slow, run in ci).
    build asan-ubsan
    ctest --preset asan-ubsan -j "$jobs"
    # The parallel floors under ThreadSanitizer: only their test binaries are built (road,
    # transit, demand, evaluation). Built with clang so that OpenMP is LLVM's libomp, whose Archer
    # tool tells TSan about OpenMP's barriers (GCC's libgomp is not instrumented: every barrier
    # would show as a race).
    build tsan
    ctest --preset tsan -j "$jobs"
    # The readers' fuzz targets, instrumented for libFuzzer, replay every input kept under fuzz/
    # (seeds and past findings) under ASan and UBSan; only they and the libraries they link are
    # built. (The ci and asan-ubsan builds replay the same inputs through fuzz/replay_main.cpp.)
    build fuzz
    ctest --preset fuzz -j "$jobs"
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

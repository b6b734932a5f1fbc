#!/usr/bin/env bash
# ouflow set-up on a fresh Debian 12 machine, then the main job or the test suite.
#
#   ./setup.sh run    install what is missing, build (Release), run the main job on the embedded default
#   ./setup.sh test   install what is missing, build (Release, warnings as errors, and ASan+UBSan),
#                     run the whole test suite with ctest
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

build() {  # build PRESET_DIR EXTRA_CMAKE_ARGS...
  local dir="$1"; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "$mode" in
  run)
    build build/release -DOUFLOW_BUILD_TESTS=OFF
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
    build build/ci -DOUFLOW_WERROR=ON
    # The visualizer's tests render offscreen and need an X display: a virtual one (Xvfb). A test
    # that fails is run once more (--repeat until-pass:2) and fails the step if it fails again:
    # a render test once could not open the Xvfb display (an environment flake, not a result).
    xvfb-run -a ctest --test-dir build/ci --output-on-failure -j "$jobs" --repeat until-pass:2
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
    # MPI off here: OpenMPI's own allocations show as leaks under LeakSanitizer (mpirun runs in Release).
    build build/asan-ubsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOUFLOW_SANITIZE=ON -DOUFLOW_BUILD_VIZ=OFF -DOUFLOW_WITH_MPI=OFF
    # (The end-to-end run of the main job, label `slow`, ran in the Release step above.)
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build/asan-ubsan --output-on-failure -j "$jobs" -LE slow
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

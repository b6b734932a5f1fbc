#!/usr/bin/env bash
# A fuzzing campaign over the fuzz targets of fuzz/ (docs/reliability.md).
#
#   fuzz/campaign.sh [SECONDS_PER_TARGET [TARGET...]]     default: 600 seconds, every target
#
# Builds the fuzz preset (clang, libFuzzer + ASan + UBSan), then fuzzes each target for the given
# time, starting from its seed corpus (fuzz/corpus/T) and its regression inputs (fuzz/regressions/T).
# $OUFLOW_FUZZ_PARALLEL targets run side by side (default 1: one core each). Per target, in
# build/fuzz/campaign/T/: log (libFuzzer's output), corpus/ (the inputs it added, fresh each
# campaign) and artifacts/ (crash-*, leak-*, timeout-*, oom-*: the findings). Each target runs in
# libFuzzer's fork mode with one worker, so that a finding is saved and fuzzing goes on. A finding
# goes to fuzz/regressions/T/ once it is fixed (every test build replays it), to fuzz/findings/T/
# while the fix is elsewhere.
#
# A finding is any crash, ASan or UBSan report, leak, uncaught exception other than the readers'
# documented InputError and std::invalid_argument (fuzz/fuzz_common.h), an input that runs longer
# than 10 s (hang) or needs more than 2 GB. Ends with one line per target: executions, seconds,
# cov (coverage edges) and ft (features) as fork mode reports them, corpus size, findings; exit
# status 1 when anything was found.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
all=(csv tntp_net tntp_node tntp_trips tntp_flow gmns gtfs_zip gtfs_folder network_pb
     network_pbtxt scenario link_flows)
if (($#)); then targets=("$@"); else targets=("${all[@]}"); fi
parallel="${OUFLOW_FUZZ_PARALLEL:-1}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc 2>/dev/null || echo 2)"

out=build/fuzz/campaign
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

fuzz_one() {  # fuzz_one TARGET
  local t="$1" dir="$out/$1"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  # Fork mode (one worker): a finding is saved and the campaign goes on.
  "build/fuzz/fuzz/fuzz_$t" "$dir/corpus" "fuzz/corpus/$t" "fuzz/regressions/$t" \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$dir/artifacts/" >"$dir/log" 2>&1 || true
}
export -f fuzz_one
export out seconds
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'fuzz_one {}'

found=0
printf '%-14s %12s %8s %7s %7s %7s %9s\n' target executions seconds cov ft corpus findings
for t in "${targets[@]}"; do
  log="$out/$t/log"
  # The last status line of fork mode: "#EXECS: cov: C ft: F corp: N exec/s R ... time: Ss ...".
  last=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1 || true)
  execs=$(grep -oE '^#[0-9]+' <<<"$last" | tr -d '#' || true)
  secs=$(grep -oE 'exiting: [0-9]+ time: [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
  corpus=$(find "$out/$t/corpus" -type f | wc -l)
  findings=$(find "$out/$t/artifacts" -type f | wc -l)
  ((findings == 0)) || found=1
  printf '%-14s %12s %8s %7s %7s %7s %9s\n' "$t" "${execs:-?}" "${secs:-?}" "${cov:-?}" \
    "${ft:-?}" "$corpus" "$findings"
done
exit "$found"

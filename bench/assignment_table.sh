#!/usr/bin/env bash
# Prints the assignment benchmark table: network, algorithm, threads, seconds to relative gap
# 1e-4 / 1e-6 / 1e-8 / 1e-10 (wall clock from process start: reading and set-up included, as a
# user of `ouflow assign` sees it), iterations, peak memory. Runs the real command.
#
#   bench/assignment_table.sh [OUFLOW_BINARY] [REPEATS]
#
# Networks: the bundled ones in tests/data/tntp, and Berlin-Center from ../shared/data/tntp when
# present. Each cell is the median of REPEATS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/release/apps/ouflow}"
repeats="${2:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

nets=(
  "SiouxFalls|tests/data/tntp/SiouxFalls/SiouxFalls_net.tntp|"
  "Anaheim|tests/data/tntp/Anaheim/Anaheim_net.tntp|"
  "Chicago-Sketch|tests/data/tntp/Chicago-Sketch/ChicagoSketch_net.tntp|--toll-factor 0.02 --distance-factor 0.04"
  "Berlin-Center|../shared/data/tntp/Berlin-Center/berlin-center_net.tntp|"
)

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else print a[int((NR+1)/2)]}'; }
fmt() { awk -v v="$1" 'BEGIN { if (v == "-") print "-"; else printf "%.3f\n", v }'; }

printf '%-15s %-4s %-7s %9s %9s %9s %9s %6s %9s\n' network alg threads 1e-4 1e-6 1e-8 1e-10 iters peak_MiB
for entry in "${nets[@]}"; do
  IFS='|' read -r name net extra <<<"$entry"
  [[ -f "$net" ]] || continue
  for alg in b; do
    for threads in 1 2; do
      for r in $(seq "$repeats"); do
        # shellcheck disable=SC2086
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" --quiet --threads "$threads" assign \
          --net "$net" $extra --algorithm "$alg" --gap 1e-10 --max-iterations 500 \
          --log-out "$tmp/log.csv" >"$tmp/out" 2>&1
        read -r wall peak_kb <"$tmp/time"
        # Offset from process start to the start of the assignment: wall minus the log's last time.
        awk -F, -v wall="$wall" -v r="$r" '
          NR > 1 { gap[NR] = $2; t[NR] = $7; last = $7; n = NR }
          END {
            off = wall - last; split("1e-4 1e-6 1e-8 1e-10", g, " ");
            for (k = 1; k <= 4; ++k) {
              hit = "-";
              for (i = 2; i <= n; ++i) if (gap[i] <= g[k] + 0) { hit = t[i] + off; break; }
              print k, hit
            }
            print 5, n - 1
          }' "$tmp/log.csv" >"$tmp/run.$r"
        echo "$peak_kb" >"$tmp/peak.$r"
      done
      cells=()
      for k in 1 2 3 4 5; do
        cells+=("$(cat "$tmp"/run.* | awk -v k="$k" '$1 == k && $2 != "-" { print $2 }' | median)")
      done
      peak="$(cat "$tmp"/peak.* | median)"
      printf '%-15s %-4s %-7s %9s %9s %9s %9s %6s %9s\n' "$name" "$alg" "$threads" \
        "$(fmt "${cells[0]}")" "$(fmt "${cells[1]}")" "$(fmt "${cells[2]}")" "$(fmt "${cells[3]}")" \
        "${cells[4]}" "$((peak / 1024))"
      rm -f "$tmp"/run.* "$tmp"/peak.*
    done
  done
done

#!/usr/bin/env bash
# Runs `bms uci` for each DATASET:MODEL pair given (default: the BENCHMARKS.md section 6 table),
# one after another, each single-threaded, into runs/uci-table/<dataset>-<model>/. Run two of
# these side by side on a 2-core machine: with M = 100 and batch 1000 the matrices are small and
# two single-threaded runs finish sooner than one two-threaded run after the other.
# Then `scripts/uci-table.py runs/uci-table` prints the Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bms-examples/target/bms.jar
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -q package -DskipTests" >&2; exit 1; }
pairs=("$@")
if [ ${#pairs[@]} -eq 0 ]; then
  for d in boston concrete energy kin8nm naval power protein wine-red yacht; do pairs+=("$d:svgp" "$d:dgp2"); done
  pairs+=("kin8nm:dgp3")
fi
for p in "${pairs[@]}"; do
  d=${p%%:*}; m=${p#*:}
  out=runs/uci-table/$d-$m
  if [ -f "$out/summary.json" ]; then echo "skip $p (done)"; continue; fi
  echo "$(date -u +%H:%M:%S) start $p"
  # --resume continues an interrupted run from its last checkpoint.
  OPENBLAS_NUM_THREADS=1 java -jar "$jar" uci --dataset "$d" --model "$m" --seed 1 -q --out "$out" --resume \
    > "$out.log" 2>&1 || { echo "FAILED $p (see $out.log)"; continue; }
  grep "test RMSE" "$out.log" || true
done

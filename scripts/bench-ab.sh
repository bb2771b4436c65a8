#!/usr/bin/env bash
# Same-window before/after of `bms bench study` and `bms bench models`: runs each benchmark with
# the baseline jar, then the candidate jar, then both again in the other order, so drift in the
# machine's load shows as disagreement between the two rounds. Usage:
#   scripts/bench-ab.sh BASELINE.jar CANDIDATE.jar OUTDIR [ARGS for bench study...]
# ROUNDS=1 runs each jar once (baseline first).
# Writes OUTDIR/{study,models}-{base,cand}-{1,2}/summary.json and the console output beside them.
set -euo pipefail
base=$1 cand=$2 out=$3
shift 3
studyArgs=("$@")
rounds=${ROUNDS:-2}
mkdir -p "$out"
run() { # tag jar round bench
  local tag=$1 jar=$2 round=$3 bench=$4
  echo "== $bench $tag round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
  local extra=()
  if [ "$bench" = study ] && [ ${#studyArgs[@]} -gt 0 ]; then extra=(-- "${studyArgs[@]}"); fi
  java -Xmx12g -jar "$jar" bench "$bench" --out "$out/$bench-$tag-$round" "${extra[@]}" 2>&1 \
    | tee "$out/$bench-$tag-$round.txt" \
    | grep -E "^(svgp|conv|dgp|deep|raw|  SVGP|  DGP)"
}
for bench in study models; do
  run base "$base" 1 "$bench"
  run cand "$cand" 1 "$bench"
  if [ "$rounds" -ge 2 ]; then
    run cand "$cand" 2 "$bench"
    run base "$base" 2 "$bench"
  fi
done

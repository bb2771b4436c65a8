#!/usr/bin/env bash
# Issue 13's exactness check: the bound after 100 Adam steps of each study model, from two builds
# of bms, side by side with their relative difference. Usage:
#   scripts/bound-after-100.sh BASELINE.jar CANDIDATE.jar [OUTDIR]
# Both jars run the same small runs (one OpenBLAS thread, seed 1) and python3 prints the table.
set -euo pipefail
base=$1 cand=$2 out=${3:-runs/bound-after-100}
mkdir -p "$out"
for tag in base cand; do
  jar=$base; [ "$tag" = cand ] && jar=$cand
  OPENBLAS_NUM_THREADS=1 java -jar "$jar" mnist --models rbf,dgp,conv --steps 100 --train-size 300 --test-size 100 \
    --inducing 30 --quiet --out "$out/mnist-$tag" > "$out/mnist-$tag.log" 2>&1
  OPENBLAS_NUM_THREADS=1 java -jar "$jar" rotated-mnist --models rbf,rotation,affine --steps 100 --train-size 300 \
    --test-size 100 --inducing 30 --quiet --out "$out/rotated-$tag" > "$out/rotated-$tag.log" 2>&1
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
print(f"{'study':8} {'model':15} {'baseline bound/N':>22} {'candidate bound/N':>22} {'relative diff':>14}")
for study in ("mnist", "rotated"):
    b = json.load(open(f"{out}/{study}-base/summary.json"))["results"]["models"]
    c = json.load(open(f"{out}/{study}-cand/summary.json"))["results"]["models"]
    for name in b:
        x, y = b[name]["finalBoundPerPoint"], c[name]["finalBoundPerPoint"]
        print(f"{study:8} {name:15} {x:22.16f} {y:22.16f} {abs(x - y) / abs(x):14.2e}")
PY

#!/usr/bin/env bash
# The model-selection study of BENCHMARKS.md section 10: on the nine UCI sets and rotated MNIST,
# rank agreement with held-out log-likelihood of the bound, training speed and K-fold CV, with
# their cost; and, for Bayesian linear models whose evidence is exact, training speed against it.
# Sized for a shared 2-core machine: the four large UCI sets are subsampled (--max-points), the
# fits are short. Usage: scripts/selection-evidence.sh [BMS_JAR] [OUT_DIR]
set -euo pipefail
JAR=${1:-bms-examples/target/bms.jar}
OUT=${2:-runs/selection-evidence}
DATA=${BMS_DATA:-data}
small="boston concrete energy wine-red yacht"
large="kin8nm naval power protein"
mkdir -p "$OUT"
run() { nice -n 15 java -jar "$JAR" "$@" --data "$DATA" -q; }
for d in $small $large; do
  sub=(); case " $large " in *" $d "*) sub=(--max-points 2000);; esac
  run evidence --dataset "$d" "${sub[@]}" --out "$OUT/evidence-$d" > "$OUT/evidence-$d.log" 2>&1
done
for d in $small $large; do
  sub=(); case " $large " in *" $d "*) sub=(--max-points 1000);; esac
  run select --dataset "$d" "${sub[@]}" --candidates svgp-rbf,svgp-matern52,svgp-arccos,dgp2 \
    --criteria bound,heldout,cv,speed --steps 300 --inducing 30 --batch 128 --folds 3 \
    --out "$OUT/select-$d" > "$OUT/select-$d.log" 2>&1
done
run select --dataset rotated-mnist --criteria bound,heldout,cv,speed --train-size 400 --test-size 400 \
  --steps 300 --inducing 40 --samples 4 --folds 3 --out "$OUT/select-rotated-mnist" > "$OUT/select-rotated-mnist.log" 2>&1

#!/usr/bin/env python3
"""Markdown tables of BENCHMARKS.md section 10 from the summary.json files of scripts/selection-evidence.sh.
Usage: scripts/selection-evidence-table.py runs/selection-evidence"""
import json, math, os, sys

root = sys.argv[1] if len(sys.argv) > 1 else "runs/selection-evidence"
sets = ["boston", "concrete", "energy", "wine-red", "yacht", "kin8nm", "naval", "power", "protein"]

def load(name):
    p = os.path.join(root, name, "summary.json")
    return json.load(open(p))["results"] if os.path.exists(p) else None

def f(x, d=2):
    x = float(x)
    return "n/a" if math.isnan(x) else f"{x:.{d}f}"

def size(r):
    s = f"{r['trainPoints']}"
    if "subsample" in r:
        s += f" (of {r['subsample']['of']})"
    return s

print("Bayesian linear models on random Fourier features (exact evidence):\n")
print("| data set | train points | Kendall: speed vs evidence | Lyle bound vs evidence | Kendall vs held-out: evidence / speed / CV | held-out best | evidence picks | speed picks | CV picks | seconds: evidence / speed / CV |")
print("|---|---:|---:|---:|---|---|---|---|---|---|")
for d in sets:
    r = load("evidence-" + d)
    if r is None:
        continue
    a = r["agreement"]; c = r["choice"]; cost = r["cost"]; e = r["agreementWithEvidence"]
    print(f"| {d} | {size(r)} | {f(e['trainingSpeed']['kendall'])} | {f(e['lowerBound']['kendall'])} | "
          f"{f(a['exactVsHeldOut']['kendall'])} / {f(a['trainingSpeedVsHeldOut']['kendall'])} / {f(a['crossValidationVsHeldOut']['kendall'])} | "
          f"{c['bestHeldOut']} | {c['exactPicks']} | {c['trainingSpeedPicks']} | {c['crossValidationPicks']} | "
          f"{f(cost['exactSeconds'], 1)} / {f(cost['trainingSpeedSeconds'], 1)} / {f(cost['crossValidationSeconds'], 1)} |")

print("\nSVGP and deep GPs (svgp-rbf, svgp-matern52, svgp-arccos, dgp2), and the rotated-MNIST study models:\n")
print("| data set | train points | held-out best | bound picks | speed picks | CV picks | Spearman vs held-out: bound / speed / CV | Kendall: bound / speed / CV | seconds: bound (= speed) / CV |")
print("|---|---:|---|---|---|---|---|---|---|")
for d in sets + ["rotated-mnist"]:
    r = load("select-" + d)
    if r is None:
        continue
    a = r["agreement"]; c = r["choice"]; cost = r["cost"]
    sp = lambda k: f(a[k]["spearman"]); kd = lambda k: f(a[k]["kendall"])
    print(f"| {d} | {size(r)} | {c['bestHeldOut']} | {c['boundPicks']} | {c['trainingSpeedPicks']} | {c['crossValidationPicks']} | "
          f"{sp('boundVsHeldOut')} / {sp('trainingSpeedVsHeldOut')} / {sp('crossValidationVsHeldOut')} | "
          f"{kd('boundVsHeldOut')} / {kd('trainingSpeedVsHeldOut')} / {kd('crossValidationVsHeldOut')} | "
          f"{f(cost['boundSeconds'], 0)} / {f(cost['crossValidationSeconds'], 0)} |")

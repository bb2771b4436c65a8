#!/usr/bin/env python3
"""Prints the Markdown table of BENCHMARKS.md section 6 from the summary.json files that
scripts/uci-table.sh leaves in runs/uci-table/<dataset>-<model>/ (default folder: runs/uci-table)."""
import json
import pathlib
import sys

DATASETS = ["boston", "concrete", "energy", "kin8nm", "naval", "power", "protein", "wine-red", "yacht"]
MODELS = ["svgp", "dgp2", "dgp3"]

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "runs/uci-table")
print("| data set | N train / test | D | model | test log-likelihood | test RMSE | bound / N (standardised) "
      "| training time |")
print("|---|---:|---:|---|---:|---:|---:|---:|")
for d in DATASETS:
    for m in MODELS:
        f = root / f"{d}-{m}" / "summary.json"
        if not f.is_file():
            continue
        r = json.loads(f.read_text())["results"]
        status = "" if r["status"] == "COMPLETED" else f" ({r['status']})"
        print(f"| {d} | {r['trainPoints']} / {r['testPoints']} | {r['inputs']} | {m}{status} "
              f"| {r['testLogLik']:.3f} | {r['testRmse']:.4g} | {r['boundPerPoint']:.3f} | {r['trainSeconds']:.0f} s |")

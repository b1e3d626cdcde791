#!/usr/bin/env bash
# Summarises bench/soak/soak.csv: per column, the median of the first and of the last third of the samples, and
# the overall min and max (the first sample, JIT warm-up, is left out). Flat = the two medians agree. Needs python3.
set -euo pipefail
CSV="${1:-$(dirname "$0")/soak.csv}"
python3 - "$CSV" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))[1:]
third = max(1, len(rows) // 3)
print(f"{'column':<20}{'first third':>12}{'last third':>12}{'min':>10}{'max':>10}")
for col in rows[0].keys():
    if col == "t_s":
        continue
    vals = [float(r[col]) for r in rows]
    print(f"{col:<20}{statistics.median(vals[:third]):>12.1f}{statistics.median(vals[-third:]):>12.1f}{min(vals):>10.1f}{max(vals):>10.1f}")
print(f"samples: {len(rows)} ({rows[0]['t_s']} s to {rows[-1]['t_s']} s)")
PY

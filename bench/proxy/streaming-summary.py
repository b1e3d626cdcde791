#!/usr/bin/env python3
"""Medians, spread and Assay/HAProxy ratios (paired per round) from bench/proxy/streaming-results.txt."""
import re, statistics as st, sys
path = sys.argv[1] if len(sys.argv) > 1 else "bench/proxy/streaming-results.txt"
rows, mode, rnd = {}, None, 0
for line in open(path):
    m = re.match(r"# round (\d+): (keep-alive|new connection per request, wrk as uid|new connection|http_delay)", line)
    if m:
        rnd, mode = int(m.group(1)), {"keep-alive": "keep-alive", "new connection": "new-conn", "http_delay": "toxic",
                                      "new connection per request, wrk as uid": "new-other"}[m.group(2)]
        continue
    m = re.match(r"(\S+) c=\d+ RESULT rps=(\d+) p50_us=(\d+) p99_us=(\d+) errors=(\d+) requests=\d+ cpu_us_per_req=(\d+) load1=(\S+)", line)
    if m and mode:
        rows.setdefault((mode, m.group(1)), {})[rnd] = dict(rps=int(m.group(2)), p50=int(m.group(3)), p99=int(m.group(4)),
                                                         err=int(m.group(5)), cpu=int(m.group(6)), load=float(m.group(7)))
def med(xs): return st.median(xs) if xs else float("nan")
print(f"{'mode':10} {'target':20} {'rps median (min-max)':24} {'p50 µs med (min-max)':22} {'cpu µs/req':10} {'load1 (min-max)':14}")
for (mode, name), rs in sorted(rows.items()):
    v = list(rs.values())
    rps, p50, cpu, load = [x["rps"] for x in v], [x["p50"] for x in v], [x["cpu"] for x in v], [x["load"] for x in v]
    print(f"{mode:10} {name:20} {med(rps):7.0f} ({min(rps)}-{max(rps)}){'':5} {med(p50):6.0f} ({min(p50)}-{max(p50)}){'':4} {med(cpu):6.0f}     {min(load):.1f}-{max(load):.1f}")
print()
for mode in ("keep-alive", "new-conn", "new-other"):
    for a, h in (("assay_tcp", "haproxy_tcp"), ("assay_http_always", "haproxy_http_always"), ("assay_http_safe", "haproxy_http_safe")):
        A, H, Dd = rows.get((mode, a), {}), rows.get((mode, h), {}), rows.get(("new-conn" if mode == "new-other" else mode, "direct"), {})
        common = sorted(set(A) & set(H))
        ratios = [A[r]["rps"] / H[r]["rps"] for r in common]
        add_a = [A[r]["p50"] - Dd[r]["p50"] for r in common if r in Dd]
        add_h = [H[r]["p50"] - Dd[r]["p50"] for r in common if r in Dd]
        cpu = [A[r]["cpu"] / max(H[r]["cpu"], 1) for r in common]
        if ratios:
            print(f"{mode:10} {a:18} / {h:20} rps ratio median {med(ratios):.2f} (rounds {min(ratios):.2f}-{max(ratios):.2f});"
                  f" added p50 vs direct: assay {med(add_a):+.0f} µs, haproxy {med(add_h):+.0f} µs; cpu/req ratio {med(cpu):.1f}")

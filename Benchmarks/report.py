#!/usr/bin/env python3
"""report.py RESULTS N — feedd beside newsboat (cold, warm) from the runner JSON files of one bench run."""
import json
import os
import sys

results, n = sys.argv[1], sys.argv[2]


def load(name):
    path = os.path.join(results, "e2e-%s.json" % name)
    return json.load(open(path)) if os.path.exists(path) else None


def med(rec, key):
    value = rec["summary"].get(key)
    return value["median"] if value else None


rows = []
for agg, tag in (("feedd", "feedd-%s" % n), ("newsboat", "newsboat-%s-t8" % n)):
    for phase in ("cold", "warm"):
        rec = load("%s-%s" % (tag, phase))
        if rec:
            rows.append((agg, phase, len(rec["runs"]), med(rec, "wall_s"), med(rec, "cpu_s"), med(rec, "max_rss_mb"),
                         med(rec, "http.http_200") or 0, med(rec, "http.http_304") or 0, med(rec, "after.articles"),
                         med(rec, "after.expected_articles")))
print("| aggregator | phase | runs | wall s | CPU s | peak RSS MB | HTTP 200 | HTTP 304 | articles | expected |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print("| %s | %s | %d | %.2f | %.2f | %.0f | %d | %d | %s | %s |" % (
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9] if r[9] is not None else "-"))
walls = {(r[0], r[1]): r[3] for r in rows}
for phase in ("cold", "warm"):
    if ("feedd", phase) in walls and ("newsboat", phase) in walls:
        print("%s: newsboat / feedd wall = %.1fx" % (phase, walls[("newsboat", phase)] / walls[("feedd", phase)]))

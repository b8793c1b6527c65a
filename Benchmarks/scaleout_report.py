#!/usr/bin/env python3
"""scaleout_report.py OUT — the table of Benchmarks/bench_scaleout.sh, from the files each phase left in OUT.

Per phase: NAME.json (wall, CPU, items), NAME.requests (its lines of nginx's access log), NAME.dump (every stored
item, JSON Lines) and, for a phase that killed a worker, NAME.held (the feeds that worker held when it died).
A phase fails when a feed was requested other than once (a feed the killed worker held may be requested once
more: that request's answer died with it), when its dump hands a seq or a feed's item twice or holds other than
the store's items, or when it stored other than the SQLite cold run's items (the same corpus). Exit 1 on a failure.
"""
import collections
import glob
import json
import os
import re
import sys

out = sys.argv[1]
order = ["sqlite-cold", "sqlite-304"] + [f"pg-w{k}-{m}" for k in (1, 2, 3) for m in ("cold", "304")]
order += [f"pg-w{k}-kill" for k in (2, 3)]
phases = {os.path.basename(p)[:-5]: json.load(open(p)) for p in glob.glob(os.path.join(out, "*.json"))}
names = [n for n in order if n in phases] + sorted(n for n in phases if n not in order)
reference = phases.get("sqlite-cold", {}).get("items")
line = re.compile(r'^\S+ (\d{3}) \d+ "([^"]*)"')

rows, failed = [], []
for name in names:
    p = phases[name]
    per_url, statuses = collections.Counter(), collections.Counter()
    for text in open(os.path.join(out, name + ".requests")):
        m = line.match(text)
        if m:
            statuses[m.group(1)] += 1
            per_url[m.group(2)] += 1
    held = set()
    held_path = os.path.join(out, name + ".held")
    if os.path.exists(held_path):
        held = {re.sub(r"^https?://[^/]+", "", u.strip()) for u in open(held_path) if u.strip()}
    again = {u for u, c in per_url.items() if c > 1}
    problems = []
    if len(per_url) != p["feeds"]:
        problems.append(f"{p['feeds'] - len(per_url)} feeds never requested")
    if again - held:
        problems.append(f"{len(again - held)} feeds requested more than once")
    if any(c > 2 for c in per_url.values()):
        problems.append("a feed requested three times")
    seqs, keys = [], set()
    duplicates = 0
    for text in open(os.path.join(out, name + ".dump")):
        record = json.loads(text)
        seqs.append(record["seq"])
        key = (record["feed_url"], record.get("id") or record.get("url"))
        duplicates += key in keys
        keys.add(key)
    if len(set(seqs)) != len(seqs) or duplicates:
        problems.append(f"dump hands {len(seqs) - len(set(seqs))} seqs and {duplicates} items twice")
    if len(seqs) != p["items"]:
        problems.append(f"dump hands {len(seqs)} of {p['items']} items")
    if reference is not None and p["items"] != reference:
        problems.append(f"{p['items']} items stored, SQLite stored {reference}")
    if problems:
        failed.append(f"{name}: " + "; ".join(problems))
    requests = sum(per_url.values())
    rows.append([
        name, str(p["workers"]), f"{p['wall_s']:.1f}", f"{p['cpu_s']:.1f}",
        f"{1e6 * p['cpu_s'] / max(p['items'], 1):.0f}", f"{p['server_cpu_s']:.1f}", str(p["items"]),
        f"{requests / p['feeds']:.3f}", f"{statuses['200']}/{statuses['304']}",
        f"{len(again)} of {len(held)}" if p.get("killed") else "-", "FAIL" if problems else "ok",
    ])

header = ["phase", "workers", "wall s", "feedd CPU s", "CPU µs/item", "server CPU s", "items", "requests/feed",
          "200/304", "again/held", "check"]
print("| " + " | ".join(header) + " |")
print("|" + "|".join("---" for _ in header) + "|")
for row in rows:
    print("| " + " | ".join(row) + " |")
for failure in failed:
    print("FAIL " + failure)
sys.exit(1 if failed else 0)

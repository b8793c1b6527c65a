#!/usr/bin/env python3
"""scale_report.py RESULTS SMALL LARGE — the table of Benchmarks/bench_scale.sh: figure, feedd, reference, ratio or
limit, PASS/MISS; exits 1 when a target is missed.

RESULTS holds ../shared/bench/runner.py records (floor-N, curl304-N, cold-N, warm-N, dump-N, parse-*, short-*) and
bench_scale.sh's own store-N and run-N. Figures are medians with (min-max) when there were several runs.
"""
import glob
import json
import sys

results, small, large = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    return json.load(open(f"{results}/{name}.json"))


def stat(name, key="wall_s"):
    return load(name)["summary"][key]


def fmt(s, unit="s", digits=2):
    m = f"{s['median']:.{digits}f}"
    if s["min"] != s["max"]:
        return f"{m} ({s['min']:.{digits}f}-{s['max']:.{digits}f}) {unit}"
    return f"{m} {unit}"


def ms(s):
    return fmt({k: v * 1000 for k, v in s.items()}, "ms", 0)


newsboat = glob.glob(f"{results}/e2e-newsboat-{small}-*-cold.json")
newsboat = json.load(open(newsboat[0]))["runs"][0] if newsboat else None


def by_newsboat(what):
    if not newsboat:
        issue = {"wall": "43.8 s", "rss": "123 MB", "store": "1.0"}[what]
        return f"newsboat not measured (the issue's figure: {issue} at 1000)"
    if what == "wall":
        return f"newsboat {newsboat['wall_s']:.1f} s at {small}"
    if what == "rss":
        return f"newsboat {newsboat['max_rss_mb']:.0f} MB at {small}"
    xml = load(f"store-{small}")["xml_bytes"]
    return f"newsboat {newsboat['after']['db_bytes'] / xml:.2f} at {small}"


rows = []
missed = 0


def row(figure, feedd, reference, limit, ok):
    global missed
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    missed += ok is False
    rows.append((figure, feedd, reference, limit, verdict))


def http(name):
    s = load(name)["summary"]
    count = lambda k: int(s.get(f"http.{k}", {"median": 0})["median"])
    return f"{count('http_200')}x200 {count('http_304')}x304"


def articles_ok(name):
    s = load(name)["summary"]
    return s.get("after.articles_match", {"min": 0})["min"] == 1


# Cold fetch.
for n in (small, large):
    cold, floor = stat(f"cold-{n}"), stat(f"floor-{n}")
    ratio = cold["median"] / floor["median"]
    row(f"`feedd fetch` cold, {n} feeds: wall ({http(f'cold-{n}')}, articles "
        f"{'match' if articles_ok(f'cold-{n}') else 'DIFFER from'} the manifest)",
        fmt(cold), f"floor {fmt(floor)}" + (f"; {by_newsboat('wall')}" if n == small else ""), f"{ratio:.2f}x" + (" (at most 2.5x)" if n == small else ""),
        ratio <= 2.5 if n == small else None)
    row(f"`feedd fetch` cold, {n} feeds: CPU", fmt(stat(f"cold-{n}", "cpu_s")),
        f"floor {fmt(stat(f'floor-{n}', 'cpu_s'))}", "", None)
linear = stat(f"cold-{large}")["median"] / stat(f"cold-{small}")["median"]
row(f"cold wall {large} / {small} feeds", f"{linear:.2f}x",
    f"floor {stat(f'floor-{large}')['median'] / stat(f'floor-{small}')['median']:.2f}x",
    f"at most 5.5x", linear <= 5.5)

# All 304.
for n in (small, large):
    warm, curl = stat(f"warm-{n}"), stat(f"curl304-{n}")
    ratio = warm["median"] / curl["median"]
    all304 = load(f"warm-{n}")["summary"].get("http.http_304", {"min": 0})["min"] == int(n)
    row(f"`feedd fetch` all 304, {n} feeds: wall ({http(f'warm-{n}')})", fmt(warm, digits=3),
        f"conditional curl {fmt(curl, digits=3)} ({http(f'curl304-{n}')})", f"{ratio:.2f}x (at most 3x)",
        ratio <= 3 and all304)

# Memory.
for n in (small, large):
    cold, warm = stat(f"cold-{n}", "max_rss_mb"), stat(f"warm-{n}", "max_rss_mb")
    row(f"peak RSS, {n} feeds: cold / all 304", f"{fmt(cold, 'MB', 0)} / {fmt(warm, 'MB', 0)}",
        by_newsboat("rss") if n == small else "",
        "cold at most 120 MB" if n == large else "", cold["median"] <= 120 if n == large else None)
run = load(f"run-{large}")
row(f"`feedd run` over {large} feeds: VmRSS {run['settle_s']} s after the first round "
    f"({run['round_s']:.0f} s; peak {run['vmhwm_mb']} MB)", f"{run['vmrss_mb']} MB", "", "at most 80 MB",
    run["vmrss_mb"] <= 80 and run["polled"] >= int(large))

# Store.
store = load(f"store-{large}")
per_byte = store["store_bytes"] / store["xml_bytes"]
row(f"store bytes per byte of feed XML, {large} feeds (WAL checkpointed)",
    f"{per_byte:.2f} ({store['store_bytes'] / 1e6:.0f} MB)", f"XML {store['xml_bytes'] / 1e6:.0f} MB; {by_newsboat('store')}",
    "at most 1.0", per_byte <= 1.0)
for n in (small, large):
    dump, items = stat(f"dump-{n}"), load(f"store-{n}")["items"]
    rate = items / dump["median"]
    row(f"`dump` of {items} items to /dev/null, {n} feeds", f"{rate:,.0f} items/s ({fmt(dump)})", "",
        "at least 200,000 items/s", rate >= 200_000)

# Parse.
parse, xmllint = stat("parse-feedd"), stat("parse-xmllint")
ratio = parse["median"] / xmllint["median"]
row(f"`feedd parse` of the {small} files, JSON Lines to /dev/null", fmt(parse), f"xmllint --stream {fmt(xmllint)}",
    f"{ratio:.2f}x (at most 2x)", ratio <= 2)

# Short commands on the large store.
for name, what, limit in (("short-fetch", f"`feedd fetch ONE_URL` ({http('short-fetch')})", 0.150),
                          ("short-status", "`feedd status`", 0.150),
                          ("short-dump", "`dump --limit 10`", 0.050)):
    s = stat(name)
    row(f"{what} on the {large}-feed store", ms(s), "", f"under {limit * 1000:.0f} ms", s["median"] < limit)

print("| figure | feedd | reference (same run) | ratio or limit | |")
print("|---|---:|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print(f"\n{missed} target(s) missed" if missed else "\nevery target met")
sys.exit(1 if missed else 0)

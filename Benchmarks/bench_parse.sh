#!/usr/bin/env bash
# bench_parse.sh [N_FEEDS=1000] - FeedParser over every file of the first N feeds of the shared corpus
# (../shared/bench/gen_corpus.py), in one process, release build, beside `xmllint --stream --noout` over the same
# files. Runs alternate (xmllint, feedd, xmllint, feedd, ...) so both see the same machine load; each run goes
# through ../shared/bench/runner.py (/usr/bin/time: wall, CPU, peak RSS). Then, unless PY_PARSERS is empty,
# fastfeedparser and feedparser-rs through ../shared/bench/bench_parsers.sh, and a memory check: peak RSS while
# parsing one large generated feed against the file's size.
# env: RUNS (5), BENCH_DIR (/tmp/bench), PY_PARSERS ("fastfeedparser feedparser_rs"), BIG_MB (40)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${RUNS:-5}
SHARED_BENCH=../shared/bench
BENCH_DIR=${BENCH_DIR:-/tmp/bench}
OUT=${OUT:-$BENCH_DIR/results/feedd-parse}
PY_PARSERS=${PY_PARSERS-fastfeedparser feedparser_rs}
BIG_MB=${BIG_MB:-40}
BIN=.build/release/feedd-parse-bench
FEEDS=$BENCH_DIR/corpus/r0/feeds
[[ -x $BIN ]] || { echo "build first: swift build -c release --product feedd-parse-bench" >&2; exit 1; }
[[ -d $FEEDS ]] || {
  echo "no corpus; make it with: python3 $SHARED_BENCH/gen_corpus.py --feeds $N --rounds 1" >&2
  exit 1
}
mkdir -p "$OUT"
mapfile -t FILES < <(ls "$FEEDS"/*.xml | sort | head -n "$N")
[[ ${#FILES[@]} -eq $N ]] || { echo "corpus has ${#FILES[@]} feeds, fewer than $N" >&2; exit 1; }

run() {  # name round command...
  local name=$1 round=$2
  shift 2
  python3 "$SHARED_BENCH/runner.py" --name "$name" --runs 1 --nginx-log "" --out "$OUT/$name-$round.json" \
    -- "$@" >/dev/null
}
for ((r = 1; r <= RUNS; r++)); do
  run xmllint "$r" xmllint --stream --noout "${FILES[@]}"
  run feedd "$r" "$BIN" "${FILES[@]}"
done

if [[ -n $PY_PARSERS ]]; then
  # shellcheck disable=SC2086
  RESULTS=$OUT RUNS=$RUNS "$SHARED_BENCH/bench_parsers.sh" "$N" $PY_PARSERS >/dev/null 2>&1 ||
    echo "python parsers not measured (pip install fastfeedparser feedparser-rs)" >&2
fi

# Memory: one feed of about BIG_MB MB (the corpus' largest file repeated as items) against a small one.
BIG=$BENCH_DIR/work/feedd-parse-big.xml
mkdir -p "$BENCH_DIR/work"
python3 - "$BIG" "$BIG_MB" "${FILES[0]}" <<'PY'
import sys
out, mb = sys.argv[1], int(sys.argv[2])
item = ('<item><title>Item %d</title><link>http://example.org/%d</link><guid>tag:example.org,2026:%d</guid>'
        '<pubDate>Sun, 29 Nov 2026 06:00:00 GMT</pubDate><description>Plain summary %d.</description>'
        '<content:encoded><![CDATA[<p>Paragraph with <a href="/rel/%d">a link</a> and <b>bold</b> text, '
        + 'more words here &amp; there. ' * 40 + '</p><script>alert(1)</script>]]></content:encoded></item>\n')
with open(out, "w") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title>\n')
    n = 0
    while f.tell() < mb * 1000000:
        f.write(item % ((n,) * 5))
        n += 1
    f.write('</channel></rss>\n')
PY
run big-feed 1 "$BIN" "$BIG"
run small-feed 1 "$BIN" "${FILES[0]}"

python3 - "$OUT" "$RUNS" "$BIG" "${FILES[0]}" <<'PY'
import json, os, statistics, sys
out, runs, big, small = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def load(name, r): return json.load(open(os.path.join(out, "%s-%d.json" % (name, r))))["runs"][0]
x = [load("xmllint", r) for r in range(1, runs + 1)]
f = [load("feedd", r) for r in range(1, runs + 1)]
med = lambda rows, k: statistics.median(row[k] for row in rows)
ratios = [b["wall_s"] / a["wall_s"] for a, b in zip(x, f)]
mb = f[0]["cmd"]["bytes"] / 1e6
print("| parser | runs | wall s median (min-max) | CPU s median | peak RSS MB | MB/s | x xmllint wall |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, rows in (("xmllint --stream --noout", x), ("feedd (FeedParser)", f)):
    w = [row["wall_s"] for row in rows]
    print("| %s | %d | %.2f (%.2f-%.2f) | %.2f | %.0f | %.0f | %s |" % (
        name, runs, statistics.median(w), min(w), max(w), med(rows, "cpu_s"), max(r["max_rss_mb"] for r in rows),
        mb / statistics.median(w), "1.00" if rows is x else "%.2f" % (statistics.median(w) / med(x, "wall_s"))))
for p in ("fastfeedparser", "feedparser_rs"):
    path = os.path.join(out, "parse-%s-%d.json" % (p, len(x) and f[0]["cmd"]["files"]))
    if os.path.exists(path):
        s = json.load(open(path))["summary"]
        w = s["wall_s"]
        print("| %s (in-process parse s %.2f) | %d | %.2f (%.2f-%.2f) | %.2f | %.0f | %.0f | %.2f |" % (
            p, s["cmd.parse_s"]["median"], len(json.load(open(path))["runs"]), w["median"], w["min"], w["max"],
            s["cpu_s"]["median"], s["max_rss_mb"]["max"], mb / w["median"], w["median"] / med(x, "wall_s")))
print()
print("feedd items %d, errors %d, in-process parse s median %.2f; per-run feedd/xmllint wall ratios: %s" % (
    f[0]["cmd"]["items"], f[0]["cmd"]["errors"], statistics.median(r["cmd"]["parse_s"] for r in f),
    " ".join("%.2f" % r for r in ratios)))
b, s = load("big-feed", 1), load("small-feed", 1)
size = os.path.getsize(big) / 2**20
grow = b["max_rss_mb"] - s["max_rss_mb"]
print("memory: %.1f MiB feed (%d items) peak RSS %.0f MB, small feed %.0f MB: +%.0f MB = %.2f x the file size" % (
    size, b["cmd"]["items"], b["max_rss_mb"], s["max_rss_mb"], grow, grow / size))
PY

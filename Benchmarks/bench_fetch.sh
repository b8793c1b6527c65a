#!/usr/bin/env bash
# Benchmarks/bench_fetch.sh [N] — the fetcher alone (feedd-fetch-bench: FeedFetching, no parser, no store) on the
# first N feeds (default 1000) of the shared deterministic corpus served by the shared loopback nginx, beside
# `curl --parallel --parallel-max 50` over the same URLs, measured in the same run (as ../shared/bench/bench_raw.sh
# does). Wall, CPU and peak RSS come from ../shared/bench/runner.py (/usr/bin/time), statuses from nginx's log.
#
#   cold   no validators: every answer a 200 (gzip)
#   warm   the validators of a cold run sent back (If-None-Match, If-Modified-Since): every answer a 304
#
# The fetcher runs twice per phase: with feedd's polite defaults (concurrency 16, per_host 2, no gap) and with
# concurrency 50 and per_host 50 — like curl's 50 parallel transfers, since every feed here is on one host.
# Uses ../shared/bench (gen_corpus.py, serve.sh, common.sh, runner.py) in place; writes only under $BENCH_DIR.
# env: RUNS (rounds, 7), BENCH_DIR, PORT, SHARED, FETCH_BENCH (the executable)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=${1:-1000}
RUNS=${RUNS:-7}
source "$HERE/setup.sh"
BIN=${FETCH_BENCH:-$REPO/.build/release/feedd-fetch-bench}
[ -x "$BIN" ] || { echo "build it first: swift build -c release --product feedd-fetch-bench" >&2; exit 1; }

URLS=$(ensure_corpus "$N")
W=$BENCH_DIR/work/fetch-$N
mkdir -p "$W"
ROUND0="ln -sfn r0 $CORPUS/current"
set_round 0

# Validators for the warm runs: one untimed cold pass of the fetcher, then curl's per-URL conditional headers from
# the same file (`next` starts a new set of options per URL in a curl config; --parallel stays global).
"$BIN" "$URLS" --validators-out "$W/validators.tsv" > /dev/null
awk '{print "url = \"" $0 "\"\noutput = \"/dev/null\""}' "$URLS" > "$W/curl-cold"
awk -F '\t' '{
  if (NR > 1) print "next"
  print "url = \"" $1 "\"\noutput = \"/dev/null\"\ncompressed\nfail"
  if ($2 != "") { gsub(/"/, "\\\"", $2); print "header = \"If-None-Match: " $2 "\"" }
  if ($3 != "") print "header = \"If-Modified-Since: " $3 "\""
}' "$W/validators.tsv" > "$W/curl-warm"

# Rounds interleave the six measurements (one run each per round, through runner.py) so that load from other jobs
# on a shared machine falls on all of them alike; medians are taken over the rounds.
RUNNER=(python3 "$SHARED/bench/runner.py" --runs 1 --nginx-log "$NGINX_LOG" --quiet-cmd --prepare "$ROUND0")
POLITE=(--concurrency 16 --per-host 2)
WIDE=(--concurrency 50 --per-host 50)
CURL=(curl -sS --parallel --parallel-max 50)
mkdir -p "$W/runs"
rm -f "$W"/runs/*.json
for round in $(seq "$RUNS"); do
  echo "round $round/$RUNS" >&2
  "${RUNNER[@]}" --name curl-cold --out "$W/runs/curl-cold-$round.json" -- \
    "${CURL[@]}" --fail --compressed -K "$W/curl-cold" > /dev/null
  "${RUNNER[@]}" --name polite-cold --out "$W/runs/polite-cold-$round.json" -- "$BIN" "$URLS" "${POLITE[@]}" > /dev/null
  "${RUNNER[@]}" --name p50-cold --out "$W/runs/p50-cold-$round.json" -- "$BIN" "$URLS" "${WIDE[@]}" > /dev/null
  "${RUNNER[@]}" --name curl-warm --out "$W/runs/curl-warm-$round.json" -- "${CURL[@]}" -K "$W/curl-warm" > /dev/null
  "${RUNNER[@]}" --name polite-warm --out "$W/runs/polite-warm-$round.json" -- \
    "$BIN" "$URLS" "${POLITE[@]}" --validators-in "$W/validators.tsv" > /dev/null
  "${RUNNER[@]}" --name p50-warm --out "$W/runs/p50-warm-$round.json" -- \
    "$BIN" "$URLS" "${WIDE[@]}" --validators-in "$W/validators.tsv" > /dev/null
done

python3 - "$W/runs" "$RUNS" "$RESULTS/fetch-$N.json" <<'PY'
import json, statistics, sys
runs_dir, rounds, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def runs(name):
    return [json.load(open(f"{runs_dir}/{name}-{r}.json"))["runs"][0] for r in range(1, rounds + 1)]
def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
summary = {}
for phase in ("cold", "warm"):
    for kind in ("curl", "polite", "p50"):
        rs = runs(f"{kind}-{phase}")
        summary[f"{kind}-{phase}"] = {
            "wall_s": stats([r["wall_s"] for r in rs]), "cpu_s": stats([r["cpu_s"] for r in rs]),
            "max_rss_mb": stats([r["max_rss_mb"] for r in rs]),
            "http_200": stats([r["http"].get("http_200", 0) for r in rs]),
            "http_304": stats([r["http"].get("http_304", 0) for r in rs]),
            "conns": stats([r["http"].get("conns", 0) for r in rs])}
json.dump({"rounds": rounds, "summary": summary}, open(out, "w"), indent=1)
labels = {"curl": "curl --parallel-max 50", "polite": "fetcher, concurrency 16, per_host 2 (defaults)",
          "p50": "fetcher, concurrency 50, per_host 50"}
print(f"\n{rounds} interleaved rounds; median (min–max)\n")
print("| phase | client | wall s | × curl wall | CPU s | × curl CPU | peak RSS MB | HTTP 200 / 304 | connections |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for phase in ("cold", "warm"):
    curl = summary[f"curl-{phase}"]
    for kind in ("curl", "polite", "p50"):
        s = summary[f"{kind}-{phase}"]
        w, c = s["wall_s"], s["cpu_s"]
        print(f"| {phase} | {labels[kind]} | {w['median']:.3f} ({w['min']:.3f}–{w['max']:.3f}) | "
              f"{w['median'] / curl['wall_s']['median']:.2f} | {c['median']:.2f} | "
              f"{c['median'] / curl['cpu_s']['median']:.2f} | {s['max_rss_mb']['max']:.0f} | "
              f"{s['http_200']['median']:.0f} / {s['http_304']['median']:.0f} | {s['conns']['median']:.0f} |")
PY

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
# env: RUNS (5), BENCH_DIR, PORT, SHARED
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared}
N=${1:-1000}
RUNS=${RUNS:-5}
source "$SHARED/bench/common.sh"
BIN=${FETCH_BENCH:-$REPO/.build/release/feedd-fetch-bench}
[ -x "$BIN" ] || { echo "build it first: swift build -c release --product feedd-fetch-bench" >&2; exit 1; }

source "$HERE/corpus.sh"
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

RUNNER=(python3 "$SHARED/bench/runner.py" --runs "$RUNS" --nginx-log "$NGINX_LOG" --quiet-cmd --prepare "$ROUND0")
POLITE=(--concurrency 16 --per-host 2)
WIDE=(--concurrency 50 --per-host 50)
CURL=(curl -sS --parallel --parallel-max 50)
"${RUNNER[@]}" --name "curl-$N-cold" --out "$RESULTS/fetch-curl-$N-cold.json" -- \
  "${CURL[@]}" --fail --compressed -K "$W/curl-cold"
"${RUNNER[@]}" --name "fetcher-polite-$N-cold" --out "$RESULTS/fetch-polite-$N-cold.json" -- \
  "$BIN" "$URLS" "${POLITE[@]}"
"${RUNNER[@]}" --name "fetcher-p50-$N-cold" --out "$RESULTS/fetch-p50-$N-cold.json" -- "$BIN" "$URLS" "${WIDE[@]}"
"${RUNNER[@]}" --name "curl-$N-warm" --out "$RESULTS/fetch-curl-$N-warm.json" -- "${CURL[@]}" -K "$W/curl-warm"
"${RUNNER[@]}" --name "fetcher-polite-$N-warm" --out "$RESULTS/fetch-polite-$N-warm.json" -- \
  "$BIN" "$URLS" "${POLITE[@]}" --validators-in "$W/validators.tsv"
"${RUNNER[@]}" --name "fetcher-p50-$N-warm" --out "$RESULTS/fetch-p50-$N-warm.json" -- \
  "$BIN" "$URLS" "${WIDE[@]}" --validators-in "$W/validators.tsv"

python3 - "$RESULTS" "$N" <<'PY'
import json, sys
results, n = sys.argv[1], sys.argv[2]
def load(kind, phase):
    return json.load(open(f"{results}/fetch-{kind}-{n}-{phase}.json"))["summary"]
def med(s, key):
    return s.get(key, {}).get("median", 0)
print(f"\n| phase | client | wall s median (min–max) | × curl | CPU s | peak RSS MB | HTTP 200 / 304 | connections |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for phase in ("cold", "warm"):
    curl = load("curl", phase)
    for kind, label in (("curl", "curl --parallel-max 50"), ("polite", "fetcher, concurrency 16, per_host 2"),
                        ("p50", "fetcher, concurrency 50, per_host 50")):
        s = load(kind, phase)
        w = s["wall_s"]
        print(f"| {phase} | {label} | {w['median']:.3f} ({w['min']:.3f}–{w['max']:.3f}) | "
              f"{w['median'] / curl['wall_s']['median']:.2f} | {med(s, 'cpu_s'):.2f} | {med(s, 'max_rss_mb'):.0f} | "
              f"{med(s, 'http.http_200'):.0f} / {med(s, 'http.http_304'):.0f} | {med(s, 'http.conns'):.0f} |")
PY

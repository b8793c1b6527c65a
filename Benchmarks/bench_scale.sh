#!/usr/bin/env bash
# Benchmarks/bench_scale.sh [SMALL] [LARGE] — feedd at scale on one machine: SMALL (default 1000) and LARGE
# (default 5000) feeds of the shared deterministic corpus served by the shared loopback nginx, every reference
# measured beside it in the same run; then one table with the targets (Benchmarks/scale_report.py), exit 1 when one
# is missed.
#
#   floor        curl --parallel --parallel-max 50 of the URLs to files, then xmllint --stream --noout over them
#   curl 304     the same URLs, each sent the validators feedd stored (If-None-Match, If-Modified-Since)
#   cold         `feedd fetch`, empty store (every answer a 200)
#   all 304      `feedd fetch` on the store a cold run left (every answer a 304)
#   store        bytes of the store (WAL checkpointed) per byte of feed XML; `dump` of every item to /dev/null
#   parse        `feedd parse` of the SMALL files, JSON Lines to /dev/null, beside xmllint --stream --noout
#   short        on the LARGE store: `feedd fetch ONE_URL` (a 304), `feedd status`, `dump --limit 10`
#   run          `feedd run` over LARGE feeds from an empty store: VmRSS once every feed was polled and stored,
#                plus SETTLE seconds
# Wall, CPU and peak RSS come from ../shared/bench/runner.py (/usr/bin/time), statuses from nginx's log.
# Uses ../shared/bench (gen_corpus.py, serve.sh, common.sh, runner.py) in place; writes only under $BENCH_DIR.
#   newsboat     one cold run at SMALL (../shared/bench/bench_e2e.sh), when installed and NEWSBOAT is not 0
# env: RUNS (3), RUNS_5000 (runs at LARGE, 1), SHORT_RUNS (7), SETTLE (5 s), CONCURRENCY (16), NEWSBOAT (1),
#      BENCH_DIR, PORT
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SMALL=${1:-1000}
LARGE=${2:-5000}
source "$HERE/setup.sh"
[ -x "$FEEDD" ] || { echo "build feedd first: make release" >&2; exit 1; }
RUNS_LARGE=${RUNS_5000:-1}
SHORT_RUNS=${SHORT_RUNS:-7}
SETTLE=${SETTLE:-5}

ensure_corpus "$LARGE" > /dev/null
set_round 0
trap 'set_round 0' EXIT
OUT=$BENCH_DIR/work/scale/results
mkdir -p "$OUT"
rm -f "$OUT"/*.json
RUNNER=(python3 "$SHARED/bench/runner.py" --nginx-log "$NGINX_LOG" --quiet-cmd)
CURL=(curl -sS --parallel --parallel-max 50)
# Resolved once, so xmllint and feedd parse read the files nginx serves.
FEEDS_DIR=$(cd "$CORPUS/current/feeds" && pwd -P)

# config N FILE DB: a feedd configuration of the first N feeds. One loopback host serves them all, so per_host
# (default 2, politeness toward real sites) is raised to the transfer limit, as in bench_e2e.sh.
config() {
  {
    echo "database: $3"
    echo "defaults:"
    echo "  concurrency: ${CONCURRENCY:-16}"
    echo "  per_host: ${CONCURRENCY:-16}"
    echo "  timeout: 60s"
    echo "feeds:"
    sed 's/^/  - /' "$(urls_for "$1")"
  } > "$2"
}

for N in "$SMALL" "$LARGE"; do
  R=$RUNS
  [ "$N" = "$LARGE" ] && R=$RUNS_LARGE
  URLS=$(urls_for "$N")
  W=$BENCH_DIR/work/scale/$N
  mkdir -p "$W"
  DB=$W/feedd.sqlite
  config "$N" "$W/feedd.yaml" "$DB"
  sed "s|.*/|$FEEDS_DIR/|" "$URLS" > "$W/files"
  echo "== $N feeds, $R run(s) each" >&2

  # The floor: every body to a file, then one streaming parse of them all.
  awk -v d="$W/fetched" '{n = split($0, a, "/"); print "url = \"" $0 "\"\noutput = \"" d "/" a[n] "\""}' \
    "$URLS" > "$W/curl-files"
  "${RUNNER[@]}" --runs "$R" --name "floor-$N" --out "$OUT/floor-$N.json" \
    --prepare "rm -rf $W/fetched && mkdir -p $W/fetched" -- sh -c \
    "${CURL[*]} --fail --compressed -K $W/curl-files && find $W/fetched -name '*.xml' | xargs xmllint --stream --noout"
  rm -rf "$W/fetched"

  # feedd cold, then the store it left (checkpointed) as the starting point of every all-304 run.
  AFTER="python3 $HERE/store_stats.py $DB $CORPUS/manifest.json $N"
  FETCH=("$FEEDD" fetch --config "$W/feedd.yaml" --log-level warning --quiet)
  "${RUNNER[@]}" --runs "$R" --name "cold-$N" --out "$OUT/cold-$N.json" \
    --prepare "rm -f $DB $DB-wal $DB-shm" --after "$AFTER" -- "${FETCH[@]}"
  sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  cp "$DB" "$W/snap.sqlite"

  # Raw conditional curl: the validators feedd stored, one set of options per URL (`next`; --parallel is global).
  sqlite3 -separator $'\t' "$DB" "SELECT url, coalesce(etag, ''), coalesce(last_modified, '') FROM feed" |
    awk -F '\t' '{
      if (NR > 1) print "next"
      print "url = \"" $1 "\"\noutput = \"/dev/null\"\ncompressed\nfail"
      if ($2 != "") { gsub(/"/, "\\\"", $2); print "header = \"If-None-Match: " $2 "\"" }
      if ($3 != "") print "header = \"If-Modified-Since: " $3 "\""
    }' > "$W/curl-304"
  "${RUNNER[@]}" --runs "$R" --name "curl304-$N" --out "$OUT/curl304-$N.json" -- "${CURL[@]}" -K "$W/curl-304"
  RESTORE="rm -f $DB $DB-wal $DB-shm && cp $W/snap.sqlite $DB"
  "${RUNNER[@]}" --runs "$R" --name "warm-$N" --out "$OUT/warm-$N.json" \
    --prepare "$RESTORE" --after "$AFTER" -- "${FETCH[@]}"

  # Store bytes per byte of feed XML, and dump's throughput to /dev/null (--peek: no cursor moves).
  eval "$RESTORE"
  python3 - "$DB" "$W/files" "$OUT/store-$N.json" <<'PY'
import json, os, sqlite3, sys
db, files, out = sys.argv[1:]
con = sqlite3.connect(db)
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
items = con.execute("select count(*) from item").fetchone()[0]
con.close()
xml = sum(os.path.getsize(line.strip()) for line in open(files) if line.strip())
store = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
json.dump({"items": items, "xml_bytes": xml, "store_bytes": store}, open(out, "w"))
PY
  "${RUNNER[@]}" --runs "$R" --name "dump-$N" --out "$OUT/dump-$N.json" -- sh -c \
    "$FEEDD dump --config $W/feedd.yaml --consumer bench --peek --lines > /dev/null"
done

# Parsing alone, the SMALL files, one process each.
FILES=$BENCH_DIR/work/scale/$SMALL/files
"${RUNNER[@]}" --runs "$RUNS" --name parse-xmllint --out "$OUT/parse-xmllint.json" -- sh -c \
  "xargs xmllint --stream --noout < $FILES"
"${RUNNER[@]}" --runs "$RUNS" --name parse-feedd --out "$OUT/parse-feedd.json" -- sh -c \
  "xargs $FEEDD parse < $FILES > /dev/null"
# xargs could split the list into several processes; one process each is what the comparison means.
[ "$(xargs -r sh -c 'echo $#' sh < "$FILES" | wc -l)" = 1 ] || echo "note: xargs split the file list" >&2

# Short commands on the LARGE store as an all-304 run leaves it (their few lines of output go to runner.py).
W=$BENCH_DIR/work/scale/$LARGE
C=$W/feedd.yaml
ONE=$(head -n 1 "$(urls_for "$LARGE")")
"${RUNNER[@]}" --runs "$SHORT_RUNS" --name short-fetch --out "$OUT/short-fetch.json" -- \
  "$FEEDD" fetch --config "$C" --quiet --log-level warning "$ONE"
"${RUNNER[@]}" --runs "$SHORT_RUNS" --name short-status --out "$OUT/short-status.json" -- \
  "$FEEDD" status --config "$C"
"${RUNNER[@]}" --runs "$SHORT_RUNS" --name short-dump --out "$OUT/short-dump.json" -- \
  "$FEEDD" dump --config "$C" --consumer bench --peek --limit 10

# feedd run over LARGE feeds from an empty store: wait until every feed has been polled and its items committed,
# then SETTLE seconds, then read the daemon's resident set; SIGTERM stops it.
DB=$W/run.sqlite
rm -f "$DB" "$DB-wal" "$DB-shm"
config "$LARGE" "$W/run.yaml" "$DB"
"$FEEDD" run --config "$W/run.yaml" --log-level warning 2> "$W/run.log" &
PID=$!
START=$(date +%s.%N)
polled=0
for _ in $(seq 600); do
  kill -0 "$PID" 2> /dev/null || { cat "$W/run.log" >&2; echo "feedd run exited early" >&2; exit 1; }
  polled=$(sqlite3 "file:$DB?mode=ro" "SELECT count(*) FROM feed WHERE last_polled_at IS NOT NULL" 2> /dev/null ||
    echo 0)
  [ "$polled" -ge "$LARGE" ] && break
  sleep 1
done
ROUND=$(echo "$(date +%s.%N) - $START" | bc)
sleep "$SETTLE"
RSS=$(awk '/^VmRSS/ {print $2}' "/proc/$PID/status")
HWM=$(awk '/^VmHWM/ {print $2}' "/proc/$PID/status")
kill -TERM "$PID"
wait "$PID" || true
echo "{\"feeds\": $LARGE, \"polled\": $polled, \"round_s\": $ROUND, \"settle_s\": $SETTLE," \
  "\"vmrss_mb\": $((RSS / 1024)), \"vmhwm_mb\": $((HWM / 1024))}" > "$OUT/run-$LARGE.json"

# newsboat, the issue's end-to-end reference: one cold run at SMALL through the shared script (NEWSBOAT=0 skips it).
if [ "${NEWSBOAT:-1}" = 1 ] && command -v newsboat > /dev/null; then
  RUNS=1 RESULTS=$OUT "$SHARED/bench/bench_e2e.sh" newsboat "$SMALL" cold
fi

python3 "$HERE/scale_report.py" "$OUT" "$SMALL" "$LARGE"

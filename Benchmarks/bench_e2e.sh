#!/usr/bin/env bash
# Benchmarks/bench_e2e.sh [N] — feedd end to end on the first N feeds (default 1000) of the shared deterministic
# corpus served by the shared loopback nginx, beside newsboat measured in the same run.
#
#   cold   empty store, round 0: every feed fetched (200), parsed and stored
#   warm   the store after cold, feeds unchanged: every request conditional, every answer 304
# Checks: articles stored == the manifest's per-feed distinct entry count; `dump` prints each stored item once.
# Uses ../shared/bench (gen_corpus.py, serve.sh, runner.py, bench_e2e.sh) in place; writes only under $BENCH_DIR.
# env: RUNS (3), NEWSBOAT (1: also measure newsboat; 0: skip), NEWSBOAT_RUNS (1), CONCURRENCY (16), BENCH_DIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=${1:-1000}
source "$HERE/setup.sh"
[ -x "$FEEDD" ] || { echo "build feedd first: swift build -c release" >&2; exit 1; }

URLS=$(ensure_corpus "$N")
W=$BENCH_DIR/work/feedd-$N
mkdir -p "$W"
DB=$W/feedd.sqlite
{
  echo "database: $DB"
  echo "defaults:"
  echo "  concurrency: ${CONCURRENCY:-16}"
  # The corpus is served by one loopback host; per_host (default 2, politeness toward real sites) is raised to
  # the transfer limit so the comparison with curl --parallel and newsboat's threads is like for like.
  echo "  per_host: ${CONCURRENCY:-16}"
  echo "  timeout: 60s"
  echo "feeds:"
  sed 's/^/  - /' "$URLS"
} > "$W/feedd.yaml"
trap 'set_round 0' EXIT
RUNNER=(python3 "$SHARED/bench/runner.py" --runs "$RUNS" --nginx-log "$NGINX_LOG" --quiet-cmd)
AFTER="python3 $HERE/store_stats.py $DB $CORPUS/manifest.json $N"
CMD=("$FEEDD" fetch --config "$W/feedd.yaml" --log-level warning)
RESTORE="rm -f $DB $DB-wal $DB-shm && cp $W/snap.sqlite $DB"

"${RUNNER[@]}" --name "feedd-$N-cold" --out "$RESULTS/e2e-feedd-$N-cold.json" \
  --prepare "ln -sfn r0 $CORPUS/current && rm -f $DB $DB-wal $DB-shm" --after "$AFTER" -- "${CMD[@]}"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$DB" "$W/snap.sqlite"
"${RUNNER[@]}" --name "feedd-$N-warm" --out "$RESULTS/e2e-feedd-$N-warm.json" \
  --prepare "ln -sfn r0 $CORPUS/current && $RESTORE" --after "$AFTER" -- "${CMD[@]}"

# dump hands every stored item exactly once
"$FEEDD" dump --config "$W/feedd.yaml" --consumer bench --lines > "$W/dump.jsonl"
python3 - "$W/dump.jsonl" "$DB" > "$RESULTS/e2e-feedd-$N-dump.json" <<'PY'
import json, sqlite3, sys
seqs = [json.loads(line)["seq"] for line in open(sys.argv[1])]
stored = sqlite3.connect(sys.argv[2]).execute("select count(*) from item").fetchone()[0]
print(json.dumps({"dumped": len(seqs), "distinct_seq": len(set(seqs)), "stored": stored,
                  "exactly_once": len(seqs) == len(set(seqs)) == stored}))
PY
cat "$RESULTS/e2e-feedd-$N-dump.json"

if [ "${NEWSBOAT:-1}" = 1 ] && command -v newsboat >/dev/null; then
  RUNS=${NEWSBOAT_RUNS:-1} "$SHARED/bench/bench_e2e.sh" newsboat "$N" cold warm
fi
python3 "$HERE/report.py" "$RESULTS" "$N"

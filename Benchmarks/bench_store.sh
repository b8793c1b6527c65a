#!/usr/bin/env bash
# Benchmarks/bench_store.sh [N] — the store on the first N feeds (default 1000) of the shared deterministic corpus:
#
#   insert   Benchmarks/StoreBench commits every feed's parsed items to a new store, one refresh (one
#            transaction) per feed; beside it, in the same run, the same JSON rows into a bare SQLite table
#   dump     `feedd dump --peek` of the whole store to /dev/null; beside it `sqlite3` printing the same JSON column
#   size     the store's bytes per item (WAL checkpointed) beside newsboat's cache of the same feeds, newsboat run
#            now through ../shared/bench/bench_e2e.sh (NEWSBOAT=0 skips it)
#
# Throughput is reported per wall second and per CPU second: the machine is shared, and CPU time is the figure
# that neighbours do not move. Writes only under $BENCH_DIR; newsboat fetches from the loopback nginx.
# env: RUNS (3 dump runs), NEWSBOAT (1), STORE_DIR ($BENCH_DIR/work/store-N; a tmpfs takes the disk's fsync out)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=${1:-1000}
source "$HERE/setup.sh"
[ -x "$FEEDD" ] || { echo "build feedd first: swift build -c release" >&2; exit 1; }
ensure_corpus "$N" >/dev/null
BENCH_BIN=${STORE_BENCH:-$REPO/.build/release/StoreBench}
[ -x "$BENCH_BIN" ] || { echo "build first: swift build -c release ($BENCH_BIN missing)" >&2; exit 1; }
STORE_DIR=${STORE_DIR:-$BENCH_DIR/work/store-$N}
mkdir -p "$STORE_DIR"
DB=$STORE_DIR/feedd.sqlite

echo "insert: $N feeds from $CORPUS/r0/feeds into $DB" >&2
"$BENCH_BIN" "$CORPUS/r0/feeds" "$N" "$DB" > "$STORE_DIR/insert.json"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
printf 'database: %s\nfeeds: []\n' "$DB" > "$STORE_DIR/feedd.yaml"

if [ "${NEWSBOAT:-1}" = 1 ] && command -v newsboat > /dev/null; then
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/feeds/0000.xml" 2>/dev/null || "$SHARED/bench/serve.sh" start
  RUNS=1 "$SHARED/bench/bench_e2e.sh" newsboat "$N" cold > /dev/null
fi

python3 - "$FEEDD" "$STORE_DIR" "$DB" "$RESULTS/e2e-newsboat-$N-t$THREADS-cold.json" "${RUNS:-3}" "${NEWSBOAT:-1}" \
  > "$RESULTS/store-$N.json" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
feedd, folder, db, newsboat_json, runs, newsboat = sys.argv[1:7]
insert = json.load(open(os.path.join(folder, "insert.json")))
items = insert["items_stored"]

def timed(cmd):
    """Median wall and CPU seconds (children's user + system) of RUNS runs, output to /dev/null."""
    walls, cpus = [], []
    for _ in range(int(runs)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)

dump_wall, dump_cpu = timed([feedd, "dump", "--config", os.path.join(folder, "feedd.yaml"), "--consumer", "bench",
                             "--peek", "--log-level", "warning"])
raw_wall, raw_cpu = timed(["sqlite3", db, "SELECT json FROM item ORDER BY seq"])
db_bytes = sum(os.path.getsize(db + s) for s in ["", "-wal", "-shm"] if os.path.exists(db + s))
out = dict(insert)
out.update({
    "dump_s": dump_wall, "dump_cpu_s": dump_cpu, "dump_items_per_s": items / dump_wall,
    "dump_items_per_cpu_s": items / dump_cpu, "sqlite3_dump_s": raw_wall, "sqlite3_dump_cpu_s": raw_cpu,
    "dump_vs_sqlite3": raw_wall / dump_wall,
    "db_bytes": db_bytes, "bytes_per_item": db_bytes / items,
})
if newsboat == "1" and os.path.exists(newsboat_json):
    after = json.load(open(newsboat_json))["runs"][0]["after"]
    out.update({"newsboat_articles": after["articles"], "newsboat_db_bytes": after["db_bytes"],
                "newsboat_bytes_per_item": after["db_bytes"] / after["articles"],
                "size_vs_newsboat": (db_bytes / items) / (after["db_bytes"] / after["articles"])})
print(json.dumps(out, sort_keys=True))
PY
python3 - "$RESULTS/store-$N.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("| measure | feedd | reference (same run) | ratio |")
print("|---|---|---|---|")
print("| insert, items/s (wall) | %.0f | bare SQLite inserts of the same JSON: %.0f | %.2f |"
      % (r["insert_items_per_s"], r["raw_items_per_s"], r["insert_vs_raw"]))
print("| insert, items/CPU-s | %.0f | %.0f | %.2f |"
      % (r["insert_items_per_cpu_s"], r["raw_items_per_cpu_s"], r["insert_vs_raw_cpu"]))
print("| re-commit of known items, items/s (wall) | %.0f | | |" % r["recommit_items_per_s"])
print("| dump to /dev/null, items/s (wall) | %.0f | sqlite3 printing the JSON column: %.0f items/s | %.2f |"
      % (r["dump_items_per_s"], r["items_stored"] / r["sqlite3_dump_s"], r["dump_vs_sqlite3"]))
print("| dump, items/CPU-s | %.0f | | |" % r["dump_items_per_cpu_s"])
if "newsboat_bytes_per_item" in r:
    print("| store bytes per item | %.0f (%d items, %.1f MB) | newsboat cache: %.0f (%d items, %.1f MB) | %.2f |"
          % (r["bytes_per_item"], r["items_stored"], r["db_bytes"] / 1e6, r["newsboat_bytes_per_item"],
             r["newsboat_articles"], r["newsboat_db_bytes"] / 1e6, r["size_vs_newsboat"]))
else:
    print("| store bytes per item | %.0f (%d items) | (newsboat skipped) | |" % (r["bytes_per_item"], r["items_stored"]))
PY

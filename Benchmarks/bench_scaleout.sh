#!/usr/bin/env bash
# Benchmarks/bench_scaleout.sh [N] — several `feedd run` on one PostgreSQL database (default N 5000 feeds of the
# shared deterministic corpus, served by a loopback nginx), beside one `feedd run` on SQLite; then one table
# (Benchmarks/scaleout_report.py), exit 1 when a feed was requested other than once or items were lost or
# duplicated. Run it through Scripts/with-postgres.sh (`make bench-scaleout`), which starts the throwaway cluster
# and names it in FEEDD_TEST_POSTGRES (fsync and synchronous_commit off: a cluster for tests).
#
#   sqlite        one `feedd run` on a SQLite file: cold (empty store), then all-304 (every feed made due again)
#   pg-wK         K workers (1, 2, 3) on one database: cold, then all-304
#   pg-wK-kill    K workers (2, 3), cold, and `kill -9` of one of them once a third of the feeds were polled: the
#                 feeds it held are taken over by the others when their leases run out (lease 30 s)
# Each phase: wall time from the workers' start until every feed was polled once (its row's last_polled_at),
# the workers' CPU (user + sys, /usr/bin/time) and the server's (its backends' CPU, reaped by the postmaster),
# the requests of each feed in nginx's log (by the phase's own User-Agent), items stored and a dump of them all
# (each seq and each feed's id once). Its own corpus, nginx and port (BENCH_DIR, PORT below) keep other
# benchmarks' requests out of its log.
# env: BENCH_DIR (/tmp/bench-scaleout), PORT (8775), CONCURRENCY (16), WORKERS ("1 2 3"), KILLS ("2 3")
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=${1:-5000}
export BENCH_DIR=${BENCH_DIR:-/tmp/bench-scaleout} PORT=${PORT:-8775}
source "$HERE/setup.sh"
[ -x "$FEEDD" ] || { echo "build feedd first: make release" >&2; exit 1; }
[ -n "${FEEDD_TEST_POSTGRES:-}" ] || { echo "no PostgreSQL: run through Scripts/with-postgres.sh" >&2; exit 1; }
command -v psql > /dev/null || { echo "psql is missing (apt-get install postgresql-client)" >&2; exit 1; }
ensure_corpus "$N" > /dev/null
URLS=$(urls_for "$N")
W=$BENCH_DIR/work/scaleout/$N
OUT=$W/results
rm -rf "$W" && mkdir -p "$OUT"
ADMIN=$FEEDD_TEST_POSTGRES
DATA=$(psql -X -Atd "$ADMIN" -c "SHOW data_directory")

# pg_url NAME: the URL of database NAME on the test server, created empty.
pg_url() {
  psql -X -qd "$ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" > /dev/null
  echo "$ADMIN" | sed "s|/postgres?|/$1?|"
}

# query DB SQL: one value from a SQLite file or a postgresql:// database.
query() {
  case $1 in
    postgresql://*) psql -X -Atd "$1" -c "$2" 2> /dev/null || echo 0 ;;
    *) sqlite3 "file:$1?mode=ro" "$2" 2> /dev/null || echo 0 ;;
  esac
}

# The CPU seconds the postmaster has reaped from its exited children (the backends of feedd's connections).
server_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($16 + $17) / hz}' "/proc/$(head -n 1 "$DATA/postmaster.pid")/stat"
}

# config NAME DB: a configuration of the N feeds on DB, with the phase's own User-Agent; per_host raised to the
# transfer limit (one loopback host serves them all, as in bench_scale.sh), the feeds due after a restart spread
# over a second only (startup_spread) and none polled again within the phase (interval 12h).
config() {
  {
    echo "database: $2"
    echo "defaults:"
    echo "  concurrency: ${CONCURRENCY:-16}"
    echo "  per_host: ${CONCURRENCY:-16}"
    echo "  timeout: 60s"
    echo "  interval: 12h"
    echo "  startup_spread: 1s"
    echo "  user_agent: feedd-scaleout/$1"
    echo "feeds:"
    sed 's/^/  - /' "$URLS"
  } > "$W/$1.yaml"
}

# phase NAME DB WORKERS MODE KILL: MODE cold (an empty store) or warm (every feed made due again); KILL 1 kills
# the first worker with SIGKILL once a third of the feeds were polled. Writes $OUT/NAME.json.
phase() {
  local name=$1 db=$2 workers=$3 mode=$4 kill=$5
  config "$name" "$db"
  echo "== $name: $workers worker(s), $mode" >&2
  local polled="SELECT count(*) FROM feed WHERE last_polled_at IS NOT NULL"
  if [ "$mode" = warm ]; then
    case $db in
      postgresql://*) psql -X -qd "$db" -c "UPDATE feed SET next_due_at = NULL" ;;
      *) sqlite3 "$db" "UPDATE feed SET next_due_at = NULL" ;;
    esac
    polled="SELECT count(*) FROM feed WHERE last_polled_at >= $(date +%s)"
  fi
  local log_start cpu_start killed=""
  pids=()
  log_start=$(stat -c %s "$NGINX_LOG")
  cpu_start=$(server_cpu)
  local start
  start=$(date +%s.%N)
  for i in $(seq "$workers"); do
    /usr/bin/time -f "%U %S" -o "$W/$name.$i.time" "$FEEDD" run --config "$W/$name.yaml" --log-level warning \
      2> "$W/$name.$i.log" &
    pids+=($!)
  done
  local count=0 done_at=""
  for _ in $(seq 12000); do
    for i in "${!pids[@]}"; do
      [ -n "$killed" ] && [ "$i" = 0 ] && continue
      kill -0 "${pids[$i]}" 2> /dev/null || { echo "$name: worker $((i + 1)) exited" >&2; tail "$W/$name".*.log >&2; exit 1; }
    done
    count=$(query "$db" "$polled")
    if [ "$kill" = 1 ] && [ -z "$killed" ] && [ "$count" -ge $((N / 3)) ]; then
      killed=$(pgrep -P "${pids[0]}" feedd)
      kill -9 "$killed"
      # The feeds it held: leased to it and not committed (a commit releases its lease).
      query "$db" "SELECT url FROM feed WHERE lease_owner LIKE '% pid $killed %'" > "$OUT/$name.held"
      echo "   killed worker pid $killed holding $(wc -l < "$OUT/$name.held") feeds at $count polled" >&2
    fi
    if [ "$count" -ge "$N" ]; then
      done_at=$(date +%s.%N)
      break
    fi
    sleep 0.1
  done
  [ -n "$done_at" ] || { echo "$name: only $count of $N feeds polled" >&2; tail "$W/$name".*.log >&2; exit 1; }
  for pid in "${pids[@]}"; do
    local child
    child=$(pgrep -P "$pid" feedd || true)
    [ -n "$child" ] && kill -TERM "$child"
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  tail -c +$((log_start + 1)) "$NGINX_LOG" | grep -F "ua=\"feedd-scaleout/$name\"" > "$OUT/$name.requests" || true
  local cpu=0
  for i in $(seq "$workers"); do cpu=$(echo "$cpu + $(tail -n 1 "$W/$name.$i.time" | awk '{print $1 + $2}')" | bc); done
  "$FEEDD" dump --config "$W/$name.yaml" --consumer scaleout-check --peek --lines > "$OUT/$name.dump"
  cat > "$OUT/$name.json" << EOF
{"name": "$name", "workers": $workers, "mode": "$mode", "killed": "${killed}",
 "wall_s": $(printf %.3f "$(echo "$done_at - $start" | bc)"), "cpu_s": $(printf %.2f "$cpu"),
 "server_cpu_s": $(printf %.2f "$(echo "$(server_cpu) - $cpu_start" | bc)"),
 "items": $(query "$db" "SELECT count(*) FROM item"), "feeds": $N}
EOF
}

# A phase that fails stops its workers too (each `time` wrapper's feedd child).
pids=()
trap 'for pid in "${pids[@]}"; do pkill -TERM -P "$pid" feedd 2> /dev/null || true; done' EXIT

phase sqlite-cold "$W/feedd.sqlite" 1 cold 0
phase sqlite-304 "$W/feedd.sqlite" 1 warm 0
for K in ${WORKERS:-1 2 3}; do
  DB=$(pg_url "scaleout_w$K")
  phase "pg-w$K-cold" "$DB" "$K" cold 0
  phase "pg-w$K-304" "$DB" "$K" warm 0
done
for K in ${KILLS:-2 3}; do
  phase "pg-w$K-kill" "$(pg_url "scaleout_w${K}_kill")" "$K" cold 1
done
python3 "$HERE/scaleout_report.py" "$OUT"

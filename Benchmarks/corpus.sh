#!/usr/bin/env bash
# Benchmarks/corpus.sh — sourced by the bench scripts after ../shared/bench/common.sh (measures nothing):
# ensure_corpus N makes sure the shared corpus has at least N feeds (generating it with the shared gen_corpus.py
# if not), that the shared loopback nginx serves it (starting it with the shared serve.sh if not), and prints the
# path of a file listing the first N feed URLs.
ensure_corpus() {
  local n=$1
  if [ ! -f "$CORPUS/manifest.json" ] ||
    [ "$(python3 -c "import json;print(json.load(open('$CORPUS/manifest.json'))['feeds'])")" -lt "$n" ]; then
    python3 "$SHARED/bench/gen_corpus.py" --feeds "$n" --rounds 1 --out "$CORPUS" >&2
  fi
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/feeds/0000.xml" 2>/dev/null || "$SHARED/bench/serve.sh" start >&2
  need_server
  urls_for "$n"
}

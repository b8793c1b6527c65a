#!/usr/bin/env bash
# Benchmarks/setup.sh — sourced by every bench script after `set -euo pipefail` and HERE=<this folder> (measures
# nothing): the repository and shared paths, the shared bench settings (../shared/bench/common.sh), the release
# feedd's path (FEEDD), and ensure_corpus.
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared}
source "$SHARED/bench/common.sh"
FEEDD=${FEEDD:-$REPO/.build/release/feedd}

# ensure_corpus N: the shared corpus has at least N feeds (generated with the shared gen_corpus.py if not), the
# shared loopback nginx serves it (started with the shared serve.sh if not); prints the path of a file listing the
# first N feed URLs.
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

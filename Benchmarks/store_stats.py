#!/usr/bin/env python3
"""store_stats.py DB MANIFEST N — what a feedd store holds, beside what the corpus manifest expects.

One JSON line: articles stored, feeds, feeds holding a validator, bytes on disk, the manifest's expected per-feed
distinct entry count for the first N feeds (round 0), and whether they match.
"""
import glob
import json
import os
import sqlite3
import sys

db, manifest_path, n = sys.argv[1], sys.argv[2], sys.argv[3]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
q = lambda s: con.execute(s).fetchone()[0]
out = {
    "articles": q("select count(*) from item"),
    "feeds": q("select count(*) from feed"),
    "feeds_with_validators": q("select count(*) from feed where etag is not null or last_modified is not null"),
}
con.close()
manifest = json.load(open(manifest_path))
expected = manifest["rounds"][0]["distinct_entries_so_far_prefix"].get(str(n))
out["expected_articles"] = expected
out["articles_match"] = 1 if expected == out["articles"] else 0
out["db_bytes"] = sum(os.path.getsize(p) for p in glob.glob(db + "*") if os.path.isfile(p))
out["db_mb"] = round(out["db_bytes"] / 1e6, 1)
print(json.dumps(out))

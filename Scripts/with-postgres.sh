#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb into a temporary folder, the server on a free port of
# 127.0.0.1 (and a socket in that folder), FEEDD_TEST_POSTGRES exported as its URL, the cluster stopped and removed
# when the command ends, whether it passed or not; exits with the command's status. As root, the server runs as
# the `postgres` user (PostgreSQL refuses to run as root). When FEEDD_TEST_POSTGRES is already set, or PostgreSQL is
# not installed, the command runs as it is (the PostgreSQL tests then skip, or fail under CI=true).
#
# The cluster is for tests only: fsync and synchronous_commit are off (a crash loses it anyway), trust
# authentication on loopback.
set -uo pipefail

if [ -n "${FEEDD_TEST_POSTGRES:-}" ]; then exec "$@"; fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "with-postgres: PostgreSQL is not installed; its tests skip (and fail under CI=true)" >&2
	exec "$@"
fi

dir=$(mktemp -d /tmp/feedd-postgres.XXXXXX)
as_server=()
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$dir"
	as_server=(runuser -u postgres --)
fi
stop() {
	"${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}
trap stop EXIT

"${as_server[@]}" "$bin/initdb" -D "$dir/data" -U feedd --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
# A free port: ask the kernel for one, then let the server take it (another process could take it in between, so
# a few tries).
started=
for _ in 1 2 3 4 5; do
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	if "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		>/dev/null 2>&1; then
		started=1
		break
	fi
done
if [ -z "$started" ]; then
	echo "with-postgres: the server did not start:" >&2
	cat "$dir/server.log" >&2
	exit 1
fi
export FEEDD_TEST_POSTGRES="postgresql://feedd@127.0.0.1:$port/postgres?sslmode=disable"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"

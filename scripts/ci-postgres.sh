#!/usr/bin/env bash
# Install (Debian's postgresql package) and start a throw-away PostgreSQL server for the staff
# area's persistence tests, then print its URL on stdout (everything else goes to stderr):
#
#   export TEST_POSTGRES_URL="$(bash scripts/ci-postgres.sh)"
#
# Runs as root (it starts the server as the postgres user) on a free loopback port, with its
# data in $PG_TEST_DIR (default /tmp/screener-test-pg). Re-running reuses a running server.
set -euo pipefail
dir="${PG_TEST_DIR:-/tmp/screener-test-pg}"
db="${PG_TEST_DB:-screener_test}"

log() { echo "ci-postgres: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin="$(bindir)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -f "$dir/port" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  port="$(cat "$dir/port")"
  log "reusing the server on port $port"
else
  rm -rf "$dir"
  mkdir -p "$dir"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  echo "$port" > "$dir/port"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
  log "started PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$port"
fi
if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc \
    "select 1 from pg_database where datname = '$db'" | grep -q 1; then
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$port/$db"

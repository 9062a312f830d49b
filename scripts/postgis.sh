#!/usr/bin/env bash
# A throw-away PostgreSQL 15 / PostGIS 3 server for the tests and the bench,
# listening only on 127.0.0.1 on a free port, in a folder of its own.
#
#   eval "$(bash scripts/postgis.sh start)"   # prints the exports below
#   bash scripts/postgis.sh stop "$ZONEFIT_PG_DIR"
#
# Exports ZONEFIT_PG_DIR, ZONEFIT_PG_PORT, ZONEFIT_PG_USER, ZONEFIT_PG_PASSWORD
# and ZONEFIT_PG_DB (a database with the postgis extension). The role has a
# password and the server asks for it (scram-sha-256) on TCP, so the tests can
# check that a wrong one is refused and that the right one never shows.
# The server refuses to run as root: as root, it runs as the postgres user
# (runuser), which Debian's package creates.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  [ -x "$bin/initdb" ] && [ -f /usr/share/postgresql/15/extension/postgis.control ] || {
    echo "postgis.sh: PostgreSQL 15 with PostGIS 3 is missing (apt-get install postgresql-15-postgis-3)" >&2
    exit 1
  }
  dir=$(mktemp -d /tmp/zonefit-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  as_server "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  psql_super() { as_server psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres "$@"; }
  psql_super -d postgres -c "CREATE ROLE zonefit LOGIN SUPERUSER PASSWORD '$password'" >/dev/null
  psql_super -d postgres -c "CREATE DATABASE register OWNER zonefit" >/dev/null
  psql_super -d register -c "CREATE EXTENSION postgis" >/dev/null
  cat <<EXPORTS
export ZONEFIT_PG_DIR=$dir
export ZONEFIT_PG_PORT=$port
export ZONEFIT_PG_USER=zonefit
export ZONEFIT_PG_PASSWORD=$password
export ZONEFIT_PG_DB=register
EXPORTS
  ;;
stop)
  dir=${2:?usage: postgis.sh stop DIR}
  case "$dir" in /tmp/zonefit-pg.*) ;; *) echo "postgis.sh: not a zonefit server folder: $dir" >&2; exit 1 ;; esac
  [ -d "$dir/data" ] && as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgis.sh start | stop DIR" >&2
  exit 64
  ;;
esac

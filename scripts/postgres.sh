#!/usr/bin/env bash
# A throwaway PostgreSQL cluster from Debian's binaries, for tests.
#   eval "$(bash scripts/postgres.sh start)"   starts one in a new temp dir on 127.0.0.1:<free port>
#                                             and prints the exports below
#   bash scripts/postgres.sh stop [DIR]        stops it and deletes DIR (default $ORRERY_PG_DIR)
# Exports: ORRERY_TEST_DATABASE_URL=postgresql://orrery:orrery@127.0.0.1:PORT/orrery (superuser
# 'orrery', so a fixture may create more databases) and ORRERY_PG_DIR (what `stop` needs).
# Run as root, the cluster runs as the 'postgres' system user. Durability is off: it is for tests.
set -euo pipefail

bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$dir" ]]; then
    echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql; run scripts/system-deps.sh" >&2
    exit 1
  fi
  echo "$dir"
}

# as_owner CMD...: runs CMD as the cluster's owner (postgres when we are root, else ourselves).
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bin dir port
  bin="$(bindir)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/orrery-pg.XXXXXX")"
  chmod 755 "$dir"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U orrery --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  port="$(free_port)"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U orrery orrery
  echo "export ORRERY_PG_DIR=$dir"
  echo "export ORRERY_TEST_DATABASE_URL=postgresql://orrery:orrery@127.0.0.1:$port/orrery"
}

stop() {
  local dir="${1:-${ORRERY_PG_DIR:-}}"
  if [[ -z "$dir" || ! -d "$dir/data" ]]; then
    echo "postgres.sh stop: no cluster dir given (argument or ORRERY_PG_DIR)" >&2
    exit 1
  fi
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [DIR]" >&2
    exit 2
    ;;
esac

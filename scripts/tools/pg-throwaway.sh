#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: a fresh initdb in a temp folder,
# listening on 127.0.0.1 only, on a free port, trust auth, no fsync (nothing here is kept).
#
#   eval "$(bash scripts/tools/pg-throwaway.sh start)"   # exports XUNJIAN_TEST_DATABASE_URL, PG_THROWAWAY_DIR
#   bash scripts/tools/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"
#
# Needs Debian's postgresql package (apt-get install -y postgresql). As root, the cluster
# runs as the `postgres` user, since PostgreSQL refuses to run as root.
set -euo pipefail

bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "pg-throwaway: no initdb found; install PostgreSQL: apt-get install -y postgresql" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(bindir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/xunjian-pg-XXXXXX")
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
      node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_owner "$bin/initdb" -D "$dir/data" -U xunjian --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export PG_THROWAWAY_DIR='$dir'"
    echo "export XUNJIAN_TEST_DATABASE_URL='postgres://xunjian@127.0.0.1:$port/postgres'"
    ;;
  stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-throwaway.sh start | stop DIR" >&2
    exit 2
    ;;
esac

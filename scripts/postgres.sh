#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages and runs a server of the project's own, in
# data/postgres (git ignores data/), on loopback port ${TONGBAN_PG_PORT:-15432}, with a
# database `tongban` and a role `tongban` (password `tongban-NOT-A-SECRET`, loopback only).
# Idempotent: a second run finds the server up and changes nothing. Prints the store URL.
#
#   scripts/postgres.sh          # install, initialise, start; prints postgres://…
#   scripts/postgres.sh stop     # stops the project's server (the data stays)
#
# The server runs as the `postgres` system user (initdb refuses root), with
# synchronous_commit on and fsync on: every 202 the gateway gives is on disk.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${TONGBAN_PG_PORT:-15432}
DATA="$PWD/data/postgres"
SOCKETS="$DATA/sockets"
LOG="$PWD/data/postgres.log"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")

# Runs a command as the postgres system user (or as the caller when not root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  [ -f "$DATA/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  exit 0
fi

mkdir -p "$PWD/data"
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
  chmod 700 "$DATA"
  as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$DATA/postgresql.conf" <<EOF
# Tongban's test and cluster server (scripts/postgres.sh)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKETS'
synchronous_commit = on
fsync = on
max_connections = 200
shared_buffers = 256MB
EOF
  # Loopback only: trust for the local socket, a password over TCP.
  cat > "$DATA/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
fi
mkdir -p "$SOCKETS"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$SOCKETS"
touch "$LOG"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$LOG"

if ! as_postgres "$BIN/pg_isready" -q -h "$SOCKETS" -p "$PORT"; then
  # A server killed hard leaves its pid file; pg_ctl start checks whether that pid still lives.
  as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null
fi

psql_admin() { as_postgres "$BIN/psql" -h "$SOCKETS" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'tongban'")" != "1" ]; then
  psql_admin -c "CREATE ROLE tongban LOGIN CREATEDB PASSWORD 'tongban-NOT-A-SECRET'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'tongban'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE tongban OWNER tongban"
fi
echo "postgres://tongban:tongban-NOT-A-SECRET@127.0.0.1:$PORT/tongban"

#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server (Debian's packages) for CI, run as the `postgres` user on a data
# folder of its own, listening on 127.0.0.1 only, with a fresh database `copydesk_ci`.
#
#   bash .ci/postgres15.sh start   installs postgresql-15 if missing, starts the server; progress goes
#                                  to stderr, the DATABASE_URL is the last line on stdout (and is
#                                  written, with the data folder, to the state file)
#   bash .ci/postgres15.sh stop    stops the server (pg_ctl stop -m fast) and removes its folder
#   bash .ci/postgres15.sh url     prints the DATABASE_URL of the running server
#   (`start --no-url` prints nothing on stdout: read the URL with `url` instead, e.g. to mask it)
#
# Both are safe to run twice: `start` first stops any server that an earlier `start` left behind (so
# the database is always fresh), and `stop` with nothing running does nothing.
#
# Environment (all optional):
#   PG15_PORT        first port to try (default 54315; the next free one up to +20 is taken)
#   PG15_STATE_FILE  where start records the server (default /tmp/copydesk-ci-pg15.env)
# Must run as root (CI does): it installs packages and switches to the `postgres` user.
set -euo pipefail

PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
FIRST_PORT=${PG15_PORT:-54315}
STATE_FILE=${PG15_STATE_FILE:-/tmp/copydesk-ci-pg15.env}
DB_NAME=copydesk_ci
DB_USER=copydesk

log() { printf '[postgres15] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Run a command as the `postgres` user, from a folder it can read.
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

install_postgres() {
  if [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/initdb" ]; then
    return 0
  fi
  log "$PG_BIN/pg_ctl is missing: installing postgresql-$PG_MAJOR with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # Ask the packages not to create (and start) the stock cluster 15/main: postgresql-common reads
  # create_main_cluster from this file when postgresql-15 is configured. If the file already exists we
  # leave it alone and cope below with whatever cluster the package makes.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    printf '# written by copydesk .ci/postgres15.sh: no stock cluster\ncreate_main_cluster = false\n' \
      >/etc/postgresql-common/createcluster.conf
  fi
  # And not to start any service while installing (the usual container convention).
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  # A few tries, in case of a passing network hiccup; wait for a dpkg lock held by someone else.
  local rc=1 try
  for try in 1 2 3; do
    rc=0
    {
      apt-get -o DPkg::Lock::Timeout=120 update -q &&
        UCF_FORCE_CONFFOLD=1 apt-get install -y -q --no-install-recommends \
          -o DPkg::Lock::Timeout=120 \
          -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
          "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR"
    } </dev/null >&2 || rc=$?
    [ "$rc" = 0 ] && break
    log "apt-get failed (exit $rc), try $try of 3"
    sleep $((try * 5))
  done
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$rc" = 0 ] || die "apt-get failed (exit $rc)"
  [ -x "$PG_BIN/pg_ctl" ] || die "postgresql-$PG_MAJOR installed but $PG_BIN/pg_ctl is still missing"
  # Coping: if the package made and started a stock cluster anyway, it is not ours to use; stop it so
  # it holds no port or memory during the run (it is left on disk).
  if command -v pg_lsclusters >/dev/null 2>&1; then
    local ver cluster _port status _rest
    while read -r ver cluster _port status _rest; do
      if [ "$ver" = "$PG_MAJOR" ] && [ "$status" = online ]; then
        log "stopping the stock cluster $ver/$cluster that the package started"
        pg_ctlcluster "$ver" "$cluster" stop >&2 || true
      fi
    done < <(pg_lsclusters -h 2>/dev/null || true)
  fi
}

ensure_postgres_user() {
  if ! getent passwd postgres >/dev/null; then
    log "creating the postgres system user"
    getent group postgres >/dev/null || groupadd --system postgres
    useradd --system --gid postgres --home-dir /var/lib/postgresql --no-create-home --shell /bin/bash postgres
  fi
}

port_in_use() {
  # A successful connect means something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

random_password() {
  od -An -tx1 -N18 /dev/urandom | tr -d ' \n'
}

do_stop() {
  if [ ! -f "$STATE_FILE" ]; then
    log "nothing to stop (no $STATE_FILE)"
    return 0
  fi
  local PG15_DIR='' PG15_PORT_USED='' DATABASE_URL=''
  # shellcheck disable=SC1090
  . "$STATE_FILE"
  if [ -n "$PG15_DIR" ] && [ -d "$PG15_DIR/data" ]; then
    if as_postgres "$PG_BIN/pg_ctl" status -D "$PG15_DIR/data" >/dev/null 2>&1; then
      log "stopping the server in $PG15_DIR (port $PG15_PORT_USED)"
      as_postgres "$PG_BIN/pg_ctl" stop -D "$PG15_DIR/data" -m fast -w -t 60 >&2 ||
        as_postgres "$PG_BIN/pg_ctl" stop -D "$PG15_DIR/data" -m immediate -w -t 30 >&2 ||
        log "WARNING: could not stop the server in $PG15_DIR"
    fi
  fi
  # Only remove a folder that this script made (mktemp's name pattern), never an arbitrary path.
  case "$PG15_DIR" in
    */copydesk-ci-pg15.*) rm -rf -- "$PG15_DIR" ;;
  esac
  rm -f -- "$STATE_FILE"
  log "stopped"
}

do_start() {
  local print_url=1
  [ "${1:-}" = --no-url ] && print_url=0
  [ "$(id -u)" = 0 ] || die "run as root (it installs packages and runs the server as the postgres user)"
  # Robust when run twice: clear whatever an earlier start left behind, then start afresh.
  do_stop
  install_postgres
  ensure_postgres_user

  local dir password port log_file pwfile
  dir=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-ci-pg15.XXXXXX")
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  # Record the folder at once, so that `stop` (from the caller's trap) cleans up even if start fails.
  printf 'PG15_DIR=%q\n' "$dir" >"$STATE_FILE"

  password=$(random_password)
  pwfile="$dir/pwfile"
  printf '%s\n' "$password" >"$pwfile"
  chown postgres:postgres "$pwfile"
  chmod 600 "$pwfile"

  log "initdb in $dir/data (superuser $DB_USER, scram-sha-256)"
  as_postgres "$PG_BIN/initdb" -D "$dir/data" -U "$DB_USER" --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f -- "$pwfile"

  # A throwaway server for tests: nothing needs to survive a crash, so skip the fsyncs.
  cat >>"$dir/data/postgresql.conf" <<EOF

# --- copydesk CI (.ci/postgres15.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
full_page_writes = off
EOF

  log_file="$dir/server.log"
  local started=0
  for port in $(seq "$FIRST_PORT" $((FIRST_PORT + 20))); do
    if port_in_use "$port"; then
      log "port $port is in use, trying the next"
      continue
    fi
    log "starting PostgreSQL $PG_MAJOR on 127.0.0.1:$port"
    if as_postgres "$PG_BIN/pg_ctl" start -D "$dir/data" -l "$log_file" -o "-p $port" -w -t 60 >&2; then
      started=1
      break
    fi
    # Lost a race for the port, or failed for another reason: show why, stop, try the next port.
    tail -n 20 "$log_file" >&2 2>/dev/null || true
    as_postgres "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate >/dev/null 2>&1 || true
  done
  printf 'PG15_DIR=%q\nPG15_PORT_USED=%q\n' "$dir" "$port" >"$STATE_FILE"
  [ "$started" = 1 ] || die "PostgreSQL $PG_MAJOR did not start (log: $log_file)"

  # Wait until it accepts connections (pg_ctl -w already did; this is a cheap second check).
  local i
  for i in $(seq 1 30); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then break; fi
    sleep 1
  done
  "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" >&2 || die "server on port $port is not ready"

  log "creating database $DB_NAME"
  PGPASSWORD=$password "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres \
    -c "CREATE DATABASE $DB_NAME" </dev/null >&2 || die "could not create database $DB_NAME"

  local url="postgres://$DB_USER:$password@127.0.0.1:$port/$DB_NAME"
  printf 'PG15_DIR=%q\nPG15_PORT_USED=%q\nDATABASE_URL=%q\n' "$dir" "$port" "$url" >"$STATE_FILE"
  chmod 600 "$STATE_FILE"
  log "ready: $("$PG_BIN/postgres" --version) on port $port, state in $STATE_FILE"
  [ "$print_url" = 1 ] && printf '%s\n' "$url"
  return 0
}

do_url() {
  [ -f "$STATE_FILE" ] || die "not started (no $STATE_FILE)"
  local DATABASE_URL=''
  # shellcheck disable=SC1090
  . "$STATE_FILE"
  [ -n "$DATABASE_URL" ] || die "the last start did not finish"
  printf '%s\n' "$DATABASE_URL"
}

case "${1:-}" in
  start) do_start "${2:-}" ;;
  stop) do_stop ;;
  url) do_url ;;
  *)
    echo "usage: $0 start [--no-url] | stop | url" >&2
    exit 2
    ;;
esac

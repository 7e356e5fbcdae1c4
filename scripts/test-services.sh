#!/usr/bin/env bash
# Throw-away PostgreSQL and MariaDB servers for Upshift's integration tests.
#
#   scripts/test-services.sh start    install (if missing), initialise and start both servers
#   scripts/test-services.sh env      print the export lines the tests read
#   scripts/test-services.sh status   say whether the servers are up (exit 0 only if both are)
#   scripts/test-services.sh stop     stop both servers and delete their data directory
#
# The servers listen on 127.0.0.1 only (PostgreSQL 55432, MariaDB 53306), keep all their data in
# one temporary directory (UPSHIFT_TEST_DIR, default: a fresh mktemp -d), and are recorded in
# .work/test-services.state so that a later `start` reuses them and `stop` finds them.
# Both accept the superuser `upshift` / `upshift-test-secret`; tests create their own databases.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$REPO_ROOT/.work"
STATE_FILE="$STATE_DIR/test-services.state"
LOCK_FILE="$STATE_DIR/test-services.lock"
MARKER=".upshift-test-services"

TEST_USER="upshift"
TEST_PASSWORD="upshift-test-secret"
PG_PORT=55432
MY_PORT=53306
HOST=127.0.0.1
WAIT_SECONDS="${UPSHIFT_TEST_WAIT_SECONDS:-60}"

log() { printf 'test-services: %s\n' "$*" >&2; }
die() { printf 'test-services: error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Print a log file (if any) to stderr, for diagnosis of a failed start.
show_log() {
    local file="$1"
    if [[ -s "$file" ]]; then
        printf -- '----- %s (last 60 lines) -----\n' "$file" >&2
        tail -n 60 "$file" >&2 || true
        printf -- '----- end of %s -----\n' "$file" >&2
    fi
}

# Is something accepting TCP connections on HOST:port?
port_open() {
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
    is_root || die "missing packages ($*) and not running as root; install them: apt-get install -y $*"
    command -v apt-get >/dev/null || die "missing packages ($*) and apt-get is not available; install them by hand"
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
        APT_UPDATED=1
    fi
    log "apt-get install -y $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 \
        || die "apt-get install $* failed"
}

find_pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        printf '%s\n' "$dir"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

find_mariadbd() {
    local candidate
    for candidate in mariadbd /usr/sbin/mariadbd mysqld /usr/sbin/mysqld; do
        if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
    done
}

find_install_db() {
    local candidate
    for candidate in mariadb-install-db mysql_install_db; do
        if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
    done
}

find_mariadb_client() {
    local candidate
    for candidate in mariadb mysql; do
        if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
    done
}

ensure_installed() {
    local missing=()
    [[ -n "$(find_pg_bin)" ]] || missing+=(postgresql postgresql-client)
    if [[ -z "$(find_mariadbd)" || -z "$(find_install_db)" || -z "$(find_mariadb_client)" ]]; then
        missing+=(mariadb-server mariadb-client)
    fi
    command -v zstd >/dev/null 2>&1 || missing+=(zstd)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    if [[ ${#missing[@]} -gt 0 ]]; then
        apt_install "${missing[@]}"
    fi
    [[ -n "$(find_pg_bin)" ]] || die "PostgreSQL server binaries (initdb) not found after installation"
    [[ -n "$(find_mariadbd)" ]] || die "mariadbd not found after installation"
    [[ -n "$(find_install_db)" ]] || die "mariadb-install-db not found after installation"
    [[ -n "$(find_mariadb_client)" ]] || die "mariadb client not found after installation"
}

# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------
TEST_DIR=""
load_state() {
    TEST_DIR=""
    if [[ -f "$STATE_FILE" ]]; then
        # shellcheck disable=SC1090
        TEST_DIR="$(sed -n 's/^TEST_DIR=//p' "$STATE_FILE" | head -n 1)"
    fi
}

save_state() {
    mkdir -p "$STATE_DIR"
    {
        echo "# written by scripts/test-services.sh start; removed by stop"
        echo "TEST_DIR=$TEST_DIR"
        echo "PG_PORT=$PG_PORT"
        echo "MY_PORT=$MY_PORT"
    } >"$STATE_FILE"
}

# Choose (and create) the data directory for a fresh start.
prepare_test_dir() {
    if [[ -n "${UPSHIFT_TEST_DIR:-}" ]]; then
        TEST_DIR="$UPSHIFT_TEST_DIR"
        mkdir -p "$TEST_DIR"
        if [[ ! -e "$TEST_DIR/$MARKER" ]] && [[ -n "$(ls -A "$TEST_DIR")" ]]; then
            die "UPSHIFT_TEST_DIR=$TEST_DIR is not empty and was not created by this script; choose an empty or new directory"
        fi
    else
        TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/upshift-test-services.XXXXXX")"
    fi
    TEST_DIR="$(cd "$TEST_DIR" && pwd)"
    touch "$TEST_DIR/$MARKER"
    # The server users must be able to traverse into it.
    chmod 755 "$TEST_DIR"
}

# Run a command as the given OS user when we are root (servers refuse to run as root).
as_user() {
    local user="$1"; shift
    if is_root; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
pg_user() { if is_root; then echo postgres; else id -un; fi; }

pg_answers() {
    local bin; bin="$(find_pg_bin)"
    PGPASSWORD="$TEST_PASSWORD" PGCONNECT_TIMEOUT=3 "$bin/psql" -X -q -A -t \
        -h "$HOST" -p "$PG_PORT" -U "$TEST_USER" -d postgres -c 'select 1' >/dev/null 2>&1
}

pg_start() {
    local bin data run logf user
    bin="$(find_pg_bin)"
    data="$TEST_DIR/pg/data"
    run="$TEST_DIR/pg/run"
    logf="$TEST_DIR/pg/postgres.log"
    user="$(pg_user)"

    if pg_answers; then
        log "PostgreSQL already running on $HOST:$PG_PORT (reused)"
        if pg_tls "$data"; then
            as_user "$user" "$bin/pg_ctl" -D "$data" reload >/dev/null 2>&1 || die "could not reload PostgreSQL for TLS"
        fi
        return
    fi
    if port_open "$PG_PORT"; then
        die "port $HOST:$PG_PORT is taken by something that does not accept the test credentials; stop it first"
    fi

    mkdir -p "$TEST_DIR/pg" "$run"
    if is_root; then chown -R "$user:" "$TEST_DIR/pg"; fi
    chmod 700 "$TEST_DIR/pg"

    if [[ ! -f "$data/PG_VERSION" ]]; then
        log "initialising PostgreSQL cluster in $data ($("$bin/postgres" --version))"
        local pwfile="$TEST_DIR/pg/pwfile"
        printf '%s\n' "$TEST_PASSWORD" >"$pwfile"
        if is_root; then chown "$user:" "$pwfile"; fi
        chmod 600 "$pwfile"
        if ! as_user "$user" "$bin/initdb" -D "$data" -U "$TEST_USER" --pwfile="$pwfile" \
                --auth=scram-sha-256 --encoding=UTF8 --locale=C >"$TEST_DIR/pg/initdb.log" 2>&1; then
            rm -f "$pwfile"
            show_log "$TEST_DIR/pg/initdb.log"
            die "initdb failed (log: $TEST_DIR/pg/initdb.log)"
        fi
        rm -f "$pwfile"
        cat >>"$data/postgresql.conf" <<EOF

# --- Upshift test server ---
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$run'
max_connections = 200
shared_buffers = 128MB
password_encryption = scram-sha-256
fsync = on
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
EOF
        cat >"$data/pg_hba.conf" <<EOF
# Upshift test server: password authentication only, loopback only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  scram-sha-256
host    all       all   127.0.0.1/32   scram-sha-256
EOF
    fi

    pg_tls "$data" || true
    log "starting PostgreSQL on $HOST:$PG_PORT"
    if ! as_user "$user" "$bin/pg_ctl" -D "$data" -l "$logf" -w -t "$WAIT_SECONDS" start >/dev/null 2>&1 9>&-; then
        show_log "$logf"
        die "PostgreSQL did not start within ${WAIT_SECONDS}s (log: $logf)"
    fi
    local i
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        pg_answers && return
        sleep 1
    done
    show_log "$logf"
    die "PostgreSQL started but does not accept $TEST_USER on $HOST:$PG_PORT (log: $logf)"
}

# TLS for the TLS tests: a throw-away CA, a server certificate for "localhost" only (verify-full to 127.0.0.1
# must fail), a second CA that signed nothing, and the role upshift_tls, let in over TLS only. The tests
# create that role. Returns 0 when it changed the configuration (a running server must reload).
pg_tls() {
    local data="$1" tls="$TEST_DIR/pg/tls" user changed=1
    user="$(pg_user)"
    if [[ ! -f "$tls/server.crt" ]]; then
        log "making throw-away TLS certificates in $tls"
        mkdir -p "$tls"
        if ! (
            cd "$tls" &&
            openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Upshift test CA" -keyout ca.key -out ca.crt &&
            openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Upshift other CA" -keyout other-ca.key -out other-ca.crt &&
            openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr &&
            printf 'subjectAltName=DNS:localhost\n' >server.ext &&
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.crt
        ) >"$TEST_DIR/pg/tls.log" 2>&1; then
            show_log "$TEST_DIR/pg/tls.log"
            die "openssl could not make the test certificates (log: $TEST_DIR/pg/tls.log)"
        fi
        chmod 755 "$tls"
        chmod 644 "$tls"/*.crt
        chmod 600 "$tls"/*.key
        if is_root; then chown -R "$user:" "$tls"; fi
    fi
    if ! grep -q '^ssl = on' "$data/postgresql.conf"; then
        printf "\nssl = on\nssl_cert_file = '%s'\nssl_key_file = '%s'\n" "$tls/server.crt" "$tls/server.key" >>"$data/postgresql.conf"
        changed=0
    fi
    if ! grep -q 'upshift_tls' "$data/pg_hba.conf"; then
        # The first matching line wins: the TLS-only role's lines go before the others.
        local rest; rest="$(cat "$data/pg_hba.conf")"
        printf 'hostssl   all  upshift_tls  127.0.0.1/32  scram-sha-256\nhostnossl all  upshift_tls  127.0.0.1/32  reject\n%s\n' "$rest" >"$data/pg_hba.conf"
        changed=0
    fi
    return $changed
}

pg_stop() {
    local bin data
    bin="$(find_pg_bin)"
    data="$TEST_DIR/pg/data"
    [[ -n "$bin" && -f "$data/postmaster.pid" ]] || return 0
    log "stopping PostgreSQL"
    as_user "$(pg_user)" "$bin/pg_ctl" -D "$data" -m fast -w -t "$WAIT_SECONDS" stop >/dev/null 2>&1 \
        || as_user "$(pg_user)" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 \
        || log "warning: could not stop PostgreSQL cleanly (data dir $data)"
}

# ---------------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------------
my_user() { if is_root; then echo mysql; else id -un; fi; }

my_answers() {
    local client; client="$(find_mariadb_client)"
    [[ -n "$client" ]] || return 1
    MYSQL_PWD="$TEST_PASSWORD" "$client" --no-defaults --protocol=TCP -h "$HOST" -P "$MY_PORT" \
        -u "$TEST_USER" --connect-timeout=3 -N -e 'select 1' >/dev/null 2>&1
}

my_root() {
    local client; client="$(find_mariadb_client)"
    "$client" --no-defaults --protocol=SOCKET --socket="$TEST_DIR/mysql/run/mysql.sock" -u root "$@"
}

my_start() {
    local data run logf user mariadbd pidf
    data="$TEST_DIR/mysql/data"
    run="$TEST_DIR/mysql/run"
    logf="$TEST_DIR/mysql/mariadbd.log"
    pidf="$run/mariadbd.pid"
    user="$(my_user)"
    mariadbd="$(find_mariadbd)"

    if my_answers; then
        log "MariaDB already running on $HOST:$MY_PORT (reused)"
        return
    fi
    if port_open "$MY_PORT"; then
        die "port $HOST:$MY_PORT is taken by something that does not accept the test credentials; stop it first"
    fi

    mkdir -p "$data" "$run"
    if is_root; then chown -R "$user:" "$TEST_DIR/mysql"; fi
    chmod 700 "$TEST_DIR/mysql"

    local fresh=0
    if [[ ! -d "$data/mysql" ]]; then
        fresh=1
        log "initialising MariaDB data directory in $data ($("$mariadbd" --version | sed 's/^[^ ]* *//'))"
        local install_args=(--no-defaults --datadir="$data" --auth-root-authentication-method=normal
            --skip-test-db --skip-name-resolve)
        if is_root; then install_args+=(--user="$user"); fi
        if ! "$(find_install_db)" "${install_args[@]}" >"$TEST_DIR/mysql/install-db.log" 2>&1; then
            show_log "$TEST_DIR/mysql/install-db.log"
            die "mariadb-install-db failed (log: $TEST_DIR/mysql/install-db.log)"
        fi
    fi

    log "starting MariaDB on $HOST:$MY_PORT"
    local server_args=(--no-defaults --datadir="$data" --bind-address="$HOST" --port="$MY_PORT"
        --socket="$run/mysql.sock" --pid-file="$pidf" --log-error="$logf" --skip-name-resolve
        --max-connections=200 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
        --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --skip-log-bin
        --lower-case-table-names=0)
    if is_root; then server_args+=(--user="$user"); fi
    rm -f "$pidf"
    # fd 9 is the lock of this script: the server must not inherit it.
    nohup "$mariadbd" "${server_args[@]}" >>"$logf" 2>&1 </dev/null 9>&- &
    local server_pid=$!
    disown "$server_pid" 2>/dev/null || true

    local i up=0
    for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            show_log "$logf"
            die "mariadbd exited during start-up (log: $logf)"
        fi
        if my_root -N -e 'select 1' >/dev/null 2>&1; then up=1; break; fi
        sleep 0.5
    done
    if [[ "$up" -ne 1 ]]; then
        show_log "$logf"
        die "MariaDB did not answer within ${WAIT_SECONDS}s (log: $logf)"
    fi

    if [[ "$fresh" -eq 1 ]] || ! my_answers; then
        log "creating MariaDB user $TEST_USER"
        my_root <<EOF || { show_log "$logf"; die "could not create the MariaDB test user"; }
CREATE USER IF NOT EXISTS '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
CREATE USER IF NOT EXISTS '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
EOF
    fi
    if [[ "$fresh" -eq 1 ]]; then
        # mariadb-install-db also creates password-less root accounts reachable over TCP; keep
        # only root@localhost (unix socket, used by this script) so the port needs a password.
        my_root <<EOF || log "warning: could not drop the password-less root@127.0.0.1 accounts"
DROP USER IF EXISTS 'root'@'127.0.0.1';
DROP USER IF EXISTS 'root'@'::1';
DROP USER IF EXISTS 'root'@'$(hostname)';
FLUSH PRIVILEGES;
EOF
    fi
    my_answers || { show_log "$logf"; die "MariaDB does not accept $TEST_USER on $HOST:$MY_PORT (log: $logf)"; }
}

my_stop() {
    local pidf="$TEST_DIR/mysql/run/mariadbd.pid" pid i
    [[ -f "$pidf" ]] || return 0
    pid="$(cat "$pidf" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping MariaDB"
    my_root -e 'SHUTDOWN' >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    log "warning: MariaDB (pid $pid) did not stop within ${WAIT_SECONDS}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------
with_lock() {
    mkdir -p "$STATE_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$LOCK_FILE"
        flock -w 300 9 || die "another test-services.sh is still running (lock $LOCK_FILE)"
    fi
}

cmd_start() {
    with_lock
    local t0=$SECONDS
    ensure_installed
    load_state
    if [[ -n "$TEST_DIR" && -d "$TEST_DIR" && -e "$TEST_DIR/$MARKER" ]]; then
        log "using data directory $TEST_DIR (from $STATE_FILE)"
    else
        [[ -z "$TEST_DIR" ]] || log "recorded data directory $TEST_DIR is gone; starting afresh"
        prepare_test_dir
        log "data directory $TEST_DIR"
    fi
    save_state
    pg_start
    my_start
    log "ready in $((SECONDS - t0))s: PostgreSQL $HOST:$PG_PORT, MariaDB $HOST:$MY_PORT (data in $TEST_DIR)"
}

cmd_env() {
    load_state
    [[ -z "$TEST_DIR" ]] || echo "export UPSHIFT_TEST_PG_TLS='$TEST_DIR/pg/tls'"
    echo "export UPSHIFT_TEST_POSTGRES='postgres://$TEST_USER:$TEST_PASSWORD@$HOST:$PG_PORT/postgres'"
    echo "export UPSHIFT_TEST_MYSQL='mysql://$TEST_USER:$TEST_PASSWORD@$HOST:$MY_PORT/mysql'"
}

cmd_status() {
    load_state
    local rc=0
    if [[ -n "$(find_pg_bin)" ]] && pg_answers; then echo "postgres: up ($HOST:$PG_PORT)"; else echo "postgres: down"; rc=1; fi
    if my_answers; then echo "mysql: up ($HOST:$MY_PORT)"; else echo "mysql: down"; rc=1; fi
    echo "data directory: ${TEST_DIR:-none}"
    return "$rc"
}

cmd_stop() {
    with_lock
    load_state
    if [[ -z "$TEST_DIR" ]]; then
        log "nothing recorded in $STATE_FILE; nothing to stop"
        return 0
    fi
    if [[ -d "$TEST_DIR" ]]; then
        pg_stop
        my_stop
        if [[ -e "$TEST_DIR/$MARKER" ]]; then
            log "deleting $TEST_DIR"
            rm -rf -- "$TEST_DIR"
        else
            log "warning: $TEST_DIR lacks $MARKER; not deleting it"
        fi
    fi
    rm -f "$STATE_FILE"
    log "stopped"
}

case "${1:-}" in
    start) cmd_start ;;
    env) cmd_env ;;
    status) cmd_status ;;
    stop) cmd_stop ;;
    *)
        echo "usage: $0 start|env|status|stop" >&2
        exit 2
        ;;
esac

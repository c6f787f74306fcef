#!/usr/bin/env bash
# Run the EYFS Portal on one machine, with nothing installed but Python 3.11+.
#
#   scripts/run.sh        install uv if missing, sync .venv, migrate, collect static files,
#                         load the demo data and sweep today's reminders, then serve: gunicorn
#                         and a Celery worker with embedded beat, until Ctrl-C stops both.
#   scripts/run.sh sync   only install uv if missing and sync .venv (dev dependencies too).
#
# Environment: HOST (default 127.0.0.1), PORT (default 8000), PYTHON (default python3), and
# everything the settings read (see .env.example). With no DATABASE_URL or REDIS_URL the
# portal uses SQLite, a Celery broker kept in folders and e-mail written as files, all in var/.
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
VAR_DIR=${EYFS_VAR_DIR:-var}
VENV_BIN=.venv/bin
UV=()

if [ -t 1 ]; then
    say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
else
    say() { printf '==> %s\n' "$*"; }
fi
die() { printf 'run: %s\n' "$*" >&2; exit 1; }

check_python() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install Python 3.11 or newer."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "$PYTHON is $("$PYTHON" -V 2>&1); the portal needs Python 3.11 or newer."
}

find_uv() {
    if command -v uv >/dev/null 2>&1; then
        UV=(uv)
        return 0
    fi
    local user_bin
    user_bin=$("$PYTHON" -c 'import site, os; print(os.path.join(site.getuserbase(), "bin"))')
    if [ -x "$user_bin/uv" ]; then
        UV=("$user_bin/uv")
        return 0
    fi
    if "$PYTHON" -m uv --version >/dev/null 2>&1; then
        UV=("$PYTHON" -m uv)
        return 0
    fi
    return 1
}

ensure_uv() {
    find_uv && return 0
    say "Installing uv with pip"
    "$PYTHON" -m pip --version >/dev/null 2>&1 \
        || die "pip is missing for $PYTHON: install it (Debian: apt-get install python3-pip)."
    # --user first; inside a virtualenv or pyenv that is refused, and Debian's own Python
    # refuses both unless told the install stays in the user's folder.
    "$PYTHON" -m pip install --quiet --user uv 2>/dev/null \
        || "$PYTHON" -m pip install --quiet uv 2>/dev/null \
        || "$PYTHON" -m pip install --quiet --user --break-system-packages uv \
        || die "could not install uv with pip."
    find_uv || die "uv was installed but cannot be found; add ~/.local/bin to PATH."
}

sync_venv() {
    check_python
    ensure_uv
    say "Syncing .venv with uv.lock"
    "${UV[@]}" sync --frozen
}

if [ "${1:-}" = "sync" ]; then
    sync_venv
    exit 0
fi
[ "$#" -eq 0 ] || die "unknown argument: $1 (use no argument, or 'sync')"

sync_venv

# kombu's filesystem transport does not create its folders; the e-mail backend writes to var/mail.
mkdir -p "$VAR_DIR/broker/queue" "$VAR_DIR/broker/processed" "$VAR_DIR/broker/control" \
    "$VAR_DIR/mail" "$VAR_DIR/media"

display_host=$HOST
case $HOST in 0.0.0.0 | "") display_host=127.0.0.1 ;; :: | "[::]") display_host="[::1]" ;; esac
case $display_host in *:*) [[ $display_host == \[* ]] || display_host="[$display_host]" ;; esac
bind_host=$HOST
case $bind_host in *:*) [[ $bind_host == \[* ]] || bind_host="[$bind_host]" ;; esac
url="http://$display_host:$PORT/"
export EYFS_SITE_URL=${EYFS_SITE_URL:-http://$display_host:$PORT}

"$VENV_BIN/python" - "${bind_host//[\[\]]/}" "$PORT" 2>/dev/null <<'PY' || die "$bind_host:$PORT is in use: stop what holds it, or choose another PORT."
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
with socket.socket(family, socket.SOCK_STREAM) as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
    probe.bind((host, port))
PY

say "Migrating the database"
"$VENV_BIN/python" manage.py migrate --noinput
say "Collecting static files"
"$VENV_BIN/python" manage.py collectstatic --noinput --verbosity 0
say "Loading the demo data"
"$VENV_BIN/python" manage.py seed_demo
# The beat schedule sweeps hourly; sweep once now so the demo logins see their reminders at
# once. Only the sweep: the morning digest e-mails stay with the schedule.
say "Writing today's reminders"
"$VENV_BIN/python" manage.py send_reminders --no-email

# Each server runs in a session of its own, so Ctrl-C reaches only this script, which then
# stops each one once and in order: TERM to the main process (gunicorn and Celery shut down
# gracefully), then TERM and finally KILL to whatever is left in its process group.
pids=()
stopping=0

start() {
    local label=$1
    shift
    # Python calls setsid() and then becomes the server, so "$!" is the server's own pid and
    # its process group. The log filter ignores signals and ends when the server's output closes.
    "$VENV_BIN/python" -c 'import os, sys; os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])' \
        "$@" </dev/null > >(trap '' INT TERM HUP; exec awk -v p="[$label] " '{ print p $0; fflush() }') 2>&1 &
    pids+=("$!")
}

group_alive() {
    local pid
    for pid in "${pids[@]}"; do
        kill -0 -- "-$pid" 2>/dev/null && return 0
    done
    return 1
}

stop_all() {
    [ "$stopping" -eq 0 ] || return 0
    stopping=1
    trap 'stop_now' INT TERM HUP
    [ "${#pids[@]}" -gt 0 ] || return 0
    say "Stopping the web server and the worker (Ctrl-C again to force)"
    local pid tick
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for tick in $(seq 1 50); do
        group_alive || break
        if [ "$tick" -eq 40 ]; then
            for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
        fi
        sleep 0.5
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}

stop_now() {
    local pid
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}

on_signal() {
    stop_all
    exit "$1"
}

trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP
trap stop_all EXIT

say "Starting gunicorn on $bind_host:$PORT and a Celery worker with beat"
start web "$VENV_BIN/gunicorn" eyfs_portal.wsgi \
    --bind "$bind_host:$PORT" --workers 2 --access-logfile - \
    --control-socket "$VAR_DIR/gunicorn.ctl"
start worker "$VENV_BIN/celery" -A eyfs_portal worker -B -l info --concurrency 2

# Print the address once the site answers, so it is not lost among start-up logs. The wait
# asks /healthz once (one line in the access log), and stops early if the servers stop.
"$VENV_BIN/python" scripts/wait_for_web.py "${url}healthz" "${pids[@]}" || true

if [ -n "${DATABASE_URL:-}" ]; then database="from DATABASE_URL"; else database="SQLite at $VAR_DIR/db.sqlite3"; fi
if [ -n "${CELERY_BROKER_URL:-${REDIS_URL:-}}" ]; then broker="from CELERY_BROKER_URL or REDIS_URL"; else broker="folders under $VAR_DIR/broker"; fi
if [ -n "${EMAIL_BACKEND:-}" ]; then mail="$EMAIL_BACKEND"; else mail="written as files to $VAR_DIR/mail"; fi

cat <<EOF

  EYFS Portal is running at  $url
  Database: $database    Celery broker: $broker
  E-mail:   $mail

  Demo logins, all with the password  demo-password-2026

    manager@demo.test         manager, Acorn Day Nursery (Northshire County Council)
    keyperson@demo.test       practitioner and key person, Acorn Day Nursery
    practitioner@demo.test    practitioner, Acorn Day Nursery
    dsl@demo.test             practitioner and designated safeguarding lead, Acorn Day Nursery
    advisor@demo.test         improvement advisor, Northshire County Council (three settings)
    cicadvisor@demo.test      children in care advisor (virtual school), Northshire County Council
    laadmin@demo.test         LA administrator, Northshire County Council
    othermanager@demo.test    manager of a setting in Westvale Borough Council
    littleowls@demo.test      manager and designated safeguarding lead, Little Owls Pre-School

  Press Ctrl-C to stop.

EOF

# Until one of the servers stops by itself, or a signal arrives.
status=0
wait -n "${pids[@]}" || status=$?
if [ "$stopping" -eq 0 ]; then
    echo "run: a server stopped (exit status $status); stopping the other." >&2
    [ "$status" -ne 0 ] || status=1
fi
stop_all
exit "$status"

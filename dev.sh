#!/usr/bin/env bash
# casedesk developer entry point.
#   ./dev.sh app [ARGS…]   set up (first time) and start the desktop app (embedded SQLite)
#   ./dev.sh test [PYTEST ARGS…]   set up (first time) and run lint, type checks and the whole suite
#   ./dev.sh setup         only install what is missing
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="${CASEDESK_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

#: Debian packages: Qt's xcb libraries, Xvfb, CJK fonts, LibreOffice (PDF), poppler, PostgreSQL,
#: NSIS (tests/pack compiles the Windows installer script with makensis), binutils (as/ld: the
#: bundle's smaller ICU data library, installer/icu_data.py), python3-uno (the warm LibreOffice's
#: UNO bridge, desktop/documents/warm_office.py).
APT_PACKAGES=(xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-xinerama0
  fonts-wqy-microhei fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
  postgresql python3-venv nsis binutils python3-uno)

system_deps() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "== installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "== missing system packages (install them as root): ${missing[*]}" >&2
    [ "${1:-}" = "required" ] && exit 1
  fi
}

python_env() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.casedesk-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "== installing casedesk and its test tools into $VENV"
    "$VENV/bin/pip" install -q -e ".[test,postgres,build]"
    touch "$stamp"
  fi
}

as_pg_owner() {
  # PostgreSQL refuses to run as root: run its tools as the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else bash -c "$1"; fi
}

start_postgres() {
  # A throwaway cluster on a private port for the shared-office tests.
  [ -n "${CASEDESK_TEST_PG_URL:-}" ] && return 0
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ ! -x "$bin/initdb" ]; then
    echo "== PostgreSQL not installed: the shared-mode tests will fail" >&2
    return 0
  fi
  PG_DIR=$(mktemp -d /tmp/casedesk-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  as_pg_owner "$bin/initdb -D $PG_DIR/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >$PG_DIR/initdb.log"
  as_pg_owner "$bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w -o '-k $PG_DIR -p 55432 -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=80' start >/dev/null"
  PG_STOP="$bin/pg_ctl -D $PG_DIR/data -m fast -w stop"
  trap 'as_pg_owner "$PG_STOP" >/dev/null 2>&1 || true; rm -rf "$PG_DIR"' EXIT
  export CASEDESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:55432/postgres"
}

cmd="${1:-app}"
shift || true
case "$cmd" in
  setup)
    system_deps
    python_env
    ;;
  app)
    system_deps
    python_env
    exec "$VENV/bin/casedesk" "$@"
    ;;
  test)
    system_deps required
    python_env
    echo "== ruff"; "$VENV/bin/ruff" check .
    echo "== mypy"; "$VENV/bin/mypy"
    echo "== import contracts"; "$VENV/bin/lint-imports"
    # Compiled once here: with PYTHONDONTWRITEBYTECODE set (as on these machines) every command
    # the tests start in a child process would compile casedesk's modules again (0.3 s each).
    echo "== compiling"; "$VENV/bin/python" -m compileall -q -j 0 desktop database forms tests >/dev/null
    start_postgres
    # The two passes run side by side (one per core): the PostgreSQL pass writes to a log that is
    # shown after the SQLite pass, so its closing line is the run's last line.
    TEST_TMP=$(mktemp -d /tmp/casedesk-test.XXXXXX)
    pg_pid=""
    if [ -n "${CASEDESK_TEST_PG_URL:-}" ]; then
      CASEDESK_TEST_DB=postgres QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -q \
        -p no:cacheprovider --basetemp="$TEST_TMP/pg" "$@" >"$TEST_TMP/pg.log" 2>&1 &
      pg_pid=$!
    fi
    echo "== pytest (SQLite; the shared-mode tests use the PostgreSQL server above)"
    sqlite_rc=0
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -p no:cacheprovider \
      --basetemp="$TEST_TMP/sqlite" "$@" || sqlite_rc=$?
    pg_rc=0
    if [ -n "$pg_pid" ]; then
      wait "$pg_pid" || pg_rc=$?
      echo "== pytest, the whole suite again on PostgreSQL (ran alongside the SQLite pass)"
      cat "$TEST_TMP/pg.log"
    fi
    rm -rf "$TEST_TMP"
    [ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
    ;;
  *)
    echo "usage: ./dev.sh app|test|setup" >&2
    exit 2
    ;;
esac

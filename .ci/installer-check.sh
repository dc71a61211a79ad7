#!/usr/bin/env bash
# Compile the Windows installer script (installer/casedesk.nsi) with makensis around a built
# bundle, so a broken script fails CI on Linux long before the Windows workflow runs. The version
# comes from desktop/__init__.py through installer/build.py; warnings count as errors (-WX).
# Prints the installer's size and compile time.
# Usage: .ci/installer-check.sh BUNDLE_DIR [OUT_DIR]   (called by .ci/bundle-check.sh)
# Compression: the check compiles the real 148 MB bundle (its real file layout) with zlib
# (build.py --fast-installer): 29 s on 2 idle cores, 43-59 s with other load, 63.8 MB. The
# release setting (solid LZMA) took 74 s for 47.9 MB, too slow for every CI run.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-${CASEDESK_VENV:-.venv}}"
PY="$VENV/bin/python"
BUNDLE="${1:?usage: .ci/installer-check.sh BUNDLE_DIR [OUT_DIR]}"
OUT="${2:-$(dirname "$BUNDLE")}"

if ! command -v makensis >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "== installing NSIS (makensis)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends nsis >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nsis >/dev/null; }
  else
    echo "installer-check: makensis not found; install NSIS (apt-get install nsis) as root" >&2
    exit 1
  fi
fi

echo "== compiling the NSIS installer ($(makensis -VERSION))"
if ! "$PY" installer/build.py --bundle "$BUNDLE" --dist "$OUT" --fast-installer; then
  echo "installer-check: makensis failed on installer/casedesk.nsi" >&2
  exit 1
fi

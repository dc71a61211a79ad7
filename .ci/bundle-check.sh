#!/usr/bin/env bash
# Build the Linux bundle from installer/casedesk.spec, print its glibc floor, run the built
# program's --self-test (offscreen), print the size table's top ten, check the size target
# (130 MB), print bundle size and build time,
# then compile the Windows installer script around the bundle (.ci/installer-check.sh;
# CASEDESK_SKIP_INSTALLER=1 skips it).
# Usage: .ci/bundle-check.sh
# Environment: VENV (default .venv), CASEDESK_MAX_BUNDLE_MB (default 130), BUNDLE_OUT (default
# a temp folder, removed afterwards unless set).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-${CASEDESK_VENV:-.venv}}"
PY="$VENV/bin/python"
MAX_MB="${CASEDESK_MAX_BUNDLE_MB:-130}"
if [ -n "${BUNDLE_OUT:-}" ]; then
  OUT="$BUNDLE_OUT"; mkdir -p "$OUT"
else
  OUT=$(mktemp -d /tmp/casedesk-bundle.XXXXXX)
  trap 'rm -rf "$OUT"' EXIT
fi

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "== installing PyInstaller into $VENV"
  "$VENV/bin/pip" install -q -e ".[build]"
fi

echo "== building the bundle (installer/build.py)"
start=$(date +%s%N)
if ! "$PY" installer/build.py --dist "$OUT/dist" --work "$OUT/build" --no-installer >"$OUT/build.log" 2>&1; then
  cat "$OUT/build.log" >&2
  echo "bundle-check: installer/build.py failed" >&2
  exit 1
fi
# PyInstaller's routine warnings (optional imports of other platforms) are noise here.
grep -v -E "INFO: |WARNING: (Hidden import|Library .* required via ctypes)" "$OUT/build.log" || true
build_s=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 1e9 }')
BUNDLE="$OUT/dist/casedesk"
[ -x "$BUNDLE/casedesk" ] || { echo "bundle-check: $BUNDLE/casedesk was not built" >&2; exit 1; }

echo "== shared libraries of the bundle"
# Every library a bundled binary links against must resolve (bundled, or the system's own).
missing=$(cd "$BUNDLE/_internal" && find . -name "*.so*" -type f | while read -r lib; do
  LD_LIBRARY_PATH="$PWD:$PWD/PySide6/Qt/lib" ldd "$lib" 2>/dev/null | { grep "not found" || true; } \
    | sed "s|^|$lib: |"
done | sort -u)
if [ -n "$missing" ]; then
  echo "$missing" >&2
  echo "bundle-check: libraries missing from the bundle and the system" >&2
  exit 1
fi

echo "== glibc floor of the bundle (the oldest Linux it starts on)"
# The highest GLIBC_ symbol version any bundled ELF file needs (installer/glibc_floor.py reads
# the ELF version-needed sections; README: which UOS/Kylin versions that admits).
if ! floor_report=$("$PY" installer/glibc_floor.py "$BUNDLE"); then
  echo "bundle-check: could not read the bundle's glibc floor" >&2
  exit 1
fi
echo "$floor_report"
glibc_floor=$(echo "$floor_report" | sed -n 's/^GLIBC floor: \(GLIBC_[0-9.]*\).*/\1/p')

echo "== self-test of the built program"
start=$(date +%s%N)
if ! QT_QPA_PLATFORM=offscreen "$BUNDLE/casedesk" --self-test; then
  echo "bundle-check: the built program's self-test failed" >&2
  exit 1
fi
test_s=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 1e9 }')

echo "== size of the bundle by part (top ten; installer/size_table.py)"
"$PY" installer/size_table.py "$BUNDLE" --top 10

size_mb=$("$PY" -c "import sys; sys.path.insert(0, 'installer'); from build import folder_size; from pathlib import Path; print(f'{folder_size(Path(\"$BUNDLE\")) / 1e6:.1f}')")
printf 'bundle-check: size %s MB (target <= %s MB), build %s s, self-test %s s, glibc floor %s\n' \
  "$size_mb" "$MAX_MB" "$build_s" "$test_s" "$glibc_floor"
if awk -v s="$size_mb" -v m="$MAX_MB" 'BEGIN { exit !(s > m) }'; then
  echo "bundle-check: the bundle is larger than $MAX_MB MB" >&2
  exit 1
fi

if [ "${CASEDESK_SKIP_INSTALLER:-}" != "1" ]; then
  VENV="$VENV" .ci/installer-check.sh "$BUNDLE" "$OUT/dist"
fi

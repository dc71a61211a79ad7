"""Start-up and size of the built bundle, against a bare PySide6 window bundled the same way.

Builds both one-folder bundles with installer/build.py (the same spec and exclusions; the
reference is installer/bare_window.py), unless --dist points at existing ones. Then:

- cold start: the OS file cache is dropped (when allowed, i.e. as root on Linux) before each run;
  the time is from launching the program until its window has painted with data, taken from the
  timestamp of the picture `casedesk gui --screenshot` saves (minus the fixed settle delay before
  the grab); the bare window does the same with --screenshot;
- warm start: the median of the following runs with the cache full;
- size of each bundle on disk.

Targets (issue 8): cold start ≤ 2.5 s and ≤ 2× the bare window; bundle ≤ 130 MB (issue 18; 150 MB before).
Until the window (desktop/ui) is part of the build, `casedesk gui` cannot paint: the script then
says so and measures the bare window in the casedesk bundle's place, so the harness still runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, report

sys.path.insert(0, str(ROOT / "installer"))

from build import build_bundle, folder_size

OUT = ROOT / "bench" / "out" / "bundles"
#: Start-up targets from issue 8.
MAX_COLD_S = 2.5
MAX_RATIO = 2.0
MAX_BUNDLE_MB = 130.0
DROP_CACHES = Path("/proc/sys/vm/drop_caches")
#: Both programs wait this long after the page has painted before grabbing the picture (the UI's
#: `--screenshot` lets views lay out their rows); it is subtracted from the measured time.
SETTLE_S = 0.3


def drop_file_cache() -> bool:
    """Empty the OS page cache so the next start reads the bundle from disk (Linux, root)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    os.sync()
    try:
        DROP_CACHES.write_text("3\n")
    except OSError:
        return False
    return True


def run_to_painted(command: list[str], shot: Path, env: dict[str, str]) -> tuple[float, float]:
    """(first paint, painted with data) in seconds from launch.

    The first paint comes from the time stamp the program writes when CASEDESK_FIRST_PAINT_FILE
    is set; "with data" from the picture's timestamp minus the settle delay both programs wait
    before grabbing it.
    """
    stamp = shot.with_suffix(".stamp")
    shot.unlink(missing_ok=True)
    stamp.unlink(missing_ok=True)
    launched = time.time()
    done = subprocess.run(command, env={**env, "CASEDESK_FIRST_PAINT_FILE": str(stamp)},
                          capture_output=True, timeout=120, check=False)  # fmt: skip
    if done.returncode != 0 or not shot.is_file() or not stamp.is_file():
        stderr = done.stderr.decode("utf-8", "replace")[-800:]
        raise RuntimeError(f"{command[0]} exited {done.returncode} without a picture: {stderr}")
    first = float(stamp.read_text("utf-8")) - launched
    return first, shot.stat().st_mtime - launched - SETTLE_S


def measure_pair(
    ours: list[str], reference: list[str], shot: Path, env: dict[str, str], runs: int
) -> dict[str, float]:
    """Median start-up figures of both programs, runs interleaved so neither is favoured.

    Keys: {ours,ref}_{first,data}_{cold,warm}.
    """
    times: dict[str, list[float]] = {}
    for phase in ("cold", "warm"):
        if phase == "warm":
            run_to_painted(reference, shot, env)
            run_to_painted(ours, shot, env)
        for _ in range(runs):
            for who, command in (("ref", reference), ("ours", ours)):
                if phase == "cold":
                    drop_file_cache()
                first, data = run_to_painted(command, shot, env)
                times.setdefault(f"{who}_first_{phase}", []).append(first)
                times.setdefault(f"{who}_data_{phase}", []).append(data)
    return {key: statistics.median(values) for key, values in times.items()}


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An X server of our own on a free display, for start-up on a real window system (xcb)."""
    for number in range(91, 120):
        if not Path(f"/tmp/.X{number}-lock").exists():
            display = f":{number}"
            server = subprocess.Popen(
                ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(50):
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    return server, display
                time.sleep(0.1)
            server.terminate()
    raise SystemExit("could not start Xvfb")


def prepare_data(casedesk: Path, env: dict[str, str], folder: Path) -> None:
    """A demo district in `folder`, created by the bundle itself (not timed)."""
    subprocess.run([str(casedesk), "--data-dir", str(folder), "demo"], env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip


def gui_paints(casedesk: Path, data: Path, shot: Path, env: dict[str, str]) -> bool:
    """Whether this build of casedesk can open its window (the UI may not be merged yet)."""
    command = [str(casedesk), "--data-dir", str(data), "gui", "--screenshot", str(shot)]
    try:
        run_to_painted(command, shot, env)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"note: casedesk gui cannot paint in this build ({str(error)[:200]})")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) both bundles, print size and start-up results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="reuse bundles already built into this folder")
    parser.add_argument("--runs", type=int, default=5, help="cold and warm runs of each program")
    parser.add_argument("--xvfb", action="store_true", help="paint on an Xvfb X server (xcb)")
    args = parser.parse_args(argv)

    dist = args.dist or OUT / "dist"
    if args.dist is None:
        for bare in (False, True):
            start = time.perf_counter()
            build_bundle(dist, OUT / "build", bare=bare)
            print(
                f"built {'bare_window' if bare else 'casedesk'} in {time.perf_counter() - start:.1f} s"
            )
    casedesk = dist / "casedesk" / "casedesk"
    bare_window = dist / "bare_window" / "bare_window"
    for program in (casedesk, bare_window):
        if not program.is_file():
            raise SystemExit(f"not built: {program}")

    env = dict(os.environ)
    server = None
    if args.xvfb:
        server, env["DISPLAY"] = start_xvfb()
        env["QT_QPA_PLATFORM"] = "xcb"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # No OS keyring on a headless machine: the data key lives in a passphrase-protected file.
    env.setdefault("CASEDESK_KEY_PASSPHRASE", "bench-only-passphrase")
    if not drop_file_cache():
        print("note: cannot drop the file cache (not root on Linux): 'cold' runs are warm")
    ok = True
    suffix = "_xcb" if args.xvfb else ""
    try:
        t, name = _measure(casedesk, bare_window, env, args.runs)
    finally:
        if server is not None:
            server.terminate()
    for phase in ("cold", "warm"):
        # The target: the window painted, against the bare window painted.
        ok &= report(f"{name}_first_paint_{phase}{suffix}", t[f"ours_first_{phase}"],
                     t[f"ref_first_{phase}"], unit="s", max_ratio=MAX_RATIO,
                     max_ours=MAX_COLD_S)  # fmt: skip
        # Stricter, for information: until the 工作台 shows its data (the bare one has none).
        report(f"{name}_with_data_{phase}{suffix}", t[f"ours_data_{phase}"],
               t[f"ref_first_{phase}"], unit="s", max_ours=MAX_COLD_S)  # fmt: skip
    ours_mb = folder_size(casedesk.parent) / 1e6
    ref_mb = folder_size(bare_window.parent) / 1e6
    ok &= report("bundle_size", ours_mb, ref_mb, unit="MB", max_ours=MAX_BUNDLE_MB)
    return 0 if ok else 1


def _measure(
    casedesk: Path, bare_window: Path, env: dict[str, str], runs: int
) -> tuple[dict[str, float], str]:
    """Start-up times of both programs, and the result name (stand-in until the UI paints)."""
    with tempfile.TemporaryDirectory(prefix="casedesk-bench-") as tmp:
        folder = Path(tmp)
        shot = folder / "window.png"
        data = folder / "data"
        prepare_data(casedesk, env, data)
        reference_cmd = [str(bare_window), "--screenshot", str(shot)]
        if gui_paints(casedesk, data, shot, env):
            ours_cmd = [str(casedesk), "--data-dir", str(data), "gui", "--screenshot", str(shot)]
            name = "bundle"
        else:
            ours_cmd, name = reference_cmd, "bundle_bare_standin"
        return measure_pair(ours_cmd, reference_cmd, shot, env, runs), name


if __name__ == "__main__":
    sys.exit(main())

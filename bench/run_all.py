"""Run every bench/bench_*.py script and print the results as one Markdown table.

    python bench/run_all.py                    # all scripts, table on standard output
    python bench/run_all.py --only render,annex
    python bench/run_all.py --update-readme    # also rewrite the table in bench/README.md

Each script prints `name: ours X, reference Y, ratio Z (target …) ok|MISSED` lines through
bench/common.py `report()`; other output is shown only for a script that fails. The exit status
is non-zero when a script fails or a result misses its target.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from common import ROOT, Result, parse_line

try:
    from datasets import BENCH_PASSPHRASE
except ImportError:  # a checkout without the data-set generator
    BENCH_PASSPHRASE = "casedesk-bench-虚构数据"

BENCH = ROOT / "bench"
README = BENCH / "README.md"
#: The scripts the issues ask for; a missing one is listed as not yet written.
EXPECTED = (
    "bench_render", "bench_pdf_batch", "bench_annex", "bench_case_file", "bench_startup",
    "bench_filter", "bench_memory", "bench_bundle_startup", "bench_preview",
)  # fmt: skip
#: The table in README.md lives between these two lines.
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
#: A script running longer than this is stopped and reported as failed.
TIMEOUT_S = 1800


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """One script's results, exit status and time."""

    script: str
    results: tuple[Result, ...]
    returncode: int | None
    seconds: float
    output: str


def run_script(path: Path) -> ScriptRun:
    """Run one bench script with this interpreter and parse its result lines."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A headless machine has no OS keyring: the data key goes to a passphrase-protected file,
    # with the passphrase the cached large data sets were made with.
    env.setdefault("CASEDESK_KEY_PASSPHRASE", BENCH_PASSPHRASE)
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env, capture_output=True,
                              timeout=TIMEOUT_S, check=False)  # fmt: skip
        code: int | None = done.returncode
        output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as error:
        code, output = None, f"timed out after {TIMEOUT_S} s\n{error.stdout or b''!r}"
    results = tuple(r for r in map(parse_line, output.splitlines()) if r is not None)
    return ScriptRun(path.stem, results, code, time.perf_counter() - start, output)


#: At most this many free-text result lines per script that does not print through report().
MAX_LOOSE_LINES = 4


def loose_lines(output: str) -> list[str]:
    """The lines that mention a ratio or a target, for scripts that do not print through report().

    A figure checked against an absolute target (e.g. "300 pages, 2.1 s (target ≤ 3 s)") has no
    ratio in its line but belongs in the table all the same.
    """
    found = [
        line.strip().replace("|", "/")[:160]
        for line in output.splitlines()
        if "ratio" in line.lower() or "×" in line or "target" in line.lower()
    ]
    return found[-MAX_LOOSE_LINES:]


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{text} {unit}".strip()


def table(runs: list[ScriptRun], missing: list[str]) -> str:
    """The Markdown table of all results (one row per result line)."""
    lines = [
        "| Script | Benchmark | Ours | Reference | Ratio | Target | Verdict |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for run in runs:
        if not run.results:
            state = "timed out" if run.returncode is None else f"exit {run.returncode}"
            said = loose_lines(run.output)
            if not said:
                lines.append(f"| {run.script} | — | — | — | — | — | {state}, no results |")
            lines += [f"| {run.script} | {text} | — | — | — | — | {state}, own format |"
                      for text in said]  # fmt: skip
        for r in run.results:
            lines.append(
                f"| {run.script} | {r.name} | {_number(r.ours, r.unit)} | "
                f"{_number(r.reference, r.unit)} | {_number(r.ratio)} | {r.target} | "
                f"{r.verdict or '—'} |"
            )
    lines += [f"| {name} | — | — | — | — | — | not written yet |" for name in missing]
    return "\n".join(lines)


def update_readme(text: str, path: Path = README) -> None:
    """Replace the results block of README.md with `text` (and the date)."""
    readme = path.read_text("utf-8")
    if BEGIN not in readme or END not in readme:
        raise SystemExit(f"{path} has no {BEGIN} … {END} block")
    head, rest = readme.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the scripts, print the table, optionally write it into README.md."""
    parser = argparse.ArgumentParser(description="Run every benchmark and print the table.")
    parser.add_argument("--only", default="", help="comma-separated script names (bench_ optional)")
    parser.add_argument("--update-readme", action="store_true", help="rewrite bench/README.md")
    args = parser.parse_args(argv)

    scripts = sorted(BENCH.glob("bench_*.py"))
    if args.only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in args.only.split(",")}
        scripts = [s for s in scripts if s.stem in wanted]
    runs = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        run = run_script(script)
        for r in run.results:
            print(
                f"   {r.name}: ours {_number(r.ours, r.unit)}, ratio {_number(r.ratio)} {r.verdict}"
            )
        if run.returncode != 0 and not run.results:
            print(run.output[-2000:])
        print(f"   ({run.seconds:.0f} s)", flush=True)
        runs.append(run)
    present = {s.stem for s in BENCH.glob("bench_*.py")}
    missing = [] if args.only else [n for n in EXPECTED if n not in present]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"Measured {stamp}, {os.cpu_count()} cores, `python bench/run_all.py`.\n\n" + table(
        runs, missing
    )
    print()
    print(text)
    if args.update_readme:
        update_readme(text)
    failed = any(r.returncode != 0 for r in runs)
    missed = any(res.verdict == "MISSED" for r in runs for res in r.results)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())

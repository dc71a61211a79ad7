"""A tiny shared benchmark harness: time a callable, print one comparable result line.

Every bench script prints, for each thing it measures, exactly one line of the form

    name: ours 0.812 s, reference 0.455 s, ratio 1.78 (target ≤ 2×) ok

via `report()`. `bench/run_all.py` parses these lines (`parse_line`) into the README table, so keep
to `report()` rather than printing results by hand. Use it from a script in `bench/` as

    from common import measure, report          # bench/ is on sys.path when run as a script

    ours = measure(lambda: render_one(case), repeat=5)
    reference = measure(lambda: raw_docxtpl_render(), repeat=5)
    ok = report("bench_render", ours.median, reference.median, unit="s", max_ratio=2.0)
    sys.exit(0 if ok else 1)
"""

from __future__ import annotations

import gc
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: The repository root, so scripts run as `python bench/x.py` can import the project.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: One result line; run_all.py relies on this shape.
LINE_RE = re.compile(
    r"^(?P<name>[\w.\-/]+): ours (?P<ours>[-\d.]+) ?(?P<unit>[^,]*), "
    r"reference (?P<reference>[-\d.]+|n/a)[^,]*, ratio (?P<ratio>[-\d.]+|n/a) "
    r"\(target (?P<target>[^)]*)\)(?: (?P<verdict>ok|MISSED))?\s*$"
)


@dataclass(frozen=True, slots=True)
class Timing:
    """Wall-clock seconds of repeated runs of one callable."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        """The fastest run (least disturbed by the machine)."""
        return min(self.runs)

    @property
    def median(self) -> float:
        """The median run (what a user typically sees)."""
        return statistics.median(self.runs)


@dataclass(frozen=True, slots=True)
class Result:
    """One parsed result line."""

    name: str
    ours: float
    unit: str
    reference: float | None
    ratio: float | None
    target: str
    verdict: str


def measure(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> Timing:
    """Run `fn` `warmup` times untimed, then `repeat` times timed (GC off while timing)."""
    for _ in range(warmup):
        fn()
    runs: list[float] = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return Timing(tuple(runs))


def _fmt(value: float) -> str:
    if value == 0 or abs(value) >= 100:
        return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.2f}"
    return f"{value:.3g}"


def describe_target(max_ratio: float | None, max_ours: float | None, unit: str) -> str:
    """The target in words, e.g. '≤ 2× and ≤ 2.5 s'."""
    parts = []
    if max_ratio is not None:
        parts.append(f"≤ {max_ratio:g}×")
    if max_ours is not None:
        parts.append(f"≤ {max_ours:g} {unit}".rstrip())
    return " and ".join(parts) or "none"


def report(
    name: str,
    ours: float,
    reference: float | None,
    *,
    unit: str = "s",
    max_ratio: float | None = None,
    max_ours: float | None = None,
    target: str | None = None,
) -> bool:
    """Print `name: ours X, reference Y, ratio Z (target …) ok|MISSED`; True when on target."""
    ratio = ours / reference if reference else None
    on_target = True
    if max_ratio is not None and (ratio is None or ratio > max_ratio):
        on_target = False
    if max_ours is not None and ours > max_ours:
        on_target = False
    words = target or describe_target(max_ratio, max_ours, unit)
    ref_text = f"{_fmt(reference)} {unit}".rstrip() if reference is not None else "n/a"
    ratio_text = f"{ratio:.2f}" if ratio is not None else "n/a"
    line = (
        f"{name}: ours {_fmt(ours)} {unit}".rstrip()
        + f", reference {ref_text}, ratio {ratio_text} (target {words})"
        + (" ok" if on_target else " MISSED")
    )
    print(line, flush=True)
    return on_target


def parse_line(line: str) -> Result | None:
    """Parse one `report()` line (None for any other output)."""
    match = LINE_RE.match(line.strip())
    if not match:
        return None
    ref = match["reference"]
    ratio = match["ratio"]
    return Result(
        name=match["name"],
        ours=float(match["ours"]),
        unit=match["unit"].strip(),
        reference=None if ref == "n/a" else float(ref),
        ratio=None if ratio == "n/a" else float(ratio),
        target=match["target"],
        verdict=match["verdict"] or "",
    )

"""Screenshots of every page and editor on an office laptop's screen, for a person to look at.

    CASEDESK_KEY_PASSPHRASE=… python bench/window_screens.py --out bench/out/screens \
        [--sizes 1366x768@1,1366x768@1.25,1024x768@1]

Each size runs in its own process on Qt's offscreen platform, given a screen of that many pixels
less a 40-pixel taskbar (QT_SCALE_FACTOR for 125 %). The window takes the screen's working area
less its title bar, as a maximised window does; every dialog opens as the app opens it (fitted to
the screen). Besides the PNG files, `report.json` records for each picture the window or dialog
size, the screen's working area and whether its buttons lie inside both: the facts a look at the
pictures confirms. Not a benchmark (nothing is timed); it lives here with the other tools that
need the demo district.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: A Windows taskbar at 100 % (its height scales with the screen's scaling).
TASKBAR_PX = 40
#: A window's title bar in logical pixels (the frame offscreen Qt does not draw).
TITLE_BAR = 30
SIZES = ("1366x768@1", "1366x768@1.25", "1024x768@1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "screens")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--child", nargs=4, metavar=("SIZE", "OUT", "DATA", "CONFIG"))
    args = parser.parse_args(argv)
    if args.child:
        return _child(*args.child)
    with tempfile.TemporaryDirectory(prefix="screens-") as tmp:
        data = Path(tmp) / "demo"
        _demo(data)
        report: dict[str, object] = {}
        for size in args.sizes.split(","):
            width, height, scale = _parse(size)
            folder = args.out / size.replace("@", "_at_")
            folder.mkdir(parents=True, exist_ok=True)
            config = Path(tmp) / f"{size}.json"
            config.write_text(json.dumps({"screens": [{
                "name": "laptop", "x": 0, "y": 0, "width": width,
                "height": height - round(TASKBAR_PX * scale), "logicalDpi": 96, "dpr": 1,
            }]}), encoding="utf-8")  # fmt: skip
            copy = Path(tmp) / f"data-{size}"
            shutil.copytree(data, copy)
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
                   "QT_SCALE_FACTOR": str(scale), "PYTHONPATH": str(ROOT)}  # fmt: skip
            env.pop("QT_SCREEN_SCALE_FACTORS", None)
            done = subprocess.run(
                [sys.executable, __file__, "--child", size, str(folder), str(copy), str(config)],
                env=env, timeout=900, check=False,
            )  # fmt: skip
            if done.returncode:
                print(f"{size}: failed ({done.returncode})", file=sys.stderr)
                return done.returncode
            report[size] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        (args.out / "report.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        problems = [f"{s}/{name}: {r['problem']}" for s, shots in report.items()
                    for name, r in shots.items() if r.get("problem")]  # type: ignore[union-attr]  # fmt: skip
        print("\n".join(problems) or f"{sum(len(r) for r in report.values())} pictures, no problem")  # type: ignore[arg-type]
        return 1 if problems else 0


def _parse(size: str) -> tuple[int, int, float]:
    pixels, _at, scale = size.partition("@")
    width, height = (int(n) for n in pixels.split("x"))
    return width, height, float(scale or 1)


def _demo(folder: Path) -> None:
    from desktop.app import build_context
    from desktop.demo.district import DemoOptions, load_demo

    ctx = build_context(str(folder))
    load_demo(ctx.uow_factory, DemoOptions(seed=2024, cases=240, today=date(2026, 11, 20)))
    ctx.close()


def _child(size: str, out: str, data: str, _config: str) -> int:
    from screens_child import take_all  # type: ignore[import-not-found]

    return take_all(size, Path(out), Path(data))


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
    raise SystemExit(main())

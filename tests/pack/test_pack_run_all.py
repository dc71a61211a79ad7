"""bench/run_all.py turns the scripts' result lines into the README table."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import run_all

BENCH = run_all.BENCH


def test_a_script_is_run_and_its_results_tabled(tmp_path: Path) -> None:
    script = tmp_path / "bench_fake.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(BENCH)!r})\n"
        "from common import report\n"
        "print('warming up …')\n"
        "report('fake_render', 0.03, 0.02, unit='s', max_ratio=2)\n"
        "report('fake_size', 160.0, 120.0, unit='MB', max_ours=150)\n",
        "utf-8",
    )
    run = run_all.run_script(script)
    assert run.returncode == 0
    assert [r.name for r in run.results] == ["fake_render", "fake_size"]
    text = run_all.table([run], ["bench_missing"])
    assert "| bench_fake | fake_render | 0.03 s | 0.02 s | 1.5 | ≤ 2× | ok |" in text
    assert "| bench_fake | fake_size | 160 MB | 120 MB | 1.33 | ≤ 150 MB | MISSED |" in text
    assert "| bench_missing | — | — | — | — | — | not written yet |" in text


def test_readme_block_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# B\n\nintro\n{run_all.BEGIN}\nold\n{run_all.END}\n\nfooter\n", "utf-8")
    run_all.update_readme("| new |", readme)
    assert readme.read_text("utf-8") == (
        f"# B\n\nintro\n{run_all.BEGIN}\n| new |\n{run_all.END}\n\nfooter\n"
    )


def test_a_script_in_its_own_format_still_shows_its_ratio(tmp_path: Path) -> None:
    script = tmp_path / "bench_own.py"
    script.write_text("print('generated 10 rows')\nprint('ours 1.2 s, raw 0.6 s → ratio 2.0')\n")
    run = run_all.run_script(script)
    assert run.results == ()
    row = run_all.table([run], []).splitlines()[-1]
    assert row.startswith("| bench_own | — |")
    assert "ours 1.2 s, raw 0.6 s → ratio 2.0" in row

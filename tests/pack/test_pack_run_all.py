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
    script.write_text(
        "print('generated 10 rows')\n"
        "print('annex1: ours 1.2 s, raw 0.6 s → ratio 2.0')\n"
        "print('shanxi1: ours 0.3 s, raw 0.1 s → ratio 3.0')\n"
    )
    run = run_all.run_script(script)
    assert run.results == ()
    rows = run_all.table([run], []).splitlines()[-2:]
    assert rows == [
        "| bench_own | annex1: ours 1.2 s, raw 0.6 s → ratio 2.0 | — | — | — | — | exit 0, own format |",
        "| bench_own | shanxi1: ours 0.3 s, raw 0.1 s → ratio 3.0 | — | — | — | — | exit 0, own format |",
    ]


def test_an_own_format_line_with_only_a_target_is_kept(tmp_path: Path) -> None:
    script = tmp_path / "bench_timed.py"
    script.write_text(
        "print('converted 102 DOCX to PDF in 40.0 s (not timed)')\n"
        "print('case file: 300 pages, 2.10 s (target ≤ 3 s) with bookmarks')\n"
        "raise SystemExit(1)\n",
        "utf-8",
    )
    run = run_all.run_script(script)
    assert run.returncode == 1
    rows = run_all.table([run], []).splitlines()[2:]
    assert rows == [
        "| bench_timed | case file: 300 pages, 2.10 s (target ≤ 3 s) with bookmarks "
        "| — | — | — | — | exit 1, own format |"
    ]

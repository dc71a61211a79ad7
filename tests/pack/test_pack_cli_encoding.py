"""The command line writes one encoding: UTF-8 when redirected (a Task Scheduler log, a
PowerShell capture), argparse's help and errors included, whatever the console's code page.

PYTHONIOENCODING=gbk makes this Linux Python write its streams in GBK, as Python on a Chinese
Windows writes redirected output in the locale's code page (cp936); before, argparse's lines
came out in GBK and the program's own in UTF-8, so no single decoding could read the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.output import ENV_OUTPUT_ENCODING, output_encoding


def _cli(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != ENV_OUTPUT_ENCODING}
    env.update({"PYTHONIOENCODING": "gbk", "CASEDESK_KEY_PASSPHRASE": "口令-secret-1",
                "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **extra})  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", "from desktop.entry import main; raise SystemExit(main())",
         "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True, timeout=180, env=env, check=False,
    )  # fmt: skip


def test_redirected_output_is_utf8_for_the_program_and_for_argparse(tmp_path: Path) -> None:
    done = _cli(["init"], tmp_path)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    said = done.stdout.decode("utf-8")  # strict: one byte sequence that is not UTF-8 fails
    assert "数据库" in said
    helped = _cli(["--help"], tmp_path)
    assert "卫生监督执法文书工作站" in helped.stdout.decode("utf-8")  # argparse's help
    wrong = _cli(["doc", "--no-such-option"], tmp_path)
    assert wrong.returncode == 2
    assert "命令行参数错误" in wrong.stderr.decode("utf-8")  # argparse's error
    assert not helped.stdout.startswith(b"\xef\xbb\xbf")  # no BOM


def test_an_office_tool_that_reads_only_gbk_can_ask_for_it(tmp_path: Path) -> None:
    helped = _cli(["--help"], tmp_path, **{ENV_OUTPUT_ENCODING: "gbk"})
    assert "卫生监督执法文书工作站" in helped.stdout.decode("gbk")


@pytest.mark.parametrize(
    ("interactive", "current", "environ", "expected"),
    [
        (False, "cp936", {}, "utf-8"),  # redirected: UTF-8
        (True, "utf-8", {}, "utf-8"),  # Windows console (PEP 528): kept
        (True, "gbk", {}, "gbk"),  # a GBK terminal: kept
        (False, "cp936", {ENV_OUTPUT_ENCODING: "GBK"}, "gbk"),
        (False, "cp936", {ENV_OUTPUT_ENCODING: "不存在"}, "utf-8"),  # unknown name: the rule
    ],
)
def test_the_encoding_rule(interactive: bool, current: str, environ: dict[str, str],
                           expected: str) -> None:  # fmt: skip
    assert output_encoding(interactive, current, environ) == expected

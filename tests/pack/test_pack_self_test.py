"""`casedesk --self-test` runs end to end in a temp folder and reports each step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.self_test import SelfTestState, _upgrade_old_database, run_steps


@pytest.mark.slow
def test_self_test_flag_runs_every_step_and_leaves_user_data_alone(tmp_path: Path) -> None:
    user_data = tmp_path / "user-data"
    env = dict(os.environ, CASEDESK_DATA_DIR=str(user_data))
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.entry import main; sys.exit(main())",
         "--self-test"],
        capture_output=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, out + done.stderr.decode("utf-8")
    for label in (
        "打开临时数据库并迁移",
        "旧版本数据库升级",
        "载入示例辖区",
        "机构名录导出再导入",
        "生成文书",
        "转换 PDF",
    ):
        assert f"[通过] {label}" in out
    assert "自检通过" in out
    assert not user_data.exists()


def test_self_test_command_keeps_files_when_asked(tmp_path: Path) -> None:
    from desktop.cli.main import run

    assert run(["self-test", "--keep", str(tmp_path / "kept")]) == 0
    assert (tmp_path / "kept" / "data" / "casedesk.db").is_file()
    kept = sorted(p.name for p in (tmp_path / "kept" / "文书").glob("*.docx"))
    from forms.registry import FORMS

    # one of every form: 卷内备考表, the 听证 and review records, 不予行政处罚决定书 and 案件移送书 too
    assert len(kept) == len(FORMS) == 22
    assert any(name.startswith("行政处罚决定书_") for name in kept)
    assert any(name.startswith("不予行政处罚决定书_") for name in kept)
    assert any(name.startswith("案件移送书_") for name in kept)
    assert any(name.startswith("法制审核意见书_") for name in kept)
    assert any(name.startswith("集体讨论记录_") for name in kept)


def test_a_failing_step_is_reported_and_later_steps_still_run(tmp_path: Path) -> None:
    lines: list[str] = []

    def broken(_state: SelfTestState) -> str:
        raise RuntimeError("模板缺失")

    results = run_steps(
        [("坏步骤", broken), ("好步骤", lambda _s: "一切正常")], tmp_path, lines.append
    )
    assert [r.passed for r in results] == [False, True]
    assert lines[0].startswith("[失败] 坏步骤") and "RuntimeError: 模板缺失" in lines[0]
    assert lines[1].startswith("[通过] 好步骤")


def test_self_test_keeps_its_key_out_of_the_os_keyring(tmp_path: Path) -> None:
    import keyring
    from memory_keyring import MemoryKeyring

    from desktop.self_test import run_self_test

    os_keyring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(os_keyring)
    lines: list[str] = []
    try:
        assert run_self_test(lines.append, keep=tmp_path / "kept") == 0
        assert keyring.get_keyring() is os_keyring
    finally:
        keyring.set_keyring(previous)
    assert os_keyring.secrets == {}  # the probe entry was deleted, the data key never stored
    assert any("MemoryKeyring 存取正常" in line for line in lines)


def test_self_test_upgrades_a_database_of_the_oldest_revision_to_head(tmp_path: Path) -> None:
    from database.migrate import head_revision, revision_chain

    chain = revision_chain()
    assert chain[0] == "0001" and chain[-1] == head_revision()
    lines: list[str] = []
    results = run_steps([("旧版本数据库升级", _upgrade_old_database)], tmp_path, lines.append)
    assert results[0].passed, lines
    assert f"0001 → {head_revision()}" in results[0].detail

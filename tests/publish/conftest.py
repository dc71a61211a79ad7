"""Fixtures of the publication tests: the demo district with its October decisions issued."""

from __future__ import annotations

from pathlib import Path

import pytest
from publish_data import END, START, Issued

from desktop.app import AppContext


@pytest.fixture
def issued(demo_ctx: AppContext, tmp_path: Path) -> Issued:
    """The October penalty decisions generated (DOCX only), so that each has its 文号."""
    states = demo_ctx.publish.states(START, END)
    assert len(states) >= 8
    # The demo closes (locks) its October cases; a numbered document of a locked case needs a
    # recorded 重新打开 first (issue 15).
    for state in states:
        if demo_ctx.cases.is_locked(state.case_id):
            demo_ctx.audit.reopen_case(state.case_id, "测试：生成十月的行政处罚决定书")
    result = demo_ctx.documents.generate_batch(
        "penalty_decision", [s.case_id for s in states], tmp_path / "decisions"
    )
    assert not [i.error for i in result.items if i.error]
    numbers = {i.record_id: i.document.number for i in result.items if i.document}
    paths = {i.record_id: i.document.path for i in result.items if i.document and i.document.path}
    return Issued(demo_ctx, numbers, paths)

"""The penalty-kind vocabulary (行政处罚法 第九条) parses catalogue and ledger cells."""

from __future__ import annotations

import pytest

from desktop.law.kinds import BY_NAME, KIND_NAMES, parse_kinds


def test_kinds_parse_in_order_and_unknown_ones_are_named() -> None:
    assert parse_kinds("警告、 罚款、没收非法财物") == ("警告", "罚款", "没收非法财物")
    assert parse_kinds("") == ()
    with pytest.raises(ValueError, match="未知的处罚种类：罚金"):
        parse_kinds("警告、罚金")


def test_hearing_scope_follows_article_63() -> None:
    assert BY_NAME["吊销许可证件"].hearing == "always"
    assert BY_NAME["罚款"].hearing == "amount"
    assert BY_NAME["警告"].hearing == "never"
    assert len(KIND_NAMES) == len(set(KIND_NAMES))

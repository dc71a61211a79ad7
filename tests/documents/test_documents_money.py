"""Amounts in capitals by the 人民银行 rules."""

from __future__ import annotations

import pytest

from forms.money import fen_to_capitals, fen_to_figures, fen_to_text, yuan_to_fen


@pytest.mark.parametrize(
    ("fen", "capitals"),
    [
        (2345060, "人民币贰万叁仟肆佰伍拾元陆角整"),
        (2000000, "人民币贰万元整"),
        (140950, "人民币壹仟肆佰零玖元伍角整"),
        (600714, "人民币陆仟零柒元壹角肆分"),
        (1000100, "人民币壹万零壹元整"),
        (10010000, "人民币壹拾万零壹佰元整"),
        (1010, "人民币壹拾元壹角整"),
        (100005, "人民币壹仟元零伍分"),
        (7, "人民币柒分"),
        (0, "人民币零元整"),
        (100000000100, "人民币壹拾亿零壹元整"),
    ],
)
def test_capitals(fen: int, capitals: str) -> None:
    assert fen_to_capitals(fen) == capitals


def test_rounds_half_up_before_writing() -> None:
    # cn2an would truncate 0.005 元; the 人民银行 amount is rounded to the 分.
    assert yuan_to_fen("1234.565") == 123457
    assert fen_to_capitals(yuan_to_fen("0.005")) == "人民币壹分"


def test_figures_and_text() -> None:
    assert fen_to_figures(2000000) == "¥20,000.00"
    assert fen_to_text(2000000) == "人民币贰万元整（¥20,000.00）"

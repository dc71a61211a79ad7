"""check --legal: every case that breaks a procedure rule, with the rule, its basis and what to
do (exit status 1 when there is any)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from desktop.app import AppContext
from desktop.cli.registry import print_json, say
from desktop.law.procedure import RULES, Problem


def legal_check(ctx: AppContext, args: argparse.Namespace) -> int:
    """Print the problems (or JSON); 0 when every case keeps every rule."""
    problems = ctx.procedure.check_all()
    if getattr(args, "json", False):
        print_json([_record(p) for p in problems])
        return 1 if problems else 0
    for line in problem_lines(problems):
        say(line)
    cases = len({p.case_no for p in problems})
    if problems:
        say(f"法定程序检查：{cases} 件案件有 {len(problems)} 处问题。")
        return 1
    say(f"法定程序检查通过：所有案件均符合 {len(RULES)} 条规则。")
    return 0


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """Three lines a problem: case and rule, basis, what to do."""
    lines = []
    for p in problems:
        lines += [
            f"{p.case_no}　【{p.title}】（{p.rule}）",
            f"    依据：{p.basis}",
            f"    {p.message}。",
        ]
    return lines


def _record(p: Problem) -> dict[str, object]:
    return {"case_no": p.case_no, "rule": p.rule, "title": p.title, "basis": p.basis,
            "message": p.message, "refuses": list(p.forms)}  # fmt: skip

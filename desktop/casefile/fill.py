"""补齐卷内文书: generate the documents a case's file still lacks, one by one, from its records.

Each document is checked, numbered and recorded in its own transaction, exactly as when the clerk
generates it from the case page; one that cannot be generated yet (a required field is empty, a
penalty outside the provision's range) is reported with the engine's Chinese reason and the rest
go on. A cancel stops before the next document; the ones already generated stay (they are valid
records with their 文号).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.casefile.service import CaseFileService
from desktop.common.errors import CasedeskError
from desktop.common.progress import Cancel, Progress, is_cancelled
from desktop.common.sentences import join_clauses, sentence
from desktop.documents.order import procedural_rank
from desktop.documents.service import DocumentService
from forms.registry import find_form


@dataclass(frozen=True, slots=True)
class FillResult:
    """What was generated (title, 文号) and what could not be (title, reason)."""

    case_no: str
    generated: tuple[tuple[str, str], ...]
    failed: tuple[tuple[str, str], ...]
    cancelled: bool = False
    #: Cited evidence still missing: no form makes it, the clerk files it (照片, 票据 …).
    uncited: tuple[str, ...] = ()

    def __str__(self) -> str:
        if not self.generated and not self.failed and not self.cancelled:
            if self.uncited:
                return (
                    f"{self.case_no} 的卷内文书齐全，但决定书引用的证据未归入卷宗："
                    f"{'、'.join(self.uncited)}。"
                )
            return f"{self.case_no} 的卷内文书齐全，无需补齐。"
        parts = []
        if self.generated:
            made = "、".join(f"{t}（{n}）" if n else t for t, n in self.generated)
            parts.append(f"已生成 {len(self.generated)} 份：{made}")
        if self.failed:
            parts.append(
                f"未能生成 {len(self.failed)} 份：" + join_clauses(r for _t, r in self.failed)
            )
        if self.cancelled:
            parts.append("已取消，其余文书未生成")
        if self.uncited:
            parts.append(f"决定书引用的证据未归入卷宗：{'、'.join(self.uncited)}")
        return sentence(*parts, separator="。")


def generate_missing(
    case_files: CaseFileService,
    documents: DocumentService,
    case_key: str | int,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> FillResult:
    """Generate every missing document of the case's file, in procedural order."""
    plan = case_files.plan(case_key)
    generated: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    # the procedure's order, not the 卷宗's: a 结案报告 quotes the 决定书 made before it
    missing = sorted(plan.missing, key=procedural_rank)
    total = len(missing)
    for done, title in enumerate(missing):
        if is_cancelled(cancel):
            return FillResult(plan.case_no, tuple(generated), tuple(failed), cancelled=True)
        if progress is not None:
            progress(done, total, f"正在生成{title}")
        form = find_form(title)
        if form is None:
            failed.append((title, f"{title}没有对应的文书模板，请另行归入卷宗。"))
            continue
        try:
            document = documents.generate(form.id, case_id=plan.case_id)
        except CasedeskError as error:
            failed.append((title, str(error)))
            continue
        generated.append((title, document.number))
    if progress is not None:
        progress(total, total, "补齐卷内文书完成")
    return FillResult(plan.case_no, tuple(generated), tuple(failed),
                      uncited=case_files.plan(plan.case_id).uncited)  # fmt: skip

"""Our full path to a DOCX vs raw docxtpl on the same template and context.

Full path = DocumentService.generate(): load the case, build the context, pre-flight, check the
penalty range, allocate the 文号 in the transaction, render (sandbox, autoescape, StrictUndefined),
store in the content-addressed file store, record the Document row, write the file atomically.
Raw = DocxTemplate(path).render(context, autoescape=True).save(file). Target ratio ≤ 1.3.

    .venv/bin/python bench/bench_render.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from common import report
from docxtpl import DocxTemplate

from database.models import Case, CaseSource, CauseCategory, Officer, PartyType
from desktop.app import build_context
from desktop.calendar.workdays import WorkdayCalendar
from desktop.documents.sources import load_source
from desktop.law.discretion import shipped_levels
from forms.registry import FORMS

#: Issue 3: our full path at most 1.3× raw docxtpl on the same template and context.
MAX_RATIO = 1.3


def _make_cases(ctx, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    ctx.office.save({"authority_name": "青溪区卫生健康委员会", "short_name": "青",
                     "review_organ": "青溪区人民政府", "court": "青溪区人民法院",
                     "bank_name": "中国农业银行青溪支行", "bank_account": "19-990101040000001",
                     "payee": "青溪区财政局"})  # fmt: skip
    with ctx.uow_factory() as uow:
        officers = [Officer(name=f"执法员{i}", badge_no=f"ZJ{i:04d}") for i in range(2)]
        # Every fine states its 裁量理由 and the shipped 裁量基准 level it lies in (issue 14).
        level = next(t.level for t in shipped_levels() if t.code == "YLJG-04" and t.fits(2_345_060))
        cases = [
            Case(case_no=f"青卫医案〔2026〕{i}号", source=CaseSource.ROUTINE,
                 cause_category=CauseCategory.QUALIFICATION, party_type=PartyType.ORGANISATION,
                 party_name=f"青溪某医疗美容诊所{i}", party_address="青溪区人民路1号",
                 party_credit_code="91339901MA0000000X", party_representative="王某",
                 cause="超出登记的诊疗科目范围开展诊疗活动案",
                 facts="当事人核准登记的诊疗科目不含美容外科，于2026年3月2日为顾客实施双眼皮切开术。" * 3,
                 evidence="现场笔录、询问笔录、现场照片", provision_code="YLJG-04", warning=True,
                 fine_fen=2_345_060, confiscation_fen=300_000, order_correction=True,
                 discretion="鉴于当事人违法情节一般，", discretion_level=level,
                 filed_on=date(2026, 3, 1), notified_on=date(2026, 3, 20),
                 decided_on=date(2026, 4, 10), officers=officers)
            for i in range(1, count + 1)
        ]  # fmt: skip
        uow.session.add_all(cases)
        uow.commit()
        return [c.id for c in cases]


def main() -> int:
    # A throw-away data folder: its personal-data key is protected by a throw-away passphrase.
    os.environ.setdefault("CASEDESK_KEY_PASSPHRASE", "bench-only-passphrase")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    form = FORMS["penalty_decision"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        ctx = build_context(str(root / "data"))
        ids = _make_cases(ctx, count + 1)
        template = ctx.documents.templates_dir / form.template
        # The same context the service builds, for the raw run (number filled in as it would be).
        with ctx.uow_factory(readonly=True) as uow:
            source = load_source(uow.session, form, office=ctx.office.all(),
                                 calendar=WorkdayCalendar(ctx.uow_factory), case_id=ids[0])  # fmt: skip
            context = form.build_context(source)
            context["number"] = "青卫医罚〔2026〕1号"
        ctx.documents.generate("penalty_decision", case_id=ids[-1], out_dir=root / "warm")

        raw_dir = root / "raw"
        raw_dir.mkdir()
        # Interleaved, one of each per round, medians: fair on a machine with other load.
        raw_times: list[float] = []
        our_times: list[float] = []
        for i, case_id in enumerate(ids[:count]):
            started = time.perf_counter()
            doc = DocxTemplate(str(template))
            doc.render(context, autoescape=True)
            doc.save(str(raw_dir / f"{i}.docx"))
            raw_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=root / "ours")
            our_times.append(time.perf_counter() - started)
        raw, ours = statistics.median(raw_times), statistics.median(our_times)
        ctx.close()
    print(f"documents: {count} × 行政处罚决定书")
    print(f"raw docxtpl (render + save):          {raw * 1000:7.1f} ms/document (median)")
    print(f"casedesk full path (DB, 文号, store):   {ours * 1000:7.1f} ms/document (median)")
    ok = report("render_docx_median", ours * 1000, raw * 1000, unit="ms", max_ratio=MAX_RATIO)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""证据材料: scans, photos and PDFs attached to a case, kept in the file store, paged into its 卷宗.

A file is checked when it is added, not when the 卷宗 is built weeks later: it must be a PDF that
opens and is not password-protected, or a picture (JPEG, PNG, TIFF, BMP, GIF, WebP) that decodes.
A closed case is locked: its evidence changes only after a recorded 重新打开. Additions and
removals are audited like the case itself.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Attachment, Case
from database.unit_of_work import UowFactory
from desktop.casefile.entries import IMAGE_SUFFIXES
from desktop.cases.cases import find_case
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.documents.pdf_pages import image_to_pdf
from desktop.trust.file_store import FileStore
from forms.validators import FieldError, check_record_date, text_errors

#: Largest evidence file accepted (a scanned 100-page PDF is well below).
MAX_BYTES = 200 * 1024 * 1024
MEDIA_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".png": "image/png", ".tif": "image/tiff", ".tiff": "image/tiff",
               ".bmp": "image/bmp", ".gif": "image/gif", ".webp": "image/webp"}  # fmt: skip
LABEL = "证据文件"


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    """One evidence file of a case."""

    id: int
    case_id: int
    title: str
    file_name: str
    size: int
    media_type: str
    added_at: datetime | None
    #: 取证日期: when the evidence was taken (files it in the 卷宗); None = not recorded.
    collected_on: date | None = None


def check_evidence(name: str, data: bytes) -> str:
    """The media type of an acceptable evidence file; ValidationError saying why not."""
    suffix = Path(name).suffix.lower()
    media_type = MEDIA_TYPES.get(suffix)
    problem = ""
    if media_type is None:
        problem = f"“{name}”不是 PDF 或图片（JPEG、PNG、TIFF 等），不能收入卷宗。"
    elif not data:
        problem = f"“{name}”是空文件。"
    elif len(data) > MAX_BYTES:
        problem = f"“{name}”超过 {MAX_BYTES // (1024 * 1024)} MB。"
    elif suffix in IMAGE_SUFFIXES:
        try:
            image_to_pdf(data)
        except (OSError, ValueError) as error:
            problem = f"“{name}”无法作为图片读取（{error}）。"
    else:
        problem = _pdf_problem(name, data)
    if problem:
        raise ValidationError([FieldError(LABEL, problem)], "证据材料")
    return str(media_type)


def _pdf_problem(name: str, data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return f"“{name}”设有密码，请先取消密码再添加。"
        if not reader.pages:
            return f"“{name}”没有页面。"
    except Exception as error:  # pypdf raises several types for a damaged file
        return f"“{name}”不是有效的 PDF（{error}）。"
    return ""


class AttachmentService:
    """Add, list and remove a case's evidence files."""

    def __init__(self, uow_factory: UowFactory, store: FileStore) -> None:
        self._uow_factory = uow_factory
        self._store = store

    def add(self, case_key: str | int, path: Path, title: str = "",
            collected_on: date | None = None) -> int:  # fmt: skip
        """Check the file, store its bytes and record it under the case; returns its id."""
        return self.add_many(case_key, [path], title, collected_on)[0]

    def add_many(self, case_key: str | int, paths: Sequence[Path], title: str = "",
                 collected_on: date | None = None) -> list[int]:  # fmt: skip
        """Add several files, all or none: every file is checked before any is recorded.

        `title` names a single file; by default each is named by its file name.
        """
        checked: list[tuple[Path, bytes, str, str]] = []
        errors: list[FieldError] = []
        for path in paths:
            try:
                data = _read(path)
                media_type = check_evidence(path.name, data)
            except ValidationError as error:
                errors += error.errors
                continue
            name = (title if title and len(paths) == 1 else path.stem).strip()
            errors += text_errors([("证据名称", name, 200), ("文件名", path.name, 260)])
            checked.append((path, data, media_type, name))
        if collected_on is not None:
            try:
                check_record_date(collected_on, "取证日期")
            except FieldError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors, "证据材料，未添加任何文件")
        digests = [self._store.put(data) for _p, data, _m, _n in checked]  # rows never dangle
        with self._uow_factory() as uow:
            case = _unlocked_case(uow.session, case_key)
            attachments = [
                Attachment(case_id=case.id, title=name, file_name=path.name, sha256=digest,
                           size=len(data), media_type=media_type, collected_on=collected_on)
                for (path, data, media_type, name), digest in zip(checked, digests, strict=True)
            ]  # fmt: skip
            uow.session.add_all(attachments)
            uow.session.flush()
            ids = [a.id for a in attachments]
            uow.commit()
            return ids

    def list(self, case_key: str | int) -> list[AttachmentRow]:
        """A case's evidence in the order it was added."""
        with self._uow_factory(readonly=True) as uow:
            case = find_case(uow.session, case_key)
            rows = uow.session.scalars(
                select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
            )
            return [AttachmentRow(a.id, case.id, a.title, a.file_name, a.size, a.media_type,
                                  a.added_at, a.collected_on) for a in rows]  # fmt: skip

    def remove(self, attachment_id: int) -> None:
        """Take an evidence file out of its case (the stored bytes stay for the audit trail)."""
        with self._uow_factory() as uow:
            attachment = uow.session.get(Attachment, attachment_id)
            if attachment is None or attachment.case_id is None:
                raise NotFoundError(f"没有编号为 {attachment_id} 的证据材料。")
            _unlocked_case(uow.session, attachment.case_id)
            uow.session.delete(attachment)
            uow.commit()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            [FieldError(LABEL, f"无法读取“{path.name}”：{error.strerror or error}。")], "证据材料"
        ) from None


def _unlocked_case(session: Session, case_key: str | int) -> Case:
    case = find_case(session, case_key)
    if case.locked:
        raise ConflictError(
            f"案件 {case.case_no} 已结案锁定，证据材料不能再增删；如确需变更，请先登记“重新打开”。"
        )
    return case

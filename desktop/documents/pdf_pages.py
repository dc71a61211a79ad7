"""Qt-free PDF page helpers: images as pages, a marked gap page, page-number stamps (GB/T 9704)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

#: A4 in points.
A4_WIDTH, A4_HEIGHT = 595.28, 841.89
#: Resolution of the rendered gap page.
GAP_DPI = 100
#: Resource name of the page-number font; unusual so it never collides with a page's own fonts.
STAMP_FONT = "/CasedeskPageNo"
STAMP_SIZE = 14.0  # 四号
#: Helvetica advance widths (1/1000 em) of the characters a stamp uses.
_HELVETICA_WIDTHS = {"-": 333, " ": 278, **dict.fromkeys("0123456789", 556)}
MM = 72 / 25.4

#: CJK fonts tried for the gap page, Windows first (simsun/msyh), then Linux desktops.
CJK_FONT_CANDIDATES = (
    r"C:\Windows\Fonts\simsun.ttc",
    r"C:\Windows\Fonts\msyh.ttc",
    r"C:\Windows\Fonts\simhei.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def image_to_pdf(data: bytes) -> bytes:
    """An image (JPEG, PNG, TIFF …; every frame) as PDF pages scaled to fit A4."""
    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frame = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
            frames.append(frame)
    width, height = frames[0].size
    landscape = width > height
    page_w, page_h = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    # The dpi that makes the picture exactly fill A4 along its tighter side.
    dpi = max(width * 72 / page_w, height * 72 / page_h)
    out = io.BytesIO()
    frames[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=frames[1:], quality=90)
    return out.getvalue()


def cjk_font_path() -> str | None:
    """A CJK-capable font file on this machine (None when none is found)."""
    env = os.environ.get("CASEDESK_CJK_FONT")
    for candidate in (env, *CJK_FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def gap_page_pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """One A4 page marking a missing document: 缺少：{title}, drawn as a picture (no Qt)."""
    size = (round(A4_WIDTH / 72 * GAP_DPI), round(A4_HEIGHT / 72 * GAP_DPI))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font_path = cjk_font_path()
    big = ImageFont.truetype(font_path, 44) if font_path else ImageFont.load_default()
    small = ImageFont.truetype(font_path, 24) if font_path else ImageFont.load_default()
    margin = GAP_DPI  # one inch
    draw.rectangle((margin, margin, size[0] - margin, size[1] - margin), outline=0, width=4)
    draw.text((size[0] / 2, size[1] * 0.35), f"缺少：{title}", font=big, fill=0, anchor="mm")
    y = size[1] * 0.35 + 90
    for line in lines:
        draw.text((size[0] / 2, y), line, font=small, fill=0, anchor="mm")
        y += 44
    out = io.BytesIO()
    page.save(out, "PDF", resolution=GAP_DPI)
    return out.getvalue()


def _stamp_width(text: str) -> float:
    return sum(_HELVETICA_WIDTHS.get(ch, 556) for ch in text) * STAMP_SIZE / 1000


class PageStamper:
    """Draws “- N -” at the foot of pages (odd right, even left), as an added content stream."""

    def __init__(self, writer: PdfWriter) -> None:
        self._writer = writer
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        self._font: IndirectObject = writer._add_object(font)
        save = DecodedStreamObject()
        save.set_data(b"q\n")
        # One shared "q" stream: isolates each page's own graphics state from the stamp.
        self._save: IndirectObject = writer._add_object(save)

    def stamp(self, page: PageObject, number: int) -> None:
        """Add the page number to one page of the writer."""
        if page.get("/Rotate", 0) % 360:
            page.transfer_rotation_to_content()
        box = page.cropbox
        text = f"- {number} -"
        width = _stamp_width(text)
        inset = 14 * MM  # GB/T 9704: 一字线 page number near the outer edge
        x = float(box.right) - inset - width if number % 2 else float(box.left) + inset
        y = float(box.bottom) + 12 * MM
        stream = DecodedStreamObject()
        stream.set_data(
            f"Q\nq BT {STAMP_FONT} {STAMP_SIZE:g} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n".encode()
        )
        stamp_ref = self._writer._add_object(stream)
        self._add_font(page)
        contents = page.get(NameObject("/Contents"))
        parts: list[object] = [self._save]
        if contents is not None:
            resolved = contents.get_object()
            if isinstance(resolved, ArrayObject):
                parts += list(resolved)
            else:
                parts.append(
                    contents
                    if isinstance(contents, IndirectObject)
                    else self._writer._add_object(resolved)
                )
        parts.append(stamp_ref)
        page[NameObject("/Contents")] = ArrayObject(parts)

    def _add_font(self, page: PageObject) -> None:
        if NameObject("/Resources") not in page:
            page[NameObject("/Resources")] = DictionaryObject()
        resources = page[NameObject("/Resources")].get_object()
        assert isinstance(resources, DictionaryObject)
        if NameObject("/Font") not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        fonts = resources[NameObject("/Font")].get_object()
        assert isinstance(fonts, DictionaryObject)
        fonts[NameObject(STAMP_FONT)] = self._font

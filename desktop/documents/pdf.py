"""DOCX → PDF converters: LibreOffice headless (batch, one process), Word and WPS over COM.

LibreOffice converts a whole batch in one soffice process with a private profile folder (two
soffice sharing the user's profile block each other). soffice writes into a private staging
folder, never into the output folder: a stale PDF of the same name left there by an earlier run
can then not be mistaken for this run's result. We watch the staging folder: a document that
produces no PDF within its timeout is declared hung, the process group is killed and the rest
of the batch continues in a fresh process. Each PDF is verified (non-empty, pypdf opens it, has
pages) and then renamed onto its target, so the output folder never holds a half-written PDF.

Word/WPS over COM live in com_converter, the choice of converter (which suites this PC has, in
the order of 设置) in converter_choice.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape

import pypdf

from desktop.common.errors import CasedeskError
from desktop.common.progress import Progress
from desktop.documents.converters import (
    find_soffice,
    subprocess_env,
)
from desktop.trust.file_store import FileBusyError, move_onto, owner_only, private_dirs
from desktop.trust.leftovers import STAGING_PREFIX, mark_owner, note_soffice, recorded
from desktop.trust.processes import kill_tree

#: Seconds a single document may take once soffice is running.
DEFAULT_TIMEOUT = 60.0
#: Extra seconds for soffice to start (the first start builds its profile).
STARTUP_ALLOWANCE = 30.0
#: The converters poll a plain callable (DocumentService wraps an Event in one).
Cancel = Callable[[], bool]


class ConverterMissingError(CasedeskError):
    """No PDF converter is installed."""


class ConversionCancelledError(CasedeskError):
    """The clerk cancelled the conversion."""


@dataclass
class ConversionResult:
    """PDFs made, and documents that failed with the reason."""

    pdfs: dict[Path, Path] = field(default_factory=dict)
    failed: dict[Path, str] = field(default_factory=dict)


class PdfConverter(Protocol):
    """Converts DOCX files into PDFs in out_dir."""

    name: str

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult: ...  # fmt: skip


def verify_pdf(path: Path) -> str | None:
    """Why a produced PDF cannot be used (None when it is a readable PDF with pages)."""
    try:
        size = path.stat().st_size
    except OSError:
        return "未生成 PDF 文件。"
    if size == 0:
        return "生成的 PDF 是空文件。"
    try:
        pages = len(pypdf.PdfReader(path).pages)
    except Exception as error:  # pypdf raises many kinds on a damaged file
        return f"生成的 PDF 无法打开（{error}）。"
    return None if pages else "生成的 PDF 没有页面。"


def _settle(source: Path, produced: Path, out_dir: Path, result: ConversionResult) -> None:
    """Verify a produced PDF and rename it onto its target (same folder tree: atomic)."""
    problem = verify_pdf(produced)
    if problem is not None:
        result.failed[source] = problem
        produced.unlink(missing_ok=True)
        return
    target = out_dir / (source.stem + ".pdf")
    owner_only(produced)  # soffice/Word write 0644: the PDF holds personal data like its DOCX
    try:
        move_onto(produced, target)  # a viewer holding the old PDF: retried, then named
    except FileBusyError as error:
        produced.unlink(missing_ok=True)
        result.failed[source] = str(error)
        return
    result.pdfs[source] = target


@contextlib.contextmanager
def _staging(out_dir: Path) -> Iterator[str]:
    """A private folder inside out_dir: renames from it onto out_dir stay on one file system.
    It carries its owner's pid and is journalled, so that the start-up check removes it when
    a killed run leaves it behind (desktop.trust.leftovers)."""
    private_dirs(out_dir)
    with tempfile.TemporaryDirectory(
        prefix=STAGING_PREFIX, dir=out_dir, ignore_cleanup_errors=True
    ) as staging:
        mark_owner(Path(staging))
        with recorded("staging", Path(staging)):
            yield staging


#: Where LibreOffice (fontconfig) looks when a GB/T 9704 font is not installed, best first.
#: Without these aliases fontconfig falls back to the first CJK face it has (a sans-serif, often
#: the Japanese cut), so 仿宋 body text and the 小标宋 title printed as 黑体-like sans.
FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong", "AR PL UMing CN", "Noto Serif CJK SC",
                   "Source Han Serif SC", "Source Han Serif CN", "serif"),
    "方正小标宋简体": ("方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC",
                  "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN", "serif"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC", "serif"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
           "sans-serif"),
}  # fmt: skip


def fontconfig_aliases(include: str) -> str:
    """A fontconfig file that includes the system one and adds FONT_ALIASES."""
    aliases = "".join(
        f'<alias binding="same"><family>{escape(name)}</family><prefer>'
        + "".join(f"<family>{escape(other)}</family>" for other in prefer)
        + "</prefer></alias>\n"
        for name, prefer in FONT_ALIASES.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'<include ignore_missing="yes">{escape(include)}</include>\n{aliases}</fontconfig>\n'
    )


def _font_env(env: dict[str, str], scratch: Path) -> dict[str, str]:
    """On Linux/BSD (fontconfig), point soffice at FONT_ALIASES layered over the usual config."""
    if sys.platform in ("win32", "darwin"):
        return env
    include = env.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    config = scratch / "fonts.conf"
    config.write_text(fontconfig_aliases(include), encoding="utf-8")
    return {**env, "FONTCONFIG_FILE": str(config)}


class LibreOfficeConverter:
    """soffice --headless --convert-to pdf with a private profile, many files per process."""

    name = "libreoffice"

    def __init__(self, soffice: str | Path | None = None, timeout: float = DEFAULT_TIMEOUT,
                 profile_dir: Path | None = None,
                 startup: float = STARTUP_ALLOWANCE) -> None:  # fmt: skip
        found = soffice or find_soffice()
        if not found:
            raise ConverterMissingError(
                "未找到 LibreOffice（soffice），无法转换 PDF。请安装 LibreOffice，"
                "或在 Windows 上安装 Word/WPS 并在“单位设置 → PDF 转换程序”中选择。"
            )
        self.soffice = str(found)
        self.timeout = timeout
        self.startup = startup
        self._profile_dir = profile_dir

    def _command(self, profile: Path, out_dir: Path, files: Sequence[Path]) -> list[str]:
        return [self.soffice, f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                "--outdir", str(out_dir), *[str(f) for f in files]]  # fmt: skip

    def convert(self, docx_files: Sequence[Path], out_dir: Path, *,
                progress: Progress | None = None,
                cancel: Cancel | None = None) -> ConversionResult:  # fmt: skip
        """Convert all files; hung documents are skipped after their timeout."""
        result = ConversionResult()
        pending = list(docx_files)
        with (
            tempfile.TemporaryDirectory(prefix="casedesk-lo-", ignore_cleanup_errors=True) as scratch,
            _staging(out_dir) as staging,
        ):
            mark_owner(Path(scratch))  # a killed run's scratch and soffice are found by it
            profile = self._profile_dir or Path(scratch) / "profile"
            env = _font_env(subprocess_env(), Path(scratch))
            run = 0
            while pending:
                # A fresh folder per soffice process: a hung run's partial PDF stays behind.
                run_dir = Path(staging) / str(run)
                run_dir.mkdir()
                done = self._run(profile, pending, run_dir, out_dir, result, progress, cancel,
                                 len(docx_files), env, Path(scratch))  # fmt: skip
                if done < len(pending):
                    profile = fresh_profile(Path(scratch), run)
                pending = pending[done:]
                run += 1
        return result

    def _run(self, profile: Path, files: list[Path], run_dir: Path, out_dir: Path,
             result: ConversionResult, progress: Progress | None, cancel: Cancel | None,
             total: int, env: dict[str, str], scratch: Path) -> int:  # fmt: skip
        """One soffice process; returns how many of files it got through (done or hung)."""
        process = subprocess.Popen(
            self._command(profile, run_dir, files),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # subprocess_env(): a frozen bundle's LD_LIBRARY_PATH must not reach soffice.
            env=env,
            start_new_session=sys.platform != "win32",
        )
        # If this program is killed, the start-up check stops this soffice by its pid (and
        # only if its command line still names this profile).
        note_soffice(scratch, process.pid, profile.resolve().as_uri())
        index = 0
        deadline = time.monotonic() + self.timeout + self.startup
        try:
            while index < len(files):
                if cancel is not None and cancel():
                    _kill(process)
                    raise ConversionCancelledError("已取消 PDF 转换。")
                # Look in this order: soffice works one file after another, so once it has
                # ended or begun the next file, the current one is finished (or never will be).
                ended = process.poll() is not None
                following = index + 1 < len(files) and _produced(run_dir, files[index + 1]).exists()
                produced = _produced(run_dir, files[index])
                settled = False
                if produced.exists():
                    # A PDF still being written fails verification: wait unless soffice moved on.
                    if ended or following or verify_pdf(produced) is None:
                        _settle(files[index], produced, out_dir, result)
                        settled = True
                elif ended or following:
                    result.failed[files[index]] = "LibreOffice 未能转换此文件（文件可能已损坏）。"
                    settled = True
                if settled:
                    if progress:
                        progress(len(result.pdfs) + len(result.failed), total,
                                 files[index].stem + ".pdf")  # fmt: skip
                    index += 1
                    deadline = time.monotonic() + self.timeout
                    continue
                if time.monotonic() > deadline:
                    _kill(process)
                    result.failed[files[index]] = (
                        f"转换超时（超过 {self.timeout:.0f} 秒），已终止。"
                    )
                    return index + 1
                time.sleep(0.02)
            process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
        finally:
            if process.poll() is None:
                _kill(process)
        return index


def fresh_profile(scratch: Path, run: int) -> Path:
    """The profile for the soffice that follows a killed one: a killed soffice may leave its
    profile locked or half-written, and the rest of the batch must not depend on it."""
    return scratch / f"profile-{run + 1}"


def _produced(run_dir: Path, source: Path) -> Path:
    """Where soffice writes the PDF of source."""
    return run_dir / (source.stem + ".pdf")


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill soffice and its children (soffice.exe/oosplash start soffice.bin, which holds the
    profile): taskkill /T /F on Windows, the process group elsewhere."""
    if not kill_tree(process.pid):
        with contextlib.suppress(OSError):
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)

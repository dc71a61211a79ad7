"""installer/glibc_floor.py reads the highest GLIBC_ version ELF files need, as objdump -T does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))

import glibc_floor

PDFIUM = Path(__import__("pypdfium2_raw").__file__).parent


def _objdump_versions(path: Path) -> set[str]:
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True)
    return {
        word.strip("()") for word in out.stdout.split() if word.strip("()").startswith("GLIBC_")
    }


@pytest.mark.skipif(shutil.which("objdump") is None, reason="binutils not installed")
def test_the_reader_agrees_with_objdump_on_a_real_library() -> None:
    library = next(PDFIUM.glob("*.so*"))
    read = {v for v in glibc_floor.needed_versions(library.read_bytes()) if v.startswith("GLIBC_")}
    assert read and read == _objdump_versions(library)


def test_the_floor_is_the_highest_version_and_names_the_files(tmp_path: Path) -> None:
    library = next(PDFIUM.glob("*.so*"))
    (tmp_path / "lib").mkdir()
    shutil.copy(library, tmp_path / "lib" / library.name)
    (tmp_path / "lib" / "link.so").symlink_to(tmp_path / "lib" / library.name)
    (tmp_path / "notes.txt").write_text("not ELF", "utf-8")
    floor = glibc_floor.floors(tmp_path)["GLIBC_"]
    versions = {
        v for v in glibc_floor.needed_versions(library.read_bytes()) if v.startswith("GLIBC_")
    }
    assert floor.version == max(versions, key=glibc_floor._version_key)
    assert floor.files == (f"lib/{library.name}",)  # the symlink and the text file are skipped
    assert glibc_floor._version_key("GLIBC_2.9") < glibc_floor._version_key("GLIBC_2.17")


def test_the_command_prints_the_floor_and_fails_on_a_folder_without_elf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert glibc_floor.main([str(PDFIUM)]) == 0
    assert capsys.readouterr().out.startswith("GLIBC floor: GLIBC_2.")
    assert glibc_floor.main([str(tmp_path)]) == 1

"""Run by LibreOffice's own Python (never imported by casedesk): converts DOCX → PDF through UNO.

    python3 uno_worker.py PIPE_NAME PROFILE_URI

It connects to the soffice that desktop.documents.warm_office started listening on the private
pipe PIPE_NAME (PROFILE_URI is only there so that the start-up check recognises this process by
its command line), prints `{"ready": true}`, then reads one JSON request per line from standard
input — `{"source": path, "target": path}` — and answers each with one JSON line: `{"ok": true}`
or `{"ok": false, "error": text, "office_gone": bool}`. office_gone says the soffice died (the
worker then exits and the caller restarts both). Only the standard library and LibreOffice's
`uno` module are used, so the interpreter LibreOffice ships (or Debian's python3-uno) runs it.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import uno  # LibreOffice's Python only (mypy: ignore_missing_imports)

#: Seconds to wait for the freshly started soffice to accept connections.
CONNECT_WITHIN = 60.0


def _property(name: str, value: object) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def connect(pipe: str) -> Any:
    """The office's Desktop service, retrying until soffice listens."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_WITHIN
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop: Any, source: str, target: str) -> None:
    """Load the DOCX hidden and read-only, export it as PDF, close it."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0,
        (_property("Hidden", True), _property("ReadOnly", True), _property("UpdateDocMode", 0)),
    )  # fmt: skip
    if document is None:
        raise RuntimeError("LibreOffice 无法打开此文件（文件可能已损坏）。")
    try:
        document.storeToURL(uno.systemPathToFileUrl(target),
                            (_property("FilterName", "writer_pdf_Export"),))  # fmt: skip
    finally:
        document.close(True)


def _office_gone(error: BaseException) -> bool:
    """Whether the error means the soffice process (or the bridge to it) is gone."""
    name = type(error).__name__
    return name in ("DisposedException", "RuntimeException") or "Binary URP bridge" in str(error)


def _alive(desktop: Any) -> bool:
    """Whether the office still answers (an error while it was being killed can look like a
    document error: IOException from the store, an empty load)."""
    try:
        desktop.getFrames()
    except Exception:
        return False
    return True


def main(argv: list[str]) -> int:
    desktop = connect(argv[0])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            convert(desktop, request["source"], request["target"])
            reply: dict[str, object] = {"ok": True}
        except Exception as error:  # every failure is answered; the caller decides
            gone = _office_gone(error) or not _alive(desktop)
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}", "office_gone": gone}
            if gone:
                print(json.dumps(reply, ensure_ascii=False), flush=True)
                return 1
        print(json.dumps(reply, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

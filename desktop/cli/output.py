"""One output encoding for the whole command line, set before anything is printed.

Python writes standard output in the locale's code page when it is redirected (cp936 on a
Chinese Windows; "sys.stdout … uses the locale encoding" for files and pipes, Python's sys
docs), and in UTF-16 through WriteConsoleW when it is an interactive console (PEP 528). The CLI
used to write its own lines as UTF-8 bytes while argparse's help and errors went through the
text stream: a Task Scheduler log or a PowerShell capture held both encodings and read as
mojibake in any. Now every line goes through the text streams, set here once:

* redirected (file, pipe): UTF-8 without BOM, whatever PYTHONIOENCODING or the code page say;
* interactive: the console's own encoding (Unicode on Windows' console, the locale's elsewhere);
* CASEDESK_OUTPUT_ENCODING=gbk (or any codec) overrides both, for a tool that only reads GBK.

Characters the encoding cannot show become "?" instead of a UnicodeEncodeError traceback.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Mapping

#: Environment variable forcing one encoding (e.g. gbk for an old log reader).
ENV_OUTPUT_ENCODING = "CASEDESK_OUTPUT_ENCODING"
#: What redirected output is written in.
REDIRECTED_ENCODING = "utf-8"


def output_encoding(interactive: bool, current: str, environ: Mapping[str, str]) -> str:
    """The encoding for one stream: the override, else UTF-8 when redirected, else the console's."""
    override = environ.get(ENV_OUTPUT_ENCODING, "").strip()
    if override:
        try:
            return codecs.lookup(override).name
        except LookupError:
            pass  # an unknown name must not stop the program: fall back to the rule
    return current if interactive else REDIRECTED_ENCODING


def configure_output(environ: Mapping[str, str] | None = None) -> None:
    """Reconfigure sys.stdout and sys.stderr (argparse writes through them too)."""
    env = os.environ if environ is None else environ
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # None in a windowed exe, or a test's capture object
        try:
            interactive = stream.isatty()
        except (OSError, ValueError):
            interactive = False
        encoding = output_encoding(interactive, stream.encoding, env)
        stream.flush()
        stream.reconfigure(encoding=encoding, errors="replace")

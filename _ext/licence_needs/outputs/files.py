"""Writing output files: atomically, and only when their bytes change.

Both language builds and ``make check`` may write beside each other, and a
build can be interrupted: a file is written to a temporary name in its
folder and renamed into place, so a reader sees the old bytes or the new,
never half of them.  An unchanged file is not touched (its time stays, and
an incremental web server or rsync sees nothing to do).
"""

from __future__ import annotations

import os
from pathlib import Path

#: where the exports stand, relative to a language's output folder (the site
#: links them; the audit pack takes them from there)
EXPORTS_DIR = "exports"


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, unless it already holds them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_text(path: Path, text: str) -> None:
    """:func:`write_bytes` for UTF-8 text."""
    write_bytes(path, text.encode("utf-8"))

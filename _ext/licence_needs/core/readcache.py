"""A cache of what reading each data file gave, keyed by the file's bytes.

Reading is most of ``make check`` (strict YAML events, then the data
format's checks): about 0.7 s at 5,000 needs, of which an everyday edit
changes one file.  Reading a file is a pure function of its bytes, its name
and this package's code, so its result (the items and the findings) is kept
under a digest of those three, and a file whose digest is known is not read
again.  Both front ends use the same folder (``licence_cache_dir``), so a
check after a build, or a build after a check, reads only what changed.

The cache is an optimisation, never a source: an entry that cannot be read
(truncated, from another Python, written by hand) is ignored and the file
is read again, and a folder that cannot be written is no error.  Entries
are written whole (a temporary file, then a rename), so parallel builds of
the two languages can share the folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

#: bump when what an entry holds changes shape without the code changing
FORMAT = 1


@cache
def code_digest(folder: Path, pattern: str = "*.py") -> str:
    """The modules under ``folder`` matching ``pattern``, as one digest (what
    a cached result was computed by: any change of them makes it stale)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}".encode())
    for module in sorted(folder.glob(pattern)):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def _code_digest() -> str:
    """This package's code (the reader, the format, the model)."""
    return code_digest(Path(__file__).resolve().parent)


def key(name: str, data: bytes) -> str:
    """The entry of the file shown as ``name`` holding ``data``."""
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


class ReadCache:
    """Entries in one folder; ``None`` for no cache at all."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, entry: str) -> Any | None:
        """The value kept under ``entry``, or ``None`` (absent or unreadable)."""
        if self.folder is None:
            return None
        try:
            with (self.folder / entry).open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # whatever a bad entry raises: read the file again
            return None

    def put(self, entry: str, value: Any) -> None:
        """Keep ``value`` under ``entry`` (silently not, if the folder is not
        writable: the next run reads the file again)."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".entry-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / entry)
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def keep_only(self, entries: set[str]) -> None:
        """Remove the entries not in ``entries`` (the files as they were):
        the folder holds one entry per data file, not one per edit."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if _ENTRY.fullmatch(path.name) and path.name not in entries:
                path.unlink(missing_ok=True)


_ENTRY = re.compile(r"[0-9a-f]{64}")

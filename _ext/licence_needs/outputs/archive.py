"""A reproducible zip with a ``sha256sum`` manifest: the audit pack's format.

The same files and the same moment always give the same bytes: entries are
sorted, every entry has the same time (the moment, to the two seconds a zip
can hold), the same permissions (0644, made on "Unix") and the same
compression, and nothing else of the machine is written.  The manifest is in
the format ``sha256sum -c`` reads, so the unpacked pack verifies itself.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from datetime import datetime

MANIFEST = "MANIFEST.sha256"
#: the zip format has no dates before 1980
_EARLIEST = datetime(1980, 1, 1)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(files: Mapping[str, bytes]) -> str:
    """``sha256sum`` lines for ``files`` (path → bytes), sorted by path."""
    for path in files:
        if "\n" in path or "\\" in path:
            raise ValueError(f"a path sha256sum cannot check: {path!r}")
    return "".join(f"{sha256(files[path])}  {path}\n" for path in sorted(files))


def zip_bytes(files: Mapping[str, bytes], moment: datetime, folder: str = "") -> bytes:
    """The zip of ``files`` (path → bytes) under ``folder``, entries sorted,
    every entry dated ``moment``."""
    when = max(moment.replace(tzinfo=None), _EARLIEST).timetuple()[:6]
    prefix = f"{folder.strip('/')}/" if folder else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            entry = zipfile.ZipInfo(prefix + path, date_time=when)
            entry.create_system = 3  # Unix: the permissions below mean what they say
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[path], compresslevel=9)
    return buffer.getvalue()

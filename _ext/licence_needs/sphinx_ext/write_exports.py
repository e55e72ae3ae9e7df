"""Write the exports beside each language's pages (``exports/``) after an HTML build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.vocabulary import lang_of
from ..outputs.files import write_bytes
from ..outputs.ical import ICS_NAME, calendar_ics
from ..outputs.tabular import (
    CSV_NAME,
    XLSX_NAME,
    matrix_table,
    sheets,
    write_csv,
    write_xlsx,
)
from .context import build_data

logger = logging.getLogger(__name__)

#: where the exports stand, relative to a language's output folder
EXPORTS_DIR = "exports"


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the matrix as CSV and XLSX, and the calendar feed.

    Skipped when nothing they depend on changed since they were written (the
    data, the as-of date, the language, and the extension's code): at
    thousands of needs the XLSX alone takes a second.
    """
    if exception is not None or app.builder.format != "html":
        return
    data = build_data(app.env)
    lang = lang_of(app.config.language)
    folder = Path(app.outdir) / EXPORTS_DIR
    stamp = folder / ".stamp"
    key = _key(data.model.files, data.root, str(data.as_of), lang)
    names = (CSV_NAME, XLSX_NAME, ICS_NAME)
    written = all((folder / name).exists() for name in names)
    if written and stamp.exists() and stamp.read_text() == key:
        return
    trace = data.traceability
    try:
        write_csv(folder / CSV_NAME, matrix_table(trace, data.model, lang))
        write_xlsx(folder / XLSX_NAME, sheets(trace, data.model, lang), data.as_of)
        write_bytes(
            folder / ICS_NAME,
            calendar_ics(data.schedule, data.model, lang, data.as_of),
        )
        stamp.write_text(key)
    except OSError as exc:
        # one plain line; the gate still runs after this and gives its verdict
        logger.error(
            f"cannot write the exports: {exc.filename or folder}: "
            f"{exc.strerror or exc}",
            type="licence",
            subtype="unwritable",
        )
        app.statuscode = 1


def _key(files: tuple[str, ...], root: Path, *parts: str) -> str:
    """What the exports depend on, as one digest: the data files, the other
    parts, and every module of the package (labels and models shape them)."""
    digest = hashlib.sha256("\0".join(parts).encode())
    for name in files:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_exports)

"""Write the exports beside each language's pages (``exports/``) after an HTML build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

from .exports import (
    CSV_NAME,
    XLSX_NAME,
    matrix_table,
    sheets,
    write_bytes,
    write_csv,
    write_xlsx,
)
from .ics import ICS_NAME, calendar_ics
from .labels import lang_of
from .state import project


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the matrix as CSV and XLSX, and the calendar feed.

    Skipped when nothing they depend on changed since they were written (the
    data, the as-of date, the language, and the code that writes them): at
    thousands of needs the XLSX alone takes a second.
    """
    if exception is not None or app.builder.format != "html":
        return
    state = project(app)
    lang = lang_of(app.config.language)
    folder = Path(app.outdir) / "exports"
    stamp = folder / ".stamp"
    key = _key(state.digest, str(state.as_of), lang)
    names = (CSV_NAME, XLSX_NAME, ICS_NAME)
    written = all((folder / name).exists() for name in names)
    if written and stamp.exists() and stamp.read_text() == key:
        return
    data = state.trace()
    write_csv(folder / CSV_NAME, matrix_table(data, state.model, lang))
    cal = state.calendar()
    if state.as_of is not None and cal is not None:
        write_xlsx(folder / XLSX_NAME, sheets(data, state.model, lang), state.as_of)
        write_bytes(
            folder / ICS_NAME, calendar_ics(cal, state.model, lang, state.as_of)
        )
    stamp.write_text(key)


def _key(*parts: str) -> str:
    """What the exports depend on, code included, as one digest."""
    digest = hashlib.sha256("\0".join(parts).encode())
    here = Path(__file__).parent
    for module in ("export", "exports", "ics", "trace", "calendar", "workdays"):
        digest.update((here / f"{module}.py").read_bytes())
    return digest.hexdigest()

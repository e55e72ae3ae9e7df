"""Write the exports beside each language's pages (``exports/``) after an HTML build."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import calendar, trace
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
    """``build-finished``: the matrix as CSV and XLSX, from the current data."""
    if exception is not None or app.builder.format != "html":
        return
    state = project(app)
    lang = lang_of(app.config.language)
    data = trace.build(state.model, state.as_of)
    folder = Path(app.outdir) / "exports"
    write_csv(folder / CSV_NAME, matrix_table(data, state.model, lang))
    if state.as_of is not None:
        write_xlsx(folder / XLSX_NAME, sheets(data, state.model, lang), state.as_of)
        feed = calendar_ics(
            calendar.build(state.model, state.as_of), state.model, lang, state.as_of
        )
        write_bytes(folder / ICS_NAME, feed)

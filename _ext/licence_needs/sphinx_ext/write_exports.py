"""Write the exports beside each language's pages (``exports/``) after an HTML build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

from ..core.vocabulary import lang_of
from ..outputs.files import write_bytes
from ..outputs.ical import ICS_NAME, calendar_ics
from ..outputs.oscal import (
    CATALOG_NAME,
    COMPONENTS_NAME,
    OSCAL_DIR,
    catalog,
    component_definition,
    to_json,
)
from ..outputs.reqif import REQIF_NAME, reqif_xml
from ..outputs.tabular import (
    CSV_NAME,
    XLSX_NAME,
    matrix_table,
    sheets,
    write_csv,
    write_xlsx,
)
from .context import build_data

#: where the exports stand, relative to a language's output folder
EXPORTS_DIR = "exports"
#: the OSCAL documents, relative to the exports folder
OSCAL_NAMES = (f"{OSCAL_DIR}/{CATALOG_NAME}", f"{OSCAL_DIR}/{COMPONENTS_NAME}")


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the matrix as CSV and XLSX, the calendar feed, and
    the interchange files (ReqIF; OSCAL catalog and component-definition).

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
    names = (CSV_NAME, XLSX_NAME, ICS_NAME, REQIF_NAME, *OSCAL_NAMES)
    written = all((folder / name).exists() for name in names)
    if written and stamp.exists() and stamp.read_text() == key:
        return
    trace = data.traceability
    write_csv(folder / CSV_NAME, matrix_table(trace, data.model, lang))
    write_xlsx(folder / XLSX_NAME, sheets(trace, data.model, lang), data.as_of)
    write_bytes(
        folder / ICS_NAME, calendar_ics(data.schedule, data.model, lang, data.as_of)
    )
    day, model = data.as_of, data.model
    write_bytes(folder / REQIF_NAME, reqif_xml(model, lang, day))
    write_bytes(folder / OSCAL_NAMES[0], to_json(catalog(model, lang, day)))
    write_bytes(
        folder / OSCAL_NAMES[1], to_json(component_definition(model, lang, day))
    )
    stamp.write_text(key)


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

"""The traceability matrix as files auditors download: CSV and XLSX.

Columns are fixed and documented (:data:`COLUMNS`); headers and values are in
the language of the site they are exported with.  Both files are byte for
byte the same for the same data and as-of date: the CSV has no dates at all,
and the XLSX has its document properties and zip entry times pinned to the
as-of date (openpyxl otherwise writes the current time into both).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..core.model import Model, Need
from ..core.schema import Lang
from ..core.vocabulary import label, value_label
from ..derived import review_state
from ..derived.assurance import Assurance
from ..derived.traceability import Row, Trace
from .files import write_bytes

#: the matrix's columns, in order (headers: ``column.<key>`` in the vocabulary)
COLUMNS: tuple[str, ...] = (
    "provision_id",
    "provision",
    "obligation_id",
    "obligation",
    "modality",
    "control_id",
    "control",
    "owner",
    "frequency",
    "evidence_ids",
    "evidence",
    "status",
    "review",
    "assurance",
)
CSV_NAME = "traceability.csv"
XLSX_NAME = "traceability.xlsx"


def matrix_table(
    trace: Trace, model: Model, lang: Lang, levels: Assurance | None = None
) -> list[list[str]]:
    """The matrix as rows of text: a header, then one row per pair or gap.

    ``assurance`` is the obligation's level (the worst of its controls), in
    the language's words; without ``levels`` the column is empty.
    """
    owners = {o.id: o.title.get(lang) for o in model.owners}
    review = review_state.build(model)
    obligations = levels.obligations if levels else {}
    return [
        headers(COLUMNS, lang),
        *(_cells(row, owners, lang, review, obligations) for row in trace.rows),
    ]


def review_text(review: review_state.ReviewState, row: Row, lang: Lang) -> str:
    """A row's review state: what awaits review, or reviewed (empty when the
    project does not use change control)."""
    if not review.in_use:
        return ""
    pending = [
        f"{label(f'row.{state}', lang)}"
        + (
            f" ({' '.join(item for item, _ in review.pending_links(row))})"
            if state == "suspect"
            else f" ({' '.join(review.stale_items(row))})"
        )
        for state in review.row_states(row)
    ]
    return "; ".join(pending) or label("row.reviewed", lang)


def _cells(
    row: Row,
    owners: dict[str, str],
    lang: Lang,
    review: review_state.ReviewState,
    levels: Mapping[str, str],
) -> list[str]:
    control = row.control
    values = {
        "provision_id": row.provision.id if row.provision else "",
        "provision": row.provision.title.get(lang) if row.provision else "",
        "obligation_id": row.obligation.id,
        "obligation": row.obligation.title.get(lang),
        "modality": value_label("modality", row.obligation.modality, lang),
        "control_id": control.id if control else "",
        "control": control.title.get(lang) if control else "",
        "owner": owners.get(control.owner or "", control.owner or "")
        if control
        else "",
        "frequency": value_label("frequency", control.frequency, lang)
        if control
        else "",
        "evidence_ids": " ".join(e.id for e in row.evidence),
        "evidence": "; ".join(e.title.get(lang) for e in row.evidence),
        "status": status_text(row, lang),
        "review": review_text(review, row, lang),
        "assurance": value_label("assurance", levels.get(row.obligation.id), lang),
    }
    return [values[key] for key in COLUMNS]


def status_text(row: Row, lang: Lang) -> str:
    """A row's status; a waiver says until when and why."""
    text = label(f"row.{row.status}", lang)
    if row.waiver is not None:
        until = label("row.until", lang)
        text += f" {row.waiver.id} ({until} {row.waiver.expires})"
    return text


#: what a spreadsheet reads as the start of a formula (OWASP, CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a
    formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``) gets a leading
    ``'``, as OWASP recommends; every other cell is left as it is."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def write_csv(path: Path, table: Sequence[Sequence[str]]) -> None:
    """UTF-8 with a BOM, so that Excel opens the Chinese correctly; CRLF rows;
    no cell that a spreadsheet would run as a formula."""
    buffer = io.StringIO()
    safe = [[neutralise(cell) for cell in row] for row in table]
    csv.writer(buffer, lineterminator="\r\n").writerows(safe)
    write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def sheets(
    trace: Trace, model: Model, lang: Lang, levels: Assurance | None = None
) -> list[tuple[str, list[list[str]]]]:
    """Every view as a sheet: (sheet name, rows with a header first)."""
    owners = {o.id: o.title.get(lang) for o in model.owners}

    def ids(needs: Sequence[Need]) -> str:
        return " ".join(n.id for n in needs)

    by_control = [
        [
            control.id,
            control.title.get(lang),
            owners.get(control.owner or "", control.owner or ""),
            value_label("frequency", control.frequency, lang),
            ids([r.obligation for r in rows]),
            ids([r.provision for r in rows if r.provision]),
            " ".join(control.targets("evidenced_by")),
            value_label("assurance", levels.level(control) if levels else None, lang),
        ]
        for control, rows in trace.by_control
    ]
    by_owner = [
        [
            owner.id if owner else "",
            owner.title.get(lang) if owner else "",
            ids(controls),
            ids(obligations),
        ]
        for owner, controls, obligations in trace.by_owner
    ]
    by_regulation = [
        [regulation.id, regulation.title.get(lang), ids(provisions), ids(duties)]
        for regulation, provisions, duties in trace.by_regulation
    ]
    coverage = [
        [
            provision.id,
            provision.title.get(lang),
            str(tally.total),
            str(tally.covered),
            str(tally.waived),
            f"{tally.percent:.0f}%",
        ]
        for provision, tally in trace.by_provision
    ]
    rows = {
        "by_control": by_control,
        "by_owner": by_owner,
        "by_regulation": by_regulation,
        "coverage": coverage,
    }
    return [
        (label("sheet.matrix", lang), matrix_table(trace, model, lang, levels)),
        *(
            (label(f"sheet.{name}", lang), [headers(columns, lang), *rows[name]])
            for name, columns in _SHEET_COLUMNS.items()
        ),
    ]


#: each sheet's columns (headers: ``column.<key>`` in the vocabulary)
_SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "by_control": (
        "control_id",
        "control",
        "owner",
        "frequency",
        "implemented_obligations",
        "source_provisions",
        "evidence_ids",
        "assurance",
    ),
    "by_owner": ("owner_id", "owner", "controls", "obligations"),
    "by_regulation": (
        "regulation_id",
        "regulation",
        "citing_provisions",
        "obligations",
    ),
    "coverage": (
        "provision_id",
        "provision",
        "obligation_count",
        "covered",
        "waived",
        "coverage",
    ),
}


def headers(columns: Sequence[str], lang: Lang) -> list[str]:
    """The header row for ``columns`` in ``lang``."""
    return [label(f"column.{key}", lang) for key in columns]


def write_xlsx(
    path: Path, named_sheets: Sequence[tuple[str, list[list[str]]]], day: date
) -> None:
    """One sheet per view: bold frozen header, autofilter, widths that fit."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in named_sheets:
        sheet = workbook.create_sheet(title=name[:31])
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows():
            for cell in line:
                # openpyxl stores a text starting with "=" as a formula: every
                # cell here is text, shown as written and never evaluated
                cell.data_type = "s"
                if isinstance(cell.value, str) and cell.value.startswith(
                    FORMULA_STARTS
                ):
                    # Excel's text prefix: still text when a user edits it
                    cell.quotePrefix = True
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        width = max((len(r) for r in rows), default=0)
        if rows and width:
            sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{len(rows)}"
        for column in range(1, width + 1):
            longest = max(
                _display_width(r[column - 1]) for r in rows if len(r) >= column
            )
            sheet.column_dimensions[get_column_letter(column)].width = min(
                max(longest + 2, 8), 60
            )
    moment = datetime(day.year, day.month, day.day)
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.creator = "licence handbook"
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps "modified" with the clock
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    write_bytes(path, _pin_zip_times(buffer.getvalue(), moment))


def _display_width(text: str) -> int:
    """Characters as a spreadsheet shows them: CJK characters count double."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in str(text))


def _pin_zip_times(data: bytes, moment: datetime) -> bytes:
    """The same archive with every entry's time set to ``moment``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()

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
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .labels import pick, value_label
from .model import Lang, Model, Need
from .trace import Row, Trace

#: (column key, (zh header, en header)): the matrix's columns, in order
COLUMNS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("provision_id", ("条款编号", "Provision ID")),
    ("provision", ("条款", "Provision")),
    ("obligation_id", ("义务编号", "Obligation ID")),
    ("obligation", ("义务", "Obligation")),
    ("modality", ("类型", "Modality")),
    ("control_id", ("控制措施编号", "Control ID")),
    ("control", ("控制措施", "Control")),
    ("owner", ("负责人", "Owner")),
    ("frequency", ("频率", "Frequency")),
    ("evidence_ids", ("证据编号", "Evidence IDs")),
    ("evidence", ("证据", "Evidence")),
    ("status", ("状态", "Status")),
)
STATUS = {
    "covered": ("已覆盖", "covered"),
    "waived": ("豁免", "waived"),
    "gap": ("缺口", "gap"),
}
CSV_NAME = "traceability.csv"
XLSX_NAME = "traceability.xlsx"


def matrix_table(trace: Trace, model: Model, lang: Lang) -> list[list[str]]:
    """The matrix as rows of text: a header, then one row per pair or gap."""
    owners = {o.id: o.title.get(lang) for o in model.owners}
    header = [pick(label, lang) for _, label in COLUMNS]
    return [header, *(_cells(row, owners, lang) for row in trace.rows)]


def _cells(row: Row, owners: dict[str, str], lang: Lang) -> list[str]:
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
    }
    return [values[key] for key, _ in COLUMNS]


def status_text(row: Row, lang: Lang) -> str:
    """A row's status; a waiver says until when and why."""
    text = pick(STATUS[row.status], lang)
    if row.waiver is not None:
        until = pick(("至", "until"), lang)
        text += f" {row.waiver.id} ({until} {row.waiver.expires})"
    return text


def write_csv(path: Path, table: Sequence[Sequence[str]]) -> None:
    """UTF-8 with a BOM, so that Excel opens the Chinese correctly; CRLF rows."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def sheets(trace: Trace, model: Model, lang: Lang) -> list[tuple[str, list[list[str]]]]:
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
            f"{tally.percent:.0f}%",
        ]
        for provision, tally in trace.by_provision
    ]
    heads = _SHEET_HEADERS
    return [
        (pick(("追溯矩阵", "Matrix"), lang), matrix_table(trace, model, lang)),
        (
            pick(("按控制措施", "By control"), lang),
            [pick(heads["control"], lang), *by_control],
        ),
        (pick(("按负责人", "By owner"), lang), [pick(heads["owner"], lang), *by_owner]),
        (
            pick(("按法规", "By regulation"), lang),
            [pick(heads["regulation"], lang), *by_regulation],
        ),
        (
            pick(("覆盖率", "Coverage"), lang),
            [pick(heads["coverage"], lang), *coverage],
        ),
    ]


_SHEET_HEADERS: dict[str, tuple[list[str], list[str]]] = {
    "control": (
        [
            "控制措施编号",
            "控制措施",
            "负责人",
            "频率",
            "实施义务",
            "来源条款",
            "证据编号",
        ],
        [
            "Control ID",
            "Control",
            "Owner",
            "Frequency",
            "Obligations",
            "Provisions",
            "Evidence IDs",
        ],
    ),
    "owner": (
        ["负责人编号", "负责人", "控制措施", "义务"],
        ["Owner ID", "Owner", "Controls", "Obligations"],
    ),
    "regulation": (
        ["法规编号", "法规", "引用条款", "义务"],
        ["Regulation ID", "Regulation", "Provisions citing it", "Obligations"],
    ),
    "coverage": (
        ["条款编号", "条款", "义务数", "已覆盖", "覆盖率"],
        ["Provision ID", "Provision", "Obligations", "Covered", "Coverage"],
    ),
}


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


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)

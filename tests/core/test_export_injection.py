"""Formula injection (OWASP "CSV injection"): no text of the data becomes a
formula in an export, whatever it starts with.

Every title that reaches a cell (provisions, obligations, controls, evidence,
regulations, owners) is replaced by a payload of each kind, in both
languages; the CSV and the XLSX of each language are written and read back.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from datetime import date
from itertools import cycle
from pathlib import Path

import pytest
from conftest import ROOT
from licence_needs.core import loader
from licence_needs.core.model import Model, Text
from licence_needs.derived import traceability
from licence_needs.outputs.tabular import (
    FORMULA_STARTS,
    matrix_table,
    neutralise,
    sheets,
    write_csv,
    write_xlsx,
)
from openpyxl import load_workbook

PAYLOADS = (
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+2",
)
DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def hostile() -> Model:
    model, found = loader.load(ROOT, "needs")
    assert found == []
    kinds = cycle(PAYLOADS)

    def text() -> Text:
        payload = next(kinds)
        return Text(payload + " 中", payload + " en")

    needs = tuple(replace(n, title=text()) for n in model.needs)
    owners = tuple(replace(o, title=text()) for o in model.owners)
    return replace(model, needs=needs, owners=owners)


def test_neutralise_follows_owasp() -> None:
    assert [neutralise(p)[0] for p in PAYLOADS] == ["'"] * len(PAYLOADS)
    assert neutralise("a=b") == "a=b"
    assert neutralise("") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_csv_cell_starts_a_formula(
    hostile: Model, lang: str, tmp_path: Path
) -> None:
    trace = traceability.build(hostile, DAY)
    table = matrix_table(trace, hostile, lang)  # type: ignore[arg-type]
    starts = {cell[:1] for row in table for cell in row if cell}
    assert set(FORMULA_STARTS) & starts, "the payloads must reach the cells"
    path = tmp_path / "m.csv"
    write_csv(path, table)
    text = path.read_bytes().decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert all(not cell.startswith(FORMULA_STARTS) for row in read for cell in row)
    assert [[c.removeprefix("'") for c in row] for row in read[1:]] == [
        [c for c in row] for row in table[1:]
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_xlsx_cell_is_a_formula(hostile: Model, lang: str, tmp_path: Path) -> None:
    trace = traceability.build(hostile, DAY)
    named = sheets(trace, hostile, lang)  # type: ignore[arg-type]
    path = tmp_path / "m.xlsx"
    write_xlsx(path, named, DAY)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    book = load_workbook(path)
    risky = 0
    for (name, rows), sheet in zip(named, book.worksheets, strict=True):
        for row, cells in zip(rows, sheet.iter_rows(), strict=True):
            for value, cell in zip(row, cells, strict=True):
                # text (inline when empty), never "f"
                assert cell.data_type in ("s", "inlineStr"), (name, cell.coordinate)
                if value.startswith(FORMULA_STARTS):
                    risky += 1
                    assert cell.quotePrefix
                    # shown as written (XML keeps no lone carriage return)
                    assert cell.value == value.replace("\r", "\n")
    assert risky > 0, "the payloads must reach the cells"

"""Write the gate's findings where people and CI systems read them.

- ``gaps.json``: every finding, for tools;
- ``junit.xml``: one test case per obligation (failed when uncovered) and one
  per other finding, so CI systems show gaps as failed tests;
- GitHub Actions annotations on standard output when ``GITHUB_ACTIONS=true``.

The files depend only on the findings and the model, never on the time or the
machine, so two builds of the same sources write the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from ..core.findings import Finding, count, printable
from ..core.model import Model
from .files import write_text

GAPS_JSON = "gaps.json"
JUNIT_XML = "junit.xml"


def write(directory: Path, findings: Sequence[Finding], model: Model) -> list[Path]:
    """Write ``gaps.json`` and ``junit.xml`` into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    gaps = directory / GAPS_JSON
    junit = directory / JUNIT_XML
    write_text(gaps, gaps_json(findings))
    write_text(junit, junit_xml(findings, model))
    return [gaps, junit]


def remove(directory: Path) -> None:
    """Remove the reports of an earlier run (a run that cannot finish must not
    leave a previous "0 errors" behind)."""
    for name in (GAPS_JSON, JUNIT_XML):
        # what cannot be removed is reported when the reports are written
        with contextlib.suppress(OSError):
            (directory / name).unlink(missing_ok=True)


def gaps_json(findings: Sequence[Finding]) -> str:
    data = {
        "summary": count(findings),
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def junit_xml(findings: Sequence[Finding], model: Model) -> str:
    uncovered = {f.need_id: f for f in findings if f.code == "uncovered-obligation"}
    coverage = ET.Element("testsuite", name="licence-coverage")
    obligations = [n for n in model.needs if n.type == "obligation" and n.id]
    for need in obligations:
        case = ET.SubElement(
            coverage,
            "testcase",
            classname=next(iter(need.targets("derives_from")), ""),
            name=need.id,
            file=need.file,
            line=str(need.line),
        )
        if need.id in uncovered:
            finding = uncovered[need.id]
            failure = ET.SubElement(
                case, "failure", type=finding.code, message=finding.message
            )
            failure.text = finding.as_line()
    _totals(coverage, len(obligations), len(uncovered))

    others = [f for f in findings if f.code != "uncovered-obligation"]
    gate = ET.Element("testsuite", name="licence-gate")
    failed = 0
    for finding in others:
        case = ET.SubElement(
            gate,
            "testcase",
            classname=finding.code,
            name=f"{finding.location} {finding.need_id}".strip(),
            file=finding.file,
            line=str(finding.line),
        )
        if finding.severity == "error":
            failed += 1
            failure = ET.SubElement(
                case, "failure", type=finding.code, message=finding.message
            )
            failure.text = finding.as_line()
        else:
            out = ET.SubElement(case, "system-out")
            out.text = finding.as_line()
    _totals(gate, len(others), failed)

    suites = ET.Element("testsuites", name="licence gate")
    suites.extend([coverage, gate])
    _totals(suites, len(obligations) + len(others), len(uncovered) + failed)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _totals(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


def github_annotations(findings: Sequence[Finding]) -> list[str]:
    """Workflow commands that make GitHub show each finding on its line."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in findings:
        title = _escape_property(f"{f.code} {f.need_id}".strip())
        message = _escape_data(f"{f.message} (hint: {f.hint})")
        place = f"file={_escape_property(f.file)}"
        if f.line:
            place += f",line={f.line}"
        lines.append(f"::{level[f.severity]} {place},title={title}::{message}")
    return lines


def on_github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    """A workflow command's data: GitHub's own escapes for %, CR and LF, and
    every other character a log would act on made visible (:func:`printable`)."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")

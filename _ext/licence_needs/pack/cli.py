"""``make audit-pack``: what the handbook showed on a given day, in one zip
that proves nothing in it was altered afterwards.

``build/audit-pack/<licence>-audit-pack-<as-of date>.zip`` holds one folder
of the same name with both PDFs, both languages' ``needs.json``, the CSV,
XLSX and iCalendar exports, the gate's ``gaps.json`` and ``junit.xml``,
``make diff``'s report since the latest release tag (``v*``) in both
languages when there is one, the evidence files the evidence items list
(under ``evidence/``), ``BUILD.json``
(where and when it was built, the licence's status, coverage, tool versions)
and ``MANIFEST.sha256``, which ``sha256sum -c`` checks against every other
file.  The same sources and ``SOURCE_DATE_EPOCH`` give the same zip
(:mod:`licence_needs.outputs.archive`).

The gate is the one ``make check`` runs: with errors the pack is refused
(exit 1, the errors listed), unless ``FORCE=1``; a forced pack says so in
its name (``…-FORCED.zip``) and in ``BUILD.json``.  The pack's ``gaps.json``
and ``junit.xml`` are made from that same verdict.  Exit 2: the built files
are missing (``make audit-pack`` builds them first) or the project cannot be
checked.  Nothing here imports Sphinx.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from ..check import cli as check
from ..check import diff as changes_since
from ..core import pipeline
from ..core.dates import DateError, as_of
from ..core.findings import Finding, count, failed
from ..core.model import Model
from ..core.provenance import source_revision, work_tree_clean
from ..core.revisions import RevisionError, latest_release
from ..core.settings import Settings
from ..core.vocabulary import label
from ..derived import traceability
from ..outputs import changes as change_report
from ..outputs import reports
from ..outputs.archive import MANIFEST, manifest, sha256, zip_bytes
from ..outputs.files import EXPORTS_DIR, write_bytes
from ..outputs.ical import ICS_NAME
from ..outputs.reports import GAPS_JSON, JUNIT_XML
from ..outputs.tabular import CSV_NAME, XLSX_NAME

LANGUAGES = ("zh_CN", "en")
BUILD_JSON = "BUILD.json"
#: Python packages whose versions BUILD.json records
PACKAGES = (
    "Sphinx",
    "sphinx-needs",
    "myst-parser",
    "docutils",
    "PyYAML",
    "openpyxl",
    "icalendar",
    "chinesecalendar",
    "jieba",
)
#: programs whose versions BUILD.json records: name → (command, line holding it)
PROGRAMS = {
    "xelatex": (["xelatex", "--version"], "XeTeX"),
    "latexmk": (["latexmk", "-v"], "Version"),
    "dot": (["dot", "-V"], "graphviz"),
}


class PackError(Exception):
    """The pack cannot be made (exit status 2)."""


def built_files(build: Path, number: str) -> dict[str, Path]:
    """Where each file of the pack comes from: pack path → built file."""
    files = {}
    for language in LANGUAGES:
        name = f"{number}-{language}.pdf"
        files[f"pdf/{name}"] = build / "pdf" / name
        html = build / "html" / language
        files[f"{language}/needs.json"] = html / "needs.json"
        for export in (CSV_NAME, XLSX_NAME, ICS_NAME):
            files[f"{language}/{EXPORTS_DIR}/{export}"] = html / EXPORTS_DIR / export
    return files


def evidence_files(
    model: Model, folder: Path
) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """The listed evidence files under ``evidence/``, and their entries for
    BUILD.json (a missing one is recorded as missing: only a forced pack
    gets that far)."""
    files: dict[str, bytes] = {}
    entries = []
    for need in model.needs:
        for listed in need.files:
            path = folder / listed.path
            entry: dict[str, Any] = {
                "evidence": need.id,
                "path": f"evidence/{listed.path}",
            }
            if path.is_file():
                data = path.read_bytes()
                files[entry["path"]] = data
                entry["sha256"] = sha256(data)
            else:
                entry["missing"] = True
            entries.append(entry)
    return files, entries


def change_reports(
    root: Path, settings: Settings
) -> tuple[dict[str, bytes], dict[str, Any] | None]:
    """``make diff``'s report since the latest release tag, in both
    languages (``reports/changes-<lang>.md``), and what BUILD.json says of
    it; nothing without a release tag."""
    tag = latest_release(root)
    if tag is None:
        return {}, None
    try:
        changes, commit = changes_since.compare(root, tag, settings)
    except (RevisionError, changes_since.CannotCompare) as exc:
        raise PackError(
            f"the change report since {tag} cannot be made: {exc}"
        ) from None
    files = {}
    for language in LANGUAGES:
        lang = "zh" if language == "zh_CN" else "en"
        report = change_report.markdown(
            changes, lang, f"{tag} ({commit[:12]})", label("changes.worktree", lang)
        )
        files[f"reports/changes-{language}.md"] = report.encode("utf-8")
    return files, {"since": tag, "commit": commit, "files": sorted(files)}


def tool_versions() -> dict[str, str]:
    """The versions of Python, the packages and the programs that built it."""
    versions = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    for name, (command, marker) in PROGRAMS.items():
        versions[name] = _program_version(command, marker)
    return versions


def _program_version(command: list[str], marker: str) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    lines = (result.stdout + result.stderr).splitlines()
    return next((line.strip() for line in lines if marker in line), "unknown")


def build_record(
    root: Path,
    model: Model,
    day: date,
    found: Sequence[Finding],
    forced: bool,
    evidence: list[dict[str, Any]],
    tools: Mapping[str, str],
) -> dict[str, Any]:
    """What BUILD.json says: the build's provenance and the handbook's state."""
    trace = traceability.build(model, day)
    total = trace.total
    licence: dict[str, Any] = {}
    if model.licence is not None:
        dates = model.licence.dates
        licence = {
            "number": model.licence.number,
            "issued": str(dates.issued),
            "expires": str(dates.expires),
            "renewal_deadline": str(dates.renewal_deadline),
            "status": dates.status(day),
        }
    return {
        "as_of": str(day),
        "licence": licence,
        "source": {
            "revision": source_revision(root),
            "work_tree_clean": work_tree_clean(root),
        },
        "forced": forced,
        "gate": {
            "passed": not failed(found),
            "counts": count(found),
            "errors": [f.as_line() for f in found if f.severity == "error"],
        },
        "coverage": {
            "obligations": total.total,
            "covered": total.covered,
            "percent": round(total.percent, 1),
            "gaps": [need.id for need in trace.gaps],
            "controls": sum(1 for n in model.needs if n.type == "control"),
            "evidence": sum(1 for n in model.needs if n.type == "evidence"),
            "by_provision": {
                provision.id: {"obligations": tally.total, "covered": tally.covered}
                for provision, tally in trace.by_provision
            },
        },
        "evidence_files": evidence,
        "tools": dict(tools),
    }


def entry_time(day: date, environ: Mapping[str, str]) -> datetime:
    """The time of every zip entry: ``SOURCE_DATE_EPOCH`` (UTC) if set, else
    the start of the as-of day."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(day.year, day.month, day.day)


def make_pack(
    root: Path,
    build: Path,
    out: Path,
    force: bool,
    environ: Mapping[str, str],
    tools: Mapping[str, str] | None = None,
) -> tuple[Path | None, list[Finding]]:
    """Write the pack; return its path (None: refused) and the gate's findings.

    Raises :class:`PackError` when it cannot be made.
    """
    try:
        settings: Settings = check.read_conf(root)
        found, model = check.gate(root, settings)
        day = as_of(environ)
    except (check.ConfigurationError, DateError) as exc:
        raise PackError(str(exc)) from None
    errors = failed(found)
    if errors and not force:
        return None, found
    forced = errors and force
    number = model.licence.number if model.licence else "licence"
    sources = built_files(build, number)
    missing = [str(path) for path in sources.values() if not path.is_file()]
    if missing:
        raise PackError(
            "not built yet: " + ", ".join(missing) + " (make audit-pack builds them)"
        )
    files = {name: path.read_bytes() for name, path in sources.items()}
    # the gate's reports of this very verdict (what the builds write too)
    files[f"reports/{GAPS_JSON}"] = reports.gaps_json(found).encode("utf-8")
    files[f"reports/{JUNIT_XML}"] = reports.junit_xml(found, model).encode("utf-8")
    folder = pipeline.evidence_folder(root, settings)
    evidence, entries = evidence_files(model, folder)
    files.update(evidence)
    reports_since, since = change_reports(root, settings)
    files.update(reports_since)
    record = build_record(
        root,
        model,
        day,
        found,
        forced,
        entries,
        tool_versions() if tools is None else tools,
    )
    record["change_report"] = since
    files[BUILD_JSON] = (
        json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")
    files[MANIFEST] = manifest(files).encode("utf-8")
    name = f"{number}-audit-pack-{day}" + ("-FORCED" if forced else "")
    target = out / f"{name}.zip"
    write_bytes(target, zip_bytes(files, entry_time(day, environ), folder=name))
    return target, found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make audit-pack",
        description="Pack the built handbook (PDFs, needs.json, exports, reports, "
        "evidence files) into one verifiable zip.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument(
        "--out", type=Path, help="where to write it (default: BUILD/audit-pack)"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    build = args.build if args.build.is_absolute() else root / args.build
    out = args.out or build / "audit-pack"
    force = os.environ.get("FORCE", "") == "1"
    try:
        target, found = make_pack(root, build, out, force, os.environ)
    except PackError as exc:
        print(f"make audit-pack: {exc}", file=sys.stderr)
        return 2
    if target is None:
        errors = [f for f in found if f.severity == "error"]
        print(
            f"make audit-pack: refused: the gate reports {len(errors)} error(s):",
            file=sys.stderr,
        )
        for finding in errors:
            print(f"  {finding.as_line()}", file=sys.stderr)
        print(
            "Fix them, or FORCE=1 make audit-pack to pack anyway "
            "(the pack then says it was forced).",
            file=sys.stderr,
        )
        return 1
    if failed(found):
        print(f"make audit-pack: FORCED despite gate errors: {target}")
    else:
        print(f"Audit pack: {target}")
    return 0

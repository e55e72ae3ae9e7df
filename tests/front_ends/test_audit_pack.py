"""The audit pack: one zip that verifies itself, the same bytes twice, and no
pack over gate errors unless forced.

The pack is made from a tiny project (the evidence-files case of tests/bad)
and stand-in built files: what is tested here is the packing, not the builds
(tests/test_pdf.py and tests/test_project.py test those).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from conftest import BAD
from licence_needs.outputs.archive import manifest, zip_bytes
from licence_needs.pack import cli

CASE = BAD / "evidence-file-missing"
EPOCH = "1782864000"  # 2026-07-01T00:00:00Z: after the case's review date
ENVIRON = {"SOURCE_DATE_EPOCH": EPOCH}
TOOLS = {"python": "3.11", "Sphinx": "9.0.4"}


def project(target: Path, *, complete: bool) -> Path:
    """A copy of the case, with the missing evidence file or without it."""
    shutil.copytree(CASE, target)
    (target / "conf.py").write_text(
        'extensions = ["myst_parser", "licence_needs"]\n', encoding="utf-8"
    )
    (target / "needs" / "licence.yaml").write_text(
        "licence:\n  number: B2-20192648\n  issued: 2024-06-26\n"
        "  expires: 2029-06-26\n",
        encoding="utf-8",
    )
    if complete:
        shot = target / "evidence" / "screenshots" / "home-page.png"
        shot.parent.mkdir(parents=True)
        shot.write_bytes(b"\x89PNG\r\n\x1a\n stand-in")
    build = target / "build"
    for language in cli.LANGUAGES:
        (build / "pdf").mkdir(parents=True, exist_ok=True)
        (build / "pdf" / f"B2-20192648-{language}.pdf").write_bytes(
            f"%PDF-1.5 {language}".encode()
        )
        exports = build / "html" / language / "exports"
        exports.mkdir(parents=True)
        (build / "html" / language / "needs.json").write_text("{}\n")
        for name in (
            "traceability.csv",
            "traceability.xlsx",
            "compliance-calendar.ics",
        ):
            (exports / name).write_bytes(f"{language} {name}".encode())
    return target


def pack(root: Path, force: bool = False) -> tuple[Path | None, list]:
    return cli.make_pack(
        root, root / "build", root / "build" / "audit-pack", force, ENVIRON, TOOLS
    )


def unpack(archive: Path, target: Path) -> Path:
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    (folder,) = target.iterdir()
    return folder


def test_the_pack_holds_everything_and_verifies(tmp_path: Path) -> None:
    root = project(tmp_path / "project", complete=True)
    archive, found = pack(root)
    assert archive is not None
    assert archive.name == "B2-20192648-audit-pack-2026-07-01.zip"
    folder = unpack(archive, tmp_path / "unpacked")
    assert folder.name == "B2-20192648-audit-pack-2026-07-01"
    names = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
    )
    assert names == sorted(
        [
            "BUILD.json",
            "MANIFEST.sha256",
            "evidence/minutes/2026-03.txt",
            "evidence/screenshots/home-page.png",
            "reports/gaps.json",
            "reports/junit.xml",
            "pdf/B2-20192648-zh_CN.pdf",
            "pdf/B2-20192648-en.pdf",
        ]
        + [
            f"{lang}/{name}"
            for lang in cli.LANGUAGES
            for name in (
                "needs.json",
                "exports/traceability.csv",
                "exports/traceability.xlsx",
                "exports/compliance-calendar.ics",
            )
        ]
    )
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", "MANIFEST.sha256"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    lines = (folder / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    listed = [line.split("  ", 1)[1] for line in lines]
    assert sorted(listed) == [n for n in names if n != "MANIFEST.sha256"]

    build = json.loads((folder / "BUILD.json").read_text(encoding="utf-8"))
    assert build["as_of"] == "2026-07-01"
    assert build["forced"] is False
    assert build["gate"]["passed"] is True
    assert build["licence"]["number"] == "B2-20192648"
    assert build["licence"]["status"] == "valid"
    assert build["coverage"]["obligations"] == 1
    assert build["coverage"]["covered"] == 1
    assert build["source"] == {"revision": "unknown", "work_tree_clean": None}
    assert build["tools"] == TOOLS
    assert [e["path"] for e in build["evidence_files"]] == [
        "evidence/minutes/2026-03.txt",
        "evidence/screenshots/home-page.png",
    ]
    gaps = json.loads((folder / "reports" / "gaps.json").read_text(encoding="utf-8"))
    assert gaps["summary"]["error"] == 0
    assert all(f.severity != "error" for f in found)


def test_two_packs_of_two_copies_are_the_same_bytes(tmp_path: Path) -> None:
    first, _ = pack(project(tmp_path / "one", complete=True))
    second, _ = pack(project(tmp_path / "two", complete=True))
    assert first is not None and second is not None
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as opened:
        infos = opened.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 7, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_gate_errors_refuse_the_pack(tmp_path: Path) -> None:
    root = project(tmp_path / "project", complete=False)
    archive, found = pack(root)
    assert archive is None
    assert [f.code for f in found if f.severity == "error"] == ["evidence-file-missing"]
    assert not (root / "build" / "audit-pack").exists()


def test_a_forced_pack_says_so(tmp_path: Path) -> None:
    root = project(tmp_path / "project", complete=False)
    archive, _ = pack(root, force=True)
    assert archive is not None
    assert archive.name == "B2-20192648-audit-pack-2026-07-01-FORCED.zip"
    folder = unpack(archive, tmp_path / "unpacked")
    build = json.loads((folder / "BUILD.json").read_text(encoding="utf-8"))
    assert build["forced"] is True
    assert build["gate"]["passed"] is False
    assert build["gate"]["errors"][0].startswith(
        "needs/data.yaml:24: error: [evidence-file-missing] EV_A:"
    )
    assert {
        "evidence": "EV_A",
        "path": "evidence/screenshots/home-page.png",
        "missing": True,
    } in build["evidence_files"]


def test_the_command_refuses_with_the_reason(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = project(tmp_path / "project", complete=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("FORCE", raising=False)
    assert cli.main(["--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "refused: the gate reports 1 error(s)" in err
    assert "[evidence-file-missing] EV_A" in err
    assert "FORCE=1" in err
    monkeypatch.setenv("FORCE", "1")
    assert cli.main(["--root", str(root)]) == 0
    assert "FORCED" in capsys.readouterr().out


def test_nothing_built_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "project", complete=True)
    shutil.rmtree(root / "build" / "pdf")
    assert cli.main(["--root", str(root)]) == 2
    assert "not built yet" in capsys.readouterr().err


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_the_change_report_since_the_latest_release_is_packed(tmp_path: Path) -> None:
    root = project(tmp_path / "project", complete=True)
    (root / ".gitignore").write_text("/build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "v1.0")
    git(root, "tag", "v1.0")
    data = root / "needs" / "data.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("编号展示检查", "许可证编号展示检查"),
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "a control renamed")
    archive, _ = pack(root)
    assert archive is not None
    folder = unpack(archive, tmp_path / "unpacked")
    build = json.loads((folder / "BUILD.json").read_text(encoding="utf-8"))
    assert build["change_report"]["since"] == "v1.0"
    assert build["change_report"]["files"] == [
        "reports/changes-en.md",
        "reports/changes-zh_CN.md",
    ]
    assert build["source"]["work_tree_clean"] is True
    zh = (folder / "reports" / "changes-zh_CN.md").read_text(encoding="utf-8")
    assert "CTL_A" in zh and "许可证编号展示检查" in zh
    assert "CTL_A" in (folder / "reports" / "changes-en.md").read_text(encoding="utf-8")


def test_without_a_release_tag_there_is_no_change_report(tmp_path: Path) -> None:
    archive, _ = pack(project(tmp_path / "project", complete=True))
    assert archive is not None
    folder = unpack(archive, tmp_path / "unpacked")
    build = json.loads((folder / "BUILD.json").read_text(encoding="utf-8"))
    assert build["change_report"] is None
    assert not list(folder.glob("reports/changes-*"))


def test_manifest_and_zip_formats() -> None:
    files = {"b.txt": b"b", "a/c.txt": b"c"}
    assert manifest(files) == (
        "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6  a/c.txt\n"
        "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.txt\n"
    )
    moment = datetime(2026, 7, 1)
    data = zip_bytes(files, moment, folder="pack")
    assert data == zip_bytes(dict(reversed(files.items())), moment, folder="pack")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == ["pack/a/c.txt", "pack/b.txt"]

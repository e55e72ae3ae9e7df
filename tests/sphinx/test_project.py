"""The handbook itself: both languages built from the real sources, checked whole.

These tests build the real site (the two languages once per test session, in
a temporary folder) and hold it to the product's promises: a clean build,
nothing lost between the YAML and ``needs.json``, ``make check`` agreeing with
the build, the same bytes from the same sources, and a gap failing the build
with its place.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EPOCH, LANGUAGES, ROOT, copy_project, needs_json, sphinx_build
from icalendar import Calendar as ICalendar
from licence_needs.check import cli
from licence_needs.core import loader
from licence_needs.core.model import Model


def test_every_item_appears_once_in_each_language(
    site: dict[str, Path], model: Model
) -> None:
    expected = sorted(need.id for need in model.needs)
    assert len(expected) == len(set(expected))
    by_language = {
        lang: needs_json(site[lang] / "html" / "needs.json") for lang in site
    }
    for needs in by_language.values():
        assert sorted(needs) == expected
    zh, en = by_language["zh_CN"], by_language["en"]
    for need in model.needs:
        assert zh[need.id]["title"] == need.title.zh
        assert en[need.id]["title"] == need.title.en
        assert zh[need.id]["content"] == need.text.zh
        assert en[need.id]["content"] == need.text.en
        for link in ("derives_from", "implements", "evidenced_by", "cites"):
            assert zh[need.id].get(link) == en[need.id].get(link)


def test_make_check_reports_what_the_build_reports(
    site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the date the site was built as of
    found, _ = cli.gate(ROOT, cli.read_conf(ROOT))
    from_check = [f.as_dict() for f in found]
    for language in LANGUAGES:
        gaps = json.loads((site[language] / "reports" / "gaps.json").read_text())
        assert gaps["findings"] == from_check


def test_two_clean_builds_give_the_same_bytes(
    site: dict[str, Path], tmp_path: Path
) -> None:
    again = sphinx_build(ROOT, "zh_CN", tmp_path, "-j", "1")
    assert again.returncode == 0, again.stderr
    first = site["zh_CN"]
    for name in (
        "html/needs.json",
        "reports/gaps.json",
        "reports/junit.xml",
        "html/exports/traceability.csv",
        "html/exports/traceability.xlsx",
        "html/exports/compliance-calendar.ics",
        *(f"html/exports/calendar/{role}.ics" for role in ("ceo", "noc_manager")),
        "html/exports/handbook.reqif",
        "html/exports/oscal/catalog.json",
        "html/exports/oscal/component-definition.json",
    ):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name
    # every file of the site, pages, diagrams and exports included (the
    # pages differed by sphinx-needs' random card ids, schema_violations.json
    # by a timing)
    built = sorted(p.relative_to(first) for p in (first / "html").rglob("*"))
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "html").rglob("*")) == (
        built
    )
    different = [
        name
        for name in built
        if (first / name).is_file()
        and (tmp_path / name).read_bytes() != (first / name).read_bytes()
    ]
    assert different == []


def test_every_role_has_a_page_and_a_feed_with_its_periodic_controls(
    site: dict[str, Path], model: Model
) -> None:
    expected_rules = {
        "daily": {"FREQ": ["DAILY"]},
        "weekly": {"FREQ": ["WEEKLY"]},
        "monthly": {"FREQ": ["MONTHLY"]},
        "quarterly": {"FREQ": ["MONTHLY"], "INTERVAL": [3]},
        "semiannual": {"FREQ": ["MONTHLY"], "INTERVAL": [6]},
        "annual": {"FREQ": ["YEARLY"]},
    }
    controls = [n for n in model.needs if n.type == "control"]
    periodic = [c for c in controls if c.frequency in expected_rules]
    assert len(periodic) == 31  # 12 annual, 9 quarterly, 7 monthly, 1 weekly, 2 daily
    for language in LANGUAGES:
        html = site[language] / "html"
        whole = ICalendar.from_ical(
            (html / "exports/compliance-calendar.ics").read_bytes()
        )
        everything = {str(e["UID"]) for e in whole.walk("VEVENT")}
        for owner in model.owners:
            assert (html / "owners" / f"{owner.id}.html").is_file()
            feed = ICalendar.from_ical(
                (html / "exports" / "calendar" / f"{owner.id}.ics").read_bytes()
            )
            events = {str(e["UID"]).split("@")[0]: e for e in feed.walk("VEVENT")}
            assert {str(e["UID"]) for e in feed.walk("VEVENT")} <= everything
            for control in periodic:
                run = events.get(f"run-{control.id}")
                if control.owner != owner.id:
                    assert run is None, (owner.id, control.id)
                    continue
                assert run is not None, (owner.id, control.id)
                rule = {k: list(v) for k, v in run["RRULE"].items()}
                assert rule == expected_rules[control.frequency], control.id
                assert control.id in str(run["SUMMARY"])
            for control in controls:
                if control.owner == owner.id:
                    assert f"review-{control.id}" in events
    page = (site["en"] / "html" / "owners" / "licence_manager.html").read_text()
    assert "OB_14_1" in page


def test_removing_the_controls_of_an_obligation_fails_the_build(
    model: Model, tmp_path: Path
) -> None:
    obligation = next(n for n in model.needs if n.type == "obligation")
    covering = [
        n
        for n in model.needs
        if n.type == "control" and obligation.id in n.targets("implements")
    ]
    assert covering, f"{obligation.id} should be covered in the real data"
    project = copy_project(tmp_path / "project")
    for control in sorted(covering, key=lambda n: n.line, reverse=True):
        remove_item(project / control.file, control.line, model)

    # the dummy builder reads every page and runs the gate, writing no HTML
    result = sphinx_build(project, "zh_CN", tmp_path / "out", "-b", "dummy")

    assert result.returncode == 1
    expected = (
        f"{obligation.file}:{obligation.line}: ERROR: [uncovered-obligation] "
        f"{obligation.id}: obligation has no control implementing it"
    )
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def remove_item(path: Path, line: int, model: Model) -> None:
    """Delete the YAML item that starts at ``line`` (up to the next item)."""
    file = path.relative_to(path.parents[1]).as_posix()
    starts = sorted(n.line for n in model.needs if n.file == file)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    later = [s for s in starts if s > line]
    end = later[0] - 1 if later else len(lines)
    # stop at the next section too (a top-level key)
    for index in range(line, end):
        if lines[index][:1].isalpha():
            end = index
            break
    del lines[line - 1 : end]
    path.write_text("".join(lines), encoding="utf-8")


def test_the_home_page_says_the_licence_has_expired(site: dict[str, Path]) -> None:
    zh = (site["zh_CN"] / "html" / "index.html").read_text(encoding="utf-8")
    en = (site["en"] / "html" / "index.html").read_text(encoding="utf-8")
    assert "本许可证已于 2024-06-26 到期。" in zh
    assert "截至 2026-12-01" in zh
    assert "This licence expired on 2024-06-26." in en
    # data shown as written: the card's YAML texts are not "smartened"
    assert "Licence of the People's Republic of China" in en
    gaps = json.loads((site["zh_CN"] / "reports" / "gaps.json").read_text())
    found = [(f["code"], f["severity"]) for f in gaps["findings"]]
    assert [f for f in found if f[0] != "not-assessed"] == [
        ("licence-expired", "warning")
    ]
    # no assessment is recorded: an info for each control, and nothing else
    assert found.count(("not-assessed", "info")) == len(_controls())


def test_the_project_can_make_expiry_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    settings = replace(cli.read_conf(ROOT), severity={"licence-expired": "error"})
    found, _ = cli.gate(ROOT, settings)
    assert [(f.code, f.severity) for f in found if f.code != "not-assessed"] == [
        ("licence-expired", "error")
    ]


def _controls() -> list[str]:
    model, _ = loader.load(ROOT)
    return [n.id for n in model.needs if n.type == "control"]

"""A page and a feed per role, the calendar's next two months, built by Sphinx
from tests/roots/test-due; an owner change moves them on an incremental build
exactly as on a clean one."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS
from icalendar import Calendar as ICalendar
from sphinx.testing.util import SphinxTestApp
from test_build import errors, page_text

ROLES = ("licence_manager", "noc_manager")

#: 2026-01-01 00:00 UTC: the day these pages are counted from
EPOCH = "1767225600"


@pytest.fixture(autouse=True)
def as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def uids(path: Path) -> list[str]:
    feed = ICalendar.from_ical(path.read_bytes())
    return sorted(str(e["UID"]).split("@")[0] for e in feed.walk("VEVENT"))


@pytest.mark.sphinx("html", testroot="due")
def test_every_role_has_a_page_and_a_feed(app: SphinxTestApp) -> None:
    app.build()
    assert errors(app) == []
    assert app.statuscode == 0
    out = Path(app.outdir)
    for role in ROLES:
        assert (out / "owners" / f"{role}.html").is_file()
        assert (out / "exports" / "calendar" / f"{role}.ics").is_file()
    assert uids(out / "exports" / "calendar" / "noc_manager.ics") == [
        "OB_14_1",
        "review-CTL_INC_01",
        "review-CTL_LOG_01",
        "run-CTL_LOG_01",
    ]
    page = (out / "owners" / "noc_manager.html").read_text(encoding="utf-8")
    text = page_text(out / "owners" / "noc_manager.html")
    assert "网络运维中心经理：职责与日程" in text
    assert 'href="../exports/calendar/noc_manager.ics"' in page
    assert 'href="../controls.html#CTL_LOG_01"' in page  # its control, linked
    assert "2026-01-01 CTL_LOG_01 执行控制措施 (每日) 日志检查" in text
    assert "2026-03-31 OB_14_1 许可证期限 第一季度年报" in text
    assert "CTL_LOG_01 日志检查 每日 每日检查日志留存。 EV_LIC_01 回执" in text
    assert "SP_14 特别规定事项十四 OB_14_1 第一季度年报 OB_14_2 事件报告" in text
    assert "发生事件 5 个工作日内 OB_14_2 事件报告" in text  # its runbook entry
    # linked from the owners page and the reverse view
    owners = (out / "owners.html").read_text(encoding="utf-8")
    views = (out / "views.html").read_text(encoding="utf-8")
    for role in ROLES:
        assert f'href="owners/{role}.html"' in owners
        assert f'href="owners/{role}.html"' in views


@pytest.mark.sphinx("html", testroot="due", confoverrides={"language": "en"})
def test_a_role_page_in_english(app: SphinxTestApp) -> None:
    app.build()
    assert errors(app) == []
    text = html.unescape(
        page_text(Path(app.outdir) / "owners" / "licence_manager.html")
    )
    assert "Licence administrator: duties and schedule" in text
    assert "2026-01-02 CTL_LIC_01 control run (annual) Annual report filing" in text
    assert "Subscribe to this role's calendar (iCalendar)" in text
    assert "网络" not in text  # nothing of the other language but its name
    feed = ICalendar.from_ical(
        (Path(app.outdir) / "exports" / "calendar" / "licence_manager.ics").read_bytes()
    )
    assert str(feed["X-WR-CALNAME"]) == (
        "Licence compliance calendar · Licence administrator"
    )


@pytest.mark.sphinx("html", testroot="due")
def test_the_calendar_shows_the_next_two_months_by_role(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "calendar.html").read_text(encoding="utf-8")
    text = page_text(Path(app.outdir) / "calendar.html")
    assert "2026-01-01 至 2026-02-28 到期的事项（所有岗位）" in text
    assert "2026-01 日期 编号 事项 负责人 名称 2026-01-01 CTL_LOG_01" in text
    assert "2026-02 此期间无到期事项。" in text
    assert '<tr class="licence-role-noc_manager' in page
    # the filter is for scripts to show; the tables read without them
    assert '<div class="licence-due-filter" hidden>' in page
    assert '<option value="noc_manager">网络运维中心经理</option>' in page


def _built(srcdir: Path) -> dict[str, object]:
    out = srcdir / "_build" / "html"
    pages = {
        p.relative_to(out).as_posix(): page_text(p)
        for p in sorted(out.glob("**/*.html"))
        if p.name not in ("search.html", "genindex.html")
    }
    feeds = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted((out / "exports").glob("**/*.ics"))
    }
    return {"pages": pages, "feeds": feeds}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # CTL_LOG_01 moves from noc_manager to licence_manager
        (
            "owner: noc_manager\n    frequency: daily",
            "owner: licence_manager\n    frequency: daily",
        ),
        # noc_manager is gone: its controls go to licence_manager
        ("owner: noc_manager", "owner: licence_manager"),
    ],
)
def test_an_owner_change_moves_pages_and_feeds_as_a_clean_build(
    make_app, tmp_path: Path, old: str, new: str
) -> None:
    srcdir = tmp_path / "incremental"
    shutil.copytree(ROOTS / "test-due", srcdir)
    make_app("html", srcdir=srcdir).build()
    before = _built(srcdir)
    controls = srcdir / "needs" / "controls.yaml"
    text = controls.read_text(encoding="utf-8").replace(old, new)
    if new == "owner: licence_manager" and old == "owner: noc_manager":
        text = text[: text.index("  - id: noc_manager")]
    controls.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.statuscode == 0

    clean = tmp_path / "clean"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    make_app("html", srcdir=clean).build()
    after, expected = _built(srcdir), _built(clean)
    assert after["feeds"] == expected["feeds"]
    assert after["pages"] == expected["pages"]
    assert after != before
    lic = ICalendar.from_ical(after["feeds"]["exports/calendar/licence_manager.ics"])
    assert "run-CTL_LOG_01" in [str(e["UID"]).split("@")[0] for e in lic.walk("VEVENT")]


@pytest.mark.sphinx(
    "html",
    testroot="due",
    confoverrides={"html_baseurl": "https://handbook.example.org/zh_CN/"},
)
def test_feed_links_are_absolute_under_html_baseurl(app: SphinxTestApp) -> None:
    app.build()
    feed = ICalendar.from_ical(
        (Path(app.outdir) / "exports" / "calendar" / "noc_manager.ics").read_bytes()
    )
    run = next(e for e in feed.walk("VEVENT") if "run-CTL_LOG_01" in str(e["UID"]))
    assert "页面: https://handbook.example.org/zh_CN/controls.html#CTL_LOG_01" in str(
        run["DESCRIPTION"]
    )

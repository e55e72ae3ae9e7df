"""Each role's duties on tiny in-memory data: the recurrence of periodic
controls, reviews due, what falls due in a span, and the feeds per role."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule
from icalendar import Calendar as ICalendar
from licence_needs.core import loader
from licence_needs.core.model import Model, Need, Text
from licence_needs.core.schema import FREQUENCIES
from licence_needs.derived import schedule
from licence_needs.derived.schedule import RECURRENCE, Run, occurrences
from licence_needs.outputs import ical

DATA = """\
provisions:
  - id: SP_14
    title: {zh: 特别规定事项十四, en: Special provision 14}
    text: {zh: 十四、……, en: 14. …}
obligations:
  - id: OB_14_1
    derives_from: SP_14
    modality: duty
    phrase: 每年第一季度
    trigger: {kind: periodic, every: year, from: "01-01", by: "03-31"}
    title: {zh: 年报, en: Annual report}
    text: {zh: 每年第一季度参加年报。, en: Report in the first quarter.}
  - id: OB_14_2
    derives_from: SP_14
    modality: duty
    phrase: 事件
    trigger: {kind: event, event: {zh: 事件, en: an event}, within: 3}
    title: {zh: 事件报告, en: Event report}
    text: {zh: 三日内报告。, en: Report within three days.}
controls:
  - id: CTL_LIC_01
    title: {zh: 年报报送, en: Annual filing}
    text: {zh: 一月初准备年报。, en: Prepare the report in early January.}
    owner: licence_manager
    frequency: annual
    starts: 2020-01-02
    last_reviewed: 2026-01-31
    review_interval_months: 12
    implements: [OB_14_1]
    evidenced_by: [EV_LIC_01]
  - id: CTL_LOG_01
    title: {zh: 日志检查, en: Log check}
    text: {zh: 每日检查。, en: Check every day.}
    owner: noc_manager
    frequency: daily
    last_reviewed: 2026-01-10
    review_interval_months: 6
    implements: [OB_14_1]
    evidenced_by: [EV_LIC_01]
  - id: CTL_NUM_01
    title: {zh: 号码核查, en: Number check}
    text: {zh: 每季度核查。, en: Check every quarter.}
    owner: noc_manager
    frequency: quarterly
    last_reviewed: 2026-01-10
    review_interval_months: 24
    implements: [OB_14_1]
    evidenced_by: [EV_LIC_01]
  - id: CTL_INC_01
    title: {zh: 事件报告, en: Event reporting}
    text: {zh: 事件后报告。, en: Report after an event.}
    owner: noc_manager
    frequency: per_event
    last_reviewed: 2026-01-10
    review_interval_months: 24
    implements: [OB_14_2]
    evidenced_by: [EV_LIC_01]
evidence:
  - id: EV_LIC_01
    title: {zh: 回执, en: Receipt}
    text: {zh: 回执。, en: The receipt.}
owners:
  - id: licence_manager
    title: {zh: 许可证管理专员, en: Licence administrator}
    text: {zh: 管理许可证。, en: Looks after the licence.}
  - id: noc_manager
    title: {zh: 网络运维中心经理, en: Network operations centre manager}
    text: {zh: 运行网络。, en: Runs the network.}
licence:
  number: B2-20192648
  issued: 2019-06-26
  expires: 2029-06-26
"""
DAY = date(2026, 2, 1)


@pytest.fixture
def model() -> Model:
    result, found = loader.load_bytes(DATA.encode(), "needs/data.yaml")
    assert found == []
    return result


def control(frequency: str) -> Need:
    return Need(
        "control", "CTL_X", Text("", ""), Text("", ""), "x", 1, frequency=frequency
    )


def test_every_periodic_frequency_has_a_recurrence_and_no_other() -> None:
    assert set(RECURRENCE) == set(FREQUENCIES) - {"continuous", "per_event"}
    assert RECURRENCE["quarterly"] == ("MONTHLY", 3)
    assert RECURRENCE["semiannual"] == ("MONTHLY", 6)
    assert RECURRENCE["annual"] == ("YEARLY", 1)


_DATEUTIL = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}


@pytest.mark.parametrize("frequency", sorted(RECURRENCE))
@pytest.mark.parametrize(
    "first", [date(2019, 6, 26), date(2020, 1, 31), date(2020, 2, 29), date(2026, 3, 1)]
)
def test_occurrences_agree_with_rfc_5545_as_dateutil_reads_it(
    frequency: str, first: date
) -> None:
    """Months without the 31st, years without 29 February are skipped, as a
    calendar program reading the feed's RRULE skips them."""
    freq, interval = RECURRENCE[frequency]
    run = Run(control(frequency), first, freq, interval)
    start, end = date(2026, 1, 15), date(2028, 3, 31)
    expected = [
        d.date()
        for d in rrule(
            _DATEUTIL[freq],
            interval=interval,
            dtstart=datetime(first.year, first.month, first.day),
            until=datetime(end.year, end.month, end.day),
        )
        if d.date() >= start
    ]
    assert occurrences(run, start, end) == expected
    assert expected  # the span holds at least one run of each


def test_a_control_starts_on_its_starts_date_else_the_licence_issue_date(
    model: Model,
) -> None:
    runs = {run.control.id: run for run in schedule.runs(model)}
    assert sorted(runs) == ["CTL_LIC_01", "CTL_LOG_01", "CTL_NUM_01"]  # no per_event
    assert runs["CTL_LIC_01"].first == date(2020, 1, 2)
    assert runs["CTL_NUM_01"].first == date(2019, 6, 26)
    assert (runs["CTL_NUM_01"].freq, runs["CTL_NUM_01"].interval) == ("MONTHLY", 3)


def test_a_span_holds_runs_reviews_and_deadlines_by_day(model: Model) -> None:
    cal = schedule.build(model, DAY)
    due = schedule.due_between(model, cal, DAY, date(2026, 7, 31))
    assert [(d.day, d.kind, d.need.id) for d in due] == [
        (date(2026, 2, 1), "run", "CTL_LOG_01"),  # daily: once, its next run
        (date(2026, 3, 26), "run", "CTL_NUM_01"),  # quarterly from 06-26
        (date(2026, 3, 31), "deadline", "OB_14_1"),
        (date(2026, 6, 26), "run", "CTL_NUM_01"),
        (date(2026, 7, 10), "review", "CTL_LOG_01"),  # 2026-01-10 + 6 months
    ]
    deadline = due[2]
    assert deadline.roles == ("licence_manager", "noc_manager")


def test_a_role_sees_its_own_work_and_the_deadlines_it_acts_on(model: Model) -> None:
    cal = schedule.build(model, DAY)
    end = date(2027, 2, 1)
    mine = schedule.due_between(model, cal, DAY, end, "licence_manager")
    assert [(d.day, d.kind, d.need.id) for d in mine] == [
        (date(2026, 3, 31), "deadline", "OB_14_1"),
        (date(2027, 1, 2), "run", "CTL_LIC_01"),
        (date(2027, 1, 31), "review", "CTL_LIC_01"),
    ]
    assert [e.obligation.id for e in schedule.runbook_of(cal, "noc_manager")] == [
        "OB_14_2"
    ]
    assert schedule.runbook_of(cal, "licence_manager") == ()


def test_the_span_includes_both_ends_and_a_yearly_deadline_each_year(
    model: Model,
) -> None:
    cal = schedule.build(model, DAY)
    due = schedule.due_between(model, cal, date(2026, 3, 31), date(2027, 3, 31))
    deadlines = [d.day for d in due if d.kind == "deadline"]
    assert deadlines == [date(2026, 3, 31), date(2027, 3, 31)]
    assert schedule.due_between(model, cal, DAY, DAY - timedelta(days=1)) == []


def feed(model: Model, role: str | None = None, lang: str = "en") -> ICalendar:
    cal = schedule.build(model, DAY)
    links = {"CTL_NUM_01": "https://example.org/en/controls.html#CTL_NUM_01"}
    data = ical.calendar_ics(cal, model, lang, DAY, role=role, links=links)
    assert data == ical.calendar_ics(cal, model, lang, DAY, role=role, links=links)
    # all feeds at once (as the build writes them) are the same bytes
    assert ical.calendar_feeds(cal, model, lang, DAY, links=links)[role] == data
    # RFC 5545: lines of at most 75 octets, longer ones folded
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    return ICalendar.from_ical(data)


def test_a_role_feed_holds_its_controls_recurring_and_its_reviews(
    model: Model,
) -> None:
    calendar = feed(model, "noc_manager")
    assert str(calendar["X-WR-CALNAME"]) == (
        "Licence compliance calendar · Network operations centre manager"
    )
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == [
        "OB_14_1",  # a control of this role meets it
        "review-CTL_INC_01",
        "review-CTL_LOG_01",
        "review-CTL_NUM_01",
        "run-CTL_LOG_01",
        "run-CTL_NUM_01",
    ]
    quarterly = events["run-CTL_NUM_01"]
    assert quarterly["RRULE"]["FREQ"] == ["MONTHLY"]
    assert quarterly["RRULE"]["INTERVAL"] == [3]
    assert quarterly.decoded("DTSTART") == date(2019, 6, 26)
    assert "CTL_NUM_01" in str(quarterly["SUMMARY"])
    description = str(quarterly["DESCRIPTION"])
    assert "Check every quarter." in description
    assert "https://example.org/en/controls.html#CTL_NUM_01" in description
    assert events["run-CTL_LOG_01"]["RRULE"]["FREQ"] == ["DAILY"]
    assert "INTERVAL" not in events["run-CTL_LOG_01"]["RRULE"]
    assert events["review-CTL_LOG_01"].decoded("DTSTART") == date(2026, 7, 10)
    alarms = events["OB_14_1"].walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [timedelta(days=-14)]
    assert not events["run-CTL_NUM_01"].walk("VALARM")


def test_the_whole_feed_holds_every_event_and_the_expiry(model: Model) -> None:
    events = {str(e["UID"]).split("@")[0] for e in feed(model).walk("VEVENT")}
    roles = set()
    for owner in model.owners:
        roles |= {
            str(e["UID"]).split("@")[0] for e in feed(model, owner.id).walk("VEVENT")
        }
    assert events == roles | {"expiry-B2-20192648"}
    assert "run-CTL_LIC_01" in events and "run-CTL_INC_01" not in events


def test_a_feed_speaks_its_language(model: Model) -> None:
    zh = feed(model, "licence_manager", "zh")
    assert str(zh["X-WR-CALNAME"]) == "许可证合规日历 · 许可证管理专员"
    run = next(e for e in zh.walk("VEVENT") if "run-CTL_LIC_01" in str(e["UID"]))
    assert str(run["SUMMARY"]) == "CTL_LIC_01 年报报送"
    assert "一月初准备年报。" in str(run["DESCRIPTION"])
    assert "频率: 每年" in str(run["DESCRIPTION"])

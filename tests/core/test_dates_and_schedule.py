"""Time: the licence's status, working days, the calendar feed, waivers and
reviews — each on both sides of its boundaries, with fixed dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from icalendar import Calendar as ICalendar
from licence_needs.core import loader
from licence_needs.core.checks import Context, run_checks
from licence_needs.core.dates import (
    CST,
    DateError,
    add_months,
    add_working_days,
    as_of,
    is_working_day,
    next_window,
)
from licence_needs.core.model import LicenceDates, Model
from licence_needs.derived import schedule, traceability
from licence_needs.outputs import ical

LICENCE = LicenceDates(issued=date(2019, 6, 26), expires=date(2024, 6, 26))


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2023, 12, 28), "valid"),
        (date(2023, 12, 29), "renewal-window-open"),  # 90 days before the deadline
        (date(2024, 3, 28), "renewal-window-open"),  # the deadline itself is in time
        (date(2024, 3, 29), "renewal-deadline-passed"),
        (date(2024, 6, 26), "renewal-deadline-passed"),  # valid until this day
        (date(2024, 6, 27), "expired"),
    ],
)
def test_licence_status_on_each_side_of_every_boundary(day: date, status: str) -> None:
    assert LICENCE.renewal_deadline == date(2024, 3, 28)
    assert LICENCE.status(day) == status


def test_as_of_is_source_date_epoch_else_today() -> None:
    assert as_of({"SOURCE_DATE_EPOCH": "1767225600"}) == date(2026, 1, 1)
    # 2025-12-31 20:00 UTC is already 2026-01-01 in China Standard Time
    assert as_of({"SOURCE_DATE_EPOCH": "1767211200"}) == date(2026, 1, 1)
    before = datetime.now(tz=CST).date()
    today = as_of({})
    assert today in {before, datetime.now(tz=CST).date()}
    with pytest.raises(DateError, match="whole seconds"):
        as_of({"SOURCE_DATE_EPOCH": "yesterday"})


def test_working_days_skip_the_spring_festival_and_count_adjusted_weekends() -> None:
    # Spring Festival 2026: 15–23 February off; Saturday 14 and 28 February worked
    assert is_working_day(date(2026, 2, 14)) == (True, True)
    assert is_working_day(date(2026, 2, 17)) == (False, True)
    assert is_working_day(date(2026, 2, 23)) == (False, True)
    assert is_working_day(date(2026, 2, 28)) == (True, True)
    deadline = add_working_days(date(2026, 2, 10), 10)
    # 11, 12, 13, 14 (Sat, worked), 24, 25, 26, 27, 28 (Sat, worked), 2 March
    assert deadline.day == date(2026, 3, 2)
    assert deadline.exact


def test_working_days_in_an_unpublished_year_are_an_estimate() -> None:
    deadline = add_working_days(date(2026, 12, 24), 10)
    assert not deadline.exact  # 2027's schedule is not published yet
    assert deadline.day == date(2027, 1, 7)  # Monday to Friday, counted as such
    assert add_working_days(date(2026, 12, 10), 5).exact


@pytest.mark.parametrize(
    ("day", "window"),
    [
        (date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), (date(2027, 1, 1), date(2027, 3, 31))),
    ],
)
def test_periodic_window_is_the_current_or_next(day: date, window: tuple) -> None:
    assert next_window((1, 1), (3, 31), day) == window


def test_a_window_may_run_over_the_new_year() -> None:
    assert next_window((12, 1), (1, 31), date(2027, 1, 15)) == (
        date(2026, 12, 1),
        date(2027, 1, 31),
    )


DATA = """\
provisions:
  - id: SP_12
    title: {zh: 特别规定事项十二, en: Special provision 12}
    text: {zh: 十二、……, en: 12. …}
  - id: SP_14
    title: {zh: 特别规定事项十四, en: Special provision 14}
    text: {zh: 十四、……, en: 14. …}
obligations:
  - id: OB_12_2
    derives_from: SP_12
    modality: duty
    phrase: 提前90日
    trigger: {kind: dated, before_expiry: 90}
    title: {zh: 续办申请, en: Apply for renewal}
    text: {zh: 提前90日申请续办。, en: Apply 90 days before expiry.}
  - id: OB_14_1
    derives_from: SP_14
    modality: duty
    phrase: 每年第一季度
    trigger: {kind: periodic, every: year, from: "01-01", by: "03-31"}
    title: {zh: 年报, en: Annual report}
    text: {zh: 每年第一季度参加年报。, en: Report in the first quarter.}
controls:
  - id: CTL_LIC_01
    title: {zh: 年报, en: Annual report}
    text: {zh: 提交年报。, en: File the report.}
    owner: licence_manager
    frequency: annual
    last_reviewed: 2026-01-31
    review_interval_months: 12
    implements: [OB_14_1]
    evidenced_by: [EV_LIC_01]
evidence:
  - id: EV_LIC_01
    title: {zh: 回执, en: Receipt}
    text: {zh: 年报回执。, en: The filing receipt.}
owners:
  - id: licence_manager
    title: {zh: 许可证管理专员, en: Licence administrator}
    text: {zh: 管理许可证。, en: Looks after the licence.}
waivers:
  - id: WVR_12_2
    obligation: OB_12_2
    reason: {zh: 已决定不续办。, en: The company decided not to renew.}
    approver: licence_manager
    approved: 2026-01-05
    expires: 2026-06-30
licence:
  number: B2-20192648
  issued: 2019-06-26
  expires: 2024-06-26
"""


@pytest.fixture
def model() -> Model:
    result, found = loader.load_bytes(DATA.encode(), "needs/data.yaml")
    assert found == []
    return result


def codes(model: Model, day: date) -> list[tuple[str, str]]:
    return sorted((f.code, f.need_id) for f in run_checks(Context(model, day=day)))


def test_a_waiver_covers_its_obligation_until_it_expires(model: Model) -> None:
    assert codes(model, date(2026, 6, 30)) == [
        ("licence-expired", ""),
        ("waiver-active", "WVR_12_2"),
    ]
    assert codes(model, date(2026, 7, 1)) == [
        ("licence-expired", ""),
        ("uncovered-obligation", "OB_12_2"),
        ("waiver-expired", "WVR_12_2"),
    ]
    before = traceability.build(model, date(2026, 6, 30))
    after = traceability.build(model, date(2026, 7, 1))
    assert [r.status for r in before.rows if r.obligation.id == "OB_12_2"] == ["waived"]
    assert [r.status for r in after.rows if r.obligation.id == "OB_12_2"] == ["gap"]


def test_a_review_is_overdue_the_day_after_it_falls_due(model: Model) -> None:
    assert ("review-overdue", "CTL_LIC_01") not in codes(model, date(2027, 1, 31))
    assert ("review-overdue", "CTL_LIC_01") in codes(model, date(2027, 2, 1))


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_the_calendar_feed_reads_back(model: Model) -> None:
    day = date(2026, 11, 29)
    cal = schedule.build(model, day)
    assert [(e.obligation.id, e.due) for e in cal.dated] == [
        ("OB_12_2", date(2024, 3, 28)),
        ("OB_14_1", date(2027, 3, 31)),
    ]
    data = ical.calendar_ics(cal, model, "en", day)
    assert data == ical.calendar_ics(cal, model, "en", day)  # the same bytes
    feed = ICalendar.from_ical(data)
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    assert sorted(events) == [
        "OB_12_2@licence-handbook.b2-20192648",
        "OB_14_1@licence-handbook.b2-20192648",
        "expiry-B2-20192648@licence-handbook.b2-20192648",
        "review-CTL_LIC_01@licence-handbook.b2-20192648",
        "run-CTL_LIC_01@licence-handbook.b2-20192648",
    ]
    report = events["OB_14_1@licence-handbook.b2-20192648"]
    assert report["RRULE"]["FREQ"] == ["YEARLY"]
    assert report.decoded("DTSTART") == date(2020, 3, 31)  # first Q1 after issue
    renewal = events["OB_12_2@licence-handbook.b2-20192648"]
    assert renewal.decoded("DTSTART") == date(2024, 3, 28)
    assert "RRULE" not in renewal
    assert all(e.decoded("DTSTAMP").date() == day for e in events.values())


def test_the_runbook_counts_working_days_from_the_as_of_date() -> None:
    data = DATA.replace(
        "trigger: {kind: dated, before_expiry: 90}",
        "trigger: {kind: event, event: {zh: 处置完成, en: handled}, within: 10, "
        "unit: working_days}",
    )
    model, found = loader.load_bytes(data.encode(), "needs/data.yaml")
    assert found == []
    cal = schedule.build(model, date(2026, 2, 10))
    assert [(e.obligation.id, e.example.day) for e in cal.events] == [
        ("OB_12_2", date(2026, 3, 2))
    ]

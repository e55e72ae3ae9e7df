"""Control assessments and dated evidence: the checks, and the facts they rest on.

A control that an obligation names is *covered*; whether it *works* is what
an assessment says (effective, exceptions, ineffective), as long as the
assessment is recent enough (the control's ``review_interval_months``) and
the evidence it examined is still current (the item's ``collected`` plus
``valid_months``).  The functions here answer those questions for one
control as of one day; :mod:`licence_needs.derived.assurance` turns the
answers into levels per obligation, provision and owner, and the checks
below into findings.  Registered with :func:`~.checks.check` like every
other check (imported by :mod:`.pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .checks import Context, check
from .dates import add_months
from .findings import Finding
from .model import Assessment, Model, Need

#: a control's own level (the obligation levels uncovered and waived aside)
ControlLevel = str


def latest_assessments(model: Model) -> dict[str, Assessment]:
    """Control ID → its latest assessment (by date; on a tie, the one written
    later), counting only records that name a control of the data."""
    index = model.index
    result: dict[str, Assessment] = {}
    for record in model.assessments:
        target = index.get(record.control)
        if target is None or target.type != "control":
            continue
        current = result.get(record.control)
        if current is None or record.date >= current.date:
            result[record.control] = record
    return result


def next_due(control: Need, record: Assessment | None) -> date | None:
    """When the control is due for assessment again (None: never assessed, or
    no interval)."""
    if record is None or not control.review_months:
        return None
    return add_months(record.date, control.review_months)


def expires(evidence: Need) -> date | None:
    """The last day an evidence item's latest record is current (None: the data
    does not say when it was collected or how long it stays current)."""
    if evidence.collected is None or evidence.valid_months is None:
        return None
    return add_months(evidence.collected, evidence.valid_months)


def expired(evidence: Need, day: date | None) -> bool:
    """Whether the item's latest record is past its time to live on ``day``."""
    until = expires(evidence)
    return until is not None and day is not None and day > until


def control_level(
    model: Model, control: Need, record: Assessment | None, day: date | None
) -> ControlLevel:
    """What the latest assessment says about ``control`` on ``day``.

    An effective result counts only while it is in date and every item it
    examined is current; otherwise it is ``assessment overdue``.
    """
    if record is None:
        return "not assessed"
    if record.result != "effective":
        return record.result  # ineffective | exceptions
    due = next_due(control, record)
    if day is not None and due is not None and day > due:
        return "assessment overdue"
    index = model.index
    for link in record.examined:
        item = index.get(link.target)
        if item is not None and item.type == "evidence" and expired(item, day):
            return "assessment overdue"
    return "effective"


def _where(record: Assessment) -> str:
    return f"{record.id} on {record.date} by {record.assessor.en}"


@check(
    "unknown-assessed-control",
    "unknown-examined-evidence",
    "examined-not-named",
    "date-after-as-of",
)
def assessment_records(context: Context) -> Iterator[Finding]:
    """Each record names a control of the data, evidence that control names,
    and a day that has come (unique IDs are the duplicate-id check's).
    Evidence is not collected in the future either."""
    model, day = context.model, context.day
    index = model.index
    for record in model.assessments:
        control = index.get(record.control)
        if control is None or control.type != "control":
            what = "no need" if control is None else f"the {control.type}"
            yield Finding.of(
                "unknown-assessed-control",
                record.file,
                record.control_line,
                f"the assessment names {record.control!r} as its control; "
                f"{what} has that ID",
                record.id,
            )
            control = None
        named = set(control.targets("evidenced_by")) if control else set()
        for link in record.examined:
            item = index.get(link.target)
            if item is None or item.type != "evidence":
                yield Finding.of(
                    "unknown-examined-evidence",
                    record.file,
                    link.line,
                    f"examined names {link.target!r}, which no evidence item has",
                    record.id,
                )
            elif control is not None and link.target not in named:
                yield Finding.of(
                    "examined-not-named",
                    record.file,
                    link.line,
                    f"examined names {link.target}, which {control.id} does not "
                    f"name in evidenced_by",
                    record.id,
                )
        if day is not None and record.date > day:
            yield Finding.of(
                "date-after-as-of",
                record.file,
                record.date_line,
                f"the assessment is dated {record.date}, after the as-of date {day}",
                record.id,
            )
    for need in model.needs:
        if (
            need.type == "evidence"
            and day is not None
            and need.collected is not None
            and need.collected > day
        ):
            yield Finding.of(
                "date-after-as-of",
                need.file,
                need.line,
                f"the evidence is marked collected on {need.collected}, after the "
                f"as-of date {day}",
                need.id,
            )


#: a result that is a finding → (its code, what the message says was found)
_RESULT_CODES = {
    "ineffective": ("control-ineffective", "ineffective"),
    "exceptions": ("control-exceptions", "effective with exceptions"),
}


@check("control-ineffective", "control-exceptions", "assessment-overdue")
def assessment_results(context: Context) -> Iterator[Finding]:
    """What each control's latest assessment found, and whether it is in date.

    Only the latest record counts: an ineffective result that a later
    effective one superseded is history, not a finding.
    """
    model, day = context.model, context.day
    index = model.index
    for control_id, record in latest_assessments(model).items():
        control = index[control_id]
        if record.result in _RESULT_CODES:
            code, found = _RESULT_CODES[record.result]
            yield Finding.of(
                code,
                record.file,
                record.line,
                f"{control_id} was found {found} ({_where(record)})",
                record.id,
            )
        due = next_due(control, record)
        if day is not None and due is not None and day > due:
            yield Finding.of(
                "assessment-overdue",
                record.file,
                record.line,
                f"{control_id} was last assessed on {record.date}; the next "
                f"assessment was due by {due} (as of {day})",
                record.id,
            )


@check("evidence-expired")
def evidence_currency(context: Context) -> Iterator[Finding]:
    """Evidence whose latest record is past its time to live as of the day."""
    model, day = context.model, context.day
    if day is None:
        return
    users: dict[str, list[str]] = {}
    for need in model.needs:
        if need.type == "control":
            for target in need.targets("evidenced_by"):
                users.setdefault(target, []).append(need.id)
    for need in model.needs:
        if need.type == "evidence" and expired(need, day):
            controls = ", ".join(users.get(need.id, [])) or "no control"
            yield Finding.of(
                "evidence-expired",
                need.file,
                need.line,
                f"collected on {need.collected} and current for "
                f"{need.valid_months} month(s), until {expires(need)} (as of "
                f"{day}); it evidences {controls}",
                need.id,
            )


@check("not-assessed")
def unassessed_controls(context: Context) -> Iterator[Finding]:
    """Controls no assessment has looked at yet, once the project records
    assessments at all (an ``assessments`` section, even an empty one)."""
    model = context.model
    if not model.assessment_files:
        return
    assessed = latest_assessments(model)
    for need in model.needs:
        if need.type == "control" and need.id and need.id not in assessed:
            yield Finding.of(
                "not-assessed",
                need.file,
                need.line,
                "no assessment of this control is recorded",
                need.id,
            )

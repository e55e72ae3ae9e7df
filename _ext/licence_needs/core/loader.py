"""Load ``needs/*.yaml`` into a :class:`~licence_needs.model.Model`, strictly.

Each file is read with :mod:`licence_needs.yamlread` and checked against the
data format (``needs/README.md``): known sections, known keys, the right
types, both languages present and non-empty, well-formed IDs.  Every problem
becomes a :class:`~licence_needs.findings.Finding` with the file and line; the
loader goes on after a bad item so that one run reports every problem, and it
keeps every item it could read, so nothing is lost between the YAML and the
rules.  Cross-item checks (duplicate IDs, links) are the rules' business.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import readcache
from .findings import Finding
from .model import (
    Assessment,
    EvidenceFile,
    Exclusion,
    Licence,
    LicenceDates,
    Link,
    Model,
    Need,
    Owner,
    Renewal,
    Term,
    Text,
    Trigger,
    Waiver,
)
from .schema import (
    DECISIONS,
    EXCLUSION_KEYS,
    FIELDS,
    FREQUENCIES,
    ID_PATTERNS,
    LANGS,
    LINK_TYPES,
    MODALITIES,
    RENEWAL_KEYS,
    RESULTS,
    SECTION_TYPE,
    SECTIONS,
    SINGULAR,
    TRIGGER_KEYS,
    TRIGGER_KINDS,
    UNITS,
)
from .stamps import FILE_NAME as STAMP_FILE
from .stamps import read as read_stamps
from .yamlread import Node, YamlError, read

#: the codes reading the data files may report (the checks report the rest)
PRODUCES = (
    "yaml-syntax",
    "yaml-unsafe",
    "duplicate-key",
    "unknown-key",
    "missing-key",
    "wrong-type",
    "missing-translation",
    "id-format",
    "unread-file",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The longest period a licence rule may name (ten years, in days).
MAX_DAYS = 3650
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class _FileResult:
    needs: list[Need] = field(default_factory=list)
    owners: list[Owner] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    assessment_files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def merge(self, other: _FileResult) -> None:
        """Add what reading another file gave, after what this one holds."""
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


def yaml_files(needs_dir: Path, root: Path | None = None) -> list[Path]:
    """The data files, in the order they are read: by name.  With ``root``,
    not a link to a file outside it (data lives in the repository, where it
    is reviewed; such a link is reported by :func:`unread_files`)."""
    return sorted(
        p
        for p in needs_dir.glob("*.yaml")
        if p.is_file() and (root is None or _inside(p, root))
    )


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, lies under ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


#: Files in the data folder that are not data, and say so by their name
#: (the format's description, its JSON Schema for editors, the review stamps).
NOT_DATA = ("README.md", "schema.json", STAMP_FILE)


def unread_files(root: Path, needs_dir: str) -> list[Finding]:
    """Everything in the data folder that will not be read, so nothing is lost
    quietly: a ``.yml`` file, a file in a subfolder, a folder that is missing."""
    folder = root / needs_dir
    if not folder.is_dir():
        return [
            Finding.of(
                "unread-file",
                needs_dir,
                0,
                f"the data folder {needs_dir}/ does not exist under {root}",
            )
        ]
    read = set(yaml_files(folder, root))
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not _inside(path, root):
            message = (
                "this link leads outside the project and is not read: data "
                "lives in the repository, where it is reviewed"
            )
        elif path.is_symlink() and path.is_dir():
            message = "this link to a folder is not followed: its files are not read"
        elif (
            path.is_dir()
            or path in read
            or path.relative_to(folder).as_posix() in NOT_DATA
        ):
            continue
        else:
            message = (
                f"this file is not read (only *.yaml files directly in {needs_dir}/ "
                "are)"
            )
        found.append(Finding.of("unread-file", display_path(path, root), 0, message))
    if not read:
        found.append(
            Finding.of(
                "unread-file", needs_dir, 0, f"{needs_dir}/ holds no *.yaml files"
            )
        )
    return found


def display_path(path: Path, root: Path) -> str:
    """A path as findings show it: relative to the project if it is inside."""
    for base, target in ((root, path), (root.resolve(), path.resolve())):
        try:
            return target.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def load(
    root: Path, needs_dir: str = "needs", cache_dir: Path | None = None
) -> tuple[Model, list[Finding]]:
    """Read every data file under ``root/needs_dir``; return the model and findings.

    File names in the model and the findings are relative to ``root`` with
    forward slashes (``needs/controls.yaml``), the form people click on.
    What the folder holds besides the data files is reported too
    (``unread-file``): both front ends call this one function, so they agree.
    With ``cache_dir``, a file read before with the same bytes is not read
    again (:mod:`.readcache`).
    """
    result = _FileResult(findings=unread_files(root, needs_dir))
    cache = readcache.ReadCache(cache_dir)
    names, entries = [], set()
    for path in yaml_files(root / needs_dir, root):
        name = display_path(path, root)
        names.append(name)
        data = path.read_bytes()
        entry = readcache.key(name, data)
        entries.add(entry)
        one = cache.get(entry)
        if not isinstance(one, _FileResult):
            one = _FileResult()
            _load_file(data, name, one)
            cache.put(entry, one)
        result.merge(one)
    cache.keep_only(entries)
    model = _model(result, names)
    stamp_path = root / needs_dir / STAMP_FILE
    if stamp_path.is_file():
        stamp_file, found = read_stamps(
            stamp_path.read_bytes(), display_path(stamp_path, root)
        )
        result.findings.extend(found)
        model = replace(model, stamps=stamp_file.stamps)
    return model, result.findings


def load_bytes(data: bytes, name: str) -> tuple[Model, list[Finding]]:
    """Load one file's bytes (the property tests and tools use this)."""
    result = _FileResult()
    _load_file(data, name, result)
    return _model(result, [name]), result.findings


def _model(result: _FileResult, names: list[str]) -> Model:
    model = Model(
        needs=tuple(result.needs),
        owners=tuple(result.owners),
        terms=tuple(result.terms),
        files=tuple(names),
        licence=result.licences[0] if result.licences else None,
        waivers=tuple(result.waivers),
        assessments=tuple(result.assessments),
        assessment_files=tuple(dict.fromkeys(result.assessment_files)),
    )
    for extra in result.licences[1:]:
        first = result.licences[0]
        result.findings.append(
            Finding.of(
                "duplicate-key",
                extra.file,
                extra.line,
                f"the licence section is already given at {first.file}:{first.line}",
            )
        )
    return model


def _load_file(data: bytes, name: str, out: _FileResult) -> None:
    try:
        root = read(data)
    except YamlError as exc:
        out.findings.append(
            Finding.of(exc.code, name, exc.line, exc.message, hint=exc.hint)
        )
        return
    if root.value is None:
        return  # an empty file holds no items; nothing is lost
    if root.kind != "mapping":
        out.findings.append(
            Finding.of(
                "wrong-type",
                name,
                root.line,
                f"a data file is a mapping of sections ({', '.join(SECTIONS)}), "
                f"not a {root.kind}",
            )
        )
        return
    for section, node in root.value.items():
        if section not in SECTIONS:
            out.findings.append(
                Finding.of(
                    "unknown-key",
                    name,
                    node.key_line,
                    f"unknown section {section!r}; "
                    f"the sections are {', '.join(SECTIONS)}",
                )
            )
            continue
        if section == "licence":
            _load_licence(node, name, out)
            continue
        if section == "assessments":
            out.assessment_files.append(name)
        if node.kind != "list":
            out.findings.append(
                Finding.of(
                    "wrong-type",
                    name,
                    node.key_line,
                    f"section {section!r} must be a list of items, not {node.kind}",
                )
            )
            continue
        for item in node.value:
            _load_item(section, item, name, out)


class _Item:
    """Reads one item's keys, recording a finding for each problem."""

    def __init__(self, kind: str, node: Node, file: str, out: _FileResult) -> None:
        self.kind = kind
        self.node = node
        self.file = file
        self.out = out
        self.id = ""

    def problem(
        self, code: str, line: int, message: str, hint: str | None = None
    ) -> None:
        self.out.findings.append(
            Finding.of(code, self.file, line, message, self.id, hint=hint)
        )

    def read(self) -> dict[str, Any] | None:
        node = self.node
        label = SINGULAR.get(self.kind, self.kind)
        if node.kind != "mapping":
            self.problem(
                "wrong-type",
                node.line,
                f"{_each(label)} must be a mapping of keys, not {node.kind}",
            )
            return None
        spec = FIELDS[SECTION_TYPE.get(self.kind, self.kind)]
        values: dict[str, Any] = {}
        id_node = node.value.get("id")
        if "id" in spec and id_node is not None:
            values["id"] = self._id(id_node)
        for key, value in node.value.items():
            if key == "id" and "id" in spec:
                continue
            if key not in spec:
                self.problem(
                    "unknown-key",
                    value.key_line,
                    f"unknown key {key!r} in {label}; its keys are {', '.join(spec)}",
                )
                continue
            values[key] = _READERS[spec[key][1]](self, key, value)
        for key, (required, _) in spec.items():
            if required and key not in node.value:
                self.problem(
                    "missing-key", node.line, f"{label} has no {key!r} (required)"
                )
        return values

    def _id(self, node: Node) -> str:
        if node.kind == "nothing" or (node.kind == "text" and not node.value.strip()):
            self.problem("missing-key", node.line, "id is empty")
            return ""
        if node.kind != "text":
            self.problem("wrong-type", node.line, f"id must be text, not {_kind(node)}")
            return ""
        self.id = node.value
        pattern = ID_PATTERNS[self.kind]
        if not re.fullmatch(pattern, node.value):
            self.problem(
                "id-format",
                node.line,
                f"ID {node.value!r} does not match the format {pattern}",
            )
        return node.value

    def plain(self, key: str, node: Node) -> str | None:
        if node.kind == "nothing":
            self.problem("missing-translation", node.line, f"{key!r} is empty")
            return None
        if node.kind != "text":
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} must be text, not {_kind(node)}",
            )
            return None
        return self._clean(key, node.value, node.line)

    def _clean(self, key: str, value: str, line: int) -> str | None:
        if not value.strip():
            self.problem("missing-translation", line, f"{key!r} is empty")
            return None
        if _CONTROL_CHARS.search(value):
            self.problem("wrong-type", line, f"{key!r} contains a control character")
            return None
        return value

    def text(self, key: str, node: Node) -> Text | None:
        if node.kind != "mapping":
            self.problem(
                "missing-translation",
                node.line,
                f"{key!r} must give both languages as {{zh: …, en: …}}, "
                f"not {_kind(node)}",
            )
            return None
        texts: dict[str, str] = {}
        for lang, value in node.value.items():
            if lang not in LANGS:
                self.problem(
                    "unknown-key",
                    value.key_line,
                    f"unknown language {lang!r} in {key!r}; the languages are zh, en",
                    hint=None
                    if re.fullmatch(r"[a-z]{2}([_-][A-Za-z]{2})?", lang)
                    else "if these words belong to a text, put the whole text in "
                    'double quotes: en: "…, …"',
                )
                continue
            cleaned = self.plain(f"{key}.{lang}", value)
            if cleaned is not None:
                texts[lang] = cleaned
        for lang in LANGS:
            if lang not in node.value:
                self.problem(
                    "missing-translation",
                    node.line,
                    f"{key!r} has no {lang!r} text",
                )
        if len(texts) != len(LANGS):
            return None
        return Text(texts["zh"], texts["en"])

    def link(self, key: str, node: Node) -> tuple[Link, ...] | None:
        target = self.plain(key, node)
        return None if target is None else (Link(target, node.line),)

    def links(self, key: str, node: Node) -> tuple[Link, ...] | None:
        if node.kind != "list":
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} must be a list of IDs such as [ID_1, ID_2], "
                f"not {_kind(node)}",
            )
            return None
        result = []
        for item in node.value:
            target = self.plain(key, item)
            if target is not None:
                result.append(Link(target, item.line))
        return tuple(result)

    def files(self, key: str, node: Node) -> tuple[EvidenceFile, ...] | None:
        """``[minutes/2026-03.pdf, …]``: relative paths inside the evidence
        folder, written with ``/``; never absolute, never climbing out."""
        if node.kind != "list":
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} must be a list of file paths such as [folder/file.pdf], "
                f"not {_kind(node)}",
            )
            return None
        result = []
        for item in node.value:
            path = self.plain(key, item)
            if path is None:
                continue
            parts = path.split("/")
            if path.startswith("/") or "\\" in path or ".." in parts or "" in parts:
                self.problem(
                    "wrong-type",
                    item.line,
                    f"{key!r}: {path!r} is not a relative path inside the evidence "
                    "folder (write it with '/', without '..', a leading '/' or '//')",
                )
                continue
            result.append(EvidenceFile(path, item.line))
        return tuple(result)

    def date(self, key: str, node: Node, bounded: bool = False) -> date | None:
        """A date; ``bounded``: one that the rules count months from, so it
        lies between 1970 and 2200 (``9999-12-01`` plus a year is no date)."""
        written = str(node.value)
        if node.kind in ("date", "text") and _ISO_DATE.fullmatch(written):
            try:
                day = date.fromisoformat(written)
            except ValueError:
                self.problem(
                    "wrong-type", node.line, f"{key!r}: {written} is not a real date"
                )
                return None
            if bounded and not 1970 <= day.year <= 2200:
                self.problem(
                    "wrong-type",
                    node.line,
                    f"{key!r} is {day}: a date here lies between 1970 and 2200",
                )
                return None
            return day
        self.problem(
            "wrong-type",
            node.line,
            f"{key!r} must be a date written YYYY-MM-DD, not {_kind(node)}",
        )
        return None

    def days(self, key: str, node: Node) -> int | None:
        value = node.value
        if node.kind == "number" and isinstance(value, int) and 0 <= value <= MAX_DAYS:
            return value
        self.problem(
            "wrong-type",
            node.line,
            f"{key!r} must be a whole number of days from 0 to {MAX_DAYS}, "
            f"not {_kind(node)}",
        )
        return None

    def count(self, key: str, node: Node, unit: str, low: int, high: int) -> int | None:
        value = node.value
        if node.kind == "number" and isinstance(value, int) and low <= value <= high:
            return value
        self.problem(
            "wrong-type",
            node.line,
            f"{key!r} must be a whole number of {unit} from {low} to {high}, "
            f"not {_kind(node)}",
        )
        return None

    def month_day(self, key: str, node: Node) -> tuple[int, int] | None:
        written = str(node.value)
        match = _MONTH_DAY.fullmatch(written) if node.kind == "text" else None
        if match:
            month, day = int(match[1]), int(match[2])
            try:
                date(2024, month, day)  # a leap year: 02-29 is a real day
            except ValueError:
                pass
            else:
                return month, day
        self.problem(
            "wrong-type",
            node.line,
            f'{key!r} must be a day of the year written "MM-DD" (quoted), '
            f"not {_kind(node)}",
        )
        return None

    def _keys(
        self,
        key: str,
        node: Node,
        spec: dict[str, tuple[bool, str]],
        what: str,
        skip: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """Read the keys of a nested mapping by ``spec``; an unknown key is a
        finding naming ``what`` and the keys it may have.  Required keys are
        the caller's to check: what is required can depend on a value."""
        values: dict[str, Any] = {}
        for name, value in node.value.items():
            if name in skip:
                continue
            if name not in spec:
                allowed = ", ".join([*skip, *spec])
                self.problem(
                    "unknown-key",
                    value.key_line,
                    f"unknown key {name!r} in {what}; its keys are {allowed}",
                )
                continue
            values[name] = _READERS[spec[name][1]](self, f"{key}.{name}", value)
        return values

    def trigger(self, key: str, node: Node) -> Trigger | None:
        """``{kind: …, …}``: the keys allowed depend on the kind."""
        if node.kind != "mapping":
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} must be a mapping such as {{kind: standing}}, "
                f"not {_kind(node)}",
            )
            return None
        kind_node = node.value.get("kind")
        kind = (
            self.choice(f"{key}.kind", kind_node, TRIGGER_KINDS) if kind_node else None
        )
        if kind_node is None:
            self.problem("missing-key", node.line, f"{key!r} has no 'kind' (required)")
        if kind is None:
            return None
        spec = TRIGGER_KEYS[kind]
        values = self._keys(key, node, spec, f"a {kind} trigger", skip=("kind",))
        missing = [n for n, (req, _) in spec.items() if req and n not in node.value]
        for name in missing:
            self.problem(
                "missing-key", node.line, f"a {kind} trigger has no {name!r} (required)"
            )
        if missing or any(v is None for v in values.values()):
            return None
        return Trigger(
            kind=kind,  # type: ignore[arg-type]
            start=values.get("from"),
            due=values.get("by"),
            event=values.get("event"),
            within=values.get("within"),
            unit=values.get("unit") or "days",
            before_expiry=values.get("before_expiry"),
        )

    def renewal(self, key: str, node: Node) -> Renewal | None:
        """``{applied: …, decision: pending | granted | refused, …}``: the keys
        a decision needs (a granted renewal its decision day and the new last
        day; a refused one its decision day; a pending one neither)."""
        if node.kind != "mapping":
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} must be a mapping such as "
                f"{{applied: 2024-03-01, decision: pending}}, not {_kind(node)}",
            )
            return None
        values = self._keys(key, node, RENEWAL_KEYS, "the renewal")
        decision = values.get("decision")
        needed = {"granted": ("decided", "valid_until"), "refused": ("decided",)}
        wanted = {"applied", "decision", *needed.get(decision or "", ())}
        for name in sorted(wanted - set(node.value)):
            why = (
                f" (a {decision} renewal)"
                if name not in ("applied", "decision")
                else ""
            )
            self.problem("missing-key", node.line, f"the renewal has no {name!r}{why}")
        for name in ("decided", "valid_until"):
            if name in node.value and decision is not None and name not in wanted:
                self.problem(
                    "wrong-type",
                    node.value[name].line,
                    f"a {decision} renewal has no {name!r}: "
                    + (
                        "record it once MIIT has decided"
                        if decision == "pending"
                        else "a refused renewal grants no new validity"
                    ),
                )
                return None
        if wanted - set(node.value) or any(v is None for v in values.values()):
            return None
        applied, decided = values["applied"], values.get("decided")
        if decided is not None and decided < applied:
            self.problem(
                "wrong-type",
                node.value["decided"].line,
                f"the renewal was decided on {decided}, before it was applied for "
                f"on {applied}",
            )
            return None
        return Renewal(applied, decision, decided, values.get("valid_until"), node.line)

    def exclusions(self, key: str, node: Node) -> tuple[Exclusion, ...] | None:
        """``[{phrase: …, reason: {zh, en}}, …]``: each needs both keys."""
        if node.kind != "list":
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} must be a list such as [{{phrase: 相应, reason: …}}], "
                f"not {_kind(node)}",
            )
            return None
        result = []
        for item in node.value:
            if item.kind != "mapping":
                self.problem(
                    "wrong-type",
                    item.line,
                    f"each of {key!r} must be a mapping with phrase and reason, "
                    f"not {_kind(item)}",
                )
                continue
            values: dict[str, Any] = {}
            for name, value in item.value.items():
                if name not in EXCLUSION_KEYS:
                    self.problem(
                        "unknown-key",
                        value.key_line,
                        f"unknown key {name!r} in an exclusion; its keys are "
                        f"{', '.join(EXCLUSION_KEYS)}",
                    )
                    continue
                reader = _READERS[EXCLUSION_KEYS[name][1]]
                values[name] = reader(self, f"{key}.{name}", value)
            for name in EXCLUSION_KEYS:
                if name not in item.value:
                    self.problem(
                        "missing-key",
                        item.line,
                        f"an exclusion has no {name!r} (required)",
                    )
            if values.get("phrase") is not None and values.get("reason") is not None:
                result.append(Exclusion(values["phrase"], values["reason"], item.line))
        return tuple(result)

    def choice(self, key: str, node: Node, allowed: tuple[str, ...]) -> str | None:
        value = self.plain(key, node)
        if value is not None and value not in allowed:
            self.problem(
                "wrong-type",
                node.line,
                f"{key!r} is {value!r}; it must be one of {', '.join(allowed)}",
            )
            return None
        return value


def _each(label: str) -> str:
    return "the licence section" if label == "licence section" else f"each {label}"


def _kind(node: Node) -> str:
    """What a value is, with what was written: ``yes/no 'No'``, ``list``."""
    if node.kind in ("list", "mapping", "nothing"):
        return node.kind
    written = node.raw or str(node.value)
    if len(written) > 40:
        written = written[:39] + "…"
    return f"{node.kind} {written!r}"


_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_READERS: dict[str, Callable[[_Item, str, Node], Any]] = {
    "text": _Item.text,
    "plain": _Item.plain,
    "link": _Item.link,
    "links": _Item.links,
    "modality": lambda item, key, node: item.choice(key, node, MODALITIES),
    "frequency": lambda item, key, node: item.choice(key, node, FREQUENCIES),
    "date": _Item.date,
    "day": lambda item, key, node: item.date(key, node, bounded=True),
    "renewal": _Item.renewal,
    "decision": lambda item, key, node: item.choice(key, node, DECISIONS),
    "days": _Item.days,
    "months": lambda item, key, node: item.count(key, node, "months", 1, 120),
    "result": lambda item, key, node: item.choice(key, node, RESULTS),
    "trigger": _Item.trigger,
    "unit": lambda item, key, node: item.choice(key, node, UNITS),
    "year": lambda item, key, node: item.choice(key, node, ("year",)),
    "month-day": _Item.month_day,
    "files": _Item.files,
    "exclusions": _Item.exclusions,
}


def _load_licence(node: Node, file: str, out: _FileResult) -> None:
    values = _Item("licence", node, file, out).read()
    if values is None or None in (
        values.get("number"),
        values.get("issued"),
        values.get("expires"),
    ):
        return  # the problem is reported; there is no licence to date
    issued, expires = values["issued"], values["expires"]
    for key, day in (("issued", issued), ("expires", expires)):
        if not 1970 <= day.year <= 2200:
            out.findings.append(
                Finding.of(
                    "wrong-type",
                    file,
                    node.value[key].line,
                    f"{key!r} is {day}: a licence date lies between 1970 and 2200",
                )
            )
            return
    if expires <= issued:
        out.findings.append(
            Finding.of(
                "wrong-type",
                file,
                node.value["expires"].line,
                f"'expires' ({expires}) must come after 'issued' ({issued})",
            )
        )
        return
    optional = {
        key: values[key]
        for key in ("renewal_notice_days", "renewal_window_days")
        if values.get(key) is not None
    }
    certificate = LicenceDates(values["issued"], values["expires"], **optional)
    renewal: Renewal | None = values.get("renewal")
    dates = certificate
    if renewal is not None and renewal.decision == "granted":
        assert renewal.decided is not None and renewal.valid_until is not None
        if renewal.valid_until <= expires:
            out.findings.append(
                Finding.of(
                    "wrong-type",
                    file,
                    node.value["renewal"].value["valid_until"].line,
                    f"the renewed licence's 'valid_until' ({renewal.valid_until}) "
                    f"must come after the certificate's 'expires' ({expires})",
                )
            )
            return
        # in force: from the decision to the renewed certificate's last day
        dates = LicenceDates(renewal.decided, renewal.valid_until, **optional)
    out.licences.append(
        Licence(values["number"], dates, file, node.line, renewal, certificate)
    )


def _load_item(section: str, node: Node, file: str, out: _FileResult) -> None:
    reader = _Item(section, node, file, out)
    values = reader.read()
    if values is None:
        return
    # An item missing a required text is still kept, with a placeholder, so that
    # links to it resolve and the one real problem is the one reported.
    empty = Text("", "")
    ident = values.get("id", "")
    title = values.get("title") or values.get("term") or empty
    text = values.get("text") or empty
    if section == "owners":
        out.owners.append(Owner(ident, title, text, file, node.line))
        return
    if section == "terms":
        out.terms.append(Term(ident, title, text, file, node.line))
        return
    if section == "waivers":
        # a waiver without its approval date is reported (missing-key) and
        # still kept, so that the one real problem is the one reported
        required = ("obligation", "reason", "approver", "expires")
        if all(values.get(key) is not None for key in required):
            out.waivers.append(
                Waiver(
                    ident,
                    values["obligation"],
                    values["reason"],
                    values["approver"],
                    values["expires"],
                    file,
                    node.line,
                    node.value["obligation"].line,
                    values.get("approved"),
                    node.value["expires"].line,
                )
            )
        return
    if section == "assessments":
        _assessment(ident, values, node, file, out)
        return
    need_type = SECTION_TYPE[section]
    links = {
        name: values[name] or ()
        for name, (source, _) in LINK_TYPES.items()
        if source == need_type and name in values
    }
    owner_node = node.value.get("owner")
    out.needs.append(
        Need(
            type=need_type,
            id=ident,
            title=title,
            text=text,
            file=file,
            line=node.line,
            links=links,
            # a broken informative text is reported; the item is still informative
            informative=values.get("informative")
            or (Text("", "") if "informative" in node.value else None),
            modality=values.get("modality"),
            phrase=values.get("phrase"),
            owner=values.get("owner"),
            owner_line=owner_node.line if owner_node else 0,
            frequency=values.get("frequency"),
            trigger=values.get("trigger"),
            last_reviewed=values.get("last_reviewed"),
            review_months=values.get("review_interval_months"),
            files=values.get("files") or (),
            exclusions=values.get("exclusions") or (),
            collected=values.get("collected"),
            valid_months=values.get("valid_months"),
            starts=values.get("starts"),
            starts_line=node.value["starts"].line if "starts" in node.value else 0,
        )
    )


def _assessment(
    ident: str, values: dict[str, Any], node: Node, file: str, out: _FileResult
) -> None:
    """An assessment record; one that lacks a readable required value is
    reported (by the reader) and not kept: without its control, date or
    result there is nothing to rate."""
    examined = node.value.get("examined")
    if examined is not None and values.get("examined") == ():
        out.findings.append(
            Finding.of(
                "missing-key",
                file,
                examined.line,
                "'examined' names no evidence; an assessment looks at least at one",
                ident,
                hint="list the IDs of the evidence items the assessor examined",
            )
        )
    required = ("control", "date", "result", "assessor", "examined")
    if any(not values.get(key) for key in required):
        return
    out.assessments.append(
        Assessment(
            id=ident,
            control=values["control"],
            date=values["date"],
            result=values["result"],
            assessor=values["assessor"],
            examined=values["examined"],
            file=file,
            line=node.line,
            control_line=node.value["control"].line,
            date_line=node.value["date"].line,
            note=values.get("note"),
        )
    )

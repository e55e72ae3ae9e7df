"""``make diff``: what changed in the handbook's data since a git revision.

``python -m licence_needs.check.diff [--base REV] [--lang zh|en]`` reads the
data and pages at ``REV`` from git (never by a checkout,
:mod:`licence_needs.core.revisions`) into a temporary folder, runs the gate
there and on the working tree exactly as ``make check`` does, and prints the
semantic diff (:mod:`licence_needs.derived.changes`) as Markdown.  It writes
the same report to ``<reports>/changes.md`` and appends it to
``$GITHUB_STEP_SUMMARY`` when that is set.

Exit status: 0 (changes or none), 2 when the comparison cannot be made: no
git, an unknown revision, a shallow clone that lacks it, or data (at the
revision or in the working tree) that does not load.  No Sphinx here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..core.dates import DateError, as_of
from ..core.findings import Finding
from ..core.loader import PRODUCES
from ..core.model import Model
from ..core.revisions import RevisionError, default_base, export, resolve
from ..core.schema import Lang
from ..core.settings import Settings
from ..core.vocabulary import label
from ..derived.changes import Changes, diff
from ..outputs.changes import REPORT_NAME, markdown
from ..outputs.files import write_text
from .cli import ConfigurationError, gate, read_conf


class CannotCompare(Exception):
    """The two sides cannot be compared (exit status 2)."""


def lang_arg(value: str) -> Lang:
    """``zh`` (also zh_CN) or ``en`` (also en_GB…)."""
    lowered = value.lower()
    if lowered.startswith("zh"):
        return "zh"
    if lowered.startswith("en"):
        return "en"
    raise argparse.ArgumentTypeError(f"the report is in zh or en, not {value!r}")


def gate_at(root: Path, commit: str, settings: Settings) -> tuple[list[Finding], Model]:
    """The gate's findings and the model of the project as it was at ``commit``."""
    folders = {settings.needs_dir: "", settings.source_dir: ".md"}
    with tempfile.TemporaryDirectory(prefix="licence-diff-") as scratch:
        where = Path(scratch)
        export(root, commit, folders, where)
        found, model = gate(where, settings)
    return found, model


def loads(found: Sequence[Finding], side: str) -> None:
    """Stop when the data of ``side`` did not load: a diff of half-read data
    would report what the reader missed as removed."""
    broken = [f for f in found if f.code in PRODUCES and f.severity == "error"]
    if broken:
        lines = "\n".join(f"  {f.as_line()}" for f in broken)
        raise CannotCompare(f"the data {side} does not load:\n{lines}")


def compare(root: Path, base: str, settings: Settings) -> tuple[Changes, str]:
    """The changes from ``base`` to the working tree, and ``base``'s commit."""
    commit = resolve(root, base)
    old_found, old_model = gate_at(root, commit, settings)
    loads(old_found, f"at {base} ({commit[:12]})")
    new_found, new_model = gate(root, settings)
    loads(new_found, "in the working tree")
    changes = diff(old_model, new_model, as_of(), old_found, new_found)
    return changes, commit


def publish(report: str, target: Path, environ: Mapping[str, str]) -> None:
    """Write the report beside the gate's, and into the job summary on GitHub."""
    write_text(target / REPORT_NAME, report)
    summary = environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(report + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make diff",
        description="What changed in needs/ since a git revision, as Markdown.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument(
        "--base",
        default="",
        help="the revision to compare with (default: the merge-base with the "
        "upstream branch, else the latest v* tag, else HEAD~1)",
    )
    parser.add_argument(
        "--lang", type=lang_arg, default="zh", help="zh (default) or en"
    )
    parser.add_argument(
        "--reports", type=Path, help="where to write changes.md (default: from conf.py)"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    lang: Lang = args.lang
    try:
        settings = read_conf(root)
        reason = ""
        base = args.base
        if not base:
            base, why = default_base(root)
            reason = label("changes.base_reason", lang, base=base, why=why)
        changes, commit = compare(root, base, settings)
    except (ConfigurationError, RevisionError, CannotCompare, DateError) as exc:
        print(f"make diff: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"make diff: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    side = f"{base} ({commit[:12]})" if commit[:12] not in base else base
    report = markdown(changes, lang, side, label("changes.worktree", lang), reason)
    print(report, end="")
    publish(report, args.reports or root / settings.reports_dir, os.environ)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Byte-identical output for the same sources: what sphinx-needs leaves random.

- Each need card's container gets a random id (``SNCB-`` and 8 characters of
  a ``uuid4``, ``sphinx_needs.layout.build_need_repr``): two clean builds
  differed in every page with needs.  Nothing refers to that id, so it is
  replaced, once the page is resolved, by a digest of the page's name and the
  card's position on it.
- ``schema_violations.json`` records how long validation took, and a speed;
  the file is rewritten without them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

PREFIX = "SNCB-"
SCHEMA_REPORT = "schema_violations.json"


def stable_card_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after sphinx-needs drew the cards."""
    number = 0
    for node in doctree.findall(nodes.container):
        ids = node.get("ids", [])
        if not any(i.startswith(PREFIX) for i in ids):
            continue
        number += 1
        digest = hashlib.sha256(f"{docname}\0{number}".encode()).hexdigest()[:8]
        node["ids"] = [PREFIX + digest if i.startswith(PREFIX) else i for i in ids]


def untimed_schema_report(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the schema report without its timings."""
    path = Path(app.outdir) / SCHEMA_REPORT
    if exception is not None or not path.is_file():
        return
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return  # not what sphinx-needs 9.1 writes: leave it
    if not isinstance(report, dict) or "validated_needs_per_second" not in report:
        return
    report.pop("validated_needs_per_second")
    count = len(report.get("validation_warnings") or {})
    report["validation_summary"] = (
        f"Schema validation completed with {count} warning(s)."
    )
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", stable_card_ids, priority=900)
    app.connect("build-finished", untimed_schema_report, priority=800)

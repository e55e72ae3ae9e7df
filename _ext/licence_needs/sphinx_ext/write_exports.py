"""Write the exports beside each language's pages (``exports/``) after an HTML build."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from urllib.parse import urljoin

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from ..core.readcache import code_digest
from ..core.vocabulary import lang_of
from ..outputs.files import EXPORTS_DIR, write_bytes
from ..outputs.ical import FEEDS_DIR, ICS_NAME, calendar_feeds, feed_name
from ..outputs.oscal import (
    CATALOG_NAME,
    COMPONENTS_NAME,
    OSCAL_DIR,
    catalog,
    component_definition,
    to_json,
)
from ..outputs.reqif import REQIF_NAME, reqif_xml
from ..outputs.tabular import (
    CSV_NAME,
    XLSX_NAME,
    matrix_table,
    sheets,
    write_csv,
    write_xlsx,
)
from .context import build_data

logger = logging.getLogger(__name__)

#: how the export process is made (``None`` where processes cannot fork)
_FORK = (
    multiprocessing.get_context("fork")
    if "fork" in multiprocessing.get_all_start_methods()
    else None
)

#: the OSCAL documents, relative to the exports folder
OSCAL_NAMES = (f"{OSCAL_DIR}/{CATALOG_NAME}", f"{OSCAL_DIR}/{COMPONENTS_NAME}")


def _job(app: Sphinx) -> Callable[[], None] | None:
    """What writing the exports of this build takes, as one call; ``None``
    when they are up to date: nothing they depend on changed since they were
    written (the data, the as-of date, the language, the pages' addresses,
    the stamps and the extension's code): at thousands of needs the XLSX
    alone takes seconds.  Everything read from the build is read here, in
    the build's process; the call only computes and writes."""
    data = build_data(app.env)
    lang = lang_of(app.config.language)
    folder = Path(app.outdir) / EXPORTS_DIR
    stamp = folder / ".stamp"
    links = need_links(app)
    roles = [o.id for o in data.model.owners]
    feeds = [f"{FEEDS_DIR}/{feed_name(role)}" for role in roles]
    where = json.dumps(links, sort_keys=True)
    # the review column depends on the stamps, which are not a data file
    stamps = repr(data.model.stamps)
    key = _key(data.model.files, data.root, str(data.as_of), lang, where, stamps)
    names = (CSV_NAME, XLSX_NAME, ICS_NAME, REQIF_NAME, *OSCAL_NAMES, *feeds)
    written = all((folder / name).exists() for name in names)
    if written and stamp.exists() and stamp.read_text() == key:
        return None
    trace, levels, cal = data.traceability, data.assurance, data.schedule
    model, day = data.model, data.as_of

    def write() -> None:
        write_csv(folder / CSV_NAME, matrix_table(trace, model, lang, levels))
        write_xlsx(folder / XLSX_NAME, sheets(trace, model, lang, levels), day)
        feeds_of = calendar_feeds(cal, model, lang, day, links=links, levels=levels)
        write_bytes(folder / ICS_NAME, feeds_of[None])
        for role, name in zip(roles, feeds, strict=True):
            write_bytes(folder / name, feeds_of[role])
        # a role that is gone leaves no feed behind: as a clean build would
        for old in sorted((folder / FEEDS_DIR).glob("*.ics")):
            if f"{FEEDS_DIR}/{old.name}" not in feeds:
                old.unlink()
        write_bytes(folder / REQIF_NAME, reqif_xml(model, lang, day))
        write_bytes(folder / OSCAL_NAMES[0], to_json(catalog(model, lang, day)))
        write_bytes(
            folder / OSCAL_NAMES[1], to_json(component_definition(model, lang, day))
        )
        stamp.write_text(key)

    return write


def _attempt(write: Callable[[], None]) -> str | None:
    """Write; what went wrong, in a line (``None``: nothing)."""
    try:
        write()
    except OSError as exc:
        return f"{exc.filename or EXPORTS_DIR}: {exc.strerror or exc}"
    return None


def _run(write: Callable[[], None], channel: Connection) -> None:
    """In the export process: write, then say how it went."""
    try:
        channel.send(_attempt(write))
    finally:
        channel.close()


@dataclass
class _Started:
    """An export process running beside the writing of the pages."""

    process: BaseProcess
    channel: Connection


#: per build: its export process, or ``None`` when the exports were found
#: up to date at ``write-started`` (not to be looked at twice)
_STARTED: weakref.WeakKeyDictionary[BuildEnvironment, _Started | None] = (
    weakref.WeakKeyDictionary()
)


def start_exports(app: Sphinx, builder: Builder) -> None:
    """``write-started``: begin the exports in a process of their own.

    They depend on the data and on where each need stands, both known once
    the pages are read; writing the pages is the build's longest step and
    mostly one process's work, so the exports (seconds at thousands of
    needs) are made beside it, not after it.  A forked process sees the
    build's data as it is; where ``fork`` is unavailable they are written at
    the end, in the build's process.
    """
    if builder.format != "html" or _FORK is None:
        return
    write = _job(app)
    if write is None:
        _STARTED[app.env] = None
        return
    receive, send = _FORK.Pipe(duplex=False)
    process = _FORK.Process(target=_run, args=(write, send), daemon=True)
    process.start()
    send.close()
    _STARTED[app.env] = _Started(process, receive)


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the matrix as CSV and XLSX, the whole calendar and
    a feed per role (``calendar/<role id>.ics``), and the interchange files
    (ReqIF; OSCAL catalog and component-definition): waited for if they were
    begun beside the pages (:func:`start_exports`), else written now."""
    if app.env in _STARTED:
        started = _STARTED.pop(app.env)
        if started is None:
            return  # up to date
        try:
            problem = started.channel.recv()
        except EOFError:  # it ended without a word: its status says why
            problem = None
        started.process.join()
        if problem is None and started.process.exitcode:
            problem = f"the export process ended with status {started.process.exitcode}"
    elif exception is not None or app.builder.format != "html":
        return
    else:
        write = _job(app)
        problem = _attempt(write) if write is not None else None
    if problem is not None and exception is None:
        # one plain line; the gate still runs after this and gives its verdict
        logger.error(
            f"cannot write the exports: {problem}",
            type="licence",
            subtype="unwritable",
        )
        app.statuscode = 1


def need_links(app: Sphinx) -> dict[str, str]:
    """Need ID → the address of the page it stands on, for the feeds.

    Absolute under ``html_baseurl`` when it is set (the root of this
    language's pages); otherwise the page's path from that root
    (``controls.html#CTL_LIC_01``), since a feed is read outside the site.
    """
    base = app.config.html_baseurl
    result = {}
    for need_id, need in SphinxNeedsData(app.env).get_needs_view().items():
        if not need["docname"]:
            continue
        uri = app.builder.get_target_uri(need["docname"]) + "#" + need_id
        result[need_id] = urljoin(base.rstrip("/") + "/", uri) if base else uri
    return result


def _key(files: tuple[str, ...], root: Path, *parts: str) -> str:
    """What the exports depend on, as one digest: the data files, the other
    parts, and every module of the package (labels and models shape them)."""
    digest = hashlib.sha256("\0".join(parts).encode())
    for name in files:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    package = Path(__file__).resolve().parents[1]
    digest.update(code_digest(package, "**/*.py").encode())
    return digest.hexdigest()


def setup(app: Sphinx) -> None:
    app.connect("write-started", start_exports)
    app.connect("build-finished", write_exports)

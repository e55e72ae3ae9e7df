"""Interrupted and concurrent builds: the output is a clean build's, or the
build waits its turn.

- **Interrupted.** A marker is written in the doctree folder when a build
  starts and removed when it finishes (a failing gate included: the
  environment is then whole).  A build that finds the marker follows one that
  was stopped midway (SIGINT, a killed ``dot``): its pickled environment and
  output may be partial (a search index of 3 pages, a missing diagram that
  no later build redraws), so both are removed and the build starts fresh.
- **Concurrent.** Two builds writing one output folder at once leave broken
  SVG files that later builds keep.  A build holds an exclusive lock on its
  output folder (``fcntl.flock`` on a file beside it) from the moment its
  configuration is read to the end; a second build says it is waiting, and
  waits.

Both run at ``config-inited``, before Sphinx loads the pickled environment.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
from pathlib import Path
from typing import IO

from sphinx.application import Sphinx
from sphinx.config import Config

#: the marker of a build in progress, in the doctree folder
MARKER = ".licence-build-incomplete"
#: locks this process holds, by output folder (a process may build twice)
_HELD: dict[Path, IO[str]] = {}


def lock_path(outdir: Path) -> Path:
    """The lock file of an output folder: beside it, so that removing the
    folder (``make clean``, a fresh start) leaves the lock alone."""
    return outdir.parent / f".{outdir.name}.lock"


def acquire(app: Sphinx, _config: Config) -> None:
    """``config-inited``: wait for any other build of this output folder."""
    outdir = Path(app.outdir).resolve()
    if outdir in _HELD:
        return
    outdir.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path(outdir).open("a", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(
            f"licence: another build is writing {outdir}; waiting for it to finish",
            file=sys.stderr,
            flush=True,
        )
        fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD[outdir] = handle
    for folder in (outdir, Path(app.doctreedir)):
        problem = unwritable(folder)
        if problem:
            print(f"licence: cannot write the build: {problem}", file=sys.stderr)
            raise SystemExit(2)


#: the file a build writes and removes to learn that it can write a folder
PROBE = ".licence-write-probe"


def unwritable(folder: Path) -> str | None:
    """Why ``folder`` cannot be written (one plain line), or None.

    Found once at the start, instead of as a traceback from whichever
    extension writes first (sphinxcontrib.jquery, the exports, the gate).
    """
    probe = folder / PROBE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        return f"{exc.filename or folder}: {exc.strerror or exc}"
    return None


def start_fresh_after_interruption(app: Sphinx, _config: Config) -> None:
    """``config-inited`` (after :func:`acquire`): if the last build did not
    finish, remove its environment and output; then mark this one begun."""
    doctrees = Path(app.doctreedir)
    marker = doctrees / MARKER
    if marker.exists():
        print(
            "licence: the previous build did not finish; building afresh",
            file=sys.stderr,
            flush=True,
        )
        for folder in (doctrees, Path(app.outdir)):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
    doctrees.mkdir(parents=True, exist_ok=True)
    marker.write_text("a build started here and has not finished\n", encoding="utf-8")


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a build that ran to its end (the gate's verdict
    aside) leaves a whole environment: the marker goes, and so does the lock."""
    if exception is None:
        (Path(app.doctreedir) / MARKER).unlink(missing_ok=True)
    handle = _HELD.pop(Path(app.outdir).resolve(), None)
    if handle is not None:
        handle.close()  # releases the lock


def setup(app: Sphinx) -> None:
    # before everything else reads the configuration or the environment
    app.connect("config-inited", acquire, priority=-10)
    app.connect("config-inited", start_fresh_after_interruption, priority=-9)
    # after the exports (500) and the gate (900): the build is complete
    app.connect("build-finished", finish, priority=990)

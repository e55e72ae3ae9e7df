"""The data at a git revision: read with ``git`` plumbing, never by a checkout.

``make diff`` and the site's change history compare the data of two
revisions.  A revision's files are read from git's object store
(``git ls-tree`` lists them, ``git cat-file --batch`` reads them: what ``git
show REV:path`` does, in one process) into a temporary folder, which the one
loader reads as it reads the working tree.  Nothing here touches the working
tree, the index or ``HEAD``, so a build or a check may run it at any time.

Every failure a user can cause (no git, not a repository, an unknown or
missing revision, a shallow clone) is a :class:`RevisionError` with a
sentence to show, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: release tags are the tags matching this pattern
TAG_PATTERN = "v*"


class RevisionError(Exception):
    """A revision that cannot be read, with the reason in words."""


@dataclass(frozen=True)
class Release:
    """A release tag, the commit it names, and that commit's date (YYYY-MM-DD)."""

    tag: str
    commit: str
    date: str


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in ``root``; its output, or :class:`subprocess.CalledProcessError`."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            check=True,
            env=env,
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    return done.stdout


def _text(root: Path, *args: str) -> str | None:
    """git's output as one stripped line, or None when git says no."""
    try:
        return _git(root, *args).decode("utf-8", "replace").strip()
    except subprocess.CalledProcessError:
        return None


def repository(root: Path) -> str | None:
    """The path of ``root`` inside its git repository ("" at the top), or None
    when ``root`` is not in one (a source tarball) or git is missing."""
    try:
        prefix = _text(root, "rev-parse", "--show-prefix")
    except RevisionError:
        return None
    return prefix


def resolve(root: Path, revision: str) -> str:
    """The commit ``revision`` names, or a :class:`RevisionError` saying why not."""
    if repository(root) is None:
        raise RevisionError(
            f"{root} is not in a git repository (or git is not installed): "
            "comparing revisions needs the repository's history"
        )
    if revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision")
    commit = _text(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit:
        return commit
    if _text(root, "rev-parse", "--is-shallow-repository") == "true":
        raise RevisionError(
            f"{revision!r} is not in this shallow clone: fetch the history "
            "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
        )
    raise RevisionError(
        f"{revision!r} is not a commit, branch or tag of this repository"
    )


def default_base(root: Path) -> tuple[str, str]:
    """The revision to compare with when none is given, and why it was chosen.

    A pull request's view first: the merge-base with the upstream branch when
    there is one, else the latest release tag (``v*``) reachable from HEAD,
    else the previous commit.
    """
    if repository(root) is None:
        raise RevisionError(
            f"{root} is not in a git repository (or git is not installed): "
            "comparing revisions needs the repository's history"
        )
    upstream = _text(
        root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"
    )
    if upstream:
        base = _text(root, "merge-base", "HEAD", "@{upstream}")
        if base:
            return base, f"merge-base with {upstream}"
    tag = latest_release(root)
    if tag:
        return tag, "latest release tag"
    return "HEAD~1", "previous commit"


def latest_release(root: Path) -> str | None:
    """The latest release tag (``v*``) reachable from HEAD, or None (no tag,
    or no repository)."""
    if repository(root) is None:
        return None
    return _text(root, "describe", "--tags", "--abbrev=0", "--match", TAG_PATTERN)


def export(root: Path, commit: str, folders: dict[str, str], dest: Path) -> int:
    """Write the files of ``folders`` at ``commit`` under ``dest``; how many.

    ``folders`` maps a folder (relative to ``root``, e.g. ``needs``) to the
    suffix of the files to take from it, recursively ("" for every file).
    Paths under ``dest`` are those relative to ``root``, so the loader finds
    ``dest/needs/*.yaml`` as it finds them in the working tree.  Symbolic
    links and submodules are skipped: they are not data.
    """
    prefix = repository(root) or ""
    wanted: list[tuple[str, PurePosixPath]] = []
    for folder, suffix in folders.items():
        spec = folder.rstrip("/") + "/"
        try:
            listing = _git(
                root, "ls-tree", "-r", "-z", "--full-name", commit, "--", spec
            )
        except subprocess.CalledProcessError as exc:
            raise RevisionError(
                f"cannot list {spec} at {commit[:12]}: "
                f"{exc.stderr.decode('utf-8', 'replace').strip()}"
            ) from None
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            name = path.decode("utf-8", "surrogateescape")
            if (
                kind == "blob"
                and mode in ("100644", "100755")
                and name.endswith(suffix)
            ):
                path_in_tree = PurePosixPath(name)
                if prefix:
                    path_in_tree = path_in_tree.relative_to(prefix.rstrip("/"))
                wanted.append((sha, path_in_tree))
    if not wanted:
        return 0
    request = "".join(f"{sha}\n" for sha, _ in wanted).encode()
    try:
        batch = _git(root, "cat-file", "--batch", stdin=request)
    except subprocess.CalledProcessError as exc:
        raise RevisionError(f"cannot read the files at {commit[:12]}") from exc
    offset = 0
    for _, relative in wanted:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        start = header_end + 1
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(batch[start : start + size])
        offset = start + size + 1  # the object is followed by a newline
    return len(wanted)


def releases(root: Path, *, checked: bool = False) -> list[Release]:
    """The release tags (``v*``), oldest first (by their commit's date, then
    name), with the commits they name.  Empty outside a repository.

    One ``git for-each-ref`` lists them all, lightweight and annotated (whose
    commit is the peeled ``*`` fields); ``checked`` skips asking whether
    ``root`` is in a repository, when the caller knows.
    """
    if not checked and repository(root) is None:
        return []
    fields = (
        "%(refname:strip=2)",
        "%(objecttype)",
        "%(objectname)",
        "%(committerdate:unix)",
        "%(committerdate:iso-strict)",
        "%(*objecttype)",
        "%(*objectname)",
        "%(*committerdate:unix)",
        "%(*committerdate:iso-strict)",
    )
    listing = _text(
        root,
        "for-each-ref",
        "--format=" + "%00".join(fields),
        f"refs/tags/{TAG_PATTERN}",
    )
    found = []
    for line in (listing or "").splitlines():
        (
            tag,
            kind,
            commit,
            stamp,
            when,
            peeled_kind,
            peeled,
            peeled_stamp,
            peeled_when,
        ) = line.split("\0")
        if kind == "tag" and peeled_kind == "commit":
            commit, stamp, when = peeled, peeled_stamp, peeled_when
        elif kind != "commit":
            continue  # a tag of a tree, a blob or another tag: not a release
        found.append((int(stamp), _natural(tag), Release(tag, commit, when[:10])))
    return [release for *_, release in sorted(found)]


def head(root: Path) -> str | None:
    """The commit checked out, or None (no repository, or no commit yet)."""
    if repository(root) is None:
        return None
    return _text(root, "rev-parse", "--verify", "--quiet", "HEAD")


def _natural(tag: str) -> tuple[tuple[int, str], ...]:
    """v1.10 after v1.9: digits compare as numbers."""
    parts: list[tuple[int, str]] = []
    number = ""
    for char in tag + "\0":
        if char.isdigit():
            number += char
            continue
        if number:
            parts.append((int(number), ""))
            number = ""
        parts.append((-1, char))
    return tuple(parts)

"""Where a build comes from: the git revision of the sources and whether the
work tree was clean.  Printed on the PDF's title page and written into the
audit pack's ``BUILD.json``.  No Sphinx here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .revisions import head

UNKNOWN = "unknown"


def source_revision(root: Path) -> str:
    """The commit the sources at ``root`` are checked out at, or "unknown"
    (no git, or not a git work tree)."""
    return head(root) or UNKNOWN


def work_tree_clean(root: Path) -> bool | None:
    """Whether the work tree at ``root`` has no changes to tracked files and
    no untracked files outside ``.gitignore``; None without git."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = subprocess.run(
            [git, "-C", str(root), "status", "--porcelain", "--untracked-files=normal"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() == "" if result.returncode == 0 else None

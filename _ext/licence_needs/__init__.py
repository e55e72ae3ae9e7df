"""The licence handbook's extension: needs from YAML, traced, with a gate.

Data flows one way, and the folders say which layer a module belongs to:

- :mod:`.core`: YAML → typed model → findings (the loader, the checks, the
  pipeline both front ends call); standard library and PyYAML only;
- :mod:`.derived`: read models computed from the model (traceability,
  schedule);
- :mod:`.outputs`: file formats (CSV/XLSX, iCalendar, reports);
- :mod:`.check`: the ``make check`` front end;
- :mod:`.sphinx_ext`: the Sphinx adapter, the only package that imports
  Sphinx, docutils or sphinx-needs.

Importing this package loads none of them: :func:`setup` imports the adapter
when Sphinx calls it (as sphinx-external-toc does), so ``make check`` and the
tools that read the data stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """The Sphinx extension's entry point (``extensions = ["licence_needs"]``)."""
    from .sphinx_ext import setup as adapter  # noqa: PLC0415 - lazy by design

    return adapter(app)

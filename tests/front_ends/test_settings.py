"""The licence_* settings: one table, validated once, the same in both front ends.

A bad value in conf.py is a configuration error: one message naming conf.py
and the value, exit status 2 (not 1, which means "the gate failed"), and no
traceback, from ``make check`` and from ``sphinx-build`` alike.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, ROOTS, sphinx_build
from licence_needs.check import cli
from licence_needs.core.settings import SETTINGS, Settings, SettingsError, validate

BAD_SETTINGS = [
    (
        '{"uncovered-obligation": "fatal"}',
        "licence_severity['uncovered-obligation'] is 'fatal'; it must be one of "
        "error, warning, info",
    ),
    (
        '{"uncoverd-obligation": "info"}',
        "licence_severity names an unknown code 'uncoverd-obligation' (did you "
        "mean 'uncovered-obligation'?); the codes are listed on the rules page",
    ),
    (
        '["uncovered-obligation"]',
        "licence_severity must be a dict of code → severity, not "
        "['uncovered-obligation']",
    ),
]


def project_with(tmp_path, severity: str):
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-uncovered", project)
    conf = project / "conf.py"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        + conf.read_text(encoding="utf-8")
        + f"licence_severity = {severity}\n",
        encoding="utf-8",
    )
    return project


def test_defaults_are_the_same_for_both_front_ends() -> None:
    """make check validates an empty conf.py to the defaults the adapter
    registers with Sphinx (both read SETTINGS)."""
    defaults = Settings()
    assert validate({}) == defaults
    for name, (attribute, default) in SETTINGS.items():
        assert name.startswith("licence_")
        assert getattr(defaults, attribute) == default, name


@pytest.mark.parametrize(("severity", "message"), BAD_SETTINGS)
def test_make_check_names_conf_py_and_exits_2(tmp_path, capsys, severity, message):
    project = project_with(tmp_path, severity)
    status = cli.main(["--root", str(project), "--reports", str(tmp_path / "r")])
    out, err = capsys.readouterr()
    assert status == 2
    assert err == f"make check: {project / 'conf.py'}: {message}\n"
    assert out == ""


@pytest.mark.build
@pytest.mark.parametrize(("severity", "message"), BAD_SETTINGS)
def test_the_build_names_conf_py_and_exits_2(tmp_path, severity, message):
    project = project_with(tmp_path, severity)
    (project / "source").mkdir()
    for page in project.glob("*.md"):
        shutil.move(page, project / "source" / page.name)
    result = sphinx_build(project, "zh_CN", tmp_path / "out")
    line = sum(1 for _ in (project / "conf.py").open(encoding="utf-8"))
    assert result.returncode == 2
    assert result.stderr == (
        f"{project / 'conf.py'}:{line}: ERROR: {message} [licence.configuration]\n"
    )


def test_a_folder_setting_must_be_text() -> None:
    with pytest.raises(SettingsError, match="licence_needs_dir must be a folder"):
        validate({"licence_needs_dir": 3})


def test_the_cache_folder_may_be_empty_but_must_be_text() -> None:
    assert validate({"licence_cache_dir": ""}).cache_dir == ""  # no cache
    with pytest.raises(SettingsError, match="licence_cache_dir must be a folder"):
        validate({"licence_cache_dir": None})

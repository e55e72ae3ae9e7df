"""The read cache: a file read before with the same bytes is not read again,
and the cache never changes what loading gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from licence_needs.core import loader, readcache

BAD = ROOT / "tests" / "bad"


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(
        ROOT / "tests" / "roots" / "test-covered" / "needs", target / "needs"
    )
    return target


def test_a_cached_load_equals_a_fresh_one(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = loader.load(project)
    assert loader.load(project, cache_dir=cache) == fresh  # fills the cache
    assert len(entries(cache)) == len(loader.yaml_files(project / "needs"))
    assert loader.load(project, cache_dir=cache) == fresh  # reads it


def test_the_findings_of_bad_files_come_through_the_cache(tmp_path: Path) -> None:
    for case in sorted(p for p in BAD.iterdir() if (p / "needs").is_dir()):
        cache = tmp_path / case.name
        fresh = loader.load(case)
        loader.load(case, cache_dir=cache)
        assert loader.load(case, cache_dir=cache) == fresh, case.name


def test_an_edited_file_is_read_again_and_its_old_entry_goes(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    loader.load(project, cache_dir=cache)
    before = entries(cache)
    controls = project / "needs" / "controls.yaml"
    controls.write_text(
        controls.read_text(encoding="utf-8").replace("业务", "业务（修订）", 1),
        encoding="utf-8",
    )
    model, _ = loader.load(project, cache_dir=cache)
    assert any("（修订）" in n.title.zh + n.text.zh for n in model.needs)
    assert (model, _) == loader.load(project)
    after = entries(cache)
    assert len(after) == len(before) and len(set(after) - set(before)) == 1


def test_a_broken_entry_is_ignored(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = loader.load(project, cache_dir=cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"not a pickle")
    assert loader.load(project, cache_dir=cache) == fresh


def test_an_unwritable_cache_is_no_error(project: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("the cache folder cannot be made here")
    assert loader.load(project, cache_dir=blocked / "cache") == loader.load(project)


def test_the_key_changes_with_the_bytes_and_the_name() -> None:
    one = readcache.key("needs/a.yaml", b"x: 1\n")
    assert one == readcache.key("needs/a.yaml", b"x: 1\n")
    assert one != readcache.key("needs/a.yaml", b"x: 2\n")
    assert one != readcache.key("needs/b.yaml", b"x: 1\n")

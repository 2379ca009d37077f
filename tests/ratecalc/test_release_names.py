"""A Medicare release's name is one rule: ``medicare import --release`` and the release list
(``releases.csv``) accept and refuse the same names."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.errors import DataError, InputError
from ratecalc.medicare import store
from ratecalc.medicare.importer import import_release
from tests.ratecalc.test_medicare_import import fake_cms_zip

NAMES = [
    ("rvu26a", True), ("RVU26A", True), ("rvu26ar", True), ("rvu26d", True),
    ("rvu26e", False), ("rvu6a", False), ("rvu260a", False), ("rvu26a.csv", False),
    ("rvu26", False), ("26a", False), ("rvu26ar ", False),
    # Arabic-Indic digits: ``\d`` took them, and the import stored a second file for 2026's
    ("rvu\u0662\u0666a", False),
]


def _import_refuses_the_name(name: str, tmp_path: Path) -> bool:
    try:
        import_release(fake_cms_zip(tmp_path / "RVU26A.zip"), release=name)
    except InputError as e:
        return "--release: expected a release id such as rvu26a" in str(e)
    except DataError:
        pass  # an accepted name of another year is refused for its files' year
    return False


def _release_list_refuses_the_name(name: str, tmp_path: Path) -> bool:
    path = tmp_path / "releases.csv"
    path.write_text("release,effective_from,effective_to,scope,source\n"
                    f"{name},2026-01-01,2026-12-31,all,test\n", encoding="utf-8")
    try:
        store._read_manifest(path, False)
    except DataError as e:
        assert "column 'release'" in str(e)
        return True
    return False


@pytest.mark.parametrize(("name", "accepted"), NAMES)
def test_import_and_release_list_take_the_same_release_names(user_dir, tmp_path, name,
                                                             accepted):
    assert _import_refuses_the_name(name, tmp_path) is not accepted
    assert _release_list_refuses_the_name(name, tmp_path) is not accepted
    assert store.is_release_name(name) is accepted

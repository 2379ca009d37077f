"""Names RateCalc makes from a user's file name fit the 255-byte file-name limit: here the
temporaries of atomic saves (locks and backups: tests/workbook/test_long_workbook_names.py). A
workbook named with ~225-250 characters could not be refreshed ("File name too long")."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.atomic import NAME_MAX, atomic_path, atomic_write, fit_name, temporaries

LONG_NAMES = ["b" * 250 + ".csv", "é" * 124 + ".csv", "日本" * 41 + ".csv"]


def _bytes(name: str) -> int:
    return len(name.encode("utf-8"))


@pytest.mark.parametrize("name", LONG_NAMES)
def test_a_temporary_of_a_long_name_fits_and_is_found(tmp_path: Path, name: str) -> None:
    assert _bytes(name) <= NAME_MAX
    target = tmp_path / name
    with atomic_path(target) as tmp:
        assert _bytes(tmp.name) <= NAME_MAX
        assert temporaries(target) == [tmp]  # a leftover of a killed run would be found
        tmp.write_text("x")
    assert target.read_text() == "x"
    assert list(tmp_path.iterdir()) == [target]


def test_fit_name_keeps_short_names_and_cuts_long_ones_distinctly() -> None:
    assert fit_name("clinic.xlsx", 239) == "clinic.xlsx"
    one, two = fit_name("b" * 300 + "1", 239), fit_name("b" * 300 + "2", 239)
    assert _bytes(one) == _bytes(two) == 239 and one != two and one.startswith("b" * 200)
    cut = fit_name("é" * 200, 239)  # never half a character
    assert _bytes(cut) <= 239 and cut.encode("utf-8").decode("utf-8") == cut


def test_atomic_write_of_a_long_name(tmp_path: Path) -> None:
    target = tmp_path / ("c" * 251 + ".txt")
    atomic_write(target, "hello")
    assert target.read_text() == "hello"

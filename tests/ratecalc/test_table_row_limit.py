"""A CSV table of a folder with more rows than an Excel sheet holds is refused before its rows
are kept (:data:`ratecalc.limits.MAX_TABLE_ROWS`): 3,000,000 one-field rows of ``payers.csv``,
12 MB and far under the 256 MiB a CSV may be, took 2.7 GB and 107 s to list a problem a row.
The limit is set to 1,000 rows here, so that the files stay small."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ratecalc import limits
from ratecalc.loaders import load_folder

DEMO = Path(__file__).resolve().parents[2] / "ratecalc" / "data" / "demo"
LIMIT = 1000


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # raising: the test ran on the code before the limit, to be seen failing
    monkeypatch.setattr(limits, "MAX_TABLE_ROWS", LIMIT, raising=False)
    target = tmp_path / "tables"
    shutil.copytree(DEMO, target)
    (target / "README.md").unlink(missing_ok=True)
    return target


def _payers(folder: Path, rows: int) -> None:
    header = (folder / "payers.csv").read_text().splitlines()[0]
    with (folder / "payers.csv").open("w") as out:
        out.write(header + "\n")
        for i in range(rows - 1):
            out.write(f"Payer {i}" + "," * header.count(",") + "\n")


def test_a_table_past_the_rows_of_a_sheet_is_refused_unread(folder: Path) -> None:
    _payers(folder, LIMIT + 1)
    _, problems = load_folder(folder)
    said = [str(p) for p in problems if "payers.csv" in str(p)]
    assert len(said) == 1, said
    assert said[0].endswith("'payers.csv': 1,001 rows, more than the 1,000 a table (an Excel "
                            "sheet's rows) may hold; not read"), said


def test_a_table_of_as_many_rows_as_a_sheet_is_read(folder: Path) -> None:
    _payers(folder, LIMIT)
    _, problems = load_folder(folder)
    assert not [p for p in problems if "rows, more than" in str(p)]

"""A CMS PPRRVU file cut short (a download broken off, a copy that ran out of room) ends in the
middle of a row: that row's missing fields were read as blank RVUs and the release stored.
It is refused naming the file, the row, the code and the first column the row lacks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ratecalc.errors import DataError
from ratecalc.medicare.cms_files import read_pprrvu
from ratecalc.medicare.importer import import_release
from tests.ratecalc.test_medicare_import import assert_nothing_stored, gpci_csv, pprrvu_csv


def _cut_in_97110(text: str, keep_fields: int) -> str:
    """``text`` up to the 97110 row, then that row's first ``keep_fields`` fields (the last one
    cut in two, as a broken-off download leaves it), no line end."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("97110,"))
    fields = lines[at].split(",")[:keep_fields]
    fields[-1] = fields[-1][:max(1, len(fields[-1]) - 1)]
    return "\n".join([*lines[:at], ",".join(fields)])


@pytest.mark.parametrize(("keep", "column"), [
    (7, "nonfac_na"),    # "97110,,,A,,0.45,0.4": the non-facility PE RVU cut, the rest gone
    (11, "pctc"),        # every RVU there, the indicators and the factor missing
    (20, "conv_factor"),
])
def test_a_row_cut_short_is_refused_naming_it(keep: int, column: str) -> None:
    text = _cut_in_97110(pprrvu_csv(), keep)
    with pytest.raises(DataError, match=rf"CMS RVU file 'PPRRVU2026_Jan_nonQPP.csv', row \d+, "
                                        rf"code 97110: the row ends after {keep} fields, "
                                        rf"before column {column} \(field \d+ of the header\); "
                                        rf"the file is cut short or damaged: download CMS's "
                                        rf"zip again"):
        read_pprrvu(text.encode(), "PPRRVU2026_Jan_nonQPP.csv")


def test_rows_ending_in_blank_fields_still_read() -> None:
    """Every row of CMS's CSV has all its fields, blank ones as empty text between commas: a
    whole file reads, 97110 with its figures."""
    frame = read_pprrvu(pprrvu_csv().encode(), "PPRRVU2026_Jan_nonQPP.csv")
    row = frame[frame["hcpcs"] == "97110"].iloc[0]
    assert (row["work_rvu"], row["conv_factor"]) == ("0.45", "33.4009")


def test_a_release_cut_short_is_not_stored(user_dir: Path, tmp_path: Path) -> None:
    """Before: "Imported RVU26A: 12788 codes", 97110 priced $26.72 in Alabama (its facility
    PE RVU and malpractice RVU read as blank) and 97112 an unknown code, for January to March."""
    release = tmp_path / "RVU26A.zip"
    with zipfile.ZipFile(release, "w") as archive:
        archive.writestr("PPRRVU2026_Jan_nonQPP.csv", _cut_in_97110(pprrvu_csv(), 7))
        archive.writestr("GPCI2026.csv", gpci_csv())
    with pytest.raises(DataError, match=r"code 97110: the row ends after 7 fields"):
        import_release(release)
    assert_nothing_stored(user_dir)

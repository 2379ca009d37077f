"""The Clinic sheet's ZIP code stands in for a blank Medicare locality (issue 10)."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook


def _book_with(demo_new_book, tmp_path, zip_code: object, locality: object):
    path = tmp_path / "negotiation.xlsx"
    shutil.copyfile(demo_new_book, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.CLINIC_SHEET]
    column = layout.PROFILE_TABLE.col("value")
    ws.cell(layout.profile_row("zip"), column).value = zip_code
    ws.cell(layout.profile_row("locality"), column).value = locality
    wb.save(path)
    return path


@pytest.mark.parametrize(("zip_code", "locality"), [("78701", "04412-31"),
                                                    (2108, "14212-01"),  # 02108 as a number
                                                    # a ZIP that is a contractor's number too:
                                                    # in the ZIP field, a ZIP
                                                    ("10112", "13202-01")])
def test_blank_locality_comes_from_the_zip(demo_new_book, tmp_path, zip_code, locality):
    data, problems = read_workbook(_book_with(demo_new_book, tmp_path, zip_code, None))
    assert data is not None, [p.message for p in problems]
    assert data.locality == locality


def test_given_locality_wins_over_the_zip(demo_new_book, tmp_path):
    data, _ = read_workbook(_book_with(demo_new_book, tmp_path, "78701", "10112-00"))
    assert data is not None and data.locality == "10112-00"


def test_split_zip_is_a_problem_on_its_cell(demo_new_book, tmp_path):
    data, problems = read_workbook(_book_with(demo_new_book, tmp_path, "01434", None))
    assert data is None
    hit = [p for p in problems if "split between Medicare localities" in p.message]
    assert hit and f"row {layout.profile_row('zip')}" in hit[0].message

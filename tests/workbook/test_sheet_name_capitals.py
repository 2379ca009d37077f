"""A sheet named as one of RateCalc's in other capitals (one name to Excel and openpyxl).

Refresh writes its result sheets by name: beside a user's ``COMPARISON`` openpyxl called the new
sheet ``Comparison1`` and refresh ended in an internal error (exit 4). Every result sheet now
follows the rule the Totals sheet had: the refresh stops with an error naming the sheet and
asking to rename it, the sheet left as it is. A sheet RateCalc reads (an input sheet, the
Negotiation Log) renamed in other capitals is named the same way, not called missing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book

RESULT_SHEETS = list(layout.RESULT_SHEETS)
READ_SHEETS = [*layout.INPUT_SHEETS, layout.NEGOTIATION_LOG]


def _recapitalized(name: str) -> str:
    """``name`` in other capitals ("Exit Impact" -> "EXIT IMPACT")."""
    other = name.upper()
    assert other != name
    return other


def _with_a_sheet_of_yours(book: Path, name: str) -> str:
    """RateCalc's sheet ``name`` renamed away, and a sheet of the user's named as it in other
    capitals (the review's case: "Comparison old" and "COMPARISON"); its name."""
    wb = open_book(book)
    wb[name].title = f"{name} old"
    mine = wb.create_sheet(_recapitalized(name))
    mine["A1"], mine["C9"] = "My own sheet", "=SUM(1,2)"
    wb.save(book)
    return mine.title


def _renamed(book: Path, name: str) -> str:
    """RateCalc's own sheet ``name`` renamed in other capitals (openpyxl, as Excel, takes a
    name in other capitals as taken, so it goes through another name first)."""
    wb = open_book(book)
    wb[name].title = "renaming"
    wb["renaming"].title = other = _recapitalized(name)
    wb.save(book)
    return other


@pytest.mark.parametrize("name", RESULT_SHEETS)
def test_a_sheet_of_yours_named_as_a_result_sheet_stops_the_refresh(tiny_copy: Path,
                                                                     name: str) -> None:
    mine = _with_a_sheet_of_yours(tiny_copy, name)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert not result.ok and result.sheets == (layout.PROBLEMS,)
    [error] = result.errors
    assert error.location.sheet == mine
    assert f"this sheet's name is '{name}', a sheet RateCalc writes, in other capitals" \
        in error.message and "rename yours" in error.message
    wb = open_book(tiny_copy)
    assert (wb[mine]["A1"].value, wb[mine]["C9"].value) == ("My own sheet", "=SUM(1,2)")
    assert name not in wb.sheetnames  # nothing written beside it
    problems = wb[layout.PROBLEMS]
    assert any(c.value == mine for row in problems.iter_rows() for c in row)


@pytest.mark.parametrize("name", RESULT_SHEETS)
def test_a_result_sheet_renamed_in_other_capitals_is_named(tiny_copy: Path, name: str) -> None:
    other = _renamed(tiny_copy, name)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert not result.ok
    [error] = [p for p in result.errors if p.location.sheet == other]
    assert f"rename it '{name}'" in error.message
    assert open_book(tiny_copy).sheetnames.count(other) == 1


def test_the_cli_says_it_as_an_input_error(tiny_copy: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The review's workbook: exit 1 (an error in the workbook), not 4 (an internal error)."""
    mine = _with_a_sheet_of_yours(tiny_copy, layout.COMPARISON)
    assert main(["refresh", str(tiny_copy)]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert f"Workbook '{tiny_copy.name}', sheet '{mine}': this sheet's name is" in err
    assert "Traceback" not in err


def test_a_sheet_named_problems_in_other_capitals_is_refused_with_nothing_written(
        tiny_copy: Path) -> None:
    """Every refresh writes the Problems sheet, the errors too: beside a sheet of that name in
    other capitals nothing can be written, so the refresh is refused, naming file and sheet."""
    mine = _with_a_sheet_of_yours(tiny_copy, layout.PROBLEMS)
    before = hashlib.sha256(tiny_copy.read_bytes()).hexdigest()
    with pytest.raises(InputError, match=rf"^Workbook '{tiny_copy.name}', sheet '{mine}': "
                                         r"this sheet's name is 'Problems'.*rename yours"):
        refresh_workbook(tiny_copy, now=NOW)
    assert hashlib.sha256(tiny_copy.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name", READ_SHEETS)
def test_a_sheet_read_renamed_in_other_capitals_is_named(tiny_copy: Path, name: str) -> None:
    """Before, an input sheet so renamed was "no sheet named 'Clinic' (no other sheet but
    RateCalc's)", and a Negotiation Log so renamed went unread without a word."""
    other = _renamed(tiny_copy, name)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert not result.ok
    said = [p.message for p in result.errors]
    assert said and all(
        f"no sheet named '{name}', but a sheet '{other}', its name in other capitals" in m
        and f"rename the sheet '{other}' to '{name}'" in m for m in said), said

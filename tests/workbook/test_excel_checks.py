"""Excel's own checks of the master workbook's cells (data validation) take what the core's
readers take, cell for cell: a value Excel refuses is one the refresh would refuse, and the
reverse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

import ratecalc_addin as xl
from ratecalc.errors import InputError
from ratecalc.schema import CONTRACTS
from ratecalc.validation import CellError, parse_cell
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout

from .conftest import open_book


def _accepts(check: Any) -> bool:
    try:
        check()
    except (InputError, CellError):
        return False
    return True


def _command_accepts(argv: list[str]) -> bool:
    try:
        return main(argv) == ExitCode.OK
    except SystemExit as exc:  # an option out of its range: argparse's exit 2
        assert exc.code == ExitCode.USAGE
        return False


def _udf_accepts(pct: float) -> bool:
    [[result]] = xl.FIXED_VS_PCT(30.0, pct, 25.0, 1000.0, 2)
    return not str(result).startswith("#RATECALC")


def test_a_contracts_percent_of_medicare_has_one_range(demo_book: Path, capsys) -> None:
    """10% to 500% of Medicare wherever a contract's percentage is typed: the tables (and the
    Payers & Contracts sheet) took up to 1000%, Excel's check of the sheet's cell too, while
    ``scenario --pct-of-medicare`` and FIXED_VS_PCT stopped at 500% and took 0%."""
    column = CONTRACTS.column("pct_of_medicare")
    ws = open_book(demo_book)[layout.PAYERS_CONTRACTS]
    spec = layout.PAYERS_CONTRACTS_TABLE
    cell = f"{get_column_letter(spec.col('pct_of_medicare'))}{spec.header_row + 1}"
    [rule] = [v for v in ws.data_validations.dataValidation if cell in v.sqref]
    assert (rule.type, rule.operator, float(rule.formula1), float(rule.formula2)) == (
        "decimal", "between", 0.1, 5.0)
    for value in (0.1, 5.0, 0.0, 0.09, 5.01, 9.0, 10.0):
        inside = 0.1 <= value <= 5.0
        assert _accepts(lambda v=value: parse_cell(column, v)) == inside, value
        assert _udf_accepts(value) == inside, value
        command = ["scenario", "--units", "100", "--medicare", "30", "--fixed", "31",
                   "--pct-of-medicare", repr(value), "--years", "2", "--json"]
        assert _command_accepts(command) == inside, value
        capsys.readouterr()
    with pytest.raises(CellError, match=r"^expected a fraction of Medicare from 0\.1 to 5 "
                                        r"\(10% to 500%\), such as 1\.10 or 110%$"):
        parse_cell(column, 9.0)

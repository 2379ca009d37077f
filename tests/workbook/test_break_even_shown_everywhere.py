"""The break-even percent of Medicare reads the same in every output that shows it, beside the
percent it is compared with, on the side of it that it is on (:func:`ratecalc.scenarios.
shown_percents`): the Scenarios sheet as LibreOffice renders it after recalculating (its cell's
value in its number format), ``ratecalc scenario``'s words and its ``--json``. A contract at
88.8% of Medicare with a break-even of 88.7688% read "88.80%" and "88.8%" on the sheet, and
"Fixed dollar vs 88.8%" and "Break-even: 88.8%" in the command, beside "Better: % of Medicare";
a fixed payer whose rates equal 124.5053% of Medicare, with a break-even of 124.4802%, read
"124.5%" twice beside the same verdict. (No summary.json, letter or worksheet function shows a
break-even.)"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc import scenarios
from ratecalc.money import percent_text
from ratecalc.schema import choice_label
from ratecalc_cli.main import main
from ratecalc_workbook import layout, page_layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.test_scheduled_rates import PAYER, TODAY

from .libreoffice import SOFFICE, export_shown
from .test_rate_basis_labels import escalated_today

#: name -> (contract: (escalator, percent of Medicare or None for fixed rates), the Settings'
#: custom conversion-factor path, the sheet's "% of Medicare compared" and "Break-even % of
#: Medicare", the command's words for the two, the verdict). Alpha Health bills 100 units of
#: 97110 (Medicare $27.20) and 50 of 97140 ($25.95): Medicare pays 4,017.50 in year 1; five
#: years, no discount.
CASES = {
    # 88.8% pays 24.1536 -> $24.15 and 23.0436 -> $23.04: $3,567.00 a year on the fixed side,
    # 17,835.00 in five; Medicare moves 0.01% a year (sum of the indices 5.00100010004), so the
    # break-even is 17,835 / (4,017.50 x 5.00100010004) = 88.7688%; the percent side pays
    # $24.16 and $23.05 from year 2, 17,841.00: $6.00 more than the fixed, past the $3.75
    # that rounding can make (half a cent x 150 units x 5 years)
    "below": ((0.0, 0.888), "0.0001", ("88.80%", "88.77%"), ("88.8%", "88.77%"),
              "pct_of_medicare"),
    # Medicare falls 0.02% a year (indices summing to 4.99800039998): the break-even is
    # 17,835 / (4,017.50 x 4.99800039998) = 88.8220%; the percent side pays 17,829.50, $5.50
    # less
    "above": ((0.0, 0.888), "-0.0002", ("88.80%", "88.82%"), ("88.8%", "88.82%"), "fixed"),
    # fixed rates raised 0.05% a year from $30.02 and $40.00 (5,002.00 in year 1, 25,040.00 in
    # five): they equal 5,002 / 4,017.50 = 124.5053% of Medicare; Medicare moves 0.07% a year
    # (indices summing to 5.0070049), so the break-even is 25,040 / (4,017.50 x 5.0070049) =
    # 124.4802%, and that percent pays 25,045.04, $5.04 more. A tenth read 124.5% twice
    "computed": ((0.0005, None), "0.0007", ("124.51%", "124.48%"), ("124.51%", "124.48%"),
                 "pct_of_medicare"),
}


def _clinic(escalator: float, pct: float | None, cf_custom: str):  # type: ignore[no-untyped-def]
    data = escalated_today()
    contracts = data.contracts.assign(escalator=escalator, end_date=TODAY + timedelta(days=20))
    if pct is not None:
        contracts = contracts.assign(rate_basis="pct_of_medicare", pct_of_medicare=pct)
    return replace(data, contracts=contracts,
                   settings=replace(data.settings, cf_path="custom", cf_custom=cf_custom))


def format_shows(value: float, number_format: str) -> str:
    """A fraction as a percent number format (``0.00%``, ``0.00######%``) shows it, as
    LibreOffice does: the value x 100 in binary, that product's decimal (its shortest text)
    half away from zero to the format's places, the optional (``#``) ones left off where
    they are zeros. (x 100 in decimal, this said 0.5175 showed 51.8% where LibreOffice shows
    51.7%: the double's product is 51.74999999999999.)"""
    match = re.fullmatch(r"0\.(0*)(#*)%", number_format)
    assert match, number_format
    needed, optional = len(match.group(1)), len(match.group(2))
    percent = Decimal(repr(value * 100)).quantize(Decimal(1).scaleb(-(needed + optional)),
                                                  ROUND_HALF_UP)
    whole, _, decimals = f"{percent:f}".partition(".")
    decimals = decimals[:needed] + decimals[needed:].rstrip("0")
    return f"{whole}.{decimals}%"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("break_even")
    made = {}
    for name, ((escalator, pct), cf_custom, *_) in CASES.items():
        book = folder / f"{name}.xlsx"
        new_workbook(book, _clinic(escalator, pct, cf_custom))
        result = refresh_workbook(book, now=datetime.combine(TODAY, datetime.min.time()))
        assert result.ok, [p.message for p in result.errors]
        made[name] = book
    return made


def _cells(book: Path) -> dict[str, tuple[float, str]]:
    """The payer's "% of Medicare compared" and break-even cells: value and number format."""
    ws = openpyxl.load_workbook(book)[layout.SCENARIOS]
    spec = layout.SCENARIOS_TABLE
    for row in ws.iter_rows():
        headers = [c.value for c in row]
        if spec.spec("payer").header in headers and spec.spec("better").header in headers:
            at = {h: i for i, h in enumerate(headers)}
            header_row = row[0].row
            break
    payer_row = next(r for r in ws.iter_rows(min_row=header_row + 1)
                     if r[at[spec.spec("payer").header]].value == PAYER)
    return {key: (payer_row[at[spec.spec(key).header]].value,
                  payer_row[at[spec.spec(key).header]].number_format)
            for key in ("pct_of_medicare", "break_even_pct_of_medicare", "better")}


@pytest.mark.parametrize("name", list(CASES))
def test_the_sheet_cells_show_the_break_even_beside_the_percent(
        books: dict[str, Path], name: str) -> None:
    _, _, on_sheet, _, verdict = CASES[name]
    cells = _cells(books[name])
    shown = tuple(format_shows(*cells[key]) for key in
                  ("pct_of_medicare", "break_even_pct_of_medicare"))
    assert shown == on_sheet
    assert cells["better"][0] == choice_label(verdict)


@pytest.mark.parametrize("name", list(CASES))
def test_the_command_says_what_the_sheet_shows(books: dict[str, Path], name: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _, _, on_sheet, said, verdict = CASES[name]
    argv = ["scenario", "--data", str(books[name]), "--payer", PAYER]
    assert main(argv) == 0
    text = capsys.readouterr().out
    compared, break_even = said
    assert text.startswith(f"Fixed dollar vs {compared} of Medicare for {PAYER}, "), text
    assert f"\nBreak-even: {break_even} of Medicare pays as much" in text, text
    assert break_even == on_sheet[1]
    assert main([*argv, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["better"] == verdict
    # to four decimals of a percent at the least, on the same side: the sheet's figure to its
    # decimals
    json_compared = Decimal(repr(payload["pct_of_medicare"])) * 100
    json_break_even = Decimal(repr(payload["break_even_pct_of_medicare"])) * 100
    side = (json_break_even > json_compared) - (json_break_even < json_compared)
    assert side == {"fixed": 1, "pct_of_medicare": -1}[verdict]
    places = len(break_even[:-1].partition(".")[2])
    assert f"{json_break_even.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}%" \
        == break_even


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_what_the_cells_format_says(books: dict[str, Path],
                                                      tmp_path: Path) -> None:
    names = list(CASES)
    shown = export_shown([books[n] for n in names], tmp_path / "shown",
                         [[layout.SCENARIOS]] * len(names))
    spec = layout.SCENARIOS_TABLE
    for name, files in zip(names, shown, strict=True):
        with files[layout.SCENARIOS].open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = next(r for r in rows if spec.spec("better").header in r)
        # the per-payer table is the first of the tables side by side on the header row
        at = {h: header.index(h) for h in header if h}
        row = next(r for r in rows[rows.index(header) + 1:]
                   if len(r) > at["Payer"] and r[at["Payer"]] == PAYER)
        on_sheet = (row[at[spec.spec("pct_of_medicare").header]],
                    row[at[spec.spec("break_even_pct_of_medicare").header]])
        assert on_sheet == CASES[name][2], name


@pytest.mark.parametrize(("value", "places", "text"), [
    (0.887688032691, 2, "88.77%"), (0.887688032691, 3, "88.769%"),
    (0.8871111111, 8, "88.71111111%")])
def test_a_cell_with_more_decimals_is_measured_as_it_shows(value: float, places: int,
                                                            text: str) -> None:
    # a column is fitted to the text its cells show: "0.000%" was measured as General's
    # "0.887688033"
    cell = openpyxl.Workbook().active.cell(row=1, column=1, value=value)
    cell.number_format = layout.percent_format(places)
    assert page_layout.shown(cell) == format_shows(value, cell.number_format) == text


@given(st.one_of(
    st.builds(lambda n: float(Decimal(n).scaleb(-7)), st.integers(10**6, 5 * 10**7)),
    st.floats(min_value=0.1, max_value=5.0)), st.integers(1, 8))
@example(0.8874999, 1)  # held read to twelve decimals (0.8874999), 0.0% showed 88.7%
@example(1.5528545249051398, 3)
@example(0.5175, 1)  # held read to a millionth (0.5175), 0.0% showed 51.7% (x 100 in binary)
@example(1.0694999124886633, 1)  # held 1.0695: 106.9% beside percent_text's 107.0%
def test_a_cell_holds_what_its_format_shows_as_the_words_say(value: float, places: int) -> None:
    # the Scenarios' break-even and computed % compared: the value the cell holds
    # (scenarios.held_fraction), in a format of the decimals it is shown with, shows what
    # scenario's words say (scenarios.shown_at), and at a tenth what percent_text says
    shown = scenarios.shown_at(value, places)
    held = scenarios.held_fraction(value, shown)
    text = format_shows(held, layout.percent_format(places))
    assert text == scenarios.shown_percent_text(shown)
    if places <= 4:
        assert text == percent_text(value, places)

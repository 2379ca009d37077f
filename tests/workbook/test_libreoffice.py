"""An independent spreadsheet engine recalculates the refreshed workbook: LibreOffice headless.

LibreOffice opens the workbook with a profile that forces recalculation of every formula
(proved by the first test, on a file whose cached value is deliberately wrong), saves it, and
openpyxl reads the values LibreOffice computed; it also writes each sheet as it shows it (CSV
"as shown"). Then: no error value in any cell, and every money cell shows the core's figure
rounded half-up to cents, as the CSV files, the letter and the command line write it; the
amount a user reads, not a number close to it (LibreOffice saves 15 significant digits, so
-1.2749999999999986, shown -$1.27, reads back as -1.275). Fractions are compared as numbers.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries

from ratecalc.demo import demo_data
from ratecalc.errors import InputError, Problem
from ratecalc.money import PERCENT_PLACES, percent_text, round_cents, snapped_fraction
from ratecalc.report import TABLE_UNITS, presentable, summary
from ratecalc_workbook import formulas, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.reader import read_proposal_overrides, read_workbook
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.results import compute_results
from tests.clinics import half_cent_clinic

from .conftest import NOW, open_book
from .libreoffice import SOFFICE, convert_all, export_shown, profiles
from .money_cells import MoneyBook, ShownBook, core_cents, core_results, shown_amount
from .proposal_rows import proposal_row

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]

ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")


def _stale_book(source: Path) -> int:
    """A2 = A1*21 with A1 = 2, and a wrong cached value (999) planted for A2, as a stale file
    from another program would have; the number of cells planted."""
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = 2, "=A1*21"
    wb.calculation.fullCalcOnLoad = False  # nothing in the file asks for a recalculation
    wb.save(source)
    # Plant a wrong cached value for A2, as a stale file from another program would have.
    with zipfile.ZipFile(source) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, n = re.subn(r"(<c r=\"A2\"[^>]*>\s*<f>A1\*21</f>)\s*(<v\s*/>|<v></v>)?",
                       r"\1<v>999</v>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(source, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return n


#: Amounts a spreadsheet computes with binary noise, or that lie on a half cent: the formula
#: text -> (the same in Python, the amount half-up to cents by hand).
ROUNDING_CASES = {
    "33.765-35.04": (33.765 - 35.04, "-1.28"),  # -1.2749999999999986
    "12.355-12.42": (12.355 - 12.42, "-0.07"),  # -0.0649999999999995
    "-1.275": (-1.275, "-1.28"), "2.675": (2.675, "2.68"), "-2.675": (-2.675, "-2.68"),
    "1.005": (1.005, "1.01"),
    "1.0049999999": (1.0049999999, "1.01"),  # read to a micro-cent: 1.005
    "1.004999": (1.004999, "1.00"),
    "1234567.125": (1234567.125, "1234567.13"),
    "(31.005-29.07)*157": ((31.005 - 29.07) * 157, "303.80"),  # 303.7949999999998
    "-0.001": (-0.001, "0.00"), "0.1+0.2": (0.1 + 0.2, "0.30"),
    "72.92499999999998": (72.92499999999998, "72.93"),
}


def _rounding_book(path: Path) -> None:
    """Row by row: a case of :data:`ROUNDING_CASES`, :func:`formulas.cents` of it, and a
    plain ROUND(x, 2) of it."""
    wb = Workbook()
    ws = wb.active
    for row, case in enumerate(ROUNDING_CASES, start=1):
        ws.cell(row=row, column=1, value=case).data_type = "s"
        ws.cell(row=row, column=2, value="=" + formulas.cents(case))
        ws.cell(row=row, column=3, value=f"=ROUND({case},2)")
    wb.save(path)


def _type_your_rate(path: Path) -> None:
    """'Your rate' $27.00 on Alpha's 97110 on the tiny clinic's Proposal sheet."""
    wb = open_book(path)
    ws = wb[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    row = proposal_row(ws, "Alpha Health", "97110")
    ws.cell(row=row, column=spec.col("override_rate"), value=27.0)
    wb.save(path)


#: A date pasted in 'Your rate' of Alpha's 97140 on the tiny clinic's Proposal sheet, and the
#: number a spreadsheet holds it as: its days from 1899-12-30 (2026-01-01 is day 46,023).
DATE_RATE = (datetime(2026, 3, 15), 46_023 + 31 + 28 + 14)


def _type_a_date_rate(path: Path) -> int:
    """:data:`DATE_RATE` in 'Your rate' of Alpha's 97140, formatted as a date as a paste
    leaves it; its sheet row."""
    wb = open_book(path)
    ws = wb[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    row = proposal_row(ws, "Alpha Health", "97140")
    cell = ws.cell(row=row, column=spec.col("override_rate"), value=DATE_RATE[0])
    cell.number_format = "m/d/yyyy"
    wb.save(path)
    return row


#: "Your rate" typed as text on the demo's first three Proposal rows: as pasted, or typed in a
#: cell formatted as text.
TEXT_RATES = ("$75.00", "220", " 14 ")
#: Numbers in 'Your rate' that are no rate (below zero, over the $1,000,000,000 every amount is
#: held to), typed on the rows after them: pasted, since Excel's own check refuses them typed.
OUT_OF_RANGE_RATES = (-5.0, 0.0, 2e9)


def _type_text_rates(path: Path) -> tuple[dict[tuple[str, str], tuple[int, str]],
                                          dict[tuple[str, str], float]]:
    """:data:`TEXT_RATES` in 'Your rate' on the first rows of the Proposal sheet, then
    :data:`OUT_OF_RANGE_RATES`; (payer, code) -> (sheet row, text typed), and (payer, code) ->
    the number typed."""
    wb = open_book(path)
    ws = wb[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    typed = {}
    for row, text in enumerate(TEXT_RATES, start=spec.header_row + 1):
        ws.cell(row=row, column=spec.col("override_rate"), value=text)
        typed[ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value] = (row, text)
    numbers = {}
    for row, number in enumerate(OUT_OF_RANGE_RATES, start=spec.header_row + 1 + len(typed)):
        ws.cell(row=row, column=spec.col("override_rate"), value=number)
        numbers[ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value] = number
    wb.save(path)
    return typed, numbers


def _type_half_cent_rates(path: Path) -> dict[tuple[str, str], float]:
    """'Your rate' on every third row of the half-cent clinic's Proposal sheet: the proposed
    rate plus or minus half a cent (a user may type 31.005); the rates typed, by (payer,
    code)."""
    wb = open_book(path)
    ws = wb[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    typed: dict[tuple[str, str], float] = {}
    for i, row in enumerate(range(spec.header_row + 1, ws.max_row + 1)):
        proposed = ws.cell(row=row, column=spec.col("proposed_rate")).value
        if i % 3 or not isinstance(proposed, float):
            continue
        rate = round(proposed + (0.005 if i % 2 else -0.005), 3)
        ws.cell(row=row, column=spec.col("override_rate"), value=rate)
        typed[ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value] = rate
    wb.save(path)
    return typed


def _type_an_input_formula(path: Path) -> None:
    """A user's formula, =20+5.22, in the first allowed amount of the Fee Schedules sheet."""
    wb = open_book(path)
    spec = layout.FEE_SCHEDULES_TABLE
    ws = wb[layout.FEE_SCHEDULES]
    ws.cell(row=spec.header_row + 1, column=spec.col("allowed_amount"), value="=20+5.22")
    wb.save(path)


#: Payer names a spreadsheet's criteria functions read as operators or wildcards.
CRITERIA_NAMES = {"Summit BlueCare PPO": "=Summit BlueCare PPO",
                  "Keystone Health Plan": "<Keystone Health Plan",
                  "Meridian Mutual": "Meridian* Mutual",
                  "Pioneer Medicare Advantage": "Pioneer? Medicare Advantage",
                  "Lakeside Health Partners": "~Lakeside Health Partners"}


def criteria_named_demo() -> Any:
    """The demo clinic with its payers renamed to :data:`CRITERIA_NAMES`."""
    data = demo_data()
    return dataclasses.replace(data, **{
        f.name: getattr(data, f.name).assign(
            payer=getattr(data, f.name)["payer"].replace(CRITERIA_NAMES))
        for f in dataclasses.fields(data)
        if isinstance(getattr(data, f.name), pd.DataFrame)
        and "payer" in getattr(data, f.name).columns})


@dataclass(frozen=True)
class Recalculated:
    """Each workbook this module has LibreOffice recalculate: (the file LibreOffice was given,
    the file it saved); and what the refreshed ones show (:data:`SHOWN`): (the file given,
    its sheets' shown text)."""

    stale: tuple[Path, Path]
    planted: int  # cached values planted in the stale file
    rounding: tuple[Path, Path]
    demo: tuple[Path, Path]
    your_rate: tuple[Path, Path]
    input_formula: tuple[Path, Path]
    criteria_names: tuple[Path, Path]
    shown: dict[str, tuple[Path, ShownBook]]
    half_cent_rates: dict[tuple[str, str], float]  # typed on the half-cent clinic's Proposal
    text_rates: tuple[Path, Path]  # the demo with TEXT_RATES typed, then refreshed
    date_rate: tuple[Path, Path]  # the tiny clinic with DATE_RATE pasted
    date_rate_row: int
    typed_text: dict[tuple[str, str], tuple[int, str]]
    out_of_range: dict[tuple[str, str], float]  # OUT_OF_RANGE_RATES typed in the same book
    text_rate_problems: tuple[Problem, ...]  # its refresh's


#: The refreshed workbooks whose shown text is read: the demo as shipped (2025-12-01) and a
#: year on (2026-12-01, when Cardinal's 97530 is paid $28.53 and the clinic average is
#: $33.765), the tiny clinic with a rate typed, payers named like criteria, and the half-cent
#: clinic (:func:`tests.clinics.half_cent_clinic`) with half-cent rates typed.
SHOWN = ("demo", "demo_2026", "your_rate", "criteria_names", "half_cents")


@pytest.fixture(scope="module")
def recalculated(demo_book: Path, tiny_book: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Recalculated:
    """Every workbook of this module recalculated in one LibreOffice run (each start costs
    seconds; each file is still loaded, recalculated and saved on its own), and the refreshed
    ones written as shown in a second run. The files given are made here as each test
    describes them; the tests only read them, and their outputs.

    The first run saves in the background (in its own profile: a LibreOffice started with the
    profile of one running hands it its files) while the rest are built and the second run
    writes what they show: the two runs are most of this module's time, and one after the
    other they took about twice as long."""
    folder = tmp_path_factory.mktemp("lo")
    given = folder / "given"
    given.mkdir()
    stale = given / "stale.xlsx"
    planted = _stale_book(stale)
    rounding = given / "rounding.xlsx"
    _rounding_book(rounding)
    demo = given / "negotiation.xlsx"
    shutil.copy2(demo_book, demo)
    your_rate = given / "tiny.xlsx"
    shutil.copy2(tiny_book, your_rate)
    _type_your_rate(your_rate)
    formula = given / "formula.xlsx"
    shutil.copy2(demo_book, formula)
    _type_an_input_formula(formula)
    names = given / "names.xlsx"
    new_workbook(names, criteria_named_demo())
    assert refresh_workbook(names, now=NOW).ok
    text_rates = given / "text_rates.xlsx"
    shutil.copy2(demo_book, text_rates)
    typed_text, out_of_range = _type_text_rates(text_rates)
    refreshed = refresh_workbook(text_rates, now=NOW)
    assert refreshed.ok
    date_rate = given / "date_rate.xlsx"
    shutil.copy2(tiny_book, date_rate)
    date_rate_row = _type_a_date_rate(date_rate)
    sources = [stale, rounding, demo, your_rate, formula, names, text_rates, date_rate]
    with ThreadPoolExecutor(max_workers=1) as background:
        saving = background.submit(convert_all, sources, folder / "recalculated", "xlsx")
        shown, typed = _shown_books(folder, given, demo, your_rate, names)
        saved = saving.result()
    pairs = dict(zip(("stale", "rounding", "demo", "your_rate", "input_formula",
                      "criteria_names", "text_rates", "date_rate"),
                     zip(sources, saved, strict=True), strict=True))
    return Recalculated(planted=planted, shown=shown, half_cent_rates=typed,
                        typed_text=typed_text, out_of_range=out_of_range,
                        text_rate_problems=refreshed.problems, date_rate_row=date_rate_row,
                        **pairs)


def _shown_books(folder: Path, given: Path, demo: Path, your_rate: Path, names: Path
                 ) -> tuple[dict[str, tuple[Path, ShownBook]], dict[tuple[str, str], float]]:
    """What the refreshed workbooks of :data:`SHOWN` show, the demo a year on and the
    half-cent clinic made here, written by one LibreOffice run; and the rates typed on the
    half-cent clinic's Proposal."""
    year_on = given / "demo2026.xlsx"
    new_workbook(year_on, demo_data(date(2026, 12, 1)))
    assert refresh_workbook(year_on, now=NOW).ok
    half = given / "half.xlsx"
    new_workbook(half, half_cent_clinic())
    assert refresh_workbook(half, now=NOW).ok
    typed = _type_half_cent_rates(half)
    shown_sources = [demo, year_on, your_rate, names, half]
    files = export_shown(shown_sources, folder / "shown",
                         [open_book(s, read_only=True).sheetnames for s in shown_sources])
    shown = {name: (source, ShownBook.read(per_sheet))
             for name, source, per_sheet in zip(SHOWN, shown_sources, files, strict=True)}
    return shown, typed


def test_the_profile_forces_recalculation(recalculated: Recalculated) -> None:
    source, out = recalculated.stale
    assert recalculated.planted == 1
    assert open_book(source, data_only=True).active["A2"].value == 999
    assert open_book(out, data_only=True).active["A2"].value == 42


def test_the_profile_skips_libreoffices_graphics_self_tests(recalculated: Recalculated) -> None:
    """Each start in a profile that names no LibreOffice version run before first draws
    LibreOffice's graphics self-tests and logs them in the profile (a second of CPU a start);
    the tests' profiles name one, so no start in them, this module's runs among them, drew
    them."""
    assert recalculated.stale[1].is_file()
    users = [folder / "user" for folder in profiles()]
    assert users
    assert all((user / "registrymodifications.xcu").is_file() for user in users)
    assert [user for user in users if (user / "GraphicsRenderTests.log").exists()] == []


def test_money_formulas_round_as_the_core_rounds(recalculated: Recalculated) -> None:
    """LibreOffice's ROUND rounds half away from zero and reads its argument to 15 significant
    digits: ROUND(-1.275, 2) is -1.28, ROUND(2.675, 2) is 2.68 (the double below 2.675), and
    ROUND(33.765-35.04, 2) is -1.28. Not enough for a difference much smaller than its terms:
    12.355 - 12.42 is -0.0649999999999995, which ROUND makes -0.06. The workbook's money
    formulas (formulas.cents) read the amount to a micro-cent first, as round_cents does, and
    round every case as the core: 12.355 - 12.42 -> -0.07."""
    book = _values(recalculated.rounding[1]).active
    rows = {book.cell(row=r, column=1).value: (book.cell(row=r, column=2).value,
                                               book.cell(row=r, column=3).value)
            for r in range(1, len(ROUNDING_CASES) + 1)}
    for case, (value, hand) in ROUNDING_CASES.items():
        assert Decimal(repr(rows[case][0])) == core_cents(value) == Decimal(hand), case
    assert (rows["-1.275"][1], rows["2.675"][1], rows["33.765-35.04"][1]) == (-1.28, 2.68, -1.28)
    assert rows["12.355-12.42"] == (-0.07, -0.06)


def _values(path: Path) -> Any:
    return open_book(path, data_only=True)


_TABLE_REFS: dict[tuple[str, int, int], dict[tuple[str, str], str]] = {}


def _table_ref(original: Path, spec: layout.TableSpec) -> str:
    """Where ``spec``'s table object sits in ``original``: every table's range read in one
    load per version of the file (keyed by its path, size and modification time); the ranges
    are strings, so no test can change what another reads."""
    stat = original.stat()
    key = (str(original.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _TABLE_REFS:
        _TABLE_REFS[key] = {(ws.title, name): ws.tables[name].ref
                            for ws in open_book(original).worksheets for name in ws.tables}
    return _TABLE_REFS[key][spec.sheet, spec.name]


def _table(original: Path, recalculated_book: Any, spec: layout.TableSpec,
           shown: ShownBook | None = None) -> pd.DataFrame:
    """A result table's computed values, at the place refresh wrote it (read from the
    original's table object; headers mapped to the layout's keys). With ``shown``, each money
    column holds instead the amount its cells show (a Decimal, None for an empty cell), and
    each percentage column (``pct``) the text its cells show (``101.5%``)."""
    ref = _table_ref(original, spec)
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    region = {"min_row": min_row, "max_row": max_row, "min_col": min_col, "max_col": max_col}
    rows = list(recalculated_book[spec.sheet].iter_rows(**region, values_only=True))
    by_header = {c.header: c.key for c in spec.columns}
    frame = pd.DataFrame(rows[1:], columns=[by_header.get(h, h) for h in rows[0]])
    if shown is not None:
        texts = shown[spec.sheet].iter_rows(**region)
        for j, column in enumerate(spec.columns):
            if column.fmt == "money":
                frame[column.key] = pd.Series([shown_amount(t[j]) for t in texts[1:]],
                                              dtype=object)
            elif column.fmt == "pct":
                frame[column.key] = pd.Series([t[j] for t in texts[1:]], dtype=object)
    return frame


def assert_cents(sheet: Any, core: Any, what: str) -> None:
    """Each amount the sheet shows (:func:`_table` with ``shown``) is the core's figure rounded
    half-up to cents."""
    expected = [core_cents(v) for v in np.asarray(core, dtype=float)]
    wrong = [(i, s, e) for i, (s, e) in enumerate(zip(list(sheet), expected, strict=True))
             if s != e]
    assert wrong == [], f"{what}: (row, shown, core) {wrong}"


def shown_cell(shown: ShownBook, sheet: str, row: int, column: int) -> Decimal | None:
    return shown_amount(shown[sheet].text(row, column))


def assert_fraction(sheet: Any, core: Any, what: str) -> None:
    # a number the sheet holds (units a year) is the core's, read to a millionth
    assert_number(sheet, [snapped_fraction(float(v)) for v in np.asarray(core, dtype=float)],
                  what)


def assert_percent_shown(sheet: Any, core: Any, what: str) -> None:
    """Each percentage the sheet shows (:func:`_table` with ``shown``) is the text
    percent_text gives the core's figure (blank where it has none). The cells held the
    core's figure read to a millionth, which a percent format multiplies by 100 in binary
    before it rounds: 1.0695 showed 106.9% beside the letter's 107.0%."""
    expected = ["" if np.isnan(v) else percent_text(float(v), PERCENT_PLACES)
                for v in np.asarray(core, dtype=float)]
    wrong = [(i, s, e) for i, (s, e) in enumerate(zip(list(sheet), expected, strict=True))
             if s != e]
    assert wrong == [], f"{what}: (row, shown, core) {wrong}"


def assert_number(sheet: Any, core: Any, what: str) -> None:
    np.testing.assert_allclose(pd.to_numeric(pd.Series(sheet), errors="coerce").to_numpy(float),
                               np.asarray(core, dtype=float), rtol=0, atol=1e-9,
                               err_msg=what)


@pytest.fixture(scope="module")
def demo_recalculated(recalculated: Recalculated) -> Path:
    return recalculated.demo[1]


@pytest.fixture(scope="module")
def demo_table(demo_recalculated: Path, demo_book: Path,
               recalculated: Recalculated) -> Callable[[layout.TableSpec], pd.DataFrame]:
    """A result table of the recalculated demo, its money as shown, each read once from one
    load of its values (the loaded workbook stays here); every call returns a fresh copy."""
    book = _values(demo_recalculated)
    shown = recalculated.shown["demo"][1]
    tables: dict[str, pd.DataFrame] = {}

    def table(spec: layout.TableSpec) -> pd.DataFrame:
        if spec.name not in tables:
            tables[spec.name] = _table(demo_book, book, spec, shown)
        return tables[spec.name].copy()

    return table


@pytest.fixture(scope="module")
def core() -> Any:
    return compute_results(demo_data(), now=NOW)


def test_no_error_value_anywhere(demo_recalculated: Path, demo_book: Path) -> None:
    wb = _values(demo_recalculated)
    bad = [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows()
           for c in row if isinstance(c.value, str)
           and (c.value in ERRORS or c.value.startswith("Err:"))]
    assert bad == []
    # and every formula was computed: none is left without a value
    formulas = open_book(demo_book)
    empty = [(ws.title, c.coordinate) for ws in formulas.worksheets for row in ws.iter_rows()
             for c in row if isinstance(c.value, str) and c.value.startswith("=")
             and wb[ws.title][c.coordinate].value is None
             and "ISNUMBER" not in c.value and "IF(N(" not in c.value]
    assert empty == []


def test_comparison_formulas_equal_the_core(demo_table: Callable[[layout.TableSpec],
                                                                  pd.DataFrame],
                                            core: Any) -> None:
    sheet = demo_table(layout.COMPARISON_TABLE)
    expected = core.analysis.comparison
    sheet = sheet.set_index(["payer", "code"]).loc[
        list(zip(expected["payer"], expected["code"], strict=True))]
    assert_percent_shown(sheet["pct_of_medicare"], expected["pct_of_medicare"], "% of Medicare")
    for key in ("gap_to_benchmark", "gap_to_average", "dollars_at_stake"):
        assert_cents(sheet[key], expected[key], key)
    assert_percent_shown(sheet["gap_to_benchmark_pct"], expected["gap_to_benchmark_pct"],
                         "gap %")
    assert (sheet["below_market"] == "yes").tolist() == expected["below_market"].tolist()
    assert_cents(sheet["revenue"], expected["allowed_amount"] * expected["units_per_year"],
                 "revenue")


def test_priorities_and_pareto_formulas_equal_the_core(
        demo_table: Callable[[layout.TableSpec], pd.DataFrame], core: Any) -> None:
    a = core.analysis
    sheet = demo_table(layout.PRIORITIES_TABLE)
    expected = a.priorities
    assert sheet["payer"].tolist() == expected["payer"].tolist()
    assert_fraction(sheet["units_per_year"], expected["units_per_year"], "units")
    assert_percent_shown(sheet["share_of_volume"], expected["share_of_volume"], "share")
    assert_cents(sheet["annual_revenue"], expected["annual_revenue"], "revenue")
    assert_cents(sheet["dollars_at_stake"], expected["dollars_at_stake"], "dollars at stake")
    assert sheet["codes_below_market"].tolist() == expected["codes_below_market"].tolist()
    asks = a.proposal_summary.set_index("payer")["annual_impact"]
    assert_cents(sheet["proposed_increase"], asks.reindex(sheet["payer"]).to_numpy(), "asks")
    assert sheet["days_to_renewal"].tolist() == expected["days_to_renewal"].tolist()
    codes = demo_table(layout.PARETO_CODES_TABLE)
    assert codes["code"].tolist() == a.pareto_codes["code"].tolist()
    assert_percent_shown(codes["share"], a.pareto_codes["share"], "code share")
    assert_percent_shown(codes["cumulative_share"], a.pareto_codes["cumulative_share"],
                         "cumulative")


def test_proposal_formulas_equal_the_core(demo_table: Callable[[layout.TableSpec],
                                                                pd.DataFrame],
                                          core: Any) -> None:
    expected = core.analysis.proposal
    sheet = demo_table(layout.PROPOSAL_TABLE)
    sheet = sheet.set_index(["payer", "code"]).loc[
        list(zip(expected["payer"], expected["code"], strict=True))]
    assert_cents(sheet["requested_rate"], expected["proposed_rate"], "rate to ask")
    assert_cents(sheet["increase"], expected["increase"], "increase")
    assert_percent_shown(sheet["increase_pct"], expected["increase_pct"], "increase %")
    assert_percent_shown(sheet["requested_pct_of_medicare"],
                         expected["proposed_pct_of_medicare"], "ask % of Medicare")
    assert_cents(sheet["annual_impact"], expected["annual_impact"], "annual impact")
    per_payer = demo_table(layout.PROPOSAL_SUMMARY_TABLE).set_index("payer")
    expected = core.analysis.proposal_summary.set_index("payer").loc[per_payer.index]
    for key, core_key in (("units_with_rate", "units_with_rate"),
                          ("new_term_revenue", "new_term_revenue"),
                          ("requested_revenue", "proposed_revenue"),
                          ("annual_impact", "annual_impact")):
        assert_cents(per_payer[key], expected[core_key], key)
    assert_percent_shown(per_payer["impact_pct"], expected["impact_pct"], "impact %")


def test_scenario_formulas_equal_the_core(demo_table: Callable[[layout.TableSpec],
                                                                pd.DataFrame],
                                          core: Any) -> None:
    years = demo_table(layout.SCENARIO_YEARS_TABLE)
    expected = core.scenario_years
    assert years[["payer", "year"]].to_numpy().tolist() == \
        expected[["payer", "year"]].to_numpy().tolist()
    for key in ("medicare_index", "fixed_index"):  # factors, not percentages: as computed
        assert_number(years[key], expected[key], key)
    for key in ("fixed_revenue", "pct_revenue", "difference"):
        assert_cents(years[key], expected[key], key)
    per_payer = demo_table(layout.SCENARIOS_TABLE)
    for key in ("fixed_total", "pct_total", "difference"):
        assert_cents(per_payer[key], core.scenarios[key], key)
    totals = demo_table(layout.SCENARIO_TOTALS_TABLE)
    by_year = expected.groupby("year")[["fixed_revenue", "pct_revenue"]].sum()
    assert_cents(totals["fixed_revenue"], by_year["fixed_revenue"], "fixed by year")
    assert_cents(totals["pct_revenue"], by_year["pct_revenue"], "pct by year")


def test_scenario_tables_add_up_as_shown(
        demo_table: Callable[[layout.TableSpec], pd.DataFrame]) -> None:
    """The Scenarios sheet as LibreOffice computes it adds up as shown: a payer's years to its
    row of the per-payer table, the payers' rows of a year to "All payers, by year" (year 5
    showed $1,159,604.34 fixed beside payer rows summing to $1,159,604.35), and each row's
    difference is its two figures subtracted."""
    def cents(values: pd.Series) -> list[Decimal]:
        return [Decimal(str(float(round_cents(v)))) for v in values]

    years = demo_table(layout.SCENARIO_YEARS_TABLE)
    per_payer = demo_table(layout.SCENARIOS_TABLE).set_index("payer")
    totals = demo_table(layout.SCENARIO_TOTALS_TABLE).set_index("year")
    for frame, fixed, pct in ((years, "fixed_revenue", "pct_revenue"),
                              (per_payer, "fixed_total", "pct_total"),
                              (totals, "fixed_revenue", "pct_revenue")):
        for f, p, d in zip(cents(frame[fixed]), cents(frame[pct]), cents(frame["difference"]),
                           strict=True):
            assert d == f - p
    for key, table, names in (("payer", per_payer, ("fixed_total", "pct_total")),
                              ("year", totals, ("fixed_revenue", "pct_revenue"))):
        for value, rows in years.groupby(key):
            for column, total in zip(("fixed_revenue", "pct_revenue", "difference"),
                                     (*names, "difference"), strict=True):
                assert sum(cents(rows[column])) == cents(table.loc[[value], total])[0], \
                    (key, value, column)


def test_scenarios_year_one_is_the_same_on_both_sides(
        demo_table: Callable[[layout.TableSpec], pd.DataFrame], core: Any) -> None:
    """Year 1 of the Scenarios sheet as LibreOffice computes it: every payer's, and all payers'
    ("All payers, by year": $1,123,220.59 fixed against $1,123,260.50 when a fixed payer's
    equivalent percent was rounded to cents code by code), the same on both sides, the
    difference $0.00; and it is the Totals' current revenue (the Proposal's current rates, in
    force when each payer's new term begins: the demo has no rate agreed for later, so the
    Priorities' revenue too, but for Cardinal's percent-of-Medicare contract, whose new term
    begins 2026-05-01: 88% of 2026's amounts, $112,048.67, against 88% of 2025's, $110,078.10;
    and for Keystone's and Lakeside's rates, raised by their contracts' escalators by their new
    terms, $10,352.82 and $11,300.62 a year more, as tests/ratecalc/test_demo_totals.py
    derives the rates)."""
    totals = demo_table(layout.SCENARIO_TOTALS_TABLE).set_index("year")
    revenue = float(round_cents(core.analysis.proposal_summary["new_term_revenue"].sum()))
    today = float(round_cents(core.analysis.priorities["annual_revenue"].sum()))
    assert round(revenue - today, 2) == round(112048.67 - 110078.10 + 10352.82 + 11300.62, 2)
    assert float(round_cents(totals.loc[1, "fixed_revenue"])) == revenue
    assert float(round_cents(totals.loc[1, "pct_revenue"])) == revenue
    assert totals.loc[1, "difference"] == 0
    years = demo_table(layout.SCENARIO_YEARS_TABLE)
    first = years[years["year"] == 1]
    assert len(first) == len(core.scenarios)
    assert (first["pct_revenue"] == first["fixed_revenue"]).all()
    assert (first["difference"] == 0).all()


def test_exit_and_timeline_formulas_equal_the_core(
        demo_table: Callable[[layout.TableSpec], pd.DataFrame], core: Any) -> None:
    exit_sheet = demo_table(layout.EXIT_TABLE)
    assert_cents(exit_sheet["revenue_at_risk"], core.exit_impact["revenue_at_risk"], "at risk")
    meets = core.exit_impact["rate_per_visit"] >= core.exit_impact["walk_away_floor"]
    assert (exit_sheet["meets_floor"] == "yes").tolist() == meets.tolist()
    timeline = demo_table(layout.TIMELINE_TABLE)
    assert timeline["days_to_notice"].tolist() == core.timeline["days_to_notice"].tolist()
    assert_cents(timeline["dollars_at_stake"], core.timeline["dollars_at_stake"], "stake")


def test_payer_names_are_matched_as_text_never_as_criteria(recalculated: Recalculated) -> None:
    """Payers named "=Summit...", "<Keystone...", "Meridian* ...": every per-payer sum the sheet
    computes equals the core's (SUMIFS read such a name as an operator or a wildcard)."""
    source, out = recalculated.criteria_names
    book = _values(out)
    shown = recalculated.shown["criteria_names"][1]
    a = compute_results(criteria_named_demo(), now=NOW)
    expected = a.analysis.priorities
    assert set(CRITERIA_NAMES.values()) <= set(expected["payer"])
    assert (expected["units_per_year"] > 0).all()
    priorities = _table(source, book, layout.PRIORITIES_TABLE, shown)
    assert priorities["payer"].tolist() == expected["payer"].tolist()
    assert_fraction(priorities["units_per_year"], expected["units_per_year"], "units")
    assert_cents(priorities["annual_revenue"], expected["annual_revenue"], "revenue")
    assert_cents(priorities["dollars_at_stake"], expected["dollars_at_stake"], "at stake")
    assert priorities["codes_below_market"].tolist() == expected["codes_below_market"].tolist()
    asks = a.analysis.proposal_summary.set_index("payer")
    assert_cents(priorities["proposed_increase"],
                 asks["annual_impact"].reindex(priorities["payer"]).to_numpy(), "asks")
    summary_sheet = _table(source, book, layout.PROPOSAL_SUMMARY_TABLE, shown).set_index("payer")
    assert_cents(summary_sheet["annual_impact"], asks.loc[summary_sheet.index, "annual_impact"],
                 "proposal summary")
    assert_cents(_table(source, book, layout.SCENARIOS_TABLE, shown)["fixed_total"],
                 a.scenarios["fixed_total"], "scenario totals")
    assert_cents(_table(source, book, layout.TIMELINE_TABLE, shown)["dollars_at_stake"],
                 a.timeline["dollars_at_stake"], "timeline stake")


def test_dashboard_and_start_figures(demo_recalculated: Path, core: Any,
                                     recalculated: Recalculated) -> None:
    book = _values(demo_recalculated)
    ws = book[layout.DASHBOARD]
    shown = recalculated.shown["demo"][1]
    facts = {key: shown_cell(shown, layout.DASHBOARD, layout.DASHBOARD_FACTS_ROW + i, 2)
             for i, (key, _, fmt) in enumerate(layout.DASHBOARD_FACTS) if fmt == "money"}
    headline = summary(core.analysis)
    assert facts["annual_revenue"] == Decimal(repr(headline["annual_revenue"]))
    assert facts["dollars_below_market"] == Decimal(repr(headline["dollars_below_market"])) \
        == Decimal("148591.37")
    assert facts["proposal_asks"] == core_cents(core.analysis.proposal["annual_impact"].sum())
    # the chart block: Medicare, market and the first payer's rate for the top code
    from ratecalc_workbook.charts import DATA_HEADER_ROW

    code = ws.cell(row=DATA_HEADER_ROW + 1, column=1).value
    comparison = core.analysis.comparison
    row = comparison[comparison["code"] == code].iloc[0]
    assert ws.cell(row=DATA_HEADER_ROW + 1, column=2).value == pytest.approx(
        row["medicare_amount"], abs=1e-9)
    assert ws.cell(row=DATA_HEADER_ROW + 1, column=3).value == pytest.approx(
        row["benchmark"], abs=1e-9)
    start = book[layout.START]
    labels = {start.cell(row=r, column=1).value: start.cell(row=r, column=2).value
              for r in range(1, start.max_row + 1)}
    # two warnings: Cardinal's own schedule pays below its 88%-of-Medicare contract; and the
    # new terms of Keystone, Pioneer (2027-01-01) and Lakeside (2028-01-01) begin on days no
    # bundled release covers, so their asks are weighed against the analysis date's Medicare
    assert labels["Errors to fix"] == 0 and labels["Warnings"] == 2
    assert labels["Analysis date"].date() == date(2025, 12, 1)


def test_an_override_flows_through_the_formulas(recalculated: Recalculated) -> None:
    """Tiny clinic, worked by hand. Without overrides: Alpha's 97110 is $5.00 under the
    market x 100 units = $500.00 at stake; proposals ask 3.75 x 100 + 1.50 x 50 = $450.00 of
    Alpha and, on Beta's rates raised by its 2% escalator ($32.64 and $28.56), 1.64 x 60 +
    1.43 x 40 = $155.60 of Beta (on its rows as written, $152.00). With 'Your rate' $27.00 on
    Alpha's 97110: 2.00 x 100 + 75.00 = $275.00 of Alpha, $430.60 in all, before any refresh
    (``_type_your_rate`` types it; the ``recalculated`` fixture has LibreOffice compute it)."""
    tiny_copy, saved = recalculated.your_rate
    book = _values(saved)
    shown = recalculated.shown["your_rate"][1]

    def table(spec: layout.TableSpec) -> pd.DataFrame:
        return _table(tiny_copy, book, spec, shown)

    comparison = table(layout.COMPARISON_TABLE).set_index(["payer", "code"])
    assert comparison.loc[("Alpha Health", "97110"), "dollars_at_stake"] == Decimal("500.00")
    assert comparison.loc[("Beta Plan", "97110"), "dollars_at_stake"] == Decimal("-120.00")
    proposal = table(layout.PROPOSAL_TABLE).set_index(["payer", "code"])
    assert proposal.loc[("Alpha Health", "97110"), "requested_rate"] == Decimal("27.00")
    assert proposal.loc[("Alpha Health", "97110"), "annual_impact"] == Decimal("200.00")
    per_payer = table(layout.PROPOSAL_SUMMARY_TABLE).set_index("payer")
    assert per_payer.loc["Alpha Health", "annual_impact"] == Decimal("275.00")
    assert per_payer.loc["Beta Plan", "annual_impact"] == Decimal("155.60")
    priorities = table(layout.PRIORITIES_TABLE).set_index("payer")
    assert priorities.loc["Alpha Health", "proposed_increase"] == Decimal("275.00")
    assert priorities.loc["Alpha Health", "dollars_at_stake"] == Decimal("500.00")
    assert priorities.loc["Beta Plan", "dollars_at_stake"] == Decimal("40.00")
    assert priorities.loc["Alpha Health", "annual_revenue"] == Decimal("4000.00")
    asks_row = layout.DASHBOARD_FACTS_ROW + [k for k, _, _ in layout.DASHBOARD_FACTS].index(
        "proposal_asks")
    assert shown_cell(shown, layout.DASHBOARD, asks_row, 2) == Decimal("430.60")


def test_a_rate_typed_as_text_is_no_rate_to_the_sheet_nor_to_the_core(
        recalculated: Recalculated, core: Any) -> None:
    """'Your rate' typed as text (:data:`TEXT_RATES`) is no number to the sheet's Rate to ask
    (IF(ISNUMBER(...))), so it asks the proposed rate; the core, reading the workbook as
    refresh, analyze and the letter do, asks the same, and so do the sheet's Totals, which are
    then the demo's with nothing typed (the ``core`` fixture). Before, the core read '$75.00'
    as $75.00 while the sheet asked the proposed rate. Each cell is named in a warning, and
    keeps what was typed."""
    given, saved = recalculated.text_rates
    book = _values(saved)
    proposal = _table(given, book, layout.PROPOSAL_TABLE).set_index(["payer", "code"])
    totals = _table(given, book, layout.PROPOSAL_SUMMARY_TABLE).set_index("payer")
    from_workbook = core_results(given, NOW).analysis
    asked = from_workbook.proposal.set_index(["payer", "code"])
    for key, (_, text) in recalculated.typed_text.items():
        assert proposal.loc[key, "override_rate"] == text
        # the sheet's own Proposed rate, the hand-checkable figure
        assert proposal.loc[key, "requested_rate"] == proposal.loc[key, "proposed_rate"]
        assert core_cents(asked.loc[key, "requested_rate"]) == core_cents(
            proposal.loc[key, "requested_rate"])
    for results in (from_workbook, core.analysis):
        expected = results.proposal_summary.set_index("payer").loc[totals.index]
        for key, core_key in (("requested_revenue", "proposed_revenue"),
                              ("annual_impact", "annual_impact")):
            assert [core_cents(v) for v in totals[key]] == [
                core_cents(v) for v in expected[core_key]], key
    warned = {(p.location.sheet, f"{p.location.letter}{p.location.row}"): p.message
              for p in recalculated.text_rate_problems if "typed as text" in p.message}
    letter = get_column_letter(layout.PROPOSAL_TABLE.col("override_rate"))
    assert set(warned) == {(layout.PROPOSAL, f"{letter}{row}")
                           for row, _ in recalculated.typed_text.values()}
    assert all(p.severity == "warning" for p in recalculated.text_rate_problems
               if "typed as text" in p.message)
    assert "typed as text; type the number 75 " in warned[layout.PROPOSAL, f"{letter}5"]


def test_a_rate_below_zero_or_over_a_billion_is_no_rate_to_the_sheet_nor_to_the_core(
        recalculated: Recalculated) -> None:
    """-5, 0 and 2,000,000,000 pasted in 'Your rate' (:data:`OUT_OF_RANGE_RATES`): the core
    refuses them as any amount (a rate asked is above zero, as the letter asks it), with a
    warning, and asks the proposed rate; the sheet's Rate to ask asked $-5.00 and
    $2,000,000,000.00, its Totals with them (and $0.00 with the core, which the letter
    refused)."""
    given, saved = recalculated.text_rates
    proposal = _table(given, _values(saved), layout.PROPOSAL_TABLE).set_index(["payer", "code"])
    asked = core_results(given, NOW).analysis.proposal.set_index(["payer", "code"])
    for key, number in recalculated.out_of_range.items():
        assert proposal.loc[key, "override_rate"] == number
        assert proposal.loc[key, "requested_rate"] == proposal.loc[key, "proposed_rate"], key
        assert core_cents(asked.loc[key, "requested_rate"]) == core_cents(
            proposal.loc[key, "requested_rate"]), key


def test_a_date_in_your_rate_is_refused_by_every_output_the_sheet_alone_shows_it(
        recalculated: Recalculated, tmp_path: Path) -> None:
    """2026-03-15 pasted in 'Your rate' of the tiny clinic's Alpha 97140 (:data:`DATE_RATE`):
    the sheet's Rate to ask reads the day number a spreadsheet holds it as, $46,096.00 (no
    formula tells a date from a number in LibreOffice), and the core asked the proposed $31.50,
    so the letter asked one rate and the sheet's Totals another. No output of RateCalc asks
    either now: analyze's reader, the letter's and refresh refuse the workbook, naming the
    cell, until the rate is typed."""
    given, saved = recalculated.date_rate
    book = _values(saved)
    key = ("Alpha Health", "97140")
    proposal = _table(given, book, layout.PROPOSAL_TABLE).set_index(["payer", "code"])
    assert proposal.loc[key, "requested_rate"] == DATE_RATE[1] == 46_096  # the sheet alone
    letter = get_column_letter(layout.PROPOSAL_TABLE.col("override_rate"))
    cell = f"{letter}{recalculated.date_rate_row}"
    said = ("a date, not a rate: the sheet's 'Rate to ask' reads it as the number a "
            "spreadsheet holds it as and asks $46,096.00; type the rate you mean")
    data, problems = read_workbook(given)
    assert data is None
    assert [(p.severity, f"{p.location.letter}{p.location.row}") for p in problems
            if said in p.message] == [("error", cell)]
    with pytest.raises(InputError, match=re.escape(said)):
        read_proposal_overrides(given)
    copy = tmp_path / "date_rate.xlsx"
    shutil.copy2(given, copy)
    refreshed = refresh_workbook(copy, now=NOW)
    assert not refreshed.ok
    assert [(p.severity, f"{p.location.letter}{p.location.row}") for p in refreshed.problems
            if said in p.message] == [("error", cell)]


def test_input_formulas_are_read_as_their_computed_value(recalculated: Recalculated) -> None:
    """A formula a user types in an input cell (``_type_an_input_formula``) is read through the
    value the spreadsheet computed (here LibreOffice), and a workbook LibreOffice saved reads
    back whole."""
    saved = recalculated.input_formula[1]
    data, problems = read_workbook(saved)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    assert data.fee_schedules["allowed_amount"].iloc[0] == pytest.approx(25.22, abs=1e-12)
    pd.testing.assert_frame_equal(data.volumes.reset_index(drop=True),
                                  demo_data().volumes.reset_index(drop=True), check_dtype=False)


@pytest.fixture(scope="module")
def money_book(recalculated: Recalculated) -> Callable[[str], MoneyBook]:
    """The money cells of a workbook of :data:`SHOWN` with the core's figures for them, read
    once for every test of that workbook (its formulas, its values, its comparison)."""
    books: dict[str, MoneyBook] = {}

    def book(name: str) -> MoneyBook:
        if name not in books:
            books[name] = MoneyBook.read(recalculated.shown[name][0], NOW)
        return books[name]

    return book


@pytest.mark.parametrize("name", SHOWN)
def test_every_money_formula_shows_the_core_cents(recalculated: Recalculated,
                                                  money_book: Callable[[str], MoneyBook],
                                                  name: str) -> None:
    """Every cell with a money format that a native formula computes shows what every other
    output writes: the core's figure for it, half-up to cents. None is left unchecked."""
    mismatches, unknown = money_book(name).mismatches(recalculated.shown[name][1],
                                                      formulas=True)
    assert unknown == [], "money formulas without a core figure to check them against"
    assert mismatches == [], f"{len(mismatches)} cell(s):\n" + "\n".join(map(str, mismatches))


@pytest.mark.parametrize("name", SHOWN)
def test_every_money_value_shows_the_core_cents(recalculated: Recalculated,
                                                money_book: Callable[[str], MoneyBook],
                                                name: str) -> None:
    """Every money figure refresh writes as a number shows the core's cents too."""
    mismatches, _ = money_book(name).mismatches(recalculated.shown[name][1], formulas=False)
    assert mismatches == [], f"{len(mismatches)} cell(s):\n" + "\n".join(map(str, mismatches))


def test_gap_to_clinic_average_reads_alike_in_the_workbook_and_the_csv(
        recalculated: Recalculated, money_book: Callable[[str], MoneyBook]) -> None:
    """The reviewers' case: 97530's clinic average is 1,188 x 35.04 + ... over 5,400 units =
    $33.765 exactly, a rate of $33.77 half-up, as CMS rounds; each gap is the difference of the
    two figures printed beside it: Keystone 33.77 - 35.04 = -$1.27 (the sheet and the CSV
    showed -$1.28, the exact -1.275 rounded), Lakeside -$11.46, Meridian -$6.36, Summit $5.10,
    Pioneer $1.35, Cardinal $5.24; the CSV writes the same cents."""
    source, shown = recalculated.shown["demo_2026"]
    sheet = _table(source, _values(source), layout.COMPARISON_TABLE, shown)
    sheet = sheet[sheet["code"] == "97530"].set_index("payer")
    hand = {"Cardinal Employers Trust": "5.24", "Keystone Health Plan": "-1.27",
            "Lakeside Health Partners": "-11.46", "Meridian Mutual": "-6.36",
            "Pioneer Medicare Advantage": "1.35", "Summit BlueCare PPO": "5.10"}
    assert sheet.loc[list(hand), "clinic_average"].tolist() == [Decimal("33.77")] * len(hand)
    assert sheet.loc[list(hand), "gap_to_average"].tolist() == [Decimal(v) for v in hand.values()]
    comparison = presentable(money_book("demo_2026").results.analysis.comparison,
                             TABLE_UNITS["comparison"])
    csv_rows = comparison[comparison["code"] == "97530"].set_index("payer")
    assert [Decimal(repr(v)) for v in csv_rows.loc[list(hand), "gap_to_average"]] == \
        [Decimal(v) for v in hand.values()]


def test_the_half_cent_clinic_puts_its_figures_on_half_cents(
        recalculated: Recalculated, money_book: Callable[[str], MoneyBook]) -> None:
    """What the half-cent workbook tests: every clinic average of its Comparison, as computed
    from the rates and units, lies on a half cent, so each is rounded half-up to the rate
    shown; the gaps and dollars at stake are then whole cents; and every third rate typed lies
    on a half cent."""
    comparison = money_book("half_cents").results.analysis.comparison
    for code, rows in comparison[comparison["allowed_amount"].notna()].groupby("code"):
        rates = [Fraction(repr(r)) for r in rows["allowed_amount"]]
        units = [Fraction(int(u)) for u in rows["units_per_year"]]
        exact = sum(r * u for r, u in zip(rates, units, strict=True)) / sum(units)
        assert (exact * 200).denominator == 1 and (exact * 100).denominator == 2, code
        shown = Fraction(math.floor(exact * 100 + Fraction(1, 2)), 100)
        assert {Fraction(repr(a)) for a in rows["clinic_average"]} == {shown}, code
    for key in ("clinic_average", "benchmark", "gap_to_average", "gap_to_benchmark",
                "dollars_at_stake"):
        cents = comparison[key].to_numpy(dtype=float) * 100
        assert np.allclose(cents, np.round(cents), rtol=0, atol=1e-6), key
    assert len(comparison) == 44
    typed = recalculated.half_cent_rates
    assert len(typed) >= 5
    assert all(abs(round(rate * 1000) % 10) == 5 for rate in typed.values())


def _shown_column(source: Path, shown: ShownBook, spec: layout.TableSpec, key: str
                  ) -> dict[tuple[str, str], str]:
    """(payer, code) -> the text a result table's column ``key`` shows on its sheet."""
    min_col, min_row, max_col, max_row = range_boundaries(_table_ref(source, spec))
    texts = shown[spec.sheet].iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                        max_col=max_col)
    keys = {c.header: c.key for c in spec.columns}
    columns = [keys.get(h, h) for h in texts[0]]
    at = {k: columns.index(k) for k in ("payer", "code", key)}
    return {(t[at["payer"]], t[at["code"]]): t[at[key]] for t in texts[1:]}


@pytest.mark.parametrize("name", ["demo", "demo_2026"])
def test_a_percent_of_medicare_reads_alike_on_the_sheet_in_the_letter_and_the_cli(
        recalculated: Recalculated, name: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """One rule shows a percent of Medicare (ratecalc.money.pct_of_medicare_text, a tenth of a
    percent): the letter's "% of Medicare" column is the text the Proposal sheet's "Ask % of
    Medicare" shows for each code (the letter said 101% beside the sheet's 101.2%), and what
    the command line says a payer paid of Medicare is what the letter says of it."""
    from ratecalc_cli.main import main
    from ratecalc_letter.api import write_proposal_letter
    from ratecalc_letter.blocks import Table

    source, shown = recalculated.shown[name]
    sheet = _shown_column(source, shown, layout.PROPOSAL_TABLE, "requested_pct_of_medicare")
    letters = {}
    for payer in sorted({p for p, _ in sheet}):
        content = write_proposal_letter(source, payer, tmp_path / f"{len(letters)}.docx").content
        [rates] = [b for b in content.blocks if isinstance(b, Table) and b.name == "rates"]
        assert rates.header[-1] == "% of Medicare"
        letters[payer] = " ".join(content.texts())
        shown_rows = {(payer, row[0]): row[-1] for row in rates.rows}
        assert shown_rows == {k: v for k, v in sheet.items() if k[0] == payer}
        assert all(re.fullmatch(r"\d+\.\d%", text) for text in shown_rows.values())
    assert main(["analyze", str(source), "--out", str(tmp_path / "out")]) == 0
    paid = re.findall(r"^  (.+) (\w{5}): paid (\d+\.\d%) of Medicare, contract ",
                      capsys.readouterr().out, re.MULTILINE)
    assert len(paid) >= 5  # Cardinal's codes paid below its contract, in either year
    for payer, code, pct in paid:
        assert f"{code} ({pct})" in letters[payer]


@pytest.mark.parametrize("name", SHOWN)
def test_the_totals_all_payers_row_shows_the_dashboards_figures(
        recalculated: Recalculated, money_book: Callable[[str], MoneyBook], name: str) -> None:
    """The Totals sheet sums its payers in an all-payers row (it had none: the Dashboard alone
    gave the totals). As LibreOffice computes and shows them, its annual impact is the
    Dashboard's "Proposal asks, a year"; its current revenue the core's total at the rates in
    force when each payer's new term begins, as its column note says, which is the Dashboard's
    "Annual revenue on file" (at the analysis date's rates) exactly when no rate changes before
    a new term (an escalator's anniversary, a row agreed ahead such as Summit's 97110 at $30.00
    from 2027-01-01, Cardinal's and Pioneer's percents of the next year's Medicare); its units
    the payers' units added up."""
    source, shown = recalculated.shown[name]
    spec = layout.PROPOSAL_SUMMARY_TABLE
    a = money_book(name).results.analysis
    min_col, _, max_col, max_row = range_boundaries(_table_ref(source, spec))
    sheet = shown[spec.sheet]
    [row] = sheet.iter_rows(min_row=max_row + 1, max_row=max_row + 1, min_col=min_col,
                            max_col=max_col)
    total = dict(zip((c.key for c in spec.columns), row, strict=True))
    assert total["payer"] == "All payers"
    payers = sheet.iter_rows(min_row=max_row - len(a.proposal_summary) + 1, max_row=max_row,
                             min_col=min_col, max_col=max_col)
    assert int(total["units_with_rate"].replace(",", "")) == sum(
        int(r[1].replace(",", "")) for r in payers)
    dashboard = shown[layout.DASHBOARD]
    facts = {key: dashboard.text(layout.DASHBOARD_FACTS_ROW + i, 2)
             for i, (key, _, _) in enumerate(layout.DASHBOARD_FACTS)}
    assert total["annual_impact"] == facts["proposal_asks"]
    summary = a.proposal_summary
    assert shown_amount(total["new_term_revenue"]) == core_cents(summary["new_term_revenue"].sum())
    # the Dashboard's revenue is at the analysis date's rates, the row's at those in force when
    # each payer's new term begins: they differ by those rates' changes, and only by them
    today = a.proposal["units_per_year"] * a.proposal["rate_today"]
    assert shown_amount(facts["annual_revenue"]) == core_cents(today.sum())
    changed = bool((a.proposal["current_rate"] != a.proposal["rate_today"]).any())
    assert (total["new_term_revenue"] != facts["annual_revenue"]) == changed
    # the percentage of the exact amounts, as each payer's
    assert total["impact_pct"] == percent_text(
        summary["annual_impact"].sum() / summary["new_term_revenue"].sum(), PERCENT_PLACES)

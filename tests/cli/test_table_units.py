"""Every table the command line prints for people writes each column in its declared unit.

Money reads ``$1,234.56`` and equals the ``--json`` figure of the same row rounded half-up to
cents; a fraction reads as the workbook shows the same figure (``0.0%`` or ``0.00%``); no float
with more than two decimals reaches the screen (a conversion factor or GPCI keeps the four CMS
states). ``print_table`` refuses a column whose unit nobody declared. Every header is in words a
billing manager reads (the workbook's, where it shows the same column), never a code name such
as ``mppr_non_facility`` or ``pct revenue``; ``print_table`` refuses a column whose header
nobody declared.

The expected texts are computed here with :mod:`decimal`, independently of the command line's
formatting, and the percent places are read from the workbook's own number formats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ratecalc import exit_impact, medicare, scenarios, timeline
from ratecalc.column_units import Unit
from ratecalc.market_rates.stats import OTHER_HEADERS, OTHER_UNITS, STAT_HEADERS, STAT_UNITS
from ratecalc.market_rates.store_query import RESULT_HEADERS, RESULT_UNITS
from ratecalc.medicare.parts import PART_HEADERS, PART_UNITS
from ratecalc.remittance import import_remittances, summarize_payers
from ratecalc.remittance.summary import (
    CODE_SUMMARY_HEADERS,
    CODE_SUMMARY_UNITS,
    PAYER_SUMMARY_HEADERS,
    PAYER_SUMMARY_UNITS,
)
from ratecalc_cli.import_market_rates import TABLE_COLUMNS
from ratecalc_cli.main import ExitCode, main
from ratecalc_cli.market_rates import BENCHMARK_TABLE_COLUMNS
from ratecalc_cli.medicare import OUTPUT_COLUMNS, RELEASE_HEADERS, RELEASE_UNITS
from ratecalc_cli.output import ColumnUnitError, print_table
from ratecalc_cli.scenario import BETTER_WORDS
from ratecalc_workbook import layout
from tests.ratecalc.remittance.samples import KEIRON
from tests.ratecalc.remittance.test_summary import TEXT as REMITTANCE

TIC = Path(__file__).resolve().parents[1] / "data" / "tic"
EVRY_JUNE = TIC / "evry_health" / "evry-2025-06-23-in-network-rates.THERAPY_SUBSET.json.gz"
ALL_TYPES = TIC / "cms_examples" / "in-network-rates-all-negotiated-types-sample.json"
UHC = KEIRON / "united_healthcare_legacy_sample.txt"
DEMO = ("--demo", "--today", "2025-12-01")

DASH = "\u2014"
MONEY_TEXT = re.compile(r"-?\$\d{1,3}(,\d{3})*\.\d{2}")
SIGNED_MONEY_TEXT = re.compile(r"[+-]?\$\d{1,3}(,\d{3})*\.\d{2}")
LONG_DECIMAL = re.compile(r"\d\.\d{3}")
#: Words of a header that are a code name, not words: a column name's abbreviations in lower
#: case (``MPPR`` and ``CF`` in capitals are the names billing managers know).
CODE_WORDS = re.compile(r"\b(pct|mppr|cf|n|nonfac|fac|rvu|gpci|mp|pe|num|amt|qty|avg|med)\b")


def assert_in_words(header_line: str) -> None:
    """Each header of a printed table's header line is words: no underscore, no code name."""
    headers = re.split(r"\s{2,}", header_line.strip())
    for header in headers:
        assert "_" not in header and not CODE_WORDS.search(header), (header, header_line)
        assert header[:1].isupper() or header[:1] in "%", (header, header_line)


# --- the expected text of a figure, worked out independently -------------------------------------

def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def _half_up(value: Any, places: int) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def dollars(value: Any, *, signed: bool = False) -> str:
    cents = _half_up(value, 2)
    sign = "-" if cents < 0 else ("+" if signed and cents > 0 else "")
    return f"{sign}${abs(cents):,.2f}"


def workbook_places(fmt: str) -> int:
    """Decimals of a workbook percent format: ``0.0%`` -> 1."""
    number = layout.FORMATS[fmt]
    assert number.endswith("%"), number
    return len(number.partition(".")[2]) - 1


PERCENT_PLACES = {Unit.PERCENT: workbook_places("pct"), Unit.PERCENT_2: workbook_places("pct2")}


def percent(value: Any, places: int) -> str:
    return f"{_half_up(_decimal(value) * 100, places)}%"


def stated(value: Any) -> str:
    """A stated percentage as the workbook's ``0.00######%`` shows it: hundredths, and the
    decimals past them it has, to eight."""
    digits = f"{_half_up(_decimal(value) * 100, 8):f}"
    whole, _, decimals = digits.partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}%"


def expected_text(value: Any, unit: Unit) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return "" if unit is Unit.TEXT else DASH
    if unit is Unit.MONEY:
        return dollars(value)
    if unit is Unit.MONEY_CHANGE:
        return dollars(value, signed=True)
    if unit in PERCENT_PLACES:
        return percent(value, PERCENT_PLACES[unit])
    if unit is Unit.PERCENT_STATED:
        return stated(value)
    if unit is Unit.COUNT:
        assert float(value) == int(value)
        return f"{int(value):,}"
    if unit is Unit.NUMBER:
        text = f"{_half_up(value, 2):,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if unit is Unit.FACTOR:
        return f"{_half_up(value, 4):,.4f}"
    if unit is Unit.AMOUNT:
        return f"{_half_up(value, 2):,.2f}"
    if unit is Unit.DATE:
        return value if isinstance(value, str) else pd.Timestamp(value).date().isoformat()
    return str(value)


# --- reading a printed table back ----------------------------------------------------------------

def read_table(out: str, headers: Sequence[str], rows: int, after: int = 0
               ) -> tuple[list[str], list[dict[str, str]]]:
    """The lines of the first table headed by ``headers`` (in order) at or after line
    ``after``, and its ``rows`` rows as header -> cell text. Cells and headers are
    right-aligned, so a column ends where its header ends."""
    lines = out.splitlines()
    for at in range(after, len(lines)):
        ends, start = [], 0
        for header in headers:
            found = lines[at].find(header, start)
            if found < 0 or (found > 0 and lines[at][found - 1] != " "):
                break
            start = found + len(header)
            ends.append(start)
        if len(ends) == len(headers) and lines[at][start:].strip() == "":
            break
    else:
        raise AssertionError(f"no table headed {list(headers)} in:\n{out}")
    assert_in_words(lines[at])
    block = lines[at:at + 1 + rows]
    cells = []
    for line in block[1:]:
        row, left = {}, 0
        for header, end in zip(headers, ends, strict=True):
            row[header] = line[left:end].strip()
            left = end
        assert line[left:].strip() == "", f"text beyond the last column: {line!r}"
        cells.append(row)
    return block, cells


@dataclass
class Table:
    """A printed table, the figures it shows (JSON or core rows, unrounded or rounded to cents)
    and the units of its columns. Rows are matched to figures in order, or by the text of the
    ``by`` columns."""

    columns: Sequence[str]
    units: Mapping[str, Unit]
    headers: Mapping[str, str]
    figures: list[dict[str, Any]]
    by: tuple[str, ...] = ()

    def header(self, column: str) -> str:
        return self.headers[column]

    def check(self, out: str, after: int = 0) -> list[dict[str, str]]:
        names = [self.header(c) for c in self.columns]
        block, rows = read_table(out, names, len(self.figures), after)
        assert len(rows) == len(self.figures)
        figures = self.figures
        if self.by:
            keyed = {tuple(str(f[c]) for c in self.by): f for f in self.figures}
            figures = [keyed[tuple(r[self.header(c)] for c in self.by)] for r in rows]
        for row, figure in zip(rows, figures, strict=True):
            for column in self.columns:
                unit, shown = self.units[column], row[self.header(column)]
                assert shown == expected_text(figure[column], unit), (column, row)
                if unit is Unit.MONEY and shown != DASH:
                    assert MONEY_TEXT.fullmatch(shown), (column, shown)
                if unit is Unit.MONEY_CHANGE and shown != DASH:
                    assert SIGNED_MONEY_TEXT.fullmatch(shown), (column, shown)
                if unit is not Unit.FACTOR:
                    assert not LONG_DECIMAL.search(shown), (column, shown)
        if not any(self.units[c] is Unit.FACTOR for c in self.columns):
            assert not [li for li in block if LONG_DECIMAL.search(li)], "\n".join(block)
        return rows


def run(capsys: pytest.CaptureFixture[str], argv: Sequence[str],
        code: int = ExitCode.OK) -> str:
    assert main(list(argv)) == code
    return capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], argv: Sequence[str],
             code: int = ExitCode.OK) -> Any:
    return json.loads(run(capsys, [*argv, "--json"], code))


# --- print_table itself --------------------------------------------------------------------------

@pytest.mark.parametrize("frame", [
    pd.DataFrame({"code": ["97110"], "allowed_per_unit": [87.34999999]}),
    pd.DataFrame({"code": ["97110"], "allowed_per_unit": [Decimal("87.349")]}),  # exact 835 $
    pd.DataFrame({"code": ["97110"], "share": [0.8123]}),
], ids=["float", "decimal", "fraction"])
def test_a_column_without_a_unit_is_refused(frame: pd.DataFrame,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ColumnUnitError, match="without a unit: (allowed_per_unit|share);"):
        print_table(frame, {"code": Unit.TEXT}, {c: "Words" for c in frame.columns})
    assert capsys.readouterr().out == ""  # nothing half-printed


@pytest.mark.parametrize(("headers", "match"), [
    ({"code": "Code"}, "without a header: allowed_per_unit;"),
    ({"code": "Code", "allowed_per_unit": " "}, "without a header: allowed_per_unit;"),
    ({"code": "Code", "allowed_per_unit": "allowed_per_unit"},
     "read as code names: allowed_per_unit -> 'allowed_per_unit';"),
], ids=["undeclared", "blank", "a code name"])
def test_a_column_without_a_header_in_words_is_refused(
        headers: dict[str, str], match: str, capsys: pytest.CaptureFixture[str]) -> None:
    frame = pd.DataFrame({"code": ["97110"], "allowed_per_unit": [87.35]})
    units = {"code": Unit.TEXT, "allowed_per_unit": Unit.MONEY}
    with pytest.raises(ColumnUnitError, match=match):
        print_table(frame, units, headers)
    assert capsys.readouterr().out == ""


def test_a_value_with_line_breaks_or_wide_letters_keeps_its_row_and_columns(
        capsys: pytest.CaptureFixture[str]) -> None:
    # a payer typed with Alt+Enter in Excel split its row in two; a CJK name two columns wide
    # pushed the row's figures out of line
    frame = pd.DataFrame({"payer": ["Aetna\r\nPPO", "\u5e73\u5b89\u4fdd\u9669", "Cigna\tOAP"],
                          "paid": [1.0, 22.5, 333.25]})
    print_table(frame, {"payer": Unit.TEXT, "paid": Unit.MONEY},
                {"payer": "Payer", "paid": "Paid"})
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["    Payer     Paid",
                     "Aetna PPO    $1.00",
                     " \u5e73\u5b89\u4fdd\u9669   $22.50",
                     "Cigna OAP  $333.25"]


@pytest.mark.parametrize(("units", "headers"), [
    (medicare.AMOUNT_UNITS, medicare.AMOUNT_HEADERS), (PART_UNITS, PART_HEADERS),
    (RELEASE_UNITS, RELEASE_HEADERS), (scenarios.YEAR_UNITS, scenarios.YEAR_HEADERS),
    (scenarios.PATH_UNITS, scenarios.PATH_HEADERS), (STAT_UNITS, STAT_HEADERS),
    (OTHER_UNITS, OTHER_HEADERS), (RESULT_UNITS, RESULT_HEADERS),
    (CODE_SUMMARY_UNITS, CODE_SUMMARY_HEADERS), (PAYER_SUMMARY_UNITS, PAYER_SUMMARY_HEADERS),
    (timeline.CALENDAR_UNITS, timeline.CALENDAR_HEADERS),
    (exit_impact.MONTHLY_UNITS, exit_impact.MONTHLY_HEADERS),
], ids=["medicare", "parts", "releases", "years", "paths", "market", "other rates",
        "benchmark", "codes", "payers", "calendar", "monthly"])
def test_every_column_with_a_unit_has_a_header_in_words(units: Mapping[str, Unit],
                                                       headers: Mapping[str, str]) -> None:
    assert list(headers) == list(units)
    assert_in_words("  ".join(headers.values()))


@pytest.mark.parametrize(("headers", "spec"), [
    (scenarios.YEAR_HEADERS, layout.SCENARIO_YEARS_TABLE),
    (scenarios.PATH_HEADERS, layout.SCENARIOS_TABLE),
    (timeline.CALENDAR_HEADERS, layout.TIMELINE_TABLE),
    (STAT_HEADERS, layout.COMPARISON_TABLE),
], ids=["years", "paths", "calendar", "market"])
def test_a_column_the_workbook_shows_has_the_workbooks_header(headers: Mapping[str, str],
                                                             spec: layout.TableSpec) -> None:
    shared = [c for c in headers if c in spec.keys]
    assert shared
    assert {c: headers[c] for c in shared} == {c: spec.spec(c).header for c in shared}
    assert_in_words("  ".join(spec.headers))


@pytest.mark.parametrize(("unit", "value"), [
    (Unit.TEXT, 87.34999999), (Unit.COUNT, 2.5), (Unit.DATE, 0.8123), (Unit.MONEY, "N/A")])
def test_a_value_its_unit_cannot_show_is_refused(unit: Unit, value: Any) -> None:
    with pytest.raises(ColumnUnitError, match=f"column 'x' \\({unit.value}\\)"):
        print_table(pd.DataFrame({"x": [value]}), {"x": unit}, {"x": "X"})


@pytest.mark.parametrize(("unit", "value", "shown"), [
    # hand-worked: half-up once, from the figure as it reads
    (Unit.MONEY, 26.825, "$26.83"), (Unit.MONEY, Decimal("30.005"), "$30.01"),
    (Unit.MONEY, 1234.5, "$1,234.50"), (Unit.MONEY, -1.27, "-$1.27"),
    (Unit.MONEY, 87.34999999, "$87.35"), (Unit.MONEY_CHANGE, 1380, "+$1,380.00"),
    (Unit.MONEY_CHANGE, -0.004, "$0.00"), (Unit.PERCENT, 0.8123, "81.2%"),
    (Unit.PERCENT, 1.50245, "150.2%"), (Unit.PERCENT, 0.14995, "15.0%"),
    (Unit.PERCENT_2, -0.028, "-2.80%"), (Unit.COUNT, 1234.0, "1,234"),
    # a stated percentage: every decimal stated, hundredths at the least, no binary noise
    (Unit.PERCENT_STATED, 0.02755, "2.755%"), (Unit.PERCENT_STATED, 0.02, "2.00%"),
    (Unit.PERCENT_STATED, 1.1 - 1, "10.00%"), (Unit.PERCENT_STATED, 0.1000001, "10.00001%"),
    (Unit.NUMBER, 36.2, "36.2"), (Unit.NUMBER, 1 / 3, "0.33"), (Unit.NUMBER, Decimal(6), "6"),
    (Unit.FACTOR, 32.3465, "32.3465"), (Unit.AMOUNT, 5500.0, "5,500.00"),
    (Unit.DATE, pd.Timestamp("2025-01-06"), "2025-01-06"), (Unit.MONEY, None, DASH),
    (Unit.TEXT, None, ""), (Unit.TEXT, 97110.0, "97110"),  # a code read as a number
    # float noise is dropped as for money: 72.925 a day, not 72.92499999999998
    (Unit.AMOUNT, 72.92499999999998, "72.93"), (Unit.MONEY, 72.92499999999998, "$72.93"),
    (Unit.NUMBER, 0.12499999999999999, "0.13"),
])
def test_each_unit_is_written_one_way(unit: Unit, value: Any, shown: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    print_table(pd.DataFrame({"x": [value]}, dtype=object), {"x": unit}, {"x": "X"})
    assert capsys.readouterr().out.splitlines()[1].strip() == shown


# --- percents as the workbook shows the same figures ---------------------------------------------

@pytest.mark.parametrize(("units", "column", "spec"), [
    (STAT_UNITS, "pct_of_medicare", layout.COMPARISON_TABLE.spec("pct_of_medicare")),
    (scenarios.PATH_UNITS, "break_even_pct_of_medicare",
     layout.SCENARIOS_TABLE.spec("break_even_pct_of_medicare")),
    (scenarios.YEAR_UNITS, "cf_change", layout.SCENARIO_YEARS_TABLE.spec("cf_change")),
], ids=["market % of Medicare", "break-even", "cf change"])
def test_percents_have_the_workbooks_places(units: Mapping[str, Unit], column: str,
                                            spec: layout.ColumnSpec) -> None:
    assert PERCENT_PLACES[units[column]] == workbook_places(spec.fmt)


def test_a_stated_percent_is_shown_as_the_workbook_shows_it() -> None:
    # the escalator was 0.00% on both, a 2.755% one read 2.76% beside words saying 2.755%
    assert scenarios.YEAR_UNITS["escalator"] is Unit.PERCENT_STATED
    for spec in (layout.SCENARIO_YEARS_TABLE, layout.SCENARIOS_TABLE):
        assert spec.spec("escalator").fmt == "pct_stated"
    assert layout.SCENARIOS_TABLE.spec("pct_of_medicare").fmt == "pct_stated"


def test_claim_rates_have_the_clinic_metrics_places() -> None:
    # the Clinic Metrics sheet shows a metric in unit 'fraction' as 'pct' (input_sheets)
    for column in ("clean_claim_rate", "denial_rate"):
        assert PERCENT_PLACES[PAYER_SUMMARY_UNITS[column]] == workbook_places("pct")
    assert PERCENT_PLACES[CODE_SUMMARY_UNITS["denial_rate"]] == workbook_places("pct")


# --- each command that prints a table ------------------------------------------------------------

@pytest.fixture
def remittances(tmp_path: Path) -> list[str]:
    """The hand-worked summary file (30.005 a unit, a third denied) and UHC's sample (means of
    days with a fraction, 194.18 allowed over 511 units)."""
    path = tmp_path / "acme.835"
    path.write_text(REMITTANCE)
    return [str(path), str(UHC)]


def test_import_remittances(remittances: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "remittances", *remittances]
    printed = run_json(capsys, argv)
    codes = Table(list(CODE_SUMMARY_UNITS), CODE_SUMMARY_UNITS, CODE_SUMMARY_HEADERS,
                  printed["codes"])
    out = run(capsys, argv)
    rows = codes.check(out)
    beta = next(r for r in rows if r["Payer"] == "BETA CARE")
    # 30.00 and 30.01 on one day: the higher on a tie (it was their median, 30.005, half-up)
    assert (beta["Rate paid per unit"], beta["Paid"]) == ("$30.01", "$60.01")
    assert rows[0]["Denial rate"] == "33.3%"  # 1 of 3 lines
    # the payers' figures as the core gives them, unrounded, and as --json prints them
    Table(list(PAYER_SUMMARY_UNITS), PAYER_SUMMARY_UNITS, PAYER_SUMMARY_HEADERS,
          printed["payers"]).check(out, after=out.splitlines().index(""))
    result = import_remittances(remittances)
    payers = summarize_payers(result.claims, result.provider_adjustments)
    table = Table(list(PAYER_SUMMARY_UNITS), PAYER_SUMMARY_UNITS, PAYER_SUMMARY_HEADERS,
                  payers.to_dict(orient="records"))
    shown = table.check(out, after=out.splitlines().index(""))
    acme = next(r for r in shown if r["Payer"] == "ACME HEALTH")
    assert (acme["Clean claim rate"], acme["Paid"]) == ("50.0%", "$199.70")
    assert "46.5" in [r["Mean days to payment"] for r in shown]  # UHC: (45 + 48) / 2 days


def test_import_remittances_of_a_reversed_pair_says_why_no_code_is_summarised(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a bare "(no rows)" above a payer row counting a claim
    path = tmp_path / "reversed.835"
    path.write_text(
        "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *261201*1200*^*"
        "00501*000000001*0*P*:~GS*HP*PAYER*CLINIC*20261201*1200*1*X*005010X221A1~ST*835*0001~"
        "BPR*I*0*C*NON************20261201~TRN*1*12345*1512345678~N1*PR*ACME HEALTH~"
        "N1*PE*CLINIC*XX*1234567893~LX*1~CLP*A1*1*100*80**12*CLM1~SVC*HC:97110*100*80**1~"
        "DTM*472*20261101~CAS*CO*45*20~CLP*A1*22*-100*-80**12*CLM1~SVC*HC:97110*-100*-80**-1~"
        "DTM*472*20261101~CAS*CO*45*-20~SE*15*0001~GE*1*1~IEA*1*000000001~")
    out = run(capsys, ["import", "remittances", str(path)])
    assert ("No code summarised: a line counts when it has a code, its claim was submitted for "
            "payment, and it is neither a reversal nor reversed; none of these lines is\n"
            "(no rows)") in out


def test_import_market_rates(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "market-rates", str(EVRY_JUNE), "--codes", "97110,97140,97530",
            "--locality", "10112-00", "--date", "2025-06-01", "--quiet"]
    table = Table(TABLE_COLUMNS, STAT_UNITS, STAT_HEADERS, run_json(capsys, argv))
    rows = table.check(run(capsys, argv))
    # 97110: median 40.31 over Medicare's 26.83 (RVU25A, Manhattan)
    assert (rows[0]["Medicare"], rows[0]["% of Medicare"]) == ("$26.83", "150.2%")


def test_import_market_rates_other_rates(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "market-rates", str(ALL_TYPES), "--quiet"]
    records = run_json(capsys, argv)
    out = run(capsys, argv)
    Table(TABLE_COLUMNS, STAT_UNITS, STAT_HEADERS, records).check(out)
    others = [{"code": r["code"], **o} for r in records for o in r["other_rates"]]
    section = out.index("Not dollar rates per unit")
    rows = Table(list(OTHER_UNITS), OTHER_UNITS, OTHER_HEADERS, others,
                 by=("code", "negotiated_type")).check(out[section:])
    assert "5,500.00" in [r["Median"] for r in rows]  # a per diem: its unit says USD per day


def test_market_rates_benchmark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duckdb")
    store = tmp_path / "store"
    run(capsys, ["import", "market-rates", str(EVRY_JUNE), "--codes", "97110,97140",
                 "--store", str(store), "--jobs", "1", "--quiet"])
    argv = ["market-rates", "benchmark", "--store", str(store)]
    # the flags are printed under the table, as the import's (checked in
    # tests/workbook/test_market_rates_flags.py); every other column is the table's
    assert [c for c in RESULT_UNITS if c != "flags"] == list(BENCHMARK_TABLE_COLUMNS)
    table = Table(list(BENCHMARK_TABLE_COLUMNS), RESULT_UNITS, RESULT_HEADERS,
                  run_json(capsys, argv))
    rows = table.check(run(capsys, argv))
    assert rows[0]["Payer"] == "all payers" and rows[0]["Median"].startswith("$")


def test_medicare(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["medicare", "97110", "97140", "97530", "--locality", "10112-00",
            "--date", "2025-06-01"]
    out = run(capsys, argv)
    rows = Table(OUTPUT_COLUMNS, medicare.AMOUNT_UNITS, medicare.AMOUNT_HEADERS,
                 run_json(capsys, argv)).check(out)
    assert (rows[0]["Non-facility"], rows[0]["Conversion factor"]) == ("$26.83", "32.3465")
    # the table's headers exactly, as a billing manager reads them
    assert re.split(r"\s{2,}", out.splitlines()[0].strip()) == [
        "Code", "Locality", "Date of service", "Release", "Status", "Conversion factor",
        "Non-facility", "Facility", "MPPR non-facility", "MPPR facility", "Amount"]
    parts = [*argv, "--assistant", "--sequestration"]
    figures = run_json(capsys, parts)
    Table(list(figures[0]), PART_UNITS, PART_HEADERS, figures).check(run(capsys, parts))


def test_medicare_releases(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["medicare", "releases", "--date", "2025-06-01"]
    figures = run_json(capsys, argv)["releases"]
    shown = [{**f, "in_force": "yes" if f["in_force"] else ""} for f in figures]
    rows = Table(list(RELEASE_UNITS), RELEASE_UNITS, RELEASE_HEADERS, shown).check(
        run(capsys, argv))
    assert [r["Release"] for r in rows if r["In force"] == "yes"] == ["rvu25a"]


def test_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["scenario", "--payer", "Meridian Mutual", *DEMO]
    payload = run_json(capsys, argv)
    out = run(capsys, argv)
    years = ["year", "cf_change", "escalator", "fixed_revenue", "pct_revenue", "difference"]
    Table(years, scenarios.YEAR_UNITS, scenarios.YEAR_HEADERS, payload["years"]).check(out)
    paths = [{**p, "better": BETTER_WORDS[p["better"]]} for p in payload["paths"]]
    rows = Table(list(scenarios.PATH_UNITS), scenarios.PATH_UNITS, scenarios.PATH_HEADERS,
                 paths).check(out)
    chosen = next(r for r in rows if r["CF path"] == payload["path"])
    # the sentence gives the break-even as the table (and the Scenarios sheet) shows it
    assert f"Break-even: {chosen['Break-even % of Medicare']} of Medicare" in out


def test_exit_impact(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["exit-impact", "--payer", "Meridian Mutual", *DEMO]
    payload = run_json(capsys, argv)
    Table(list(exit_impact.MONTHLY_UNITS), exit_impact.MONTHLY_UNITS,
          exit_impact.MONTHLY_HEADERS, payload["monthly"]).check(run(capsys, argv))


def test_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["timeline", *DEMO]
    payload = run_json(capsys, argv)
    columns = ["payer", "product", "end_date", "negotiation_start", "notice_deadline",
               "days_to_notice", "dollars_at_stake", "status"]
    Table(columns, timeline.CALENDAR_UNITS, timeline.CALENDAR_HEADERS,
          payload["contracts"]).check(run(capsys, argv))


def test_timeline_of_one_contract(capsys: pytest.CaptureFixture[str]) -> None:
    from ratecalc_cli.timeline import STEP_HEADERS, STEP_UNITS

    out = run(capsys, ["timeline", "--end", "2026-12-31", "--as-of", "2026-06-01"])
    _, rows = read_table(out, [STEP_HEADERS[c] for c in STEP_UNITS], 2)
    assert rows[0] == {"Step": "Start preparing", "Date": rows[0]["Date"]}

"""A clinic metric's figure written as a percentage where its unit shows it as one (fraction,
percent, %: the figure is a fraction, 0.97 = 97%): a number such as 97 is refused with what to
write, by every reader (a CSV folder, a folder of workbooks, the master workbook), at its file,
sheet, row and column (97 gave the metric's range but not that 0.97 was meant); the text "97%"
is the percentage it says, 0.97, as text with its sign is everywhere (it read "expected a
number, got '97%'", then was refused saying "for 97% write 0.97": walk-fixes-6)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.limits import MAX_FRACTION, metric_percent_hint, percent_hint
from ratecalc.schema import TABLES, choice_label
from ratecalc.validation import Source, coerce_table
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from tests.test_metric_units import _problems

DEMO = Path(__file__).resolve().parents[1] / "ratecalc" / "data" / "demo"
RULE = ("expected a figure from 0 to 1 for Clean claim rate, a fraction shown as a percentage by "
        "its unit 'fraction' (0.84 = 84%)")
HINT = "; for 97% write 0.97 (or 97% in a cell formatted as a percentage)"


@pytest.mark.parametrize(("figure", "unit", "got"), [
    (97.0, "fraction", "97"), ("97", "Percent", "97"), (97.0, "%", "97"),
])
def test_a_percentage_in_a_fraction_metric_says_what_to_write(
        figure: object, unit: str | None, got: str) -> None:
    unit_said = (unit or "fraction").strip().casefold()
    rule = RULE.replace("'fraction'", f"'{unit_said}'")
    assert _problems("clean_claim_rate", figure, unit) == [
        f"Clinic Metrics 'metrics.csv', row 2, column 'value': {rule}, got {got}{HINT}"]


def _typed(metric: str, figure: object, unit: str | None) -> tuple[list[str], float]:
    raw = pd.DataFrame({"metric": [choice_label(metric)], "value": [figure],
                        "benchmark": [None], "unit": [unit], "period": None, "source": None},
                       dtype=object)
    typed, problems = coerce_table(raw, TABLES["metrics"], Source("metrics.csv", None, 2))
    return [p.message for p in problems], float(typed["value"].iloc[0])


@pytest.mark.parametrize(("figure", "unit", "fraction"), [
    # these were refused with "; for 97% write 0.97 ...", the text saying it unambiguously
    ("97%", "fraction", 0.97), (" 97 % ", None, 0.97), ("97%", "%", 0.97),
    ("97.123456%", "fraction", 0.97123456), ("0.001%", "fraction", 0.00001),
])
def test_a_percentage_typed_with_its_sign_is_the_percentage_it_says(
        figure: str, unit: str | None, fraction: float) -> None:
    problems, value = _typed("clean_claim_rate", figure, unit)
    assert problems == []
    assert value == fraction


@pytest.mark.parametrize(("metric", "figure", "unit", "said"), [
    # a score is no percentage: a percent sign there is no number, and no hint guesses one
    ("nps", "97%", None, "expected a number, got '97%'"),
    # 1.5 may be 150% or 1.5%: both are said, 150% refused (ratecalc.limits.percent_hint; it
    # had no hint)
    ("clean_claim_rate", 1.5, None, f"{RULE}, got 1.5 (150%); for 1.5% write 0.015 (or 1.5% "
                                    f"in a cell formatted as a percentage)"),
    # 150% is no clean claim rate however written
    ("clean_claim_rate", "150%", None, f"{RULE}, got '150%'"),
])
def test_no_hint_where_no_percentage_is_meant(metric: str, figure: object, unit: str | None,
                                              said: str) -> None:
    [message] = _problems(metric, figure, unit)
    assert message == f"Clinic Metrics 'metrics.csv', row 2, column 'value': {said}"


def test_a_csv_folder_says_what_to_write(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(DEMO, folder)
    metrics = folder / "metrics.csv"
    text = metrics.read_text(encoding="utf-8")
    assert "\nclean_claim_rate,0.97,0.9,fraction," in text
    metrics.write_text(text.replace("\nclean_claim_rate,0.97,", "\nclean_claim_rate,97,"),
                       encoding="utf-8")
    assert main(["analyze", str(folder)]) == ExitCode.FAILED
    assert (f"Clinic Metrics 'metrics.csv', row 2, column B 'value': {RULE}, got 97{HINT}"
            in capsys.readouterr().err)
    # "97%" is 97%, read as the demo's 0.97 (it was refused, "got '97%'" with the hint)
    metrics.write_text(text.replace("\nclean_claim_rate,0.97,", "\nclean_claim_rate,97%,"),
                       encoding="utf-8")
    assert main(["analyze", str(folder)]) == ExitCode.OK
    capsys.readouterr()


def test_a_workbook_says_what_to_write(tmp_path: Path, demo_new_book: Path) -> None:
    # the master workbook's Clinic Metrics cell holding the text "97%" (a cell formatted as text)
    from openpyxl import load_workbook

    # the demo's new workbook, written once per run (tests/conftest.py): a copy of our own
    book = shutil.copyfile(demo_new_book, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    spec = layout.METRICS_TABLE
    ws = wb[spec.sheet]
    value_col, metric_col = spec.col("value"), spec.col("metric")
    row = next(r for r in range(spec.header_row + 1, ws.max_row + 1)
               if str(ws.cell(row=r, column=metric_col).value).casefold()
               in ("clean_claim_rate", "clean claim rate"))
    ws.cell(row=row, column=value_col).value = "970%"
    wb.save(book)
    data, problems = read_workbook(book)
    assert data is None
    letter = chr(ord("A") + value_col - 1)
    # out of the range however written, with no hint: the percent sign says what was meant
    assert (f"Clinic Metrics '{book.name}', sheet '{spec.sheet}', row {row}, column {letter} "
            f"'Value': {RULE}, got '970%'") in [p.message for p in problems]
    # "97%" is read as 0.97 (it was refused, "got '97%'" with the hint "for 97% write 0.97")
    wb = load_workbook(book)
    wb[spec.sheet].cell(row=row, column=value_col).value = "97%"
    wb.save(book)
    data, problems = read_workbook(book)
    assert data is not None
    assert data.metrics.set_index("metric").loc["clean_claim_rate", "value"] == 0.97


def test_a_folder_of_workbooks_says_what_to_write(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    from openpyxl import Workbook

    folder = tmp_path / "tables"
    shutil.copytree(DEMO, folder)
    source = folder / "metrics.csv"
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    source.unlink()
    assert rows[1][:2] == ["clean_claim_rate", "0.97"]
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            number = r > 1 and c in (2, 3) and text != ""
            ws.cell(row=r, column=c, value=float(text) if number else text)
    ws.cell(row=2, column=2).value = 97  # a cell formatted as a number
    wb.save(folder / "metrics.xlsx")
    assert main(["analyze", str(folder)]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert (f"Clinic Metrics 'metrics.xlsx', sheet '{ws.title}', row 2, column B 'value': "
            f"{RULE}, got 97{HINT}") in err, err
    # "97%" in a cell formatted as text is 97% (it was refused, "got '97%'" with the hint)
    ws.cell(row=2, column=2).value = "97%"
    wb.save(folder / "metrics.xlsx")
    assert main(["analyze", str(folder)]) == ExitCode.OK
    capsys.readouterr()


@pytest.mark.parametrize(("figure", "percent", "fraction"), [
    # the decimals typed, in plain notation: ":g" wrote "for 97.1235% write 0.971235" and
    # "write 1e-05"
    (97.123456, "97.123456", "0.97123456"), ("97.123456", "97.123456", "0.97123456"),
])
def test_the_hint_says_the_figure_as_typed(figure: object, percent: str, fraction: str) -> None:
    [message] = _problems("clean_claim_rate", figure, "fraction")
    assert message.endswith(f"; for {percent}% write {fraction} (or {percent}% in a cell "
                            "formatted as a percentage)"), message


def test_the_hint_says_a_small_percent_in_plain_notation() -> None:
    # "0.001%" typed is now read as 0.00001; the hint it had is still written without "1e-05"
    assert metric_percent_hint(Decimal("0.001"), 0, 1, typed_percent=True) == (
        "; for 0.001% write 0.00001 (or 0.001% in a cell formatted as a percentage)")


@given(st.one_of(st.floats(-1000, 1000), st.integers(-1000, 1000).map(float)),
       st.sampled_from([(0.0, 1.0), (-1.0, 1.0), (-0.5, 0.5), (0.0, 5.0)]), st.booleans())
@example(1.171875, (0.0, 1.0), False)  # read as 117.1875%: six digits of "g" said 117.188%
def test_one_rule_says_when_a_percent_is_hinted(number: float, bounds: tuple[float, float],
                                                typed: bool) -> None:
    # the metric's hint is percent_hint's and its suffix: it tested abs(number) <= 5 where
    # percent_hint tested number > 5
    low, high = bounds
    plain = percent_hint(number, low, high, typed_percent=typed)
    metric = metric_percent_hint(number, low, high, typed_percent=typed)
    assert metric.startswith(plain) and bool(metric) == bool(plain)
    read = Fraction(repr(number))
    # a whole percent or more outside the range, within MAX_FRACTION, says what it was read as
    ambiguous = not typed and 1 <= abs(number) <= MAX_FRACTION and not low <= read <= high
    assert bool(plain) == ((typed or abs(number) > MAX_FRACTION or ambiguous)
                           and low <= read / 100 <= high)
    # the percent it was read as, with every decimal it has ("g" kept six digits: 117.1875%
    # was expected as 117.188%); a Fraction takes no "g" format before Python 3.12 either
    shown = format((Decimal(repr(number)) * 100).normalize(), "f")
    assert plain.startswith(f" ({shown}%)" if plain and ambiguous else ";") or not plain


def test_a_negative_percent_typed_whole_is_hinted_on_the_command_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    # -50 for an escalator (-50% to 50%) is no fraction any option takes: a percent
    with pytest.raises(SystemExit):
        main(["scenario", "--units", "1200", "--medicare", "26.83", "--fixed", "32",
              "--pct-of-medicare", "1.15", "--escalator", "-50"])
    assert "; for -50% write -0.5" in capsys.readouterr().err

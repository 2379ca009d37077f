"""A clinic metric's figure in a unit shown as a percentage (fraction, percent, %; or blank where
the metric's own unit is one) is a fraction, on every output: the core refuses 84 there (the
letter read it 8400.0%), the letter and the Clinic sheet show it the same way, by one rule
(ratecalc.limits.metric_unit and metric_range).

Worked by hand: outcome improvement has range -100 to 100 (a score) and is a fraction by default,
so 84 with a blank unit or unit 'fraction' would be 84 x 100 = 8400%: refused; 84 as a 'score'
reads 84; 0.84 reads 84.0%. Patient satisfaction is a score by default (92 reads 92), and with
unit '%' 92 would be 9200%: refused, 0.92 reads 92.0%.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.limits import METRIC_RANGES, PERCENT_UNITS, metric_range, metric_unit
from ratecalc.schema import TABLES, choice_label
from ratecalc.validation import Source, coerce_table
from ratecalc_cli.main import ExitCode, main
from ratecalc_letter.parts import _metric_value
from ratecalc_workbook.input_sheets import metric_format

DEMO = Path(__file__).resolve().parents[1] / "ratecalc" / "data" / "demo"


def _problems(metric: str, figure: float, unit: str | None) -> list[str]:
    raw = pd.DataFrame({"metric": [choice_label(metric)], "value": [figure],
                        "benchmark": [None], "unit": [unit], "period": None, "source": None},
                       dtype=object)
    _, problems = coerce_table(raw, TABLES["metrics"], Source("metrics.csv", None, 2))
    return [p.message for p in problems]


@pytest.mark.parametrize(("metric", "figure", "unit", "read", "shown"), [
    ("outcome_improvement", 84.0, None, False, None),
    ("outcome_improvement", 84.0, "fraction", False, None),
    ("outcome_improvement", 84.0, " Percent ", False, None),
    ("outcome_improvement", 84.0, "score", True, "84"),
    ("outcome_improvement", 0.84, None, True, "84.0%"),
    ("outcome_improvement", -0.2, "fraction", True, "-20.0%"),
    ("patient_satisfaction", 92.0, None, True, "92"),
    ("patient_satisfaction", 92.0, "%", False, None),
    ("patient_satisfaction", 0.92, "%", True, "92.0%"),
    ("nps", 81.0, None, True, "81"),
    ("clean_claim_rate", 0.97, "score", True, "0.97"),
])
def test_a_figure_shown_as_a_percentage_is_a_fraction(metric: str, figure: float,
                                                      unit: str | None, read: bool,
                                                      shown: str | None) -> None:
    problems = _problems(metric, figure, unit)
    assert (not problems) == read, problems
    if read:
        assert _metric_value(figure, metric_unit(metric, unit)) == shown
    else:
        [message] = problems
        assert message.startswith("Clinic Metrics 'metrics.csv', row 2, column 'value': "
                                  "expected a figure from ")
        # and what to write: 84 there is 84% (tests/test_metric_percent_hint.py)
        assert message.endswith(f"a fraction shown as a percentage by its unit "
                                f"'{metric_unit(metric, unit)}' (0.84 = 84%), got {figure:g}; "
                                f"for {figure:g}% write {figure / 100:g} (or {figure:g}% in a "
                                f"cell formatted as a percentage)")


@given(metric=st.sampled_from(sorted(METRIC_RANGES)),
       unit=st.sampled_from([None, "", "fraction", "Percent", " % ", "score", "days", "USD"]),
       figure=st.floats(-1e12, 1e12, allow_nan=False))
def test_what_the_core_reads_the_letter_and_the_sheet_show_alike(
        metric: str, unit: str | None, figure: float) -> None:
    """A figure the core reads in a percent unit is at most 100.0% in the letter, and the Clinic
    sheet shows the letter's kind: a percentage exactly where the letter shows one."""
    shown_unit = metric_unit(metric, unit)
    low, high = metric_range(metric, unit)
    read = not _problems(metric, figure, unit)
    assert read == (low <= figure <= high)
    text = _metric_value(figure, shown_unit)
    assert (metric_format(metric, unit) == "pct") == text.endswith("%")
    assert (metric_format(metric, unit) == "money") == text.startswith(("$", "-$"))
    if read and shown_unit in PERCENT_UNITS:
        assert abs(float(text.rstrip("%"))) <= 100.0, text


def test_the_letter_is_not_written_with_an_outcome_of_8400_percent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(DEMO, folder)
    metrics = folder / "metrics.csv"
    text = metrics.read_text(encoding="utf-8")
    assert "outcome_improvement,0.84,0.72,fraction" in text
    metrics.write_text(text.replace("outcome_improvement,0.84,0.72,fraction",
                                    "outcome_improvement,84,72,fraction"), encoding="utf-8")
    out = tmp_path / "letter.docx"
    assert main(["letter", "--payer", "Summit BlueCare PPO", "--out", str(out),
                 str(folder)]) == ExitCode.FAILED
    assert not out.exists()
    row = text.splitlines().index("outcome_improvement,0.84,0.72,fraction,2025,patients "
                                  "reaching their functional goal") + 1
    err = capsys.readouterr().err
    assert (f"Clinic Metrics 'metrics.csv', row {row}, column B 'value': expected a figure "
            f"from -1 to 1 for Outcome improvement, a fraction shown as a percentage by its "
            f"unit 'fraction' (0.84 = 84%), got 84") in err


def _read_figure(metric: str, figure: object, unit: str | None) -> tuple[list, list[str]]:
    raw = pd.DataFrame({"metric": [choice_label(metric)], "value": [figure],
                        "benchmark": [None], "unit": [unit], "period": None, "source": None},
                       dtype=object)
    typed, problems = coerce_table(raw, TABLES["metrics"], Source("metrics.xlsx", None, 2))
    return typed["value"].tolist(), [p.message for p in problems]


@pytest.mark.parametrize(("metric", "figure", "code", "unit", "read"), [
    ("denial_rate", 1, '0"%"', None, 0.01),  # shows 1%: was read as 1.0, a 100% denial rate
    ("clean_claim_rate", 97.5, '0.0"%"', "%", 0.975),  # shows 97.5%: was refused as 9,750%
    ("outcome_improvement", -12, '0"%"', "fraction", -0.12),
    ("patient_satisfaction", 92, '0"%"', "score", 92),  # a score: read as typed
])
def test_a_figure_shown_with_a_percent_sign_of_text_is_read_as_shown(metric, figure, code, unit,
                                                                     read) -> None:
    from ratecalc.shown_percent import typed_percent

    values, problems = _read_figure(metric, typed_percent(figure, code), unit)
    assert problems == []
    assert values == [read]


def test_a_figure_shown_rounded_with_a_percent_sign_of_text_is_refused() -> None:
    from ratecalc.shown_percent import typed_percent

    # 0.5 in 0"%" shows 1%: it was read as 0.5, a 50% denial rate
    values, problems = _read_figure("denial_rate", typed_percent(0.5, '0"%"'), None)
    assert values == []
    (message,) = problems
    assert ("shown rounded beside a percent sign that is text), so 0.5 reads as 50% or 0.5%: "
            "for 50% write 0.5, for 0.5% write 0.005") in message, message

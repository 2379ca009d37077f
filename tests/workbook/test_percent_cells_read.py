"""A percentage cell of the result sheets shows what every other output says of the figure
(:func:`ratecalc.money.percent_text`: read to a millionth, then half-up to the tenth shown).

A spreadsheet shows the double a cell holds rounded half away from zero from its shortest
text: a share of 0.2994999, held as computed, showed 29.9% where ``analyze`` and the letter say
30.0%. The sheets' percentage formulas read their quotient to a millionth
(:func:`ratecalc_workbook.formulas.fraction`), and a computed fraction written as a value is
written so read (:func:`ratecalc.money.snapped_fraction`)."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import PERCENT_PLACES, percent_text
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.formulas import FORMULAS, Span, Spans, all_payers_formulas
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import _shown_column
from tests.strategies import seven_decimal_fractions as fractions

from .conftest import NOW, tiny_clinic
from .libreoffice import SOFFICE


def shown_as_percent(held: float, places: int = PERCENT_PLACES) -> str:
    """What LibreOffice shows of a cell holding ``held`` in a ``0.0%`` format."""
    percent = (Decimal(repr(held)) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{abs(percent) if percent == 0 else percent}%"





@given(st.lists(st.one_of(fractions, st.floats(-10, 10)), min_size=1, max_size=5))
@example([0.2994999, 0.8994995, 0.3 - 0.1 - 0.2])
def test_a_computed_fraction_is_written_as_its_words_read_it(values: list[float]) -> None:
    # a break-even, a computed % of Medicare compared, the Dashboard's walk-away floor
    held = _shown_column(values, money=False, fraction=True)
    assert [shown_as_percent(h) for h in held] == [percent_text(v) for v in values]


#: The sheets' columns that hold a formula shown as a percentage.
PERCENT_FORMULAS = [(spec.name, c.key) for spec in layout.TABLES_BY_NAME.values()
                    for c in spec.columns if c.role == "formula" and c.fmt == "pct"]


def _spans() -> Spans:
    return Spans(**{key: Span(spec, 5, 9, 1) for key, spec in (
        ("comparison", layout.COMPARISON_TABLE), ("priorities", layout.PRIORITIES_TABLE),
        ("pareto_codes", layout.PARETO_CODES_TABLE), ("proposal", layout.PROPOSAL_TABLE),
        ("proposal_summary", layout.PROPOSAL_SUMMARY_TABLE))})


@pytest.mark.parametrize(("table", "key"), PERCENT_FORMULAS)
def test_every_percentage_formula_reads_its_quotient_to_a_millionth(table: str,
                                                                    key: str) -> None:
    formula = FORMULAS[table][key](_spans(), 6)
    assert re.search(r"ROUND\(.*/.*,6\)", formula), formula


def test_the_all_payers_impact_reads_its_quotient_to_a_millionth() -> None:
    spans = _spans()
    formula = all_payers_formulas(spans.proposal, spans.proposal_summary)["impact_pct"]
    assert re.search(r"ROUND\(.*/.*,6\)", formula), formula


def shares_book(book: Path) -> list[str]:
    """The tiny clinic billing the units below, refreshed, as ``book``; the sheet whose text
    LibreOffice writes with the other modules' small books (``small_shown`` in conftest.py)."""
    data = tiny_clinic()
    volumes = data.volumes.assign(units_per_year=[2994949.0, 50.0, 5005001.0, 2000000.0])
    new_workbook(book, replace(data, volumes=volumes))
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    return [layout.PRIORITIES]


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_share_of_volume_cell_shows_what_analyze_says(
        small_shown: dict[str, tuple[Path, dict[str, Path]]]) -> None:
    # Alpha Health bills 2,994,999 of the 10,000,000 units: 0.2994999, read to a millionth
    # 0.299500, 30.0% (analyze, the letter); held as computed the cell showed 29.9%
    _, files = small_shown["shares"]
    with files[layout.PRIORITIES].open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = next(r for r in rows if "Payer" in r and "Share of volume" in r)
    at = {h: i for i, h in enumerate(header)}
    shares = {r[at["Payer"]]: r[at["Share of volume"]] for r in rows[rows.index(header) + 1:]
              if len(r) > at["Share of volume"] and r[at["Payer"]] in ("Alpha Health",
                                                                        "Beta Plan")}
    assert shares == {"Alpha Health": "30.0%", "Beta Plan": "70.1%"}
    assert percent_text(2994999 / 10**7) == "30.0%" and percent_text(7005001 / 10**7) == "70.1%"

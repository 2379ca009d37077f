"""The letter's "Our results for ..." says a metric's Period as a letter says days: an 835
import of one day of service wrote the Period 2026-11-02, and the letter to the payer read
"Our results for 2026-11-02"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter import write_letter

from .conftest import TOP_PAYER, reopen


@pytest.mark.parametrize(("period", "said"), [
    ("2026-11-02", "Our results for November 2, 2026"),
    ("2026-11-02 to 2026-11-20", "Our results for November 2 to 20, 2026"),
    # one year, two months: the year said once (no case had it: each day written whole passed)
    ("2026-10-05 to 2026-11-20", "Our results for October 5 to November 20, 2026"),
    ("2025-12-31 to 2026-11-20", "Our results for December 31, 2025 to November 20, 2026"),
    ("2025", "Our results for 2025"),
])
def test_a_period_is_said_in_words(tmp_path: Path, period: str, said: str) -> None:
    data = demo_data()
    metrics = data.metrics.assign(period=period)
    out = write_letter(analyze(dataclasses.replace(data, metrics=metrics)), TOP_PAYER,
                       tmp_path / "letter.docx")
    found = [p for p in reopen(out).body_paragraphs if p.startswith("Our results")]
    assert len(found) == 1, found
    assert found[0] in (f"{said}:", f"{said}, beside the benchmarks we measure ourselves "
                                    "against:"), found

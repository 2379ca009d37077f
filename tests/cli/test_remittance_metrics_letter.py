"""The claim metrics an 835 import adds, as the proposal letter shows them to the payer.

A review: on a demo copy whose three claim metrics were cleared, importing one payer's 835,
refreshing and writing the letter to that payer said "Our results for 2026-12-01 to 2026-12-01
and 2026" (the payment date, twice) for services of 2025-12-31 to 2026-11-20, and quoted the
payer's own remittances back to it: "Sources: 835 remittances from SUMMIT BLUECARE: 1 file(s),
5 claims; 835 remittances from SUMMIT BLUECARE: 1 file(s), 5 claims, 4 paid with dates".
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.books import load_book

#: The analysis date of the shared demo workbook (tests/cli/conftest.py).
TODAY = date(2026, 12, 3)
PAYER = "Summit BlueCare PPO"
CLAIM_METRICS = ("clean_claim_rate", "denial_rate", "days_in_ar")


def _line(day: date, paid: str, reason: str = "45") -> LineSpec:
    return LineSpec("97110", Decimal("50.00"), Decimal(paid),
                    (("CO", reason, Decimal("50.00") - Decimal(paid)),), ("GP",), Decimal(1), day)


def _summit_835(path: Path) -> tuple[date, date]:
    """Five claims of one payer paid two days before the analysis date: services from the last
    day of the year before to three weeks earlier, one claim denied. Returns the first and last
    day of service."""
    first = date(TODAY.year - 1, 12, 31)
    last = TODAY - timedelta(days=21)
    days = (first, last - timedelta(days=14), last - timedelta(days=7), last - timedelta(days=1))
    claims = tuple(ClaimSpec(f"C{i}", (_line(day, "31.00"),)) for i, day in enumerate(days, 1))
    claims += (ClaimSpec("C5", (_line(last, "0.00", "50"),), status="4"),)
    path.write_text(write_835([PaymentSpec("SUMMIT BLUECARE", "SBC01",
                                           TODAY - timedelta(days=2), claims)]))
    return first, last


def _clear_claim_metrics(book: Path, cleared_metrics: tuple[str, ...] = CLAIM_METRICS) -> None:
    wb = load_book(book)
    spec = layout.METRICS_TABLE
    ws = wb[spec.sheet]
    metric = spec.col("metric")
    names = {"clean claim rate": "clean_claim_rate", "denial rate": "denial_rate",
             "days in ar": "days_in_ar"}
    cleared = 0
    for row in range(spec.header_row + 1, ws.max_row + 1):
        name = str(ws.cell(row=row, column=metric).value or "").casefold()
        if names.get(name, name) in cleared_metrics:
            for column in range(metric, metric + len(spec.columns)):
                ws.cell(row=row, column=column).value = None
            cleared += 1
    assert cleared == len(cleared_metrics)
    wb.save(book)


def _words(first: date, last: date) -> str:
    """A period of days as a letter says it: "December 31, 2025 to November 12, 2026", the
    year (and month) said once where both days share it."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B} {first.day} to {last.day}, {last.year}"
    if first.year == last.year:
        return f"{first:%B} {first.day} to {last:%B} {last.day}, {last.year}"
    return f"{first:%B} {first.day}, {first.year} to {last:%B} {last.day}, {last.year}"


def _letter_after_import(book: Path, remit: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The payer's letter after importing ``remit`` into ``book`` and refreshing it, each step
    exiting 0."""
    assert main(["import", "remittances", str(remit), "--workbook", str(book),
                 "--payer", PAYER]) == 0
    assert main(["refresh", str(book)]) == 0
    letter = book.parent / "letter.docx"
    assert main(["letter", str(book), "--payer", PAYER, "--out", str(letter)]) == 0
    capsys.readouterr()
    return letter


def test_the_letter_states_the_services_measured_and_a_source_fit_for_the_payer(
        demo_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "negotiation.xlsx"
    shutil.copy2(demo_workbook, book)
    _clear_claim_metrics(book)
    remit = tmp_path / "summit.835"
    first, last = _summit_835(remit)
    letter = _letter_after_import(book, remit, capsys)
    texts = [p.text for p in docx.Document(str(letter)).paragraphs]
    results = next(t for t in texts if t.startswith("Our results"))
    sources = next(t for t in texts if t.startswith("Sources:"))
    # the demo's own metrics are for its results year; the import's for the services measured
    # in words, as a letter dates things (walk-fixes-4: "Our results for 2026-11-02" was an
    # ISO day in a letter to a payer)
    period = _words(first, last)
    assert results.startswith(f"Our results for {period} and {TODAY.year}, "), results
    # 5 claims of 1 payer; days to payment over the 4 paid (the denied one paid nothing)
    said = "our remittance records (835), 5 claims from 1 payer, days to payment over 4 paid claims"
    assert sources.startswith(f"Sources: {said}; "), sources
    assert sources.count("remittance") == 1
    assert "SUMMIT BLUECARE" not in sources and "file(s)" not in sources
    # the Clinic sheet holds the same words: one rule, read by the letter
    wb = load_workbook(book)
    spec = layout.METRICS_TABLE
    ws = wb[spec.sheet]
    rows = [[ws.cell(row=r, column=spec.col(c)).value for c in ("period", "source")]
            for r in range(spec.header_row + 1, ws.max_row + 1)
            if str(ws.cell(row=r, column=spec.col("source")).value).startswith("our remit")]
    # the sheet keeps the period as the import wrote it, in ISO days; the letter words it.
    # Each row its own source: the two rates' the claims, the days' also the paid claims they
    # are over (walk-fixes-6: one text for the three credited a kept days in A/R row's
    # figure to the 835); the letter says the longer, which holds the shorter, once
    rates = "our remittance records (835), 5 claims from 1 payer"
    period = f"{first.isoformat()} to {last.isoformat()}"
    assert rows == [[period, rates], [period, rates], [period, said]]


def test_a_kept_days_in_ar_row_is_not_credited_to_the_remittances(
        demo_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the walk: the workbook's own days in A/R row (the billing system's) kept, the import
    # adding the two rates; the Denial rate row said "..., days to payment over 4 paid claims"
    # and the letter's Sources credited the days to payment to the 835
    book = tmp_path / "negotiation.xlsx"
    shutil.copy2(demo_workbook, book)
    _clear_claim_metrics(book, ("clean_claim_rate", "denial_rate"))
    remit = tmp_path / "summit.835"
    _summit_835(remit)
    letter = _letter_after_import(book, remit, capsys)
    spec = layout.METRICS_TABLE
    ws = load_workbook(book)[spec.sheet]
    sources = {str(ws.cell(row=r, column=spec.col("metric")).value).casefold():
               ws.cell(row=r, column=spec.col("source")).value
               for r in range(spec.header_row + 1, ws.max_row + 1)
               if ws.cell(row=r, column=spec.col("metric")).value}
    rates = "our remittance records (835), 5 claims from 1 payer"
    assert sources["denial rate"] == rates
    assert sources["clean claim rate"] == rates
    assert sources["days in ar"] == "clinic billing system"
    texts = [p.text for p in docx.Document(str(letter)).paragraphs]
    line = next(t for t in texts if t.startswith("Sources:"))
    assert line.startswith(f"Sources: {rates}; clinic billing system; "), line
    assert "days to payment" not in line

"""The letter's market sentence cites each market source once, as the payer should read it.

``import market-rates --workbook`` writes each Benchmarks row's Source with its code's own
``expired`` flag (``ratecalc.market_caveats.flagged_source``), so eight codes from one TiC file
gave eight Sources differing only in their flag; the letter joined them all, a sentence of some
1,400 characters repeating the file's name eight times and telling the payer how many of each
code's prices had expired. The letter cites the file once, with its date; since walk-8 it then
says in one sentence which codes' figures are prices that expired (and when), as every output
using them does: it had dropped the flag, citing expired prices as the current market.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.market_caveats import flagged_source
from ratecalc.market_rates.benchmark_table import market_region
from ratecalc_letter import write_letter

from .conftest import TOP_PAYER, reopen

FILE = "TiC in-network file evry-2025-06-23-in-network-rates.json.gz (Evry Health)"


def test_one_file_is_cited_once_without_its_codes_flags(tmp_path: Path) -> None:
    data = demo_data()
    bench = data.benchmarks.copy()
    bench["source"] = [
        flagged_source(FILE, (f"expired: {n} of {n} prices past their expiration_date "
                              f"(2025-12-31) as of 2026-12-06",))
        for n in range(2, 2 + len(bench))]
    bench.loc[bench.index[0], "source"] = FILE  # a code with no expired price
    out = write_letter(analyze(dataclasses.replace(data, benchmarks=bench)), TOP_PAYER,
                       tmp_path / "letter.docx")
    sentence = next(p for p in reopen(out).body_paragraphs
                    if p.startswith("The market column is"))
    before_medicare = sentence.split(" Percent of Medicare:")[0]
    assert before_medicare == (
        "The market column is the median of Birmingham-Hoover, AL rates "
        f"({FILE}; as of September 30, 2025). The market figures of 97140, 97530, 97112, "
        "97116, 97535, G0283, 97035, 97161, 97162, 97164, 97165, 97166, 92507 and 92523 are "
        "prices that expired December 31, 2025.")


def test_prices_not_filtered_by_region_read_as_a_sentence(tmp_path: Path) -> None:
    """A TiC import without --region writes its rows' Region as "not filtered by region (Evry
    Health)" (benchmark_table.market_region); the letter told the payer "the median of not
    filtered by region (Evry Health) rates". It names whose published rates they are, from
    every region, in words a payer reads."""
    data = demo_data()
    bench = data.benchmarks.copy()
    bench["region"] = market_region(None, ["Evry Health"])
    bench["source"] = flagged_source(FILE, ("expired: 2 of 2 prices past their "
                                            "expiration_date (2025-12-31) as of 2026-12-06",))
    out = write_letter(analyze(dataclasses.replace(data, benchmarks=bench)), TOP_PAYER,
                       tmp_path / "letter.docx")
    sentence = next(p for p in reopen(out).body_paragraphs
                    if p.startswith("The market column is"))
    assert sentence.split(" Percent of Medicare:")[0] == (
        f"The market column is the median of Evry Health rates in all regions ({FILE}; as of "
        "September 30, 2025). All these market figures are prices that expired December 31, 2025.")
    # a region named and one not filtered: market rates, neither said to be regional
    bench.loc[bench.index[::2], "region"] = "Birmingham-Hoover, AL"
    out = write_letter(analyze(dataclasses.replace(data, benchmarks=bench)), TOP_PAYER,
                       tmp_path / "mixed.docx")
    sentence = next(p for p in reopen(out).body_paragraphs
                    if p.startswith("The market column is"))
    assert sentence.startswith(f"The market column is the median of market rates ({FILE};")


def _market_words(tmp_path: Path, region: str) -> str:
    data = demo_data()
    bench = data.benchmarks.assign(region=region)
    out = write_letter(analyze(dataclasses.replace(data, benchmarks=bench)), TOP_PAYER,
                       tmp_path / f"{len(region)}.docx")
    sentence = next(p for p in reopen(out).body_paragraphs
                    if p.startswith("The market column is"))
    return sentence.split(" (")[0]


def test_a_region_reads_as_prose(tmp_path: Path) -> None:
    """The Region an import writes for prices not filtered by region is a label for the user
    (it read "the median of not filtered by region (Evry Health) rates" in the letter to the
    payer); a --region is named by its kind."""
    assert _market_words(tmp_path, "not filtered by region (Evry Health)") == (
        "The market column is the median of Evry Health rates in all regions")
    assert _market_words(tmp_path, "78701") == (
        "The market column is the median of rates in ZIP code 78701")
    assert _market_words(tmp_path, "10112-00") == (
        "The market column is the median of rates in Medicare locality 10112-00")

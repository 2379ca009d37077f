"""Market figures of a facility's (institutional) or expired prices are said to be so wherever
they are used (walk-8): an import with ``--billing-class institutional`` wrote them as the
clinic's market, and the Proposal ("below market: asks the market rate") and the letter ("the
median of Evry Health rates in all regions") used them with no caveat; the letter dropped the
expired flag too. Each test failed before the fix."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.market_rates.benchmark_table import benchmark_rows
from ratecalc_letter import write_letter

from .conftest import TOP_PAYER, reopen

FILE = "TiC in-network file evry.json (Evry Health)"
FACILITY = ("facility claims: 3 of 3 prices billing class institutional (facility claim), not "
            "a professional fee")
EXPIRED = ("expired: 3 of 3 prices past their expiration_date (2025-12-31) as of 2026-12-06")
#: the words every output says of the three codes' market, written out by hand
SAID = "facility prices (billing class institutional), not professional fees; prices that " \
    "expired 2025-12-31"
#: the same in the letter, its day in the letter's style as every date of the letter
LETTER_SAID = SAID.replace("2025-12-31", "December 31, 2025")
CODES = ["97110", "97140", "97530"]


def test_an_import_keeps_the_facility_flag_in_the_source() -> None:
    stats = pd.DataFrame({"code": ["97110"], "n_prices": [3], "p25": [30.0], "median": [40.0],
                          "p75": [50.0], "p90": [55.0], "flags": [(FACILITY, EXPIRED)]})
    row = benchmark_rows(stats, source=FILE, as_of=None).iloc[0]
    assert row["source"] == f"{FILE}; {FACILITY}; {EXPIRED}"


def test_every_output_says_the_market_is_facility_and_expired_prices(tmp_path: Path) -> None:
    data = demo_data()
    bench = data.benchmarks.copy()
    flagged = bench["code"].isin(CODES).to_numpy(dtype=bool)
    bench.loc[flagged, "source"] = f"{FILE}; {FACILITY}; {EXPIRED}"
    analysis = analyze(dataclasses.replace(data, benchmarks=bench))

    # the Proposal (sheet, CSV, refresh): each ask built on such a market says so
    rows = analysis.proposal[analysis.proposal["benchmark"].notna()]
    marked = rows["code"].isin(CODES).to_numpy(dtype=bool)
    assert len(rows[marked]) > 0
    assert all(r.endswith(f" (market: {SAID})") for r in rows.loc[marked, "reason"])
    assert not any("(market:" in r for r in rows.loc[~marked, "reason"])

    # the warnings (Problems sheet, analyze): one, naming the codes
    said = [w.message for w in analysis.warnings if "not a clinic's current" in w.message]
    assert said == [f"Benchmarks: the market figures of {', '.join(CODES)} are not a clinic's "
                    f"current "
                    f"professional market ({SAID}): the Comparison's and Priorities' dollars "
                    f"below market, the Proposal's asks and the letter use them as the market "
                    f"(the Comparison's and Priorities' Market caveat, the Proposal's reasons and "
                    f"the letter say so); import the payers' "
                    f"current professional prices to replace them"]

    # the letter: cites the file once and says what its prices are
    out = write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx")
    sentence = next(p for p in reopen(out).body_paragraphs
                    if p.startswith("The market column is"))
    assert sentence.split(" Percent of Medicare:")[0].endswith(
        f"). The market figures of 97110, 97140 and 97530 are {LETTER_SAID}.")
    assert sentence.count(FILE) == 1

"""One percentage, one text: every output that shows a percent shows the core's figure read to a
millionth and rounded half-up once, to the places it shows (:func:`ratecalc.money.percent_text`);
and every amount, to the cent.

A figure near a half was shown two ways:

- the CSV tables carried fractions half-up to four places, so the figure a reader rounds from
  them was rounded twice: $71.53 over Medicare's $70.44 is 1.0154742..., 101.5% on the Proposal
  sheet and in the letter, and proposal.csv wrote 1.0155, which reads 101.6%;
- the sheets' cells held the figure read to a millionth, and a percent format multiplies the
  double by 100 before it rounds it: 0.0515 (0.051499999...) showed 5.1% in LibreOffice where
  every other output says 5.2%, and 93.74 / 91.32 = 1.0265002..., 102.7% by any rounding,
  showed 102.6%.

The clinic below is made so that each figure falls near a half (its payers' rates, the market
and the units are chosen; Medicare's amounts are CMS's, locality 10112-00, 2025-10-01). Each
expected text is worked by hand in the comments, in exact decimals; every output is read as
a person reads it: the workbook as LibreOffice shows it after recalculating it, the letter's
words and tables, the command line's lines, and the CSV and JSON figures rounded half-up to the
places the sheets show (a CSV may carry more decimals than a sheet only where the sheet shows
them rounded half-up once).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import docx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import ratecalc_addin as xl
from ratecalc.column_units import Unit
from ratecalc.dataset import ClinicData, Settings
from ratecalc.money import PERCENT_PLACES, held_percent, percent_text, snapped_fraction
from ratecalc.table_rounding import csv_table
from ratecalc_addin import udfs
from ratecalc_cli.main import main
from ratecalc_cli.output import cell_text
from ratecalc_letter import formats
from ratecalc_workbook import layout
from ratecalc_workbook.formulas import fraction
from tests.clinics import tables_and_refreshed_book
from tests.medicare_days import last_covered, past_the_data
from tests.workbook.libreoffice import SOFFICE, export_shown

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

LOCALITY, PRICED_ON = "10112-00", date(2025, 10, 1)
#: Medicare's non-facility amounts there and then [USD], as CMS publishes them.
MEDICARE = {"97110": 26.83, "97140": 25.34, "97161": 91.32, "92507": 70.44}
#: The market (P50, the target percentile) per code [USD].
MARKET = {"97110": 21.05, "97140": 20.00, "97161": 93.74, "92507": 71.53}
#: (payer, code) -> (rate in force [USD], units a year); 100,000 units in all.
RATES = {
    ("Aspen Health", "97110"): (20.00, 5000.0),
    ("Aspen Health", "97140"): (18.97, 5000.0),
    ("Aspen Health", "97161"): (85.00, 2345.0),
    ("Birch Mutual", "92507"): (66.95, 50000.0),
    ("Cedar Care", "97110"): (19.00, 37000.0),
    ("Cedar Care", "97140"): (20.31, 655.0),
}
PAYERS = ("Aspen Health", "Birch Mutual", "Cedar Care")

#: Hand-worked: (figure, payer, code) -> the text every output shows. A market within 5%-15%
#: above a rate is the rate asked; over 15% the ask is the rate + 15%, under 5% the rate + 5%,
#: each rounded to the cent (half-up, and an ask is never under the rate + 5%).
EXPECTED = {
    # --- the rate asked as a percent of Medicare (Proposal, proposal.csv, letters) ---
    # 71.53 / 70.44 = 1.015474... (70.44 x 1.015474 = 71.5299886): 101.5474%, 101.5%.
    # Half-up to four places first, 1.0155, it read 101.6% (the case the note reported).
    ("ask_pct", "Birch Mutual", "92507"): "101.5%",
    # 93.74 / 91.32 = 1.02650022 (91.32 x 1.0265 = 93.73998): 102.650022%, 102.7%; held as
    # read, 1.0265, LibreOffice showed 102.6% (1.0265 x 100 in binary is 102.64999...).
    ("ask_pct", "Aspen Health", "97161"): "102.7%",
    # 21.05 / 26.83 = 0.78456951...: 78.5%.
    ("ask_pct", "Aspen Health", "97110"): "78.5%",
    # 20.00 / 25.34 = 0.78926598...: 78.9%.
    ("ask_pct", "Aspen Health", "97140"): "78.9%",
    # Cedar's 19.00 for 97110: the market 21.05 is 10.8% above it, so the ask is 21.05: 78.5%.
    ("ask_pct", "Cedar Care", "97110"): "78.5%",
    # Cedar's 20.31 for 97140 is above the market (20.00): the ask is 20.31 x 1.05 = 21.3255,
    # 21.33 to the cent; 21.33 / 25.34 = 0.84175217...: 84.2%.
    ("ask_pct", "Cedar Care", "97140"): "84.2%",
    # --- the increase asked (Proposal, proposal.csv, letters' "Change") ---
    # (21.05 - 20.00) / 20.00 = 0.0525 exactly: 5.25%, half-up 5.3% (half to even: 5.2%).
    ("increase_pct", "Aspen Health", "97110"): "5.3%",
    # (20.00 - 18.97) / 18.97 = 1.03 / 18.97 = 0.05429626...: 5.4%.
    ("increase_pct", "Aspen Health", "97140"): "5.4%",
    # (93.74 - 85.00) / 85.00 = 8.74 / 85 = 0.10282352...: 10.3%.
    ("increase_pct", "Aspen Health", "97161"): "10.3%",
    # (71.53 - 66.95) / 66.95 = 4.58 / 66.95 = 0.06840926...: 6.8%.
    ("increase_pct", "Birch Mutual", "92507"): "6.8%",
    # (21.05 - 19.00) / 19.00 = 2.05 / 19 = 0.10789473...: 10.8%.
    ("increase_pct", "Cedar Care", "97110"): "10.8%",
    # (21.33 - 20.31) / 20.31 = 1.02 / 20.31 = 0.05022156...: 5.0%.
    ("increase_pct", "Cedar Care", "97140"): "5.0%",
    # --- the rate in force as a percent of Medicare (Comparison, comparison.csv, proposal.csv
    # current_pct_of_medicare, PCT_OF_MEDICARE) ---
    # 66.95 / 70.44 = 0.95045428... (70.44 x 0.950454 = 66.94998): 95.0%; half-up to four
    # places first, 0.9505, it read 95.1%.
    ("current_pct", "Birch Mutual", "92507"): "95.0%",
    # 20.31 / 25.34 = 0.80149960... (25.34 x 0.8015 = 20.31001, so it is 0.0000004 under
    # 0.8015): to a millionth 0.801500, 80.15%, half-up 80.2%. Unread, as PCT_OF_MEDICARE
    # returned it, a cell's 0.0% showed 80.1%.
    ("current_pct", "Cedar Care", "97140"): "80.2%",
    # 20.00 / 26.83 = 0.74543421...: 74.5%.
    ("current_pct", "Aspen Health", "97110"): "74.5%",
    # 18.97 / 25.34 = 0.74861878...: 74.9%.
    ("current_pct", "Aspen Health", "97140"): "74.9%",
    # 85.00 / 91.32 = 0.93079281...: 93.1%.
    ("current_pct", "Aspen Health", "97161"): "93.1%",
    # 19.00 / 26.83 = 0.70816250...: 70.8%.
    ("current_pct", "Cedar Care", "97110"): "70.8%",
    # --- the gap to the market, a percent of the market (Comparison, comparison.csv) ---
    # (20.00 - 18.97) / 20.00 = 0.0515 exactly: 5.15%, half-up 5.2%; held as read, 0.0515,
    # LibreOffice showed 5.1% (0.0515 x 100 in binary is 5.1499999...).
    ("gap_pct", "Aspen Health", "97140"): "5.2%",
    # (21.05 - 20.00) / 21.05 = 1.05 / 21.05 = 0.04988123...: 5.0%.
    ("gap_pct", "Aspen Health", "97110"): "5.0%",
    # (93.74 - 85.00) / 93.74 = 8.74 / 93.74 = 0.09323661...: 9.3%.
    ("gap_pct", "Aspen Health", "97161"): "9.3%",
    # (71.53 - 66.95) / 71.53 = 4.58 / 71.53 = 0.06402907...: 6.4%.
    ("gap_pct", "Birch Mutual", "92507"): "6.4%",
    # (21.05 - 19.00) / 21.05 = 2.05 / 21.05 = 0.09738717...: 9.7%.
    ("gap_pct", "Cedar Care", "97110"): "9.7%",
    # (20.00 - 20.31) / 20.00 = -0.0155 exactly: -1.55%, half-up (away from zero) -1.6%.
    ("gap_pct", "Cedar Care", "97140"): "-1.6%",
    # --- a payer's share of the units (Priorities, priorities.csv, summary.json, analyze) ---
    # Aspen 5,000 + 5,000 + 2,345 = 12,345 of 100,000: 0.12345, 12.345%, 12.3%; half-up to
    # four places first, 0.1235, it read 12.4%.
    ("share", "Aspen Health", ""): "12.3%",
    # Birch 50,000 of 100,000: 50.0%. Cedar 37,000 + 655 = 37,655: 37.655%, 37.7%.
    ("share", "Birch Mutual", ""): "50.0%",
    ("share", "Cedar Care", ""): "37.7%",
    # --- what a payer's asks come to, a percent of its revenue (Totals, proposal_summary.csv,
    # summary.json, the letter's words) ---
    # Aspen: asks 1.05 x 5,000 + 1.03 x 5,000 + 8.74 x 2,345 = 5,250 + 5,150 + 20,495.30 =
    # 30,895.30 over 20.00 x 5,000 + 18.97 x 5,000 + 85.00 x 2,345 = 100,000 + 94,850 +
    # 199,325 = 394,175: 0.07837965...: 7.8%.
    ("impact_pct", "Aspen Health", ""): "7.8%",
    # Birch: 4.58 x 50,000 = 229,000 over 66.95 x 50,000 = 3,347,500: 0.06840926...: 6.8%.
    ("impact_pct", "Birch Mutual", ""): "6.8%",
    # Cedar: 2.05 x 37,000 + 1.02 x 655 = 75,850 + 668.10 = 76,518.10 over 19.00 x 37,000 +
    # 20.31 x 655 = 703,000 + 13,303.05 = 716,303.05: 0.10682385...: 10.7%.
    ("impact_pct", "Cedar Care", ""): "10.7%",
    # --- dollars, to the cent in every output (none shows a figure in whole dollars) ---
    # the rate asked (Proposal, proposal.csv, letters): the market where it is 5%-15% above the
    # rate; Cedar's 97140, 20.31 x 1.05 = 21.3255, $21.33
    ("ask", "Aspen Health", "97110"): "$21.05", ("ask", "Aspen Health", "97140"): "$20.00",
    ("ask", "Aspen Health", "97161"): "$93.74", ("ask", "Birch Mutual", "92507"): "$71.53",
    ("ask", "Cedar Care", "97110"): "$21.05", ("ask", "Cedar Care", "97140"): "$21.33",
    # a year's impact of each ask: (ask - rate) x units
    ("annual_impact", "Aspen Health", "97110"): "$5,250.00",  # 1.05 x 5,000
    ("annual_impact", "Aspen Health", "97140"): "$5,150.00",  # 1.03 x 5,000
    ("annual_impact", "Aspen Health", "97161"): "$20,495.30",  # 8.74 x 2,345
    ("annual_impact", "Birch Mutual", "92507"): "$229,000.00",  # 4.58 x 50,000
    ("annual_impact", "Cedar Care", "97110"): "$75,850.00",  # 2.05 x 37,000
    ("annual_impact", "Cedar Care", "97140"): "$668.10",  # 1.02 x 655
    # a payer's asks a year (Totals, proposal_summary.csv, summary.json, the letter's words)
    ("payer_impact", "Aspen Health", ""): "$30,895.30",  # 5,250 + 5,150 + 20,495.30
    ("payer_impact", "Birch Mutual", ""): "$229,000.00",
    ("payer_impact", "Cedar Care", ""): "$76,518.10",  # 75,850 + 668.10
}


def clinic() -> ClinicData:
    """Three payers on fixed rates with contracts renewing in 2026, as of 2025-12-01."""
    fees = [{"payer": p, "code": c, "modifier": "", "allowed_amount": rate,
             "effective_date": date(2025, 1, 1)} for (p, c), (rate, _) in RATES.items()]
    volumes = [{"payer": p, "code": c, "units_per_year": units, "visits": int(units // 2)}
               for (p, c), (_, units) in RATES.items()]
    benchmarks = [{"code": c, "region": "Test", "p25": round(m * 0.9, 2), "p50": m,
                   "p75": round(m * 1.1, 2), "p90": round(m * 1.2, 2), "source": "hand-made",
                   "as_of": date(2025, 9, 30)} for c, m in MARKET.items()]
    n = len(PAYERS)
    visits = {p: sum(v["visits"] for v in volumes if v["payer"] == p) for p in PAYERS}
    return ClinicData(
        clinic={"name": "Half Percent Therapy", "npi": "1234567893", "tin": "63-0000000",
                "address": "1 Main St", "city": "Birmingham", "state": "AL", "zip": "35203",
                "locality": LOCALITY, "signer_name": "Dana Reyes, PT", "signer_title": "Owner"},
        payers=pd.DataFrame({"payer": list(PAYERS), "payer_id": [f"P{i}" for i in range(n)],
                             "financial_class": "commercial",
                             "visits_per_year": [visits[p] for p in PAYERS],
                             "notes": [None] * n}),
        contracts=pd.DataFrame({
            "payer": list(PAYERS), "product": "PPO",
            "contract_id": [f"C-{i}" for i in range(n)],
            "effective_date": [date(2024, 1, 1)] * n,
            # new terms from the first day no bundled release covers (2027-01-01 with RVU26C):
            # every output prices the asks on the analysis' Medicare date, as the Comparison
            # prices the rates
            "end_date": [last_covered(), past_the_data(1, 3, 31), past_the_data(1, 6, 30)],
            "auto_renew": True, "notice_days": 90, "rate_basis": "fixed",
            "pct_of_medicare": [None] * n, "escalator": [0.0] * n, "mppr_rule": "none",
            "assistant_reduction": 0.0, "contact_name": "Provider Relations",
            "contact_title": None, "contact_email": None, "contact_phone": None,
            "contact_address": [f"{p}; 2 Plan Way; Birmingham, AL 35203" for p in PAYERS]}),
        fee_schedules=pd.DataFrame(fees), volumes=pd.DataFrame(volumes),
        benchmarks=pd.DataFrame(benchmarks),
        metrics=pd.DataFrame({"metric": ["visits_per_year"], "value": [50000.0],
                              "benchmark": [None], "unit": ["visits"], "period": ["2025"],
                              "source": ["test"]}),
        settings=Settings(analysis_date=date(2025, 12, 1), medicare_date=PRICED_ON))


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def _sheet_table(path: Path, spec: layout.TableSpec) -> pd.DataFrame:
    """A result table as LibreOffice shows its cells (text), by the layout's column keys."""
    grid = pd.read_csv(path, header=None, dtype=str, keep_default_na=False)
    headers = [c.header for c in spec.columns]
    width = len(headers)
    at = [(r, c) for r in range(len(grid)) for c in range(grid.shape[1] - width + 1)
          if grid.iloc[r, c:c + width].tolist() == headers]
    assert at, f"{spec.name} not found on {path.name}"
    row, col = at[0]
    body = grid.iloc[row + 1:, col:col + width]
    body.columns = [c.key for c in spec.columns]
    return body[body[spec.columns[0].key] != ""].reset_index(drop=True)


def _read(fraction_text: Any) -> str:
    """A fraction a CSV or JSON carries as a person reads it beside the sheets: rounded half-up
    to the tenth of a percent they show (from the decimals as written)."""
    percent = Decimal(str(fraction_text)) * 100
    return f"{percent.quantize(Decimal(1).scaleb(-PERCENT_PLACES), ROUND_HALF_UP)}%"


def _dollars(amount: Any) -> str:
    """An amount a CSV or JSON carries as a person reads it beside the sheets: ``$1,234.50``,
    half-up to the cent (from the decimals as written)."""
    cents = Decimal(str(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{'-' if cents < 0 else ''}${abs(cents):,.2f}"


def _excel_shows(value: float) -> str:
    """A number in a ``0.0%`` cell as Excel shows it: the double x 100, to 15 significant
    digits, then half away from zero to the tenth (no Excel here: its documented display)."""
    digits = Decimal(f"{value * 100:.15g}")
    return f"{digits.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], dict[str, str]]:
    """(figure, payer, code) -> output -> the text that output shows of it."""
    tmp = tmp_path_factory.mktemp("percent_agreement")
    folder, book = tables_and_refreshed_book(clinic(), tmp)
    results = tmp / "results"
    code, printed = _run(["analyze", str(folder), "--out", str(results)])
    assert code in (0, 1), printed
    code, analyzed = _run(["analyze", str(folder), "--out", str(tmp / "again"), "--json"])
    assert code in (0, 1)
    summary = json.loads(analyzed)
    sheets = (layout.PROPOSAL, layout.COMPARISON, layout.PRIORITIES, layout.TOTALS)
    [files] = export_shown([book], tmp / "shown", [list(sheets)])
    found: dict[tuple[str, str, str], dict[str, str]] = {}

    def put(figure: str, payer: str, code: str, output: str, text: str) -> None:
        found.setdefault((figure, payer, code), {})[output] = text

    def csv(name: str) -> pd.DataFrame:
        return pd.read_csv(results / f"{name}.csv", dtype={"code": str})

    proposal = _sheet_table(files[layout.PROPOSAL], layout.PROPOSAL_TABLE)
    for r in proposal.itertuples():
        put("ask_pct", r.payer, r.code, "Proposal sheet", r.requested_pct_of_medicare)
        put("increase_pct", r.payer, r.code, "Proposal sheet", r.increase_pct)
        put("ask", r.payer, r.code, "Proposal sheet", r.requested_rate)
        put("annual_impact", r.payer, r.code, "Proposal sheet", r.annual_impact)
    for r in csv("proposal").itertuples():
        put("ask", r.payer, r.code, "proposal.csv", _dollars(r.requested_rate))
        put("annual_impact", r.payer, r.code, "proposal.csv", _dollars(r.annual_impact))
        put("ask_pct", r.payer, r.code, "proposal.csv requested",
            _read(r.requested_pct_of_medicare))
        put("ask_pct", r.payer, r.code, "proposal.csv proposed",
            _read(r.proposed_pct_of_medicare))
        put("increase_pct", r.payer, r.code, "proposal.csv", _read(r.increase_pct))
        put("current_pct", r.payer, r.code, "proposal.csv", _read(r.current_pct_of_medicare))
    comparison = _sheet_table(files[layout.COMPARISON], layout.COMPARISON_TABLE)
    for r in comparison.itertuples():
        put("current_pct", r.payer, r.code, "Comparison sheet", r.pct_of_medicare)
        put("gap_pct", r.payer, r.code, "Comparison sheet", r.gap_to_benchmark_pct)
    for r in csv("comparison").itertuples():
        put("current_pct", r.payer, r.code, "comparison.csv", _read(r.pct_of_medicare))
        put("gap_pct", r.payer, r.code, "comparison.csv", _read(r.gap_to_benchmark_pct))
        # the worksheet function, in a cell formatted as the sheets' 0.0%
        [[udf]] = xl.PCT_OF_MEDICARE(r.allowed_amount, r.code, LOCALITY, PRICED_ON)
        put("current_pct", r.payer, r.code, "PCT_OF_MEDICARE in Excel", _excel_shows(udf))
        # the gap to the market as RATEGAP gives it, over the same rate and market
        [[gap_udf]] = xl.RATEGAP(r.allowed_amount, r.benchmark, "pct")
        put("gap_pct", r.payer, r.code, "RATEGAP in Excel", _excel_shows(gap_udf))
    for r in csv("proposal").itertuples():
        # the ask and its year's impact as PROPOSED_RATE and REVENUE_IMPACT give them, with the
        # Settings' increase band (the functions' defaults) and the floor the analysis used
        floor = None if pd.isna(r.floor) else r.floor
        [[ask_udf]] = xl.PROPOSED_RATE(r.current_rate, r.benchmark, floor=floor)
        put("ask", r.payer, r.code, "PROPOSED_RATE in Excel", _dollars(ask_udf))
        [[impact_udf]] = xl.REVENUE_IMPACT(r.current_rate, ask_udf, r.units_per_year)
        put("annual_impact", r.payer, r.code, "REVENUE_IMPACT in Excel", _dollars(impact_udf))
    for r in _sheet_table(files[layout.PRIORITIES], layout.PRIORITIES_TABLE).itertuples():
        put("share", r.payer, "", "Priorities sheet", r.share_of_volume)
    for r in csv("priorities").itertuples():
        put("share", r.payer, "", "priorities.csv", _read(r.share_of_volume))
    for p in summary["priorities"]:
        put("share", p["payer"], "", "analyze --json", _read(p["share_of_volume"]))
    for payer, share in re.findall(r"^\s*\d+\. (.+?): .*?, ([-\d.]+%) of volume", printed,
                                   re.MULTILINE):
        put("share", payer, "", "analyze", share)
    for r in _sheet_table(files[layout.TOTALS], layout.PROPOSAL_SUMMARY_TABLE).itertuples():
        if r.payer in PAYERS:
            put("impact_pct", r.payer, "", "Totals sheet", r.impact_pct)
            put("payer_impact", r.payer, "", "Totals sheet", r.annual_impact)
    for r in csv("proposal_summary").itertuples():
        put("impact_pct", r.payer, "", "proposal_summary.csv", _read(r.impact_pct))
        put("payer_impact", r.payer, "", "proposal_summary.csv", _dollars(r.annual_impact))
    for p in summary["proposal"]:
        put("impact_pct", p["payer"], "", "analyze --json", _read(p["impact_pct"]))
        put("payer_impact", p["payer"], "", "analyze --json", _dollars(p["annual_impact"]))
    for payer in PAYERS:
        target = tmp / f"{payer}.docx"
        code, text = _run(["letter", str(book), "--payer", payer, "--out", str(target),
                           "--json"])
        assert code in (0, 1), text
        letter = json.loads(text)
        for line in letter["lines"]:
            put("ask_pct", payer, line["code"], "letter --json",
                _read(line["proposed_pct_of_medicare"]))
            put("increase_pct", payer, line["code"], "letter --json", _read(line["increase_pct"]))
            put("ask", payer, line["code"], "letter --json", _dollars(line["proposed_rate"]))
            put("annual_impact", payer, line["code"], "letter --json",
                _dollars(line["annual_impact"]))
        put("impact_pct", payer, "", "letter --json", _read(letter["totals"]["impact_pct"]))
        put("payer_impact", payer, "", "letter --json",
            _dollars(letter["totals"]["annual_impact"]))
        document = docx.Document(str(target))
        [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Code"]
        heads = [c.text for c in table.rows[0].cells]
        for row in table.rows[1:]:
            cells = dict(zip(heads, (c.text for c in row.cells), strict=True))
            put("ask_pct", payer, cells["Code"], "letter", cells["% of Medicare"])
            put("increase_pct", payer, cells["Code"], "letter", cells["Change"].lstrip("+"))
            put("ask", payer, cells["Code"], "letter", cells["Proposed rate"])
        words = "\n".join(p.text for p in document.paragraphs)
        [(asks, impact)] = re.findall(r"an increase of (\$[\d,.]+) \(([-\d.]+%)\)", words)
        put("impact_pct", payer, "", "letter", impact)
        put("payer_impact", payer, "", "letter", asks)
    return found


#: The outputs each figure must be found in (a letter lists its payer's codes).
OUTPUTS = {
    "ask_pct": {"Proposal sheet", "proposal.csv requested", "proposal.csv proposed",
                "letter --json", "letter"},
    "increase_pct": {"Proposal sheet", "proposal.csv", "letter --json", "letter"},
    "current_pct": {"Comparison sheet", "comparison.csv", "proposal.csv",
                    "PCT_OF_MEDICARE in Excel"},
    "gap_pct": {"Comparison sheet", "comparison.csv", "RATEGAP in Excel"},
    "share": {"Priorities sheet", "priorities.csv", "analyze --json", "analyze"},
    "impact_pct": {"Totals sheet", "proposal_summary.csv", "analyze --json", "letter --json",
                   "letter"},
    "ask": {"Proposal sheet", "proposal.csv", "letter --json", "letter",
            "PROPOSED_RATE in Excel"},
    "annual_impact": {"Proposal sheet", "proposal.csv", "letter --json",
                      "REVENUE_IMPACT in Excel"},
    "payer_impact": {"Totals sheet", "proposal_summary.csv", "analyze --json", "letter --json",
                     "letter"},
}


@pytest.mark.parametrize("key", list(EXPECTED), ids=["-".join(filter(None, k)) for k in EXPECTED])
def test_every_output_shows_the_hand_worked_percent(
        shown: dict[tuple[str, str, str], dict[str, str]], key: tuple[str, str, str]) -> None:
    texts = shown[key]
    assert set(texts) == OUTPUTS[key[0]], key
    wrong = {output: text for output, text in texts.items() if text != EXPECTED[key]}
    assert wrong == {}, f"{key}: expected {EXPECTED[key]} everywhere"


def test_every_figure_shown_is_worked_by_hand(
        shown: dict[tuple[str, str, str], dict[str, str]]) -> None:
    assert set(shown) == set(EXPECTED)


# --- for random rates --------------------------------------------------------------------------

#: Medicare amounts [cents] and rates near a half of a tenth of a percent of them: a rate whose
#: ratio is within a few millionths of x.xx5% (on either side, or on it), or any rate.
amounts = st.integers(100, 50_000)


@st.composite
def near_halves(draw: st.DrawFn) -> tuple[int, int]:
    medicare = draw(amounts)
    half = draw(st.integers(200, 3999)) * 2 + 1  # x.xx5% as 2000ths of the fraction
    cents = round(medicare * half / 2000) + draw(st.integers(-2, 2))
    return max(cents, 1), medicare


@settings(max_examples=4, deadline=None)
@given(st.lists(st.one_of(near_halves(), st.tuples(st.integers(1, 100_000), amounts)),
                min_size=60, max_size=60))
def test_every_output_shows_one_percent_of_random_rates(tmp_path_factory: pytest.TempPathFactory,
                                                        pairs: list[tuple[int, int]]) -> None:
    # one text for each rate over its Medicare amount: the sheets' percentage formula
    # (recalculated by LibreOffice), a value cell as refresh writes one, the CSV and JSON
    # figures, the command line's and the letter's text, and the worksheet function in Excel
    tmp = tmp_path_factory.mktemp("random_rates")
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    ratios = [(rate / 100) / (medicare / 100) for rate, medicare in pairs]
    for row, ((rate, medicare), ratio) in enumerate(zip(pairs, ratios, strict=True), 1):
        ws.cell(row, 1, f"={fraction(f'{rate / 100}/{medicare / 100}')}").number_format = "0.0%"
        ws.cell(row, 2, held_percent(ratio)).number_format = "0.0%"
    wb.save(tmp / "random.xlsx")
    [files] = export_shown([tmp / "random.xlsx"], tmp, [["S"]])
    cells = pd.read_csv(files["S"], header=None, dtype=str, keep_default_na=False)
    written = csv_table(pd.DataFrame({"pct_of_medicare": ratios}),
                        {"pct_of_medicare": Unit.PERCENT})["pct_of_medicare"].tolist()
    for i, ((rate, medicare), ratio) in enumerate(zip(pairs, ratios, strict=True)):
        with mock.patch.object(udfs, "medicare_amount", return_value=medicare / 100):
            [[udf]] = xl.PCT_OF_MEDICARE(rate / 100, "97110", LOCALITY, PRICED_ON)
        texts = {
            "formula": cells.iloc[i, 0], "value cell": cells.iloc[i, 1],
            "csv": _read(written[i]), "json": _read(repr(snapped_fraction(ratio))),
            "command line": cell_text(ratio, Unit.PERCENT),
            "letter": formats.pct_of_medicare(ratio), "PCT_OF_MEDICARE": _excel_shows(udf),
        }
        expected = percent_text(ratio)
        assert {k: v for k, v in texts.items() if v != expected} == {}, (rate, medicare, expected)


def test_the_hand_worked_ratios_are_near_halves() -> None:
    # the examples are where they are said to be: the first two a millionth or less from
    # 101.55% and 102.65%, the gap exactly 5.15%
    assert math.isclose(71.53 / 70.44, 1.015474, abs_tol=5e-7)
    assert abs(93.74 / 91.32 - 1.0265) < 5e-7 and abs(20.31 / 25.34 - 0.8015) < 5e-7
    assert Decimal("20.00") - Decimal("18.97") == Decimal("0.0515") * 20

"""Every output's figure for each business fact of one master workbook, gathered and compared.

The outputs: the refreshed workbook's result sheets (as written, and as LibreOffice recalculates
them when asked), ``ratecalc analyze BOOK --out DIR --json`` (its JSON, summary.json, the CSV
tables, renewals.ics), ``timeline --data BOOK --json``, ``exit-impact --data BOOK --payer P
--json``, ``scenario --data BOOK --payer P --json`` and ``letter BOOK --payer P --json``.
A fact is named by what it is and whose it is (``notice_deadline``, payer); each output that shows
it gives its value as shown (money to the cent half-up, fractions to six places, dates as dates).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from collections import defaultdict
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from ratecalc.timeline import contract_label
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.clinics import ics_events

Facts = dict[tuple[str, ...], dict[str, Any]]
#: A line of ``ratecalc analyze``'s "Negotiate first:" list
_FIRST = re.compile(r"\s+(?P<rank>\d+)\. (?P<payer>.+?): \$(?P<stake>[\d,.]+) a year below "
                    r"market.*?(?:notice deadline (?P<deadline>\d{4}-\d\d-\d\d))?$")
#: The headline figures ``ratecalc analyze`` prints
_HEADLINE = re.compile(r"(?:Annual revenue on file at the analysis date's rates: "
                       r"\$(?P<clinic_annual_revenue>[\d,.]+)"
                       r"|below market by \$(?P<dollars_below_market>[\d,.]+)"
                       r"|Proposals ask for \$(?P<proposal_asks>[\d,.]+) a year)")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue()


def shown(value: Any, kind: str) -> Any:
    """``value`` as an output shows it: None for blank, cents, six places, a date."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) \
            or value == "":
        return None
    if kind in ("money", "fraction", "int") and isinstance(value, str):
        try:
            value = float(value)
        except ValueError:  # words where there is no figure ("not known")
            return None
    if kind == "money":
        return Decimal(repr(float(value))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if kind == "fraction":  # the sheets keep a percent to a tenth (of a percent)
        # abs of a zero: -0.000028 is 0.0% as a sheet's ROUND(x, 3) keeps it (no -0)
        tenth = Decimal(repr(float(value))).quantize(Decimal("0.001"), ROUND_HALF_UP)
        return abs(tenth) if tenth == 0 else tenth
    if kind == "percent_tenth":  # the Scenarios sheet keeps a break-even to a tenth of a percent
        return round(float(value), 3)
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:  # words in a date's cell ("none: ended ...") tell there is none
            return None
    if kind == "int":
        return int(round(float(value)))
    if kind == "bool":
        # the sheets leave a flag's cell blank for no
        return True if str(value).strip().lower() in ("true", "yes", "1") else None
    return " ".join(str(value).split())


#: fact -> how it is shown
KINDS = {
    "notice_deadline": "date", "end_date": "date", "dollars_at_stake": "money",
    "rank": "int", "status": "text", "annual_revenue": "money", "units_per_year": "money",
    "share_of_volume": "fraction", "codes_below_market": "int", "market_caveat": "text",
    "deadline_note": "text", "days_to_notice": "int", "days_to_renewal": "int",
    "allowed_amount": "money", "benchmark": "money", "medicare_amount": "money",
    "pct_of_medicare": "fraction", "gap_to_benchmark": "money", "clinic_average": "money",
    "current_rate": "money", "floor": "money", "proposed_rate": "money", "increase": "money",
    "annual_impact": "money", "rate_source": "text", "schedule_rate": "money",
    "new_term_revenue": "money", "proposed_revenue": "money", "impact_pct": "fraction",
    "revenue_at_risk": "money", "net_impact_12m": "money", "net_impact_24m": "money",
    "exit_date": "date", "walk_away_floor": "money", "rate_per_visit": "money",
    "annual_visits": "money", "fixed_total": "money", "pct_total": "money",
    "difference": "money", "break_even_pct_of_medicare": "percent_tenth", "better": "text",
    "prepare_start": "date", "negotiation_start": "date", "next_follow_up": "date",
    "decision_date": "date", "note": "text", "auto_renew": "bool", "increase_pct": "fraction",
    "next_term_end": "date", "next_notice_deadline": "date", "requested_rate": "money",
    "underpaid_vs_contract_a_year": "money", "gap_to_benchmark_pct": "fraction",
    "below_market": "bool", "proposed_increase": "fraction", "notice_days": "int",
    "retained_revenue": "money", "backfill_revenue": "money", "meets_floor": "text",
    "units_with_rate": "money", "proposed_pct_of_medicare": "fraction",
    "requested_pct_of_medicare": "fraction",
    # the clinic's headline figures (key: "clinic")
    "clinic_annual_revenue": "money", "dollars_below_market": "money", "proposal_asks": "money",
    "top_payer": "text", "walk_away_floor_pct_of_medicare": "fraction",
    "medicare_day": "date", "medicare_date": "date",
    "new_term_medicare_amount": "money", "cf_change": "fraction", "escalator": "fraction",
    "fixed_revenue": "money", "pct_revenue": "money",
    # the notice of non-renewal's "they pay $X a year more than today's rates": over the
    # analysis date's rates, the Totals' impact where those are the new term's
    "impact_over_today": "money", "impact_pct_over_today": "fraction",
}
#: A scenario's figures for one year of one payer, keyed by payer and year
SCENARIO_YEAR = ("cf_change", "escalator", "fixed_revenue", "pct_revenue", "difference")
#: The Scenarios sheet's years as written: the revenue at the year's rates, unrounded, which
#: its revenue columns round to cents
SCENARIO_AT_RATES = {"fixed_at_rates": "fixed_revenue", "pct_at_rates": "pct_revenue"}
#: The Proposal's Medicare is the amount in force when the payer's new term begins (its
#: ``medicare_date``), the Comparison's the analysis' Medicare date's: two facts, the same
#: figure only when the two days share a fee schedule
NEW_TERM = {"medicare_amount": "new_term_medicare_amount"}

#: The renewal calendar's events by what they say -> the Timeline's date each is on
_ICS = {"NOTICE DEADLINE": "notice_deadline", "Prepare renewal": "prepare_start",
        "Send rate proposal": "negotiation_start", "Contract ends": "end_date",
        "Decide: accept, counter or give notice": "decision_date",
        # a renewing contract's end, and the renewed term's deadline once this term's passed
        "Term ends and contract renews": "end_date",
        "NOTICE DEADLINE (renewed term)": "next_notice_deadline"}

#: The Dashboard's headline rows by label -> the fact each shows
DASHBOARD = {"Annual revenue on file": "clinic_annual_revenue",
             "Below market, a year": "dollars_below_market",
             "Proposal asks, a year": "proposal_asks", "Negotiate first with": "top_payer",
             "Walk-away floor (of Medicare)": "walk_away_floor_pct_of_medicare"}


def dashboard_facts(facts: Facts, output: str, path: Path, computed: bool) -> None:
    ws = load_workbook(path, data_only=computed)[layout.DASHBOARD]
    for label, value in ws.iter_rows(min_row=layout.DASHBOARD_FACTS_ROW,
                                     max_row=layout.DASHBOARD_FACTS_ROW + 12, max_col=2,
                                     values_only=True):
        if label in DASHBOARD and not (isinstance(value, str) and value.startswith("=")):
            _put(facts, output, DASHBOARD[label], ("clinic",), value)
        if label == "Medicare release, day priced" and isinstance(value, str):
            _put(facts, output, "medicare_day", ("clinic",), value.rsplit(", ", 1)[-1])


#: A formula cell of the book as written: its value is what a spreadsheet computes, compared
#: from LibreOffice's recalculation instead.
FORMULA = object()


#: The result sheets' tables that show a payer's (or a code's) figures: the six a refresh
#: rewrites whole, and the Totals' and the Scenarios' years beside them
SHEET_TABLES = (*layout.RESULT_TABLES, layout.PROPOSAL_SUMMARY_TABLE,
                layout.SCENARIO_YEARS_TABLE)


def sheet_tables(path: Path, computed: bool = False) -> dict[str, pd.DataFrame]:
    wb = load_workbook(path, data_only=computed)
    out = {}
    for spec in SHEET_TABLES:
        if spec.sheet not in wb.sheetnames or spec.name not in wb[spec.sheet].tables:
            continue
        ws = wb[spec.sheet]
        c0, r0, c1, r1 = range_boundaries(ws.tables[spec.name].ref)
        rows = [[FORMULA if isinstance(v, str) and v.startswith("=") else v for v in row]
                for row in ws.iter_rows(min_row=r0, max_row=r1, min_col=c0, max_col=c1,
                                        values_only=True)]
        by_header = {c.header: c.key for c in spec.columns}
        frame = pd.DataFrame(rows[1:], columns=[by_header.get(h, h) for h in rows[0]])
        out[spec.name] = frame[frame["payer"].notna()] if "payer" in frame else frame
    return out


def _put(facts: Facts, output: str, fact: str, key: tuple[str, ...], value: Any) -> None:
    kind = KINDS.get(fact)
    if kind is None or value is FORMULA:
        return
    facts[(fact, *key)][output] = shown(value, kind)


def _rows(facts: Facts, output: str, frame: pd.DataFrame, keys: tuple[str, ...],
          only: tuple[str, ...] | None = None, rename: dict[str, str] | None = None) -> None:
    rename = rename or {}
    if keys == ("payer",) and "product" in frame:  # a contract's row: its payer and product
        keys = ("payer", "product")
    for record in frame.to_dict("records"):
        key = tuple(_product(record[k]) if k == "product" else str(record[k]) for k in keys)
        for column, value in record.items():
            fact = rename.get(column, column)
            if column in keys or (only is not None and fact not in only):
                continue
            _put(facts, output, fact, key, value)


def gather(book: Path, work: Path, recalculated: Path | None = None,
           letters: int = 3) -> Facts:
    """Every output's figure for each fact of ``book`` (refreshed), commands run into ``work``."""
    facts: Facts = defaultdict(dict)
    tables = sheet_tables(book)
    sources = [("sheet", tables)]
    dashboard_facts(facts, "sheet:Dashboard", book, computed=False)
    if recalculated is not None:
        sources.append(("libreoffice", sheet_tables(recalculated, computed=True)))
        dashboard_facts(facts, "libreoffice:Dashboard", recalculated, computed=True)
    for name, found in sources:
        for spec_name, frame in found.items():
            if spec_name == "tblScenarioYears":
                # the year's revenue at its rates, as written, is the figure the sheet's
                # rounded revenue columns show (formulas: compared as LibreOffice computes them)
                _rows(facts, f"{name}:{spec_name}", frame, ("payer", "year"),
                      only=SCENARIO_YEAR, rename=SCENARIO_AT_RATES if name == "sheet" else None)
                continue
            if spec_name in ("tblScenarioTotals", "tblDashboardCodes"):
                continue
            keys = ("payer", "code") if "code" in frame and spec_name in (
                "tblComparison", "tblProposal") else ("payer",)
            if spec_name == "tblParetoCodes":
                continue
            _rows(facts, f"{name}:{spec_name}", frame, keys,
                  rename=NEW_TERM if spec_name == "tblProposal" else
                  {"requested_revenue": "proposed_revenue"}
                  if spec_name == "tblProposalSummary" else None)
    code, printed = run("analyze", str(book), "--out", str(work / "res"), "--json")
    assert code in (0, 1), printed
    res = work / "res"
    code, text = run("analyze", str(book), "--out", str(work / "res-text"))
    for headline in _HEADLINE.finditer(text):
        for fact, amount in headline.groupdict().items():
            if amount:
                _put(facts, "analyze text", fact, ("clinic",), amount.replace(",", ""))
    for line in text.split("Negotiate first:\n", 1)[-1].split("\n\n", 1)[0].splitlines():
        first = _FIRST.match(line)
        if first:
            payer = first["payer"]
            _put(facts, "analyze text", "rank", (payer,), first["rank"])
            _put(facts, "analyze text", "dollars_at_stake", (payer,),
                 first["stake"].replace(",", ""))
            if first["deadline"]:
                _put(facts, "analyze text", "notice_deadline", (payer,), first["deadline"])
    for csv in ("comparison", "proposal"):
        _rows(facts, f"{csv}.csv", pd.read_csv(res / f"{csv}.csv", dtype={"code": str}),
              ("payer", "code"), rename=NEW_TERM if csv == "proposal" else None)
    for csv in ("priorities", "proposal_summary", "renewal_timeline"):
        frame = pd.read_csv(res / f"{csv}.csv")
        if csv == "priorities":
            frame = frame.rename(columns={"days_to_notice_deadline": "days_to_notice"})
        _rows(facts, f"{csv}.csv", frame, ("payer",))
    summary = json.loads((res / "summary.json").read_text(encoding="utf-8"))
    printed_json = json.loads(printed)
    for name, s in (("summary.json", summary), ("analyze --json", printed_json)):
        for fact in ("dollars_below_market", "top_payer", "walk_away_floor_pct_of_medicare"):
            _put(facts, name, fact, ("clinic",), s.get(fact))
        _put(facts, name, "clinic_annual_revenue", ("clinic",), s.get("annual_revenue"))
        _put(facts, name, "medicare_day", ("clinic",), s.get("medicare_date"))
    for name, s in (("summary.json", summary), ("analyze --json", printed_json)):
        _rows(facts, name, pd.DataFrame(s["priorities"]).rename(
            columns={"days_to_notice_deadline": "days_to_notice"}), ("payer",))
        if s.get("proposal"):
            _rows(facts, name, pd.DataFrame(s["proposal"]), ("payer",))
        for note in s.get("timing_notes", []):
            _put(facts, name, "note", (note["payer"], _product(note["product"])), note["note"])
    contracts = pd.read_csv(res / "renewal_timeline.csv", keep_default_na=False)
    label = {contract_label(r.payer, r.product): (str(r.payer), _product(r.product))
             for r in contracts.itertuples()}
    for event in ics_events(res / "renewals.ics"):
        what, _, who = event["summary"].rpartition(": ")
        if what in _ICS and who in label:
            _put(facts, "renewals.ics", _ICS[what], label[who], event["date"])
    code, printed = run("timeline", "--data", str(book), "--json")
    if code in (0, 1) and printed.strip():
        for c in json.loads(printed).get("contracts", []):
            _rows(facts, "timeline --json", pd.DataFrame([c]), ("payer",),
                  only=("notice_deadline", "end_date", "prepare_start", "negotiation_start",
                        "next_follow_up", "decision_date", "note", "dollars_at_stake",
                        "next_term_end", "next_notice_deadline"))
    code, printed = run("timeline", "--data", str(book))
    if code in (0, 1):
        timeline_text_facts(facts, printed)
    payers = list(pd.read_csv(res / "priorities.csv")["payer"])
    for payer in payers:
        code, printed = run("exit-impact", "--data", str(book), "--payer", payer, "--json")
        if code in (0, 1) and printed.strip():
            e = json.loads(printed)
            _rows(facts, "exit-impact --json", pd.DataFrame([{**e, "payer": payer}]),
                  ("payer",), only=("revenue_at_risk", "net_impact_12m", "net_impact_24m",
                                    "notice_deadline", "exit_date", "rate_per_visit",
                                    "annual_visits", "retained_revenue", "backfill_revenue"))
            walk = e.get("walk_away") or {}
            if isinstance(walk, dict) and "floor" in walk:
                _put(facts, "exit-impact --json", "walk_away_floor", (payer,), walk["floor"])
        code, printed = run("exit-impact", "--data", str(book), "--payer", payer)
        if code in (0, 1):
            exit_text_facts(facts, printed, payer)
        code, printed = run("scenario", "--data", str(book), "--payer", payer)
        if code in (0, 1):
            scenario_text_facts(facts, printed, payer)
        code, printed = run("scenario", "--data", str(book), "--payer", payer, "--json")
        if code in (0, 1) and printed.strip():
            s = json.loads(printed)
            _rows(facts, "scenario --json",
                  pd.DataFrame([{**y, "payer": payer} for y in s.get("years", [])]),
                  ("payer", "year"), only=SCENARIO_YEAR)
            _rows(facts, "scenario --json", pd.DataFrame([{**s, "payer": payer}]), ("payer",),
                  only=("fixed_total", "pct_total", "difference",
                        "break_even_pct_of_medicare", "better", "pct_of_medicare"))
    proposal = pd.read_csv(res / "proposal.csv", dtype={"code": str})
    for payer in payers[:letters]:
        mine = proposal[proposal["payer"] == payer]
        # today's rates are the new term's: "more than today's rates" is the Totals' impact
        same = len(mine) > 0 and bool((mine["rate_today"] == mine["current_rate"]).all())
        for kind in ("proposal", "counter", "termination"):
            docx = work / f"letter-{kind}.docx"
            code, printed = run("letter", str(book), "--payer", payer, "--kind", kind,
                                "--json", "--out", str(docx))
            if code in (0, 1) and printed.strip():
                letter_facts(facts, json.loads(printed), docx, payer)
        for over, fact in (("impact_over_today", "annual_impact"),
                           ("impact_pct_over_today", "impact_pct")):
            if same and (over, payer) in facts:
                facts[(fact, payer)].update(facts.pop((over, payer)))
    return facts


def letter_facts(facts: Facts, letter: dict[str, Any], docx: Path, payer: str) -> None:
    """A letter's figures: its ``--json`` and its .docx read back. Each kind lists the
    Proposal's rows; the counter letter's totals are of the codes offered only."""
    kind = letter.get("kind", "proposal")
    output = "letter --json" if kind == "proposal" else f"{kind} letter --json"
    for line in letter.get("lines", []):
        # the letter asks the rate the Proposal's "Requested rate" shows (its
        # "Your rate" where one is typed)
        _rows(facts, output, pd.DataFrame([{**line, "payer": payer}]),
              ("payer", "code"), only=("current_rate", "requested_rate",
                                        "benchmark", "new_term_medicare_amount",
                                        "units_per_year", "requested_pct_of_medicare",
                                        "annual_impact", "increase_pct",
                                        "medicare_date"),
              rename={"proposed_rate": "requested_rate",
                      "proposed_pct_of_medicare": "requested_pct_of_medicare",
                      **NEW_TERM})
    if kind != "counter":
        totals = letter.get("totals") or {}
        _rows(facts, output, pd.DataFrame([{**totals, "payer": payer}]),
              ("payer",), rename={"units_per_year": "units_with_rate"})
    if kind == "proposal":
        letter_text_facts(facts, docx, payer)
    elif kind == "counter":
        counter_text_facts(facts, docx, payer)
    else:
        termination_text_facts(facts, docx, payer)
    dates = dict(letter.get("dates", {}))
    if kind == "termination":
        dates["exit_date"] = dates.get("effective_date")
    _rows(facts, output, pd.DataFrame([{**dates, "payer": payer}]),
          ("payer",), only=("end_date", "notice_deadline", "decision_date",
                            "next_term_end", "next_notice_deadline", "notice_days",
                            "exit_date"))


#: The proposal letter's rates table: its header -> the fact the column shows
_LETTER_COLUMNS = {"Annual units": "units_per_year", "Current rate": "current_rate",
                   "Proposed rate": "requested_rate", "Proposed rate today": "requested_rate",
                   "Change": "increase_pct", "% of Medicare": "requested_pct_of_medicare",
                   "Proposed % of Medicare": "requested_pct_of_medicare"}
#: The letter's words around a fact it states in a sentence -> the fact
_LETTER_SENTENCES = (
    (re.compile(r"At last year's volumes of the codes above \((?P<units_with_rate>[\d,.]+) "
                r"units\), the proposed rates would change annual reimbursement from "
                r"(?P<new_term_revenue>\S+) to (?P<proposed_revenue>\S+), an increase of "
                r"(?P<annual_impact>\S+) \((?P<impact_pct>[^)]+)\)")),
    re.compile(r"(?:current term ending|expiring) (?P<end_date>\w+ \d+, \d{4})"),
    re.compile(r"(?P<notice_days>\d+)-day notice date of (?P<notice_deadline>\w+ \d+, \d{4})"),
    re.compile(r"Last year we provided (?P<annual_visits>[\d,.]+) visits"),
)


def _letter_value(text: str, fact: str) -> Any:
    """A figure as the letter prints it ("$1,234.56", "+15.0%", "March 31, 2027", "2,940")
    as the value ``shown`` takes; None for a dash or words."""
    text = text.strip()
    if KINDS.get(fact) == "date":
        try:
            return datetime.strptime(text, "%B %d, %Y").date()
        except ValueError:
            return None
    number = text.replace("$", "").replace(",", "").replace("+", "")
    percent = number.endswith("%")
    try:
        value = float(number.rstrip("%"))
    except ValueError:
        return None
    return value / 100 if percent else value


def letter_text_facts(facts: Facts, path: Path, payer: str) -> None:
    """The figures the proposal letter's .docx shows, read back with python-docx: its rates
    table per code, its totals table and the sentences that state a total or a date."""
    from docx import Document

    if not path.exists():
        return
    doc = Document(str(path))
    output = "letter .docx"
    for table in doc.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if not rows:
            continue
        header = rows[0]
        if header[:2] == ["Code", "Description"]:
            for row in rows[1:]:
                for title, text in zip(header, row, strict=True):
                    fact = ("benchmark" if title.startswith("Market ")
                            else _LETTER_COLUMNS.get(title))
                    if fact:
                        _put(facts, output, fact, (payer, row[0]), _letter_value(text, fact))
        elif header == ["Annual reimbursement", "Amount"]:
            for label, text in rows[1:]:
                if label == "At current rates":
                    _put(facts, output, "new_term_revenue", (payer,),
                         _letter_value(text, "new_term_revenue"))
                elif label == "At proposed rates":
                    _put(facts, output, "proposed_revenue", (payer,),
                         _letter_value(text, "proposed_revenue"))
                elif label == "Annual increase":
                    amount, _, pct = text.partition(" (")
                    _put(facts, output, "annual_impact", (payer,),
                         _letter_value(amount, "annual_impact"))
                    _put(facts, output, "impact_pct", (payer,),
                         _letter_value(pct.rstrip(")"), "impact_pct"))
    text = "\n".join(p.text for p in doc.paragraphs)
    for pattern in _LETTER_SENTENCES:
        found = pattern.search(text)
        if found:
            for fact, value in found.groupdict().items():
                _put(facts, f"{output} text", fact, (payer,), _letter_value(value, fact))


#: ``timeline``'s table: its header -> the fact the column shows
_TIMELINE_COLUMNS = {"Term ends": "end_date", "Send proposal": "negotiation_start",
                     "Notice deadline": "notice_deadline",
                     "Days to notice deadline": "days_to_notice",
                     "Dollars below market": "dollars_at_stake", "Status": "status"}


def _text_value(text: str, fact: str) -> Any:
    """A figure as a command prints it ("-$1,234.56", "+4.5%", "2026-03-31", "—") as the
    value ``shown`` takes."""
    text = text.strip()
    if text in ("", "—"):
        return None
    if KINDS.get(fact) in ("date", "text"):
        return text
    return _letter_value(text, fact)


def timeline_text_facts(facts: Facts, printed: str) -> None:
    """``ratecalc timeline --data BOOK``'s table, a row per contract: its columns are
    right-aligned under headers two spaces or more apart."""
    lines = printed.splitlines()
    at = next((n for n, line in enumerate(lines) if line.lstrip().startswith("Payer  ")), None)
    if at is None:
        return
    header = re.split(r"\s{2,}", lines[at].strip())
    for line in lines[at + 1:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) != len(header):
            break
        row = dict(zip(header, cells, strict=True))
        key = (row["Payer"], _product(row.get("Product")))
        for title, fact in _TIMELINE_COLUMNS.items():
            if title in row:
                _put(facts, "timeline text", fact, key, _text_value(row[title], fact))


_EXIT_SENTENCES = (
    re.compile(r"revenue at risk (?P<revenue_at_risk>\S+) a year \((?P<annual_visits>[\d,.]+) "
               r"visits, (?P<rate_per_visit>\S+) a visit"),
    re.compile(r"retained (?P<retained_revenue>[^,]+), backfilled (?P<backfill_revenue>[^,]+),"),
    re.compile(r"Net impact: (?P<net_impact_12m>\S+) over 12 months, (?P<net_impact_24m>\S+) "
               r"over 24 months"),
    re.compile(r"(?:Notice must be given by|Notice deadline) (?P<notice_deadline>\d{4}-\d\d-\d\d)"),
    re.compile(r"notice given now ends the contract on (?P<exit_date>\d{4}-\d\d-\d\d)"),
)
#: The exit estimate's second year, which it says is the Scenarios' fixed-dollar year 2
_EXIT_YEAR_2 = re.compile(r"Months 13-24 are its new term's second year: revenue at risk "
                          r"(?P<fixed_revenue>\S+) ")


def exit_text_facts(facts: Facts, printed: str, payer: str) -> None:
    """``ratecalc exit-impact --data BOOK --payer P``'s sentences above its month table."""
    head = printed.split("\nMonth ", 1)[0]
    for pattern in _EXIT_SENTENCES:
        found = pattern.search(head)
        if found:
            for fact, value in found.groupdict().items():
                _put(facts, "exit-impact text", fact, (payer,), _text_value(value, fact))
    second = _EXIT_YEAR_2.search(head)
    if second:
        _put(facts, "exit-impact text", "fixed_revenue", (payer, "2"),
             _text_value(second["fixed_revenue"], "fixed_revenue"))


_SCENARIO_YEAR_ROW = re.compile(r"\s*(?P<year>\d+)\s+(?P<cf_change>\S+)\s+(?P<escalator>\S+)\s+"
                                r"(?P<fixed_revenue>\S+)\s+(?P<pct_revenue>\S+)\s+"
                                r"(?P<difference>\S+)$")
_SCENARIO_SENTENCES = (
    re.compile(r"Fixed dollar vs (?P<pct_of_medicare>[\d.]+%) of Medicare"),
    re.compile(r"Total: fixed (?P<fixed_total>\S+)\s+percent-of-Medicare (?P<pct_total>\S+)\s+"
               r"difference (?P<difference>\S+)"),
    re.compile(r"Break-even: (?P<break_even_pct_of_medicare>[\d.]+%) of Medicare"),
)


def scenario_text_facts(facts: Facts, printed: str, payer: str) -> None:
    """``ratecalc scenario --data BOOK --payer P``'s year table, totals and break-even."""
    body = printed.split("\nUnder each path:", 1)[0]
    for line in body.splitlines():
        row = _SCENARIO_YEAR_ROW.match(line)
        if row:
            for fact, value in row.groupdict().items():
                if fact != "year":
                    _put(facts, "scenario text", fact, (payer, row["year"]),
                         _text_value(value, fact))
    for pattern in _SCENARIO_SENTENCES:
        found = pattern.search(body)
        if found:
            for fact, value in found.groupdict().items():
                _put(facts, "scenario text", fact, (payer,), _text_value(value, fact))


def _paragraphs_and_tables(path: Path) -> tuple[str, list[list[list[str]]]]:
    from docx import Document

    doc = Document(str(path))
    return ("\n".join(p.text for p in doc.paragraphs),
            [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables])


#: The counter letter's table: its header -> the fact the column shows
_COUNTER_COLUMNS = {"Annual units": "units_per_year", "Current rate": "current_rate",
                    "Our proposal": "requested_rate"}
#: "for them we still ask the rates we proposed: 97110 at $35.82, 97112 at $41.04 ..."
_STILL_ASKED = re.compile(r"we still ask the rates? we proposed: (?P<list>[^.]*\d\.\d\d)")
_CODE_AT = re.compile(r"(?P<code>[0-9A-Z]{5}) at (?P<rate>\$[\d,]+\.\d\d)")


def counter_text_facts(facts: Facts, path: Path, payer: str) -> None:
    """The counter letter's .docx: its table's current and proposed rates per code offered,
    and the rates still asked for the codes the offer left out."""
    if not path.exists():
        return
    text, tables = _paragraphs_and_tables(path)
    output = "counter letter .docx"
    for rows in tables:
        if rows and rows[0][:2] == ["Code", "Description"]:
            for row in rows[1:]:
                for title, cell in zip(rows[0], row, strict=True):
                    fact = _COUNTER_COLUMNS.get(title)
                    if fact:
                        _put(facts, output, fact, (payer, row[0]), _letter_value(cell, fact))
    still = _STILL_ASKED.search(text)
    if still:
        for found in _CODE_AT.finditer(still["list"]):
            _put(facts, f"{output} text", "requested_rate", (payer, found["code"]),
                 _letter_value(found["rate"], "requested_rate"))


_TERMINATION_SENTENCES = (
    # the day the notice takes effect: exit-impact's earliest exit, notice given now (the
    # letter is dated the analysis date), past a renewal once the notice deadline has passed
    re.compile(r"network will end on (?P<exit_date>\w+ \d+, \d{4})"),
    re.compile(r"requirement of (?P<notice_days>\d+) days' written notice"),
    re.compile(r"they pay (?P<impact_over_today>\S+) a year more than [^,]+, an increase of "
               r"(?P<impact_pct_over_today>[\d.]+%)"),
)


def termination_text_facts(facts: Facts, path: Path, payer: str) -> None:
    """The notice of non-renewal's .docx: the end of the term, the notice it meets and what
    the proposal's rates would pay more."""
    if not path.exists():
        return
    text, _ = _paragraphs_and_tables(path)
    for pattern in _TERMINATION_SENTENCES:
        found = pattern.search(text)
        if found:
            for fact, value in found.groupdict().items():
                _put(facts, "termination letter .docx", fact, (payer,),
                     _letter_value(value, fact))


def _product(value: Any) -> str:
    """A contract's product as the last part of a fact's key, told from a code."""
    return "product=" + ("" if value is None or (isinstance(value, float) and math.isnan(value))
                         else str(value))


def by_payer(facts: Facts) -> Facts:
    """``facts`` with a contract's facts keyed by its payer alone where the payer has one
    contract: the Timeline's, the calendar's and the Priorities' and Exit Impact's (a payer's
    rows) then meet in one fact."""
    products: dict[str, set[str]] = defaultdict(set)
    for key in facts:
        if len(key) == 3 and key[2].startswith("product="):
            products[key[1]].add(key[2])
    # a contract not in force yet governs nothing: its dates are its own, not its payer's
    # (the Priorities' are blank), though its status is the payer's
    later = {key[1:] for key, values in facts.items() if key[0] == "status" and len(key) == 3
             and "not in force yet" in values.values()}
    merged: Facts = defaultdict(dict)
    for key, values in facts.items():
        if len(key) == 3 and key[2].startswith("product=") and len(products[key[1]]) == 1 \
                and (key[1:] not in later or key[0] == "status"):
            key = key[:2]
        for output, value in values.items():
            if output in merged[key] and merged[key][output] != value:
                output += " (2)"  # one output showing two figures for one fact
            merged[key][output] = value
    return merged


def disagreements(facts: Facts) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """The facts whose outputs show more than one value (a blank counts as a value)."""
    return [(key, values) for key, values in sorted(by_payer(facts).items())
            if len(values) > 1 and len({repr(v) for v in values.values()}) > 1]


def udf_facts(facts: Facts, book: Path, work: Path, excel: Any) -> None:
    """The worksheet functions' figures, called as Excel calls them (``excel(name, *args)``),
    given the inputs each result table shows beside the fact."""
    res = work / "res"
    summary = json.loads((res / "summary.json").read_text(encoding="utf-8"))
    locality, day = summary["locality"], date.fromisoformat(summary["medicare_date"])
    when = datetime(day.year, day.month, day.day)
    comparison = pd.read_csv(res / "comparison.csv", dtype={"code": str})
    for r in comparison.itertuples():
        key = (str(r.payer), str(r.code))
        _put(facts, "MEDICARE_RATE", "medicare_amount", key,
             _cell(excel("MEDICARE_RATE", r.code, locality, when)))
        if not pd.isna(r.allowed_amount):
            _put(facts, "PCT_OF_MEDICARE", "pct_of_medicare", key,
                 _cell(excel("PCT_OF_MEDICARE", float(r.allowed_amount), r.code, locality,
                             when)))
    for r in comparison.itertuples():
        if not (pd.isna(r.allowed_amount) or pd.isna(r.benchmark)):
            key = (str(r.payer), str(r.code))
            _put(facts, "RATEGAP", "gap_to_benchmark", key,
                 _cell(excel("RATEGAP", float(r.allowed_amount), float(r.benchmark))))
            _put(facts, "RATEGAP", "gap_to_benchmark_pct", key,
                 _cell(excel("RATEGAP", float(r.allowed_amount), float(r.benchmark), "pct")))
    low, high = (settings_value(book, field) for field in ("min_increase", "max_increase"))
    proposal = pd.read_csv(res / "proposal.csv", dtype={"code": str})
    for r in proposal.itertuples():
        key = (str(r.payer), str(r.code))
        # the Proposal asks no raise of a code not billed, of a contract that ended or of one
        # not in force yet (its reason says so): the function, given no such fact, is not asked
        if not pd.isna(r.current_rate) and not r.not_billed and \
                "no rates are asked" not in str(r.reason):
            _put(facts, "PROPOSED_RATE", "proposed_rate", key, _cell(excel(
                "PROPOSED_RATE", float(r.current_rate),
                None if pd.isna(r.benchmark) else float(r.benchmark), low, high,
                None if pd.isna(r.floor) else float(r.floor))))
        if not (pd.isna(r.current_rate) or pd.isna(r.requested_rate)):
            _put(facts, "REVENUE_IMPACT", "annual_impact", key, _cell(excel(
                "REVENUE_IMPACT", float(r.current_rate), float(r.requested_rate),
                float(r.units_per_year))))
        if isinstance(r.medicare_date, str):
            on = date.fromisoformat(r.medicare_date)
            _put(facts, "MEDICARE_RATE", "new_term_medicare_amount", (str(r.payer), str(r.code)),
                 _cell(excel("MEDICARE_RATE", r.code, locality,
                             datetime(on.year, on.month, on.day))))
    timeline = pd.read_csv(res / "renewal_timeline.csv")
    lead = settings_value(book, "lead_months")
    for r in timeline.itertuples():
        key = (str(r.payer), _product(r.product))
        if isinstance(r.end_date, str) and isinstance(r.notice_deadline, str):
            end = date.fromisoformat(r.end_date)
            _put(facts, "NOTICE_DEADLINE", "notice_deadline", key,
                 _cell(excel("NOTICE_DEADLINE", datetime(end.year, end.month, end.day),
                             float(r.notice_days))))
            _put(facts, "NEGOTIATION_START", "negotiation_start", key,
                 _cell(excel("NEGOTIATION_START", datetime(end.year, end.month, end.day),
                             lead)))
        if isinstance(r.next_term_end, str):
            end = date.fromisoformat(r.next_term_end)
            _put(facts, "NOTICE_DEADLINE", "next_notice_deadline", key,
                 _cell(excel("NOTICE_DEADLINE", datetime(end.year, end.month, end.day),
                             float(r.notice_days))))


def settings_value(book: Path, field: str) -> Any:
    """The value of ``field`` on ``book``'s Settings table, as its cell holds it."""
    label = field.replace("_", " ").capitalize()
    ws = load_workbook(book, data_only=True)[layout.SETTINGS_TABLE.sheet]
    for row in ws.iter_rows(max_col=2, values_only=True):
        if row[0] in (field, label):
            return row[1]
    raise KeyError(field)


def _cell(value: Any) -> Any:
    """A function's answer as its cell holds it: one value, an error text as no figure."""
    while isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return None if isinstance(value, str) and value.startswith("#") else value


def ribbon_differences(book: Path, work: Path) -> list[str]:
    """The Refresh button's result sheets against ``ratecalc refresh``'s (``book`` as the
    command left it, refreshed again by the button on a copy), cell by cell; and the Draft
    letter button's .docx text against ``ratecalc letter``'s for the payer it selects."""
    import shutil

    from docx import Document

    from ratecalc_addin import ribbon
    from tests.addin.test_ribbon import FakeBook

    copy = work / "ribbon" / "Negotiation.xlsx"
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(book, copy)
    outcome = ribbon.ribbon_action("refresh_analysis", FakeBook(str(copy)))
    differences = []
    if not outcome.message.startswith("The analysis sheets are up to date."):
        return [f"refresh button: {outcome.message}"]
    mine, theirs = load_workbook(book), load_workbook(copy)
    for spec in layout.RESULT_TABLES:
        if spec.sheet not in mine.sheetnames:
            continue
        a, b = mine[spec.sheet], theirs[spec.sheet]
        for row_a, row_b in zip(a.iter_rows(values_only=True), b.iter_rows(values_only=True),
                                strict=False):
            if row_a != row_b and not any("refresh" in str(v).lower() for v in row_a):
                differences.append(f"{spec.sheet}: {row_a} != {row_b}")
    payers = pd.read_csv(work / "res" / "priorities.csv")["payer"]
    if len(payers):
        payer = str(payers.iloc[0])
        wb = load_workbook(copy)
        wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                                 column=layout.SELECTED_PAYER_COL).value = payer
        wb.save(copy)
        outcome = ribbon.ribbon_action("draft_proposal_letter", FakeBook(str(copy)))
        code, _ = run("letter", str(book), "--payer", payer, "--out",
                      str(work / "cli-letter.docx"))
        if " is in " not in outcome.message or code not in (0, 1):
            if (" is in " in outcome.message) != (code in (0, 1)):
                differences.append(f"letter: button {outcome.message!r}, command {code}")
            return differences

        def text(path: Path) -> list[str]:
            doc = Document(str(path))
            return [p.text for p in doc.paragraphs] + [
                c.text for t in doc.tables for row in t.rows for c in row.cells]

        button = Path(outcome.message.split(" is in ", 1)[1].rstrip("."))
        if text(button) != text(work / "cli-letter.docx"):
            differences.append(f"letter for {payer}: the button's text differs from the "
                               "command's")
    return differences

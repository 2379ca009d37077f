"""The clinics the consistency tests run on: the demo and a second fixture clinic
(``tests/data/lonestar``), and every output of one analysis gathered for comparison.

"Today" is always an argument: the fixture's contract dates are fixed, and each test says which
day it looks at them from.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from ratecalc.analysis import Analysis, analyze
from ratecalc.dataset import ClinicData, Settings
from ratecalc.demo import demo_data
from ratecalc.errors import InputError
from ratecalc.loaders import load_folder
from ratecalc.report import write_summary, write_tables
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_letter.blocks import LetterContent
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

LONESTAR = Path(__file__).parent / "data" / "lonestar"
#: The day the fixture clinic is looked at from in most tests: Bluebonnet's notice deadline
#: (2025-12-31) passed 20 days before, Texas Employers Trust's (2026-02-27) is 38 days ahead.
LONESTAR_TODAY = date(2026, 1, 20)


def lonestar(today: date = LONESTAR_TODAY) -> ClinicData:
    """The fixture clinic as of ``today`` (Medicare priced on the settings' 2025 date)."""
    data, problems = load_folder(LONESTAR)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    return replace(data, settings=replace(data.settings, analysis_date=today))


def lonestar_folder(target: Path, today: date = LONESTAR_TODAY) -> Path:
    """A copy of the fixture's tables in ``target`` with ``analysis_date`` = ``today``."""
    shutil.copytree(LONESTAR, target)
    (target / "settings.csv").write_text(
        f"field,value\nanalysis_date,{today.isoformat()}\nmedicare_date,2025-06-01\n")
    return target


def demo() -> ClinicData:
    return demo_data()


#: Codes of the half-cent clinic, each with about its Medicare amount [USD per unit].
HALF_CENT_CODES = {"92507": 70, "97035": 13, "97110": 27, "97112": 30, "97116": 27, "97140": 25,
                   "97161": 91, "97162": 91, "97530": 32, "97535": 30, "G0283": 11}


def half_cent_clinic(seed: int = 20261203) -> ClinicData:
    """Four payers and eleven codes whose figures fall on half cents, to hold the workbook's
    rounding to the core's.

    Each code has the same (odd) units a year at every payer, and its four rates sum to 2
    cents more than a multiple of 4: the clinic average is x.xx5, and so is every gap to it.
    Target percentile 62.5: the market is halfway from P50 to P75, an odd number of cents
    apart, so every gap to the market is x.xx5 too, and its dollars at stake (odd units) end
    in a half cent. Rates drawn with ``seed``; Medicare of 2025-10-01, locality 10112-00.
    """
    rng = random.Random(seed)
    payers = ["Aspen Health", "Birch Mutual", "Cedar Care", "Dogwood Plan"]
    fees, volumes, benchmarks = [], [], []
    for code, medicare in HALF_CENT_CODES.items():
        cents = [rng.randint(85 * medicare, 160 * medicare) for _ in payers[:-1]]
        last = rng.randint(85 * medicare, 160 * medicare)
        cents.append(last + (2 - (sum(cents) + last)) % 4)
        units = 2 * rng.randint(40, 900) + 1
        for payer, rate in zip(payers, cents, strict=True):
            fees.append({"payer": payer, "code": code, "modifier": "",
                         "allowed_amount": rate / 100, "effective_date": date(2025, 1, 1)})
            volumes.append({"payer": payer, "code": code, "units_per_year": float(units),
                            "visits": units // 2})
        p50 = sorted(cents)[1] + rng.randint(0, 10 * medicare)
        p75 = p50 + 2 * rng.randint(medicare, 8 * medicare) + 1
        benchmarks.append({"code": code, "region": "Test", "p25": (p50 - 5 * medicare) / 100,
                           "p50": p50 / 100, "p75": p75 / 100, "p90": (p75 + 9 * medicare) / 100,
                           "source": "hand-made", "as_of": date(2025, 9, 30)})
    visits = {p: sum(v["visits"] for v in volumes if v["payer"] == p) for p in payers}
    n = len(payers)
    return ClinicData(
        clinic={"name": "Half Cent Therapy", "locality": "10112-00", "state": "AL"},
        payers=pd.DataFrame({"payer": payers, "payer_id": [f"P{i}" for i in range(n)],
                             "financial_class": "commercial",
                             "visits_per_year": [visits[p] for p in payers],
                             "notes": [None] * n}),
        contracts=pd.DataFrame({
            "payer": payers, "product": "PPO", "contract_id": [f"C-{i}" for i in range(n)],
            "effective_date": [date(2024, 1, 1)] * n,
            "end_date": [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30),
                         date(2026, 12, 31)],
            "auto_renew": True, "notice_days": 90, "rate_basis": "fixed",
            "pct_of_medicare": [None] * n, "escalator": [0.0, 0.025, 0.015, 0.035],
            "mppr_rule": "none", "assistant_reduction": 0.0, "contact_name": None,
            "contact_title": None, "contact_email": None, "contact_phone": None,
            "contact_address": None}),
        fee_schedules=pd.DataFrame(fees), volumes=pd.DataFrame(volumes),
        benchmarks=pd.DataFrame(benchmarks),
        metrics=pd.DataFrame({"metric": ["cost_per_visit"], "value": [61.35],
                              "benchmark": [None], "unit": ["USD"], "period": ["2025"],
                              "source": ["test"]}),
        settings=Settings(analysis_date=date(2025, 12, 1), medicare_date=date(2025, 10, 1),
                          target_percentile=62.5))


def demo_with_modifier_rows(target: Path) -> Path:
    """A copy of the demo's tables in ``target`` with fee-schedule rows that only the
    rate-in-force rule tells apart (the demo is looked at from its analysis date, 2025-12-01):

    - Summit BlueCare PPO, 97110: a GP row $10.00 above its plain $25.22, effective 2025-11-30,
      so $35.22 is the rate in force; a CQ (assistant) and a 26 (component) row effective on
      the analysis date itself, which never are.
    - Keystone Health Plan, 97140: its plain row listed with GO instead (a code listed only with
      a discipline modifier still has its rate, $28.89).
    - Lakeside Health Partners, 97110: $39.50 agreed from 2026-07-01, inside its term (it ends
      2027-12-31, so its new term begins 2028-01-01), $37.83 on the analysis date: the
      Comparison and Priorities show $37.83; the Proposal builds on $39.50, and the Scenarios'
      year 1 and the exit estimate count it (980 units x $1.67: $1,636.60 a year more).
    """
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, target)
    path = target / "fee_schedules.csv"
    text = path.read_text().replace("Keystone Health Plan,97140,,28.89,",
                                    "Keystone Health Plan,97140,GO,28.89,")
    path.write_text(text + "Summit BlueCare PPO,97110,GP,35.22,2025-11-30\n"
                    "Summit BlueCare PPO,97110,CQ,19.99,2025-12-01\n"
                    "Summit BlueCare PPO,97110,26,99.99,2025-12-01\n"
                    "Lakeside Health Partners,97110,,39.50,2026-07-01\n")
    return target


#: The day the calendar fixture is looked at from (the brief's "today" of the session that
#: added it), and the end dates it gives three of the demo's contracts: a leap day, the 31st
#: of a month and the last day of January (a 60 days' notice deadline already passed).
CALENDAR_TODAY = date(2026, 12, 5)
CALENDAR_ENDS = {"Summit BlueCare PPO": date(2028, 2, 29), "Meridian Mutual": date(2027, 5, 31),
                 "Cardinal Employers Trust": date(2027, 1, 31)}


def demo_calendar_folder(target: Path) -> Path:
    """The demo's tables as of :data:`CALENDAR_TODAY` in ``target``, with the contract end
    dates of :data:`CALENDAR_ENDS` (effective dates, rates and volumes as the story has them):
    every rule that counts days from an end date (notice deadline, the day to send the
    proposal, the new term's first day, the Medicare day of the new term) meets a month
    without that day or a leap day."""
    return demo_folder_with_ends(target, CALENDAR_TODAY, CALENDAR_ENDS)


#: The workbook :func:`sheet_table` read last, by the digest of its bytes.
_LOADED: dict[str, Workbook] = {}


def _loaded(path: Path) -> Workbook:
    """``path`` loaded once per content: tests read several tables of one file, and openpyxl
    loads the whole workbook each time. Keyed by the bytes' digest, so a file changed since is
    loaded again; only :func:`sheet_table` reads what is kept, and never changes it."""
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in _LOADED:
        _LOADED.clear()  # one workbook held at a time
        _LOADED[key] = load_workbook(path)
    return _LOADED[key]


def sheet_table(path: Path, spec: layout.TableSpec) -> pd.DataFrame:
    """A result table of a workbook by its column keys (values as written)."""
    return _table_of(_loaded(path), spec)


def _table_of(wb: Workbook, spec: layout.TableSpec) -> pd.DataFrame:
    ws = wb[spec.sheet]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables[spec.name].ref)
    rows = list(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                             max_col=max_col, values_only=True))
    by_header = {c.header: c.key for c in spec.columns}
    return pd.DataFrame(rows[1:], columns=[by_header.get(h, h) for h in rows[0]])


def ics_events(path: Path) -> list[dict[str, Any]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    out = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        out.append({"summary": str(event.get("summary")),
                    "date": start.date() if isinstance(start, datetime) else start})
    return out


@dataclass
class Outputs:
    """Every output of one clinic's analysis, as a user would get them."""

    analysis: Analysis
    folder: Path
    summary: dict[str, Any]
    workbook: Path
    letters: dict[str, LetterContent]
    refused: dict[str, str]
    #: the command-line arguments that load the same tables (``--demo ...`` or ``--data DIR``)
    source: tuple[str, ...]
    # The refreshed workbook read once (it is never written after ``outputs``), and each table
    # read from it once; ``sheet`` hands out a copy, so no test sees another's changes.
    _book: Workbook | None = field(default=None, init=False, repr=False, compare=False)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False,
                                             compare=False)

    def csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.folder / f"{name}.csv", dtype={"code": str})

    def sheet(self, spec: layout.TableSpec) -> pd.DataFrame:
        if spec.name not in self._tables:
            if self._book is None:
                self._book = load_workbook(self.workbook)
            self._tables[spec.name] = _table_of(self._book, spec)
        return self._tables[spec.name].copy()

    def ics(self) -> list[dict[str, Any]]:
        return ics_events(self.folder / "renewals.ics")


def outputs(data: ClinicData, tmp: Path, source: tuple[str, ...]) -> Outputs:
    """CSV tables, summary.json, .ics, the refreshed workbook and a proposal letter per payer."""
    analysis = analyze(data)
    folder = tmp / "results"
    folder.mkdir()
    write_tables(analysis, folder)
    write_summary(analysis, folder / "summary.json")
    book = new_workbook(tmp / "book.xlsx", data)
    as_of = analysis.as_of
    result = refresh_workbook(book, now=datetime(as_of.year, as_of.month, as_of.day, 9, 0))
    assert result.ok, [p.message for p in result.errors]
    letters: dict[str, LetterContent] = {}
    refused: dict[str, str] = {}
    for payer in analysis.priorities["payer"]:
        try:
            letters[payer] = build_letter(analysis, payer)
        except InputError as exc:
            refused[payer] = str(exc)
    return Outputs(analysis, folder, json.loads((folder / "summary.json").read_text()), book,
                   letters, refused, source)


def demo_folder_with_ends(target: Path, today: date, ends: dict[str, date]) -> Path:
    """The demo's tables as of ``today`` in ``target``, each payer of ``ends`` with its
    contract ending on the date given."""
    data = demo_data(today)
    contracts = data.contracts.copy()
    for payer, end in ends.items():
        contracts.loc[contracts["payer"] == payer, "end_date"] = end
    write_clinic_tables(replace(data, contracts=contracts), target)
    return target


def as_day(value: object) -> date:
    """A date as an output writes it: a date, a datetime or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def tables_and_refreshed_book(data: ClinicData, tmp: Path) -> tuple[Path, Path]:
    """``data``'s tables in ``tmp/tables`` and its master workbook ``tmp/book.xlsx``, made
    from them and refreshed by the commands a user runs (each may warn: exit 0 or 1)."""
    folder = tmp / "tables"
    write_clinic_tables(data, folder)
    path = tmp / "book.xlsx"
    assert main(["workbook", "new", str(path), "--from", str(folder)]) in (0, 1)
    assert main(["refresh", str(path)]) in (0, 1)
    return folder, path


#: The tie clinic's payers as its tables list them: neither alphabetical nor by any rank.
TIE_PAYERS = ("delta Mutual", "Cobalt Plan", "beacon Health", "Alder Care", "Elm Trust")


def tie_clinic(today: date) -> ClinicData:
    """Five payers whose rankings tie, as of ``today`` (their contracts end on the 30th of
    June of the next year: every date is ahead of a ``today`` in December or January).

    Every payer is paid $37.00 for 97110 against a market (P50) of $40.00, and also bills
    97140 and 97530, at the market, 50 units each (the letter's codes tie on units). Elm
    Trust bills 200 units of 97110 ($600.00 a year at stake), the others 100 ($300.00), so four
    payers tie on dollars at stake, on the proposal's annual impact and on volume. Their
    contracts end the same day with 90 days' notice, except delta Mutual's, 120 days, whose
    notice deadline is earlier; names in mixed capitals, so that an order by name differs
    case by case. Medicare of 2025-10-01, locality 10112-00.
    """
    end = date(today.year + 1, 6, 30)
    codes = {"97110": (37.00, 40.00), "97140": (33.00, 33.00), "97530": (42.00, 42.00)}
    fees, volumes = [], []
    for payer in TIE_PAYERS:
        for code, (rate, _) in codes.items():
            units = (200.0 if payer == "Elm Trust" else 100.0) if code == "97110" else 50.0
            fees.append({"payer": payer, "code": code, "modifier": "", "allowed_amount": rate,
                         "effective_date": date(2024, 1, 1)})
            volumes.append({"payer": payer, "code": code, "units_per_year": units,
                            "visits": int(units // 2)})
    benchmarks = [{"code": code, "region": "Test", "p25": market - 2, "p50": market,
                   "p75": market + 2, "p90": market + 4, "source": "hand-made",
                   "as_of": date(2025, 9, 30)} for code, (_, market) in codes.items()]
    n = len(TIE_PAYERS)
    visits = {p: sum(v["visits"] for v in volumes if v["payer"] == p) for p in TIE_PAYERS}
    return ClinicData(
        clinic={"name": "Tie Therapy", "locality": "10112-00", "state": "AL",
                "signer_name": "Pat Lee"},
        payers=pd.DataFrame({"payer": list(TIE_PAYERS), "payer_id": [f"P{i}" for i in range(n)],
                             "financial_class": "commercial",
                             "visits_per_year": [visits[p] for p in TIE_PAYERS],
                             "notes": [None] * n}),
        contracts=pd.DataFrame({
            "payer": list(TIE_PAYERS), "product": "PPO",
            "contract_id": [f"C-{i}" for i in range(n)],
            "effective_date": [date(today.year - 1, 7, 1)] * n, "end_date": [end] * n,
            "auto_renew": True,
            "notice_days": [120 if p == "delta Mutual" else 90 for p in TIE_PAYERS],
            "rate_basis": "fixed", "pct_of_medicare": [None] * n, "escalator": 0.0,
            "mppr_rule": "none", "assistant_reduction": 0.0, "contact_name": "Sam Doe",
            "contact_title": None, "contact_email": None, "contact_phone": None,
            "contact_address": "1 Main St; Mobile, AL 36602"}),
        fee_schedules=pd.DataFrame(fees), volumes=pd.DataFrame(volumes),
        benchmarks=pd.DataFrame(benchmarks),
        metrics=pd.DataFrame({"metric": ["cost_per_visit"], "value": [20.00],
                              "benchmark": [None], "unit": ["USD"], "period": ["2025"],
                              "source": ["test"]}),
        settings=Settings(analysis_date=today, medicare_date=date(2025, 10, 1)))

"""Bring outside data into the master workbook: remittances, market rates, fee schedules.

Each importer reads with the core (:mod:`ratecalc.remittance`, :mod:`ratecalc.market_rates`,
:mod:`ratecalc.fee_schedule_import`) and appends canonical rows through
:func:`~ratecalc_workbook.fee_schedule_import.append_tables`, which never changes a row the
user already has and backs the workbook up before saving it once, every table of the import in
that one save. The ribbon's import buttons and the
CLI's ``--workbook`` option call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ratecalc import dates as clock
from ratecalc.analysis import check_settings_covered
from ratecalc.errors import InputError, Location, Problem
from ratecalc.gap import market_rows
from ratecalc.loaders import known_codes
from ratecalc.market_rates import ExtractOptions, market_rates_report
from ratecalc.market_rates.benchmark_table import billing_class_for, no_professional_prices
from ratecalc.market_rates.stats import expiry_day
from ratecalc.payers import known_payer
from ratecalc.ranking import name_key
from ratecalc.rates import against_schedule, rates_to_add
from ratecalc.remittance import canonical_tables
from ratecalc.remittance import import_remittances as read_remittances
from ratecalc.remittance.canonical import assistant_reduction_warnings, paid_rate_warnings
from ratecalc_workbook.fee_schedule_import import (
    append_tables,
    import_fee_schedule,
    payer_column,
)
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.safety import changing

__all__ = ["ImportOutcome", "import_fee_schedule", "import_market_rates", "import_remittances",
           "write_tables"]


@dataclass(frozen=True)
class ImportOutcome:
    """What an import added to the workbook, and what the user should know about."""

    appended: Mapping[str, int]
    problems: tuple[Problem, ...]
    #: Rows of each table the workbook already held, so not added again (for Fee Schedules,
    #: also rates paid that are the rates in force on their day already).
    already: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def write_tables(workbook_path: str | Path, tables: Mapping[str, pd.DataFrame], *,
                 source: str, payer: str | None = None,
                 now: datetime | None = None, new_payer: bool = False) -> ImportOutcome:
    """Append each canonical table's rows; warn about payers the workbook does not list.

    ``payer`` is the workbook's name for the one payer the rows come from (835s name payers
    their own way, e.g. ``UNITED HEALTHCARE``); rows from several payers cannot be renamed.
    """
    book = Path(workbook_path)
    with changing(book):  # every table of the import: one RateCalc command at a time
        return _write_tables(book, tables, source=source, payer=payer, now=now,
                             new_payer=new_payer)


def _write_tables(book: Path, tables: Mapping[str, pd.DataFrame], *, source: str,
                  payer: str | None, now: datetime | None, new_payer: bool) -> ImportOutcome:
    if payer:
        tables = _renamed(tables, payer, source)
    tables, problems = _fee_schedule_codes_only(tables, source)
    appended: dict[str, int] = {}
    already: dict[str, int] = {}
    data, _ = read_workbook(book)
    known = None if data is None or data.payers.empty else set(data.payers["payer"])
    # new payers are appended to the Payers table in this order: by name, case-insensitively
    named = sorted(set().union(*(set(map(str, f["payer"])) for f in tables.values()
                                 if "payer" in f.columns and not f.empty)), key=name_key)
    new: list[str] = []
    if known is not None and not new_payer:
        # refuse before writing anything: rows under a payer the workbook does not list would
        # fail every refresh until deleted by hand
        listed_at = payer_column(data, book)
        spelled = {n: known_payer(n, known, source=source, workbook=str(book),
                                  listed_at=listed_at) for n in named}
    else:
        # a "new" payer already listed in other capitals is that payer, spelled as listed
        listed = {k.casefold(): k for k in known or ()}
        spelled = {n: listed.get(n.casefold(), n) for n in named}
        new = [n for n in named if n.casefold() not in listed] if new_payer else []
    tables = {name: frame.assign(payer=frame["payer"].map(lambda p: spelled[str(p)]))
              if "payer" in frame.columns and not frame.empty else frame
              for name, frame in tables.items()}
    if data is not None and "fee_schedules" in tables:
        # from every rate paid, those in force already too: the contract's 0% is wrong either way
        problems.extend(assistant_reduction_warnings(tables["fee_schedules"], data.contracts,
                                                     source, data.fee_schedules,
                                                     data.medicare_terms))
    # the new payers first, then every table's rows: one save, whole or not at all
    adding = [("payers", pd.DataFrame({"payer": new}))] if new else []
    ready: dict[str, tuple[pd.DataFrame, int]] = {}
    for name, frame in tables.items():
        in_force = 0
        if name == "fee_schedules" and data is not None and not frame.empty:
            # a rate paid that is the rate in force that day already needs no row; one paid on
            # across a change of the schedule is restated from then
            frame, in_force = rates_to_add(frame, data.fee_schedules, data.contracts)
        frame = frame.drop(columns="paid_days", errors="ignore")
        ready[name] = (frame, in_force)
        if not frame.empty:
            adding.append((name, frame))
    results = append_tables(book, adding, now=now) if adding else []
    # what the save dropped rides on the first table that appended: the new payers' when
    # there are any, which are not listed below (their rows were dropped without a word)
    problems.extend(p for r in results for p in r.dropped)
    added = iter(results[1 if new else 0:])
    for name, (frame, in_force) in ready.items():
        if frame.empty:
            appended[name] = 0
            already[name] = in_force
            continue
        result = next(added)
        appended[name] = result.appended
        already[name] = result.duplicates + in_force
        problems.extend(result.conflicts)
        if name == "fee_schedules" and data is not None and result.appended:
            # rates paid that differ from the schedule in force become the rates in force
            problems.extend(paid_rate_warnings(
                against_schedule(frame, data.fee_schedules, data.contracts), source))
        if (name == "benchmarks" and data is not None and not data.benchmarks.empty
                and result.appended == len(frame)):  # rows refused are named already
            problems.extend(_superseded(data.benchmarks, frame))
    return ImportOutcome(appended, tuple(problems), already)


def _fee_schedule_codes_only(tables: Mapping[str, pd.DataFrame], source: str
                             ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Keep rows of codes on the Medicare Physician Fee Schedule; report the others.

    Remittances and payer files also carry supplies and DME (B4034, E0730...), which the
    negotiation tables cannot price against Medicare; they stay in the imported file.
    """
    known = known_codes()
    kept: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, frame in tables.items():
        if "code" not in frame.columns:
            kept[name] = frame
            continue
        outside = ~frame["code"].isin(known)
        if outside.any():
            codes = sorted(set(frame.loc[outside, "code"]))
            problems.append(Problem(
                name.replace("_", " ").title(), Location(source),
                f"{int(outside.sum())} row(s) of codes outside the Medicare Physician Fee "
                f"Schedule were not added: {', '.join(codes)}", severity="warning"))
        kept[name] = frame.loc[~outside]
    return kept, problems


def _renamed(tables: Mapping[str, pd.DataFrame], payer: str, source: str
             ) -> dict[str, pd.DataFrame]:
    found = set().union(*(set(f["payer"]) for f in tables.values() if "payer" in f.columns))
    if len(found) > 1:
        raise InputError(f"{source}: the files hold {len(found)} payers "
                         f"({', '.join(sorted(found, key=name_key))}); import one payer's "
                         f"files at a time to name it {payer!r}")
    return {name: frame.assign(payer=payer) if "payer" in frame.columns else frame
            for name, frame in tables.items()}


def import_remittances(workbook_path: str | Path, source: str | Path | list[str | Path], *,
                       payer: str | None = None, now: datetime | None = None,
                       new_payer: bool = False) -> ImportOutcome:
    """Import 835 files: actual rates paid into Fee Schedules, claim metrics into Metrics.

    Patient names and member ids are never read into the workbook. Problems in the files
    (unbalanced claims, malformed segments) are returned; the readable claims still import.
    """
    paths = source if isinstance(source, list) else [source]
    remits = read_remittances(paths)
    if not remits.succeeded:
        # a refused file, or none read: the workbook is not opened for writing (no backup,
        # no payer added), as the command line writes nothing for it
        return ImportOutcome({}, tuple(remits.problems) + (Problem(
            "Remittance", Location(), "nothing was added to the workbook: the import did "
            "not succeed (see the problems above)"),))
    label = ", ".join(Path(p).name for p in paths)
    outcome = write_tables(workbook_path, canonical_tables(remits), source=label, payer=payer,
                           now=now, new_payer=new_payer)
    return ImportOutcome(outcome.appended, tuple(remits.problems) + outcome.problems,
                         outcome.already)


class MarketImportScope(NamedTuple):
    """What a market-rate import into a workbook reads and compares with Medicare on
    (:func:`market_import_scope`)."""

    codes: list[str] | None
    locality: str | None
    #: The workbook's Medicare date (Settings), None when it could not be read
    date_of_service: date | None = None
    facility: bool = False
    apm_qualifying: bool = False
    #: The workbook's analysis date (Settings), the day its prices are judged expired on
    #: (:func:`ratecalc.market_rates.stats.expiry_day`); None when it has none
    analysis_date: date | None = None


def workbook_analysis_date(workbook_path: str | Path) -> date | None:
    """The workbook's analysis date (Settings), the day market prices going into it are judged
    expired on (:func:`ratecalc.market_rates.stats.expiry_day`); None when it has none or the
    workbook cannot be read. Medicare is not priced here: ``market-rates benchmark
    --workbook`` shows no Medicare figure, so a Settings Medicare date no release covers is
    for the commands that price on it to refuse (:func:`market_import_scope`), not this one."""
    data, _ = read_workbook(workbook_path)
    return None if data is None else data.settings.analysis_date


def market_import_scope(workbook_path: str | Path, codes: list[str] | None,
                        locality: str | None, date_of_service: date | None = None
                        ) -> MarketImportScope:
    """The codes and the Medicare yardstick a market-rate import into a workbook reads: the
    codes asked for, else those the workbook bills (Volumes and Fee Schedules); the locality
    asked for, else the workbook's (the prices' Medicare yardstick, not their Region); and
    Medicare priced as every other output of the workbook prices it
    (:attr:`ratecalc.dataset.ClinicData.medicare_terms`: its Settings' Medicare date, unless
    ``date_of_service`` is asked for, setting and APM status; a Settings date no release
    covers is refused naming its cell). The
    ribbon's import and ``ratecalc import market-rates --workbook`` both ask here: the command
    line added every code of the file with a blank Region where the ribbon added the
    workbook's codes for its locality, and both priced Medicare on the file's own
    ``last_updated_on`` (Evry's 2025-01-06: 97110 at RVU25A's $26.83, where the workbook's
    Comparison shows $27.20 of its Medicare date 2026-10-01)."""
    data, _ = read_workbook(workbook_path)
    if data is None:
        return MarketImportScope(codes, locality)
    if codes is None:
        codes = sorted(set(data.volumes.get("code", pd.Series(dtype=str)))
                       | set(data.fee_schedules.get("code", pd.Series(dtype=str))))
    if locality is None and data.locality:
        locality = data.locality
    terms = data.medicare_terms
    if date_of_service is None and locality:
        check_settings_covered(data)  # the date asked for (--date) is checked where it is used
    return MarketImportScope(codes, locality, date_of_service or terms.date_of_service,
                             terms.facility, terms.apm_qualifying, data.settings.analysis_date)


def import_market_rates(workbook_path: str | Path, source: str | Path, *,
                        codes: list[str] | None = None, locality: str | None = None,
                        date_of_service: date | None = None, region: str | None = None,
                        billing_class: str | None = None,
                        now: datetime | None = None) -> ImportOutcome:
    """Import a Transparency-in-Coverage in-network file's rates as Benchmarks rows.

    By default only the codes the workbook already bills (Volumes and Fee Schedules) are kept,
    only professional prices (:func:`~ratecalc.market_rates.benchmark_table.billing_class_for`),
    and they are compared with Medicare in the clinic's locality on the workbook's Medicare
    date (:func:`market_import_scope`), not the file's own. ``region`` is the rows'
    Region; None: the file is read whole, which the Region says
    (:func:`~ratecalc.market_rates.benchmark_table.market_region`). Prices expired before
    the workbook's analysis date (else ``now``'s day, :func:`ratecalc.dates.day_of`;
    :func:`~ratecalc.market_rates.stats.expiry_day`) are flagged in the rows' source and
    warned about.
    """
    scope = market_import_scope(workbook_path, codes, locality, date_of_service)
    options = ExtractOptions(codes=frozenset(scope.codes) if scope.codes else None,
                             billing_class=billing_class_for(billing_class, benchmarks=True))
    report = market_rates_report(source, options, locality=scope.locality,
                                 date_of_service=scope.date_of_service,
                                 facility=scope.facility, apm_qualifying=scope.apm_qualifying,
                                 today=expiry_day(None, scope.analysis_date,
                                                  clock.day_of(now)))
    rows = report.benchmark_rows(region)
    outcome = write_tables(workbook_path, {"benchmarks": rows}, source=Path(source).name,
                           now=now)
    expired = report.expired_warning()
    if expired and not rows.empty:
        outcome = ImportOutcome(outcome.appended, (*outcome.problems, Problem(
            "Benchmarks", Location(), expired, severity="warning")), outcome.already)
    if rows.empty and billing_class is None:
        return ImportOutcome(outcome.appended, (*outcome.problems, Problem(
            "Benchmarks", Location(),
            no_professional_prices(report.rates.items_kept > 0
                                   if report.rates.codes_found is None
                                   else report.rates.codes_found, options.codes),
            severity="warning")), outcome.already)
    return outcome


def _superseded(existing: pd.DataFrame, added: pd.DataFrame) -> list[Problem]:
    """A warning naming the codes whose added rows the analysis will not use: the Benchmarks
    already hold a newer row for them (:func:`ratecalc.gap.market_rows`, the rule every
    output follows)."""
    both = pd.concat([existing, added], ignore_index=True)
    used = set(market_rows(both)[0].index)
    older = [str(both.at[i, "code"]) for i in range(len(existing), len(both)) if i not in used]
    if not older:
        return []
    return [Problem("Benchmarks", Location(), (
        f"{len(older)} of the {len(added)} rows added ({', '.join(older)}) are no newer than a "
        "row the Benchmarks already hold for their code, so the analysis keeps using that "
        "row; delete it to use the imported rates"), severity="warning")]

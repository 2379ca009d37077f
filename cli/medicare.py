"""``ratecalc medicare``: Medicare amounts for codes, and importing newer CMS releases.

    ratecalc medicare 97110 97140 --locality 10112-00 --date 2025-06-01 [--json]
    ratecalc medicare 97110 --locality 78701 --date 2026-06-15   # a ZIP; or "Austin, TX"
    ratecalc medicare import RVU27A.zip                            # or its https link at CMS
    ratecalc medicare releases [--date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from ratecalc import dates as clock
from ratecalc import medicare
from ratecalc.column_units import Unit
from ratecalc.errors import InputError, NoMedicareDataError, UsageError
from ratecalc.medicare.store import coverage_message
from ratecalc.terminal_text import terminal_text
from ratecalc_cli.arguments import optional_date
from ratecalc_cli.main import ExitCode
from ratecalc_cli.medicare_parser import ACTIONS
from ratecalc_cli.output import print_json, print_table
from ratecalc_cli.terminal import progress_stream

#: The columns shown (their units: :data:`ratecalc.medicare.engine.AMOUNT_UNITS`; the
#: conversion factor keeps its four decimals, as CMS states it).
OUTPUT_COLUMNS = ["code", "locality", "date_of_service", "release", "status", "conversion_factor",
                  "non_facility", "facility", "mppr_non_facility", "mppr_facility", "amount"]
#: The columns of ``medicare releases``.
RELEASE_UNITS = {"release": Unit.TEXT, "effective_from": Unit.DATE, "effective_to": Unit.DATE,
                 "scope": Unit.TEXT, "origin": Unit.TEXT, "in_force": Unit.TEXT,
                 "source": Unit.TEXT}
RELEASE_HEADERS = {"release": "Release", "effective_from": "Effective from",
                   "effective_to": "Effective to", "scope": "Codes", "origin": "Origin",
                   "in_force": "In force", "source": "Source"}




def _looked_up(columns: dict[str, Any], name: str, i: int) -> Any:
    """Row ``i``'s ``name``; blank (None) for what was never looked up (a date no release
    covers, an unknown locality or code): its release, status and factor read "", "" and
    0.0, as if the factor were zero."""
    value = columns[name][i]
    if name in ("release", "status", "conversion_factor") and not value:
        return None
    return value

def run(args: argparse.Namespace) -> int:
    action = args.codes[0]
    if action in ACTIONS:  # an option came first: `medicare --date D releases`
        raise UsageError(f"write {action!r} right after 'medicare', before its options: "
                         f"ratecalc medicare {action} --help")
    if not args.locality:
        raise UsageError("--locality is required, e.g. --locality 10112-00")
    if args.date is None and args.year is None:
        raise UsageError("give --date YYYY-MM-DD or --year YYYY")
    day = optional_date(args.date if args.date else str(args.year), "--date",
                        parse=medicare.parse_date)
    assert day is not None
    # Arrays, not a DataFrame: the JSON answer is given without loading pandas.
    columns = medicare.medicare_columns(
        args.codes, args.locality, day, facility=args.facility, mppr=args.mppr,
        assistant=args.assistant, participating=not args.non_participating,
        limiting_charge=args.limiting_charge, sequestration=args.sequestration,
        apm_qualifying=args.apm_qualifying,
    )
    problems = [p if isinstance(p, str) else None for p in columns["problem"]]
    if args.assistant or args.sequestration:
        return _print_parts(args, day, problems)
    if args.json:
        print_json([{**{c: _looked_up(columns, c, i) for c in OUTPUT_COLUMNS},
                     "problem": problem} for i, problem in enumerate(problems)])
    elif any(p is None for p in problems):
        import pandas as pd

        table = pd.DataFrame({c: columns[c] for c in OUTPUT_COLUMNS})
        print_table(table.loc[[p is None for p in problems]], medicare.AMOUNT_UNITS,
                    medicare.AMOUNT_HEADERS)
    return _report(args, day, problems)


def _report(args: argparse.Namespace, day: date, problems: list[str | None]) -> int:
    """Print each problem once (a date no release covers is every code's) and give the exit
    code; with --year, say which day of the year was priced."""
    for message in dict.fromkeys(p for p in problems if p is not None):
        if args.date is None:
            message = message.replace(f"for {day.isoformat()}",
                                      f"for {day.isoformat()} (--year {args.year} prices "
                                      f"July 1)", 1)
        print(f"ratecalc medicare: {message}", file=sys.stderr)
    return ExitCode.INPUT_ERROR if any(p is not None for p in problems) else ExitCode.OK


def _print_parts(args: argparse.Namespace, day: date, problems: list[str | None]) -> int:
    """With --assistant/--sequestration: each part by name (allowed, Medicare's payment, the
    patient's share, the sequestration amount), never one unnamed total."""
    from ratecalc.medicare.parts import PART_HEADERS, PART_UNITS, assistant_warnings, parts_table

    codes = [code for code, problem in zip(args.codes, problems, strict=True) if problem is None]
    allowed = medicare.medicare_amounts(
        codes, args.locality, day, facility=args.facility, mppr=args.mppr,
        participating=not args.non_participating, limiting_charge=args.limiting_charge,
        apm_qualifying=args.apm_qualifying) if codes else None
    if args.assistant and allowed is not None:
        # on stderr with --json too: the JSON on stdout stays the parts alone
        for warning in assistant_warnings(allowed):
            print(f"ratecalc medicare: warning: {warning}", file=sys.stderr)
    columns = ["code", "locality", "date_of_service", "allowed", "patient_share",
               "assistant_reduction", "sequestration_amount", "medicare_payment",
               "total_collected"]
    if not args.assistant:
        columns.remove("assistant_reduction")
    if not args.sequestration:
        columns.remove("sequestration_amount")
    parts = (parts_table(allowed, assistant=args.assistant, sequestration=args.sequestration)
             if allowed is not None else None)
    if args.json:
        print_json(parts[columns] if parts is not None and not parts.empty else [])
    elif parts is not None and not parts.empty:
        print_table(parts[columns], PART_UNITS, PART_HEADERS)
        print("Allowed = the fee-schedule amount; Patient share = 20% coinsurance; "
              "Medicare payment = what Medicare pays after the cuts named; Total collected = "
              "both together.")
    return _report(args, day, problems)


def _import(args: argparse.Namespace) -> int:
    from ratecalc.medicare.download import is_url
    from ratecalc.medicare.importer import import_release

    sources = args.sources
    effective = optional_date(args.effective, "--effective")
    urls = [s for s in sources if is_url(s)]
    if urls and len(sources) > 1:
        raise InputError("give one https link to CMS's RVU zip, or local files, not both")
    if urls:
        with tempfile.TemporaryDirectory(prefix="ratecalc-cms-") as tmp:
            path, digest = _download(urls[0], Path(tmp), quiet=args.json)
            result = import_release(path, release=args.release, effective_from=effective,
                                    url=urls[0], sha256=digest,
                                    allow_locality_changes=args.allow_locality_changes)
    else:
        result = import_release([Path(p) for p in sources], release=args.release,
                                effective_from=effective,
                                allow_locality_changes=args.allow_locality_changes)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    summary = {
        "release": result.release, "effective_from": result.effective_from,
        "effective_to": result.effective_to, "codes": result.codes,
        "localities": result.localities, "conversion_factor": result.conversion_factor,
        "folder": str(result.folder), "sha256": result.sha256, "url": result.url or None,
    }
    if args.json:
        print_json(summary)
    else:
        print(f"Imported {result.release.upper()}: {result.codes} codes, {result.localities} "
              f"localities, conversion factor {result.conversion_factor}, for dates of service "
              f"{result.effective_from} to {result.effective_to}. Stored in {result.folder}.")
    return ExitCode.OK


def _download(url: str, folder: Path, quiet: bool) -> tuple[Path, str]:
    from tqdm import tqdm

    from ratecalc.medicare.download import download, file_name_of

    with tqdm(unit="B", unit_scale=True, unit_divisor=1024, desc=terminal_text(file_name_of(url)),
              disable=quiet, file=progress_stream(), delay=0.2) as bar:
        def progress(done: int, total: int | None) -> None:
            if total is not None and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        return download(url, folder, progress=progress)


def _releases(args: argparse.Namespace) -> int:
    """Every release, and which one prices today (or --date)."""
    today = optional_date(args.date, "--date", parse=medicare.parse_date) or clock.today()
    try:
        release = medicare.release_for(today).release
        note = f"Dates of service on {today.isoformat()} are priced from {release.upper()}."
        in_force: str | None = release
    except NoMedicareDataError:
        # why, and how to add a newer release: the refusal's remedy of pricing the newest
        # release's last day is for a command that prices (this one lists)
        in_force, note = None, coverage_message(today)
    rows = [{"release": r.release, "effective_from": r.effective_from,
             "effective_to": r.effective_to, "scope": r.scope,
             "origin": "bundled" if r.bundled else "imported",
             "in_force": r.release == in_force, "source": r.source}
            for r in medicare.releases()]
    if args.json:
        print_json({"date": today, "in_force": in_force, "note": note, "releases": rows})
    else:
        import pandas as pd

        shown = pd.DataFrame(rows).assign(
            in_force=["yes" if r["in_force"] else "" for r in rows])  # --json keeps true/false
        print_table(shown, RELEASE_UNITS, RELEASE_HEADERS)
        print(f"\n{note}")
    return ExitCode.OK

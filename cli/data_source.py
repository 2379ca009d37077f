"""Where a command reads the clinic's tables: ``--data PATH`` (folder or workbook) or ``--demo``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError, Problem, UsageError
from ratecalc.input_paths import TABLES
from ratecalc.loaders import load_folder, load_workbook_file, require
from ratecalc.negotiation_log import ANALYSIS_DATE_WORDS
from ratecalc.regular_files import not_a_file
from ratecalc_cli.arguments import demo_today


def refuse_today_without_demo(args: argparse.Namespace) -> None:
    """``--today`` dates the demo's story; any other form of the command would leave it unused
    in silence (a timeline of the clinic's own tables printed "as of" another day than the one
    asked for), so it is refused, saying which date is used instead."""
    if getattr(args, "today", None) is None or getattr(args, "demo", False):
        return
    other = "; --as-of YYYY-MM-DD gives another" if hasattr(args, "as_of") else ""
    raise UsageError("--today sets the demo's date and works only with --demo; your own tables "
                     "are read as of the analysis date on their Settings (the master "
                     f"workbook's Settings sheet, 'Analysis date'){other}")


def demo_clinic(args: argparse.Namespace) -> ClinicData:
    """The demo clinic as of ``--today`` (or today). When no release RateCalc has covers the
    Medicare date its story wants, it prices on the newest release's last day and says so on
    stderr (:func:`ratecalc.demo.held_back_note`), so the quick start runs next year too."""
    from ratecalc.demo import demo_data, held_back_note

    today = demo_today(args)
    note = held_back_note(today)
    if note:
        print(f"note: {note}", file=sys.stderr)
    return demo_data(today)


def volume_payer(data: ClinicData, name: str) -> str:
    """``--payer`` as the Volumes table spells it, for the commands that price a payer's volumes
    (``scenario``, ``exit-impact``): matched by :func:`ratecalc.payers.payer_key` (case and
    surrounding spaces ignored), as ``letter --payer``, the imports and every table match a
    payer's name. A payer with no volumes is refused, naming the closest name
    (:func:`ratecalc.payers.closest_payers`, as the imports suggest it) and the payers that
    have volumes."""
    from ratecalc.payers import closest_payers, payer_key
    from ratecalc.ranking import name_key

    known = sorted({str(p) for p in data.volumes["payer"]}, key=name_key)
    found = {payer_key(p): p for p in known}.get(payer_key(name))
    if found is not None:
        return found
    close = closest_payers(name, known)
    guess = f"did you mean {close}? " if close else ""
    # with no volumes at all the list was empty: "payers: " and nothing after it
    others = f"payers with volumes: {', '.join(known)}" if known else "no payer has any yet"
    raise InputError(f"--payer: no volumes for {name!r} on the Volumes table (columns payer, "
                     f"code, units_per_year); {guess}{others}")


def read_tables(path: Path, as_of: date | None = None, as_of_words: str = ANALYSIS_DATE_WORDS
                ) -> tuple[ClinicData | None, list[Problem]]:
    """The clinic's tables from a folder of CSV/XLSX files or from one workbook; ``as_of``: the
    day the command is run for, when the user gave one (a master workbook's Negotiation Log
    rows after it are warned about, :func:`ratecalc_workbook.reader.read_workbook`)."""
    if path.is_dir():
        return load_folder(path)
    # missing, a named pipe, a link looping: named as what it is, not as a suffix
    if (what := not_a_file(path)) is not None:
        raise InputError(TABLES.refusal(path, what))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ratecalc_workbook.reader import is_master_workbook, read_workbook

        # The master workbook keeps payers and contracts on one sheet and metrics beside the
        # profile: its own reader knows where; any other workbook has a sheet per table.
        if is_master_workbook(path):
            return read_workbook(path, as_of=as_of, as_of_words=as_of_words)
        return load_workbook_file(path)
    raise InputError(f"'{path}': expected a folder of tables or an .xlsx workbook")


def load_tables(path: Path, as_of: date | None = None,
                as_of_words: str = ANALYSIS_DATE_WORDS, *,
                warnings: list[Problem] | None = None) -> ClinicData:
    """Validated tables from ``path`` (``as_of`` as :func:`read_tables` takes it); warnings go
    to stderr (and to ``warnings``, when given: ``analyze`` writes them in summary.json),
    errors raise ValidationFailed."""
    result = read_tables(path, as_of, as_of_words)
    for problem in result[1]:
        if problem.severity != "error":  # a warning, or a note (an earlier RateCalc's workbook)
            print(f"{problem.severity}: {problem.message}", file=sys.stderr)
            if warnings is not None:
                warnings.append(problem)
    return require(result)


def load_data(args: argparse.Namespace, as_of: date | None = None,
              as_of_words: str = ANALYSIS_DATE_WORDS) -> ClinicData:
    """The clinic's tables from ``--data`` or ``--demo``; ``as_of`` as :func:`read_tables`
    takes it (the demo's log is empty)."""
    if getattr(args, "demo", False):
        return demo_clinic(args)
    if not getattr(args, "data", None):
        raise UsageError("--payer needs the clinic's tables: give --data PATH or --demo")
    return load_tables(Path(args.data), as_of, as_of_words)

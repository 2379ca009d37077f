"""``ratecalc demo``: the whole analysis on the built-in fictional clinic."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc_cli.analyze import present
from ratecalc_cli.data_source import demo_clinic
from ratecalc_cli.main import ExitCode
from ratecalc_cli.output import print_json

#: The demo workbook in ``--out``.
WORKBOOK_NAME = "negotiation.xlsx"


def run(args: argparse.Namespace) -> int:
    from ratecalc.output_kinds import WORKBOOK, check_folder, check_output

    check_folder(args.out)
    check_output(args.out / WORKBOOK_NAME, WORKBOOK)
    data = demo_clinic(args)
    analysis = analyze(data)
    info = present(analysis, args.out, as_json=args.json)
    written = []
    if analysis.top_payer:  # the proposal letter to the payer to negotiate with first
        from ratecalc.remedies import in_demo
        from ratecalc_letter.api import write_letter_with_content

        with in_demo():  # its remedies name the demo's options (--today, not --date)
            letter, content = write_letter_with_content(analysis, analysis.top_payer, args.out)
        written.append(letter)
        for warning in content.warnings:  # what `ratecalc letter` says of the same letter
            print(f"warning: Letter: {warning}", file=sys.stderr)
            if info is not None:  # and in the JSON, beside the analysis' own warnings
                info["warnings"].append(f"Letter: {warning}")
        if info is None:
            print(f"Wrote the proposal letter to {analysis.top_payer}: {letter}")
    workbook, kept = write_demo_workbook(args.out, data)
    written.append(workbook)
    if info is None:
        print(f"Wrote the demo workbook, refreshed: {workbook}")
        if kept is not None:  # the user may have typed in it: where it went
            print(f"Backup of the previous {workbook.name}: {kept}")
    else:  # printed once everything is written, so that its files are all of them
        info["files"] += [str(p) for p in written]
        info["backup"] = None if kept is None else str(kept)
        print_json(info)
    return ExitCode.OK


def write_demo_workbook(folder: Path, data: ClinicData) -> tuple[Path, Path | None]:
    """``folder/negotiation.xlsx``: the master workbook with the demo clinic, refreshed, and
    the backup a previous one was copied to first (None when there was none)."""
    from datetime import datetime

    from ratecalc.kept_copies import prune_copies
    from ratecalc.output_kinds import WORKBOOK, check_output
    from ratecalc_workbook.refresh import new_refreshed_workbook
    from ratecalc_workbook.safety import backup, changing, check_not_open

    path = folder / WORKBOOK_NAME
    now = datetime.now()
    check_output(path, WORKBOOK)  # a file there that is not a workbook is not replaced
    kept = None
    with changing(path):
        if path.exists():  # the one the user had: kept; the new one is not copied
            check_not_open(path)
            kept = backup(path, now, kept=None)
        new_refreshed_workbook(path, data, now=now, overwrite=True)
        if kept is not None:  # the old ones go once the new workbook is in place
            prune_copies(path, made=kept)
    return path, kept

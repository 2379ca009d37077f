"""Where one ``ratecalc letter`` of the demo workbook (the proposal to Summit BlueCare PPO)
spends its instructions, step by step: not a goal's figure (``bench_user_waits.py`` times the
letter, ``letter_instructions.py`` counts it in cumulative scripts), the account of one, which
another process on the machine does not move.

As ``refresh_steps.py`` counts a refresh (one way to count: its ``counted`` and ``report``):
each tree (``--tree``, and ``--before OTHER`` repeatable) runs one cold letter in a fresh
process as ``ratecalc letter`` runs (its ``main()``, one BLAS thread, ``PYTHONHASHSEED=0``)
under valgrind's callgrind with ``--dump-before=getpgrp``; each step is bracketed by
``os.getpgrp()``, so each dump holds the instructions since the one before, and a step's count
is inclusive (a nested step is inside its caller; a function that calls itself or another
step's function counts that work in both).

The steps: the libraries imported one at a time as the letter imports them (pyarrow kept out,
the collector paused): numpy, then pandas, then openpyxl, then python-docx, each the
instructions its own import adds to the ones before; RateCalc's modules; then the command, and
in it (:data:`STEPS`) the workbook read (the package check, openpyxl's load, the input tables,
the Proposal and the log), the analysis and the rules it runs, the letter's content, the render
and the save. ``--also MODULE:NAME`` adds a step (a function looked up, and replaced, in the
module that calls it).

Run: ``python benchmarks/letter_steps.py [--before ../before] [--also M:F] [--jobs 2]``
(Linux, valgrind installed); a letter under valgrind takes minutes, more on a loaded machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "benchmarks"))

from refresh_steps import (  # noqa: E402  (one way to count steps)
    CHILD_END,
    CHILD_START,
    CHILD_STEPS,
    counted_steps,
)

PAYER = "Summit BlueCare PPO"

#: (module, function) of each step, replaced where the letter looks it up.
STEPS = (
    ("ratecalc_letter.api", "load_clinic_data"),
    ("ratecalc_workbook.reader", "open_workbook"),
    ("ratecalc_workbook.reader", "check_xlsx_package"),
    ("ratecalc_workbook.reader", "blank_tail_refusal"),
    ("ratecalc_workbook.reader", "cells_only_of"),
    ("ratecalc_workbook.reader", "load_workbook"),
    ("ratecalc_workbook.reader", "read_inputs"),
    ("ratecalc_workbook.reader", "with_workbook_records"),
    ("ratecalc_workbook.reader", "log_warnings"),
    ("ratecalc_letter.api", "analyze"),
    ("ratecalc.rates", "payer_contracts"),
    ("ratecalc.rates", "schedule_rates"),
    ("ratecalc.rates", "rate_codes"),
    ("ratecalc.analysis", "medicare_by_code"),
    ("ratecalc.analysis", "rate_volume_table"),
    ("ratecalc.gap", "gap_table"),
    ("ratecalc.rates", "contract_check"),
    ("ratecalc.rates", "doubtful_rates"),
    ("ratecalc.analysis", "medicare_at_new_term"),
    ("ratecalc.rates", "scheduled_changes"),
    ("ratecalc.proposal", "rates_at_new_term"),
    ("ratecalc.rates", "payer_visits"),
    ("ratecalc.proposal", "build_proposal"),
    ("ratecalc.proposal", "apply_requested"),
    ("ratecalc.proposal", "billed_without_rate"),
    ("ratecalc_letter.api", "read_requested_rates"),
    ("ratecalc_letter.api", "letter_content"),
    ("ratecalc_letter.api", "letter_bytes_with_warnings"),
    ("ratecalc_letter.api", "save_atomic"),
)

#: What the child process runs: its steps marked, then the command (argv: BOOK EVENTS M:F...).
CHILD = CHILD_START + r'''
letter = os.path.join(os.path.dirname(book), "letter.docx")
if os.path.exists(letter):
    os.unlink(letter)  # each run writes it afresh (no earlier letter kept as a backup)
mark("+whole process")
mark("+imports")
import ratecalc_cli.main as cli
sys.modules["pyarrow"] = None
import gc
gc.disable()
mark("+  numpy")
import numpy
mark("-  numpy")
mark("+  pandas")
import pandas
mark("-  pandas")
mark("+  openpyxl")
import openpyxl
mark("-  openpyxl")
mark("+  docx")
import docx
mark("-  docx")
gc.freeze()
gc.enable()
mark("+  RateCalc's modules")
import ratecalc_cli.letter, ratecalc_letter
from ratecalc_letter.sources import import_readers
import_readers(book)
mark("-  RateCalc's modules")
mark("-imports")
'''[1:] + CHILD_STEPS + r'''
sys.argv = ["ratecalc", "letter", book, "--payer", PAYER, "--out", letter]
'''[1:].replace("PAYER", repr(PAYER)) + CHILD_END


def main() -> None:
    counted_steps(__doc__.splitlines()[0], f"letter ({PAYER})", STEPS, CHILD)

if __name__ == "__main__":
    main()

"""Where one warm 835 import spends its instructions (or its CPU), step by step.

    valgrind --tool=callgrind --dump-before=getpgrp --callgrind-out-file=DIR/cg.out \
        python benchmarks/remittance_steps.py FILE EVENTS [MODULE:NAME ...]
    python benchmarks/remittance_steps.py --report EVENTS DIR/cg.out

Imports FILE once (a warm-up), then again with each step of the import (the reader's and the
tables' functions named below, and each MODULE:NAME or MODULE:CLASS.METHOD given) bracketed by
``os.getpgrp()``: callgrind writes a dump before each, so each dump counts the instructions
since the one before, which another process on the machine does not move. ``--report`` adds
them up per step (inclusive: nested steps are inside their callers). Without valgrind, EVENTS
also holds each mark's thread CPU time (ns). ``--first-read`` (after EVENTS) forgets what the
warm-up's reads kept (``column_values.forget_reads``) before the counted import: the work of a
process's first import of FILE, as ``bench_remittance.py``'s goal figure times it.
"""
import functools
import gc
import glob
import importlib
import os
import re
import sys
import time

import ratecalc.remittance.column_reader as cr
import ratecalc.remittance.importer as importer
import ratecalc.remittance.parser as ps
import ratecalc.remittance.segment_bytes as sb
import ratecalc.remittance.tables as tb
from ratecalc.remittance import import_remittances

ACTIVE = [False]
EVENTS = []
TIMES = []
def mark(label):
    if ACTIVE[0]:
        EVENTS.append(label)
        TIMES.append(time.thread_time_ns())
        os.getpgrp()

def wrap(owner, name, label=None):
    orig = getattr(owner, name)
    label = label or f"{getattr(owner, '__name__', owner)}.{name}"
    if isinstance(orig, (staticmethod, classmethod)):
        raise SystemExit("no")
    @functools.wraps(orig)
    def w(*a, **k):
        mark("+" + label)
        try:
            return orig(*a, **k)
        finally:
            mark("-" + label)
    setattr(owner, name, w)
    # from-imports
    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith("ratecalc") and mod is not owner:
            for k, v in list(vars(mod).items()):
                if v is orig:
                    setattr(mod, k, w)


def report(events_path: str, prefix: str) -> None:
    """Each step's instructions, from the events and callgrind's dumps."""
    with open(events_path) as lines:
        events = [line.rstrip("\n").split("\t")[0] for line in lines]

    def number(name: str) -> int:
        found = re.search(r"\.(\d+)$", name)
        return int(found.group(1)) if found else -1

    costs = []
    for name in sorted((f for f in glob.glob(prefix + ".*") if number(f) > 0), key=number):
        with open(name) as dump:
            costs.append(next(int(line.split()[1]) for line in dump
                              if line.startswith(("summary:", "totals:"))))
    from refresh_steps import report as steps_between  # one account of dumps and events

    counted = steps_between(events, costs)
    total = counted["ALL"][0]
    for name, (count, calls) in sorted(counted.items(), key=lambda item: -item[1][0]):
        print(f"{count / 1e6:10.1f} M  {100 * count / total:5.1f}%  {calls:4d}  {name}")


if sys.argv[1] == "--report":
    report(sys.argv[2], sys.argv[3])
    sys.exit(0)
extra = sys.argv[3:]
FIRST_READ = "--first-read" in extra
extra = [spec for spec in extra if spec != "--first-read"]
wrap(importer, "_read_file")
wrap(cr, "_found_segments")
wrap(sb.ByteSegments, "layout", "layout")
wrap(sb.ByteSegments, "distinct", "bytes.distinct")
wrap(sb.ByteSegments, "texts", "bytes.texts")
wrap(sb.ByteSegments, "tails", "bytes.tails")
wrap(sb.ByteSegments, "elements", "bytes.elements")
wrap(cr._Reader, "__init__", "Reader.__init__")
wrap(cr._Reader, "_distinct_rows", "Reader._distinct_rows")
wrap(cr._Reader, "_distinct_adjustments", "Reader._distinct_adjustments")
for n in ("read", "_claims", "_between_claims", "_lines", "_dates", "_line_references",
          "_adjustments", "_finish"):
    wrap(cr._Reader, n, "Reader." + n)
wrap(cr, "_balance")
wrap(cr, "_records")
wrap(ps._Parser, "finish", "Parser.finish")
wrap(importer, "without_repeated_payments")
wrap(importer, "build_tables")
for n in ("_columns", "_match_reversals", "_line_table", "_claim_table", "_frame",
          "_frame_of_rows", "_Payments"):
    wrap(tb, n)
wrap(tb._Money, "line_allowed", "Money.line_allowed")
wrap(tb._Money, "denied", "Money.denied")
wrap(tb, "_claim_level_shares")
wrap(tb, "_with_shares")
for spec in extra:
    modname, _, attr = spec.rpartition(":")
    mod = importlib.import_module(modname)
    if "." in attr:
        cls, meth = attr.split(".")
        wrap(getattr(mod, cls), meth, attr)
    else:
        wrap(mod, attr)

path = sys.argv[1]
import_remittances([path])
if FIRST_READ:
    from ratecalc.remittance.column_values import forget_reads
    forget_reads()
gc.collect()
ACTIVE[0] = True
mark("+ALL")
r = import_remittances([path])
mark("-ALL")
ACTIVE[0] = False
with open(sys.argv[2], "w") as f:
    for e, t in zip(EVENTS, TIMES, strict=True):
        f.write(f"{e}\t{t}\n")

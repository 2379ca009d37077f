"""Plant the bugs issue 16 named, one at a time, and show which tests catch each (slow; not CI).

Each bug is a small change to the core's source, made in a scratch copy of the project; the
script runs the tests that should catch it there and prints "caught" (the tests fail) or
"MISSED". A bug whose text is no longer in the source is reported as "not planted" (the code
moved: update the bug here), never as caught::

    .venv/bin/python scripts/planted_bugs.py            # every bug
    .venv/bin/python scripts/planted_bugs.py --list

The four bugs (issue 16): half-up rounding turned half-down, in the fee-schedule amount and in the
payment adjustments; the clinic average counting the units of a payer with no rate; the 8-minute
rule's second tie-break reversed; TiC percentiles over distinct prices only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("ratecalc", "tests", "pyproject.toml")


@dataclass(frozen=True)
class Bug:
    name: str
    file: str
    old: str  # must occur exactly once in ``file``
    new: str
    tests: tuple[str, ...]


BUGS = (
    Bug("fee-schedule amount rounded half-down (ties go down)",
        "ratecalc/medicare/engine.py",
        "return (n + _UNITS_PER_CENT // 2) // _UNITS_PER_CENT",
        "return (n + _UNITS_PER_CENT // 2 - 1) // _UNITS_PER_CENT",
        ("tests/ratecalc/test_medicare_half_up_ties.py",)),
    Bug("payment adjustments (non-par, CQ/CO, sequestration) rounded half-down",
        "ratecalc/medicare/engine.py",
        "return (2 * cents * p + q) // (2 * q)",
        "return (2 * cents * p + q - 1) // (2 * q)",
        ("tests/ratecalc/test_medicare_half_up_ties.py",)),
    Bug("clinic average keeps the units of a payer with no rate in its denominator",
        "ratecalc/gap.py",
        "weight = np.where(has_rate, units, 0.0)",
        "weight = units",
        ("tests/ratecalc/test_clinic_average_rule.py",)),
    Bug("8-minute rule: a leftover-minutes tie goes to the code with fewer total minutes",
        "ratecalc/therapy_units.py",
        'ascending=[True, False, False, True], kind="stable")',
        'ascending=[True, False, True, True], kind="stable")',
        ("tests/ratecalc/test_eight_minute_tiebreak.py",)),
    Bug("TiC percentiles over distinct prices only (repeated prices collapse)",
        "ratecalc/market_rates/stats.py",
        'r = group["negotiated_rate"].to_numpy(dtype=float)',
        'r = np.unique(group["negotiated_rate"].to_numpy(dtype=float))',
        ("tests/ratecalc/market_rates/test_repeated_prices.py",)),
)


def plant(bug: Bug, where: Path) -> bool:
    """Copy the project to ``where`` with ``bug`` in it; False when its text is not found."""
    for item in COPY:
        source, target = ROOT / item, where / item
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    if not bug.file:  # the control
        return True
    path = where / bug.file
    text = path.read_text(encoding="utf-8")
    if text.count(bug.old) != 1:
        return False
    path.write_text(text.replace(bug.old, bug.new), encoding="utf-8")
    return True


def run(bug: Bug) -> tuple[int | None, str]:
    """pytest's exit code for ``bug``'s tests in a copy with the bug (None: not run), and why."""
    with tempfile.TemporaryDirectory(prefix="ratecalc-planted-") as scratch:
        where = Path(scratch)
        if not plant(bug, where):
            return None, "not planted (its text is not in the source any more)"
        # the copy's ratecalc first on the path, ahead of the installed (editable) one
        env = {**os.environ, "PYTHONPATH": str(where)}
        imported = subprocess.run(
            [sys.executable, "-c", "import ratecalc; print(ratecalc.__file__)"],
            cwd=where, env=env, capture_output=True, text=True).stdout.strip()
        if not imported.startswith(str(where)):
            return None, f"not run: the tests import ratecalc from {imported}, not the copy"
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider",
             *bug.tests],
            cwd=where, env=env, capture_output=True, text=True)
        return result.returncode, (result.stdout.strip().splitlines() or ["(no output)"])[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="list the bugs and exit")
    args = parser.parse_args(argv)
    # the control: the same tests on the unchanged source must pass, or "caught" means nothing
    control = Bug("", "", "", "", tuple(sorted({t for bug in BUGS for t in bug.tests})))
    print("- control: every test below, on the unchanged source")
    if not args.list:
        code, last = run(control)
        print(f"    {'passes' if code == 0 else 'FAILS: nothing below means anything'} ({last})")
        if code != 0:
            return 2
    missed = 0
    for bug in BUGS:
        print(f"- {bug.name}\n    {bug.file}: {bug.old!r} -> {bug.new!r}")
        if args.list:
            continue
        code, last = run(bug)
        caught = code == 1  # 1: tests failed; 2-5: pytest itself could not run them
        missed += not caught
        print(f"    {'caught' if caught else 'MISSED' if code == 0 else 'error'} ({last})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

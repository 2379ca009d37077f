"""The CQ/CO warnings of a ``--workbook`` 835 import by another tree's
``ratecalc/remittance/canonical.py`` and by this tree's, on hypothesis' examples.

    python benchmarks/assistant_warning_outputs.py --tree /path/to/old [--examples 400]

``assistant_reduction_warnings`` of both is called on each example: CQ/CO rates of up to three
payers, paid on 1-3 days from 2019 to 2027 (before the first Medicare release, after the
newest), some beside a plain rate; fee schedules of plain and GP rows dated on such days;
1-2 contracts a payer, fixed (with or without an escalator) or a percentage of Medicare, dated
or not, auto-renewing or not, with a 0%, blank or 15% Assistant reduction; with the clinic's
Medicare terms or without. Exits 1 at the first example whose warnings differ, printing both.

With ``--differences`` every example is run and each difference is sorted instead: a warning
of the old tree's kept word for word, one whose every rate is listed again in a new warning of
the same payer (a rate listed against more plain rates: more days compared), a warning only
the new tree gives (a stated reduction's, or a payer warned of on a later day), and anything
else (an old warning gone or changed otherwise), the first example of each printed; it exits
1 when anything else was found.

The old tree's module runs on this tree's other modules (it is loaded as a module of its own),
so the script refuses to run when any other file under ``ratecalc/`` differs between the two:
it compares the one module, not the trees.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import re
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parents[1]
MODULE = Path("ratecalc/remittance/canonical.py")


def other_files_differ(old: Path) -> list[str]:
    """The files under ``ratecalc/`` but :data:`MODULE` that differ between ``old`` and here."""
    differ = []
    for path in sorted((HERE / "ratecalc").rglob("*")):
        relative = path.relative_to(HERE)
        if path.is_file() and "__pycache__" not in path.parts and relative != MODULE and (
                not (old / relative).is_file()
                or not filecmp.cmp(path, old / relative, shallow=False)):
            differ.append(str(relative))
    return differ


def old_module(old: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("old_canonical", old / MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: A rate compared in a warning's list: code, modifier, rate, the rate against and its day and
#: the parenthesis after it; a rate said not compared: its code, modifier, rate and first day.
COMPARED = re.compile(r"[0-9A-Z]{5} C[QO] \$[0-9,]+\.\d\d a unit against .+? from "
                      r"\d{4}-\d\d-\d\d \([^()]*\)")
NOT_COMPARED = re.compile(r"[0-9A-Z]{5} C[QO] \$[0-9,]+\.\d\d a unit from \d{4}-\d\d-\d\d")


def sorted_differences(before: list, after: list) -> list[str]:
    """What tells ``after`` (the new tree's warnings) from ``before``, one word per warning
    that differs: "kept" is not listed; "relisted" (an old warning's rates all listed in the
    new tree's warnings of its payer), "added" (a new warning none of the old ones is),
    "other" (an old warning neither kept nor relisted)."""
    said = []
    for problem in before:
        if problem in after:
            continue
        payer = problem.rule.split("'s remittances")[0]
        mine = " ".join(p.message for p in after if p.rule.startswith(f"{payer}'s "))
        items = COMPARED.findall(problem.message) or NOT_COMPARED.findall(problem.message)
        said.append("relisted" if items and all(item in mine for item in items)
                    else "other")
    said.extend("added" for problem in after if problem not in before)
    return said


def compare(old: ModuleType, examples: int, differences: bool = False) -> bool:
    """Whether every example's warnings are the same (with ``differences``: differ only by
    warnings added or relisted, :func:`sorted_differences`); the first that differ printed."""
    import pandas as pd
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from ratecalc.dataset import MedicareTerms
    from ratecalc.remittance import canonical as new

    days = st.dates(date(2019, 6, 1), date(2027, 6, 30))
    payers = st.sampled_from(["P", "Q"])
    codes = st.sampled_from(["97110", "97112"])
    cents = st.integers(1000, 9000).map(lambda c: c / 100)
    schedule_rows = st.lists(st.tuples(payers, codes, st.sampled_from(["", "GP"]), cents, days),
                             min_size=1, max_size=8)
    contract_rows = st.lists(st.fixed_dictionaries({
        "payer": payers,
        "rate_basis": st.sampled_from(["fixed", "pct_of_medicare"]),
        "pct_of_medicare": st.sampled_from([0.8, 0.88, 1.05, None]),
        "assistant_reduction": st.sampled_from([0.0, None, 0.15]),
        "effective_date": st.one_of(st.none(), st.dates(date(2019, 1, 1), date(2027, 1, 1))),
        "end_date": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2028, 1, 1))),
        "auto_renew": st.booleans(),
        "escalator": st.sampled_from([None, 0.0, 0.02, 0.035]),
    }), min_size=1, max_size=5)
    cq_rows = st.lists(st.tuples(payers, codes, st.sampled_from(["CQ", "CO"]), cents,
                                 st.lists(days, min_size=1, max_size=3, unique=True)),
                       min_size=1, max_size=6)
    plain_rows = st.lists(st.tuples(payers, codes, cents, days), max_size=3)
    terms = st.sampled_from([None, MedicareTerms("10112-00", date(2026, 3, 2), False, False),
                             MedicareTerms("10112-00", date(2026, 3, 2), True, True)])
    differ: list[str] = []
    said = {"examples": 0, "compared": 0, "not compared": 0}
    found = {"relisted": 0, "added": 0, "other": 0}
    shown: dict[str, str] = {}

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(schedule_rows, contract_rows, cq_rows, plain_rows, terms)
    def same(schedule, contracts, cq, plain, medicare) -> None:
        fee_rows = pd.DataFrame(
            [(p, c, m, a, sorted(d)[0], tuple(pd.Timestamp(x) for x in sorted(d)))
             for p, c, m, a, d in cq]
            + [(p, c, "", a, d, (pd.Timestamp(d),)) for p, c, a, d in plain],
            columns=["payer", "code", "modifier", "allowed_amount", "effective_date",
                     "paid_days"])
        table = pd.DataFrame(schedule, columns=["payer", "code", "modifier", "allowed_amount",
                                                "effective_date"])
        args = (fee_rows, pd.DataFrame(contracts), "r.835", table, medicare)
        before, after = old.assistant_reduction_warnings(*args), \
            new.assistant_reduction_warnings(*args)
        said["examples"] += 1
        if differences:
            kinds = sorted_differences(before, after)
            for kind in dict.fromkeys(kinds):
                if not found[kind]:
                    shown[kind] = f"{args}\nold: {before}\nnew: {after}"
                found[kind] += 1
            return
        if before != after and not differ:
            differ.append(f"{args}\nold: {before}\nnew: {after}")
        assert before == after
        said["compared"] += any("less than the same code" in p.message for p in after)
        said["not compared"] += any("not compared" in p.message for p in after)

    try:
        same()
    except AssertionError:
        print(differ[0] if differ else "an example failed")
        return False
    if differences:
        for kind, count in found.items():
            print(f"{count} of {said['examples']} examples with a warning {kind}")
            if kind in shown:
                print(f"  the first: {shown[kind]}")
        return found["other"] == 0
    print(f"{said['examples']} examples run: {said['compared']} with a rate compared and "
          f"warned of, {said['not compared']} with one said not compared")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, required=True, help="the old tree")
    parser.add_argument("--examples", type=int, default=400)
    parser.add_argument("--differences", action="store_true",
                        help="sort every difference instead of stopping at the first")
    args = parser.parse_args()
    old = args.tree.resolve()
    if differ := other_files_differ(old):
        print(f"other files under ratecalc/ differ, not compared: {', '.join(differ)}")
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from checkouts import use_tree

    use_tree(HERE)
    if not compare(old_module(old), args.examples, args.differences):
        return 1
    print("the warnings differ only as sorted above" if args.differences
          else "the same warnings in every example")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

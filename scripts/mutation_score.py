"""Mutation score of the money core, module by module (mutmut; slow, not part of CI).

Each module is mutated on its own, in a scratch copy of the project, against only the tests that
exercise it, so a run stays within one core of a shared machine. The script prints, per module,
the mutants killed, the survivors (each with the line mutmut changed) and the score::

    score = killed / (mutants - equivalent)

where an equivalent mutant is one listed in ``scripts/mutation_equivalents.toml`` with the reason
no test can tell it from the original. An entry names the mutant and the changed line; when the
code moves and the line no longer matches, the entry is reported as stale and not counted.

Usage (from the project root, with the ``mutation`` extra installed)::

    .venv/bin/python scripts/mutation_score.py                 # every module
    .venv/bin/python scripts/mutation_score.py gap therapy_units
    .venv/bin/python scripts/mutation_score.py --list

Needs ``mutmut`` (``pip install -e .[mutation]``). The scratch copies live under ``--workdir``
(default: a ``ratecalc-mutation`` folder in the temp directory) and are reused as mutmut's cache.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import glob
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = Path(__file__).with_name("mutation_equivalents.toml")
COPY = ("ratecalc", "tests", "pyproject.toml")


@dataclass(frozen=True)
class Module:
    """Source files to mutate, the tests that exercise them, and optionally which functions."""

    files: tuple[str, ...]
    tests: tuple[str, ...]
    #: fnmatch patterns on mutmut's mutant names; empty = every function of ``files``
    functions: tuple[str, ...] = field(default=())


MODULES: dict[str, Module] = {
    "medicare": Module(
        ("ratecalc/medicare/engine.py", "ratecalc/medicare/conversion.py"),
        ("tests/ratecalc/test_medicare.py", "tests/ratecalc/test_bundled_data.py",
         "tests/ratecalc/test_medicare_half_up_ties.py", "tests/ratecalc/test_medicare_rules.py",
         "tests/ratecalc/test_medicare_factor_defaults.py",
         "tests/ratecalc/test_medicare_lookup_rules.py",
         "tests/ratecalc/test_medicare_exact_coinsurance.py")),
    # The money path of the fee schedule alone (rounding, adjustments, factors): a quicker run
    # than "medicare", whose lookup plumbing (medicare_amounts) holds most of its 900 mutants.
    "medicare_rounding": Module(
        ("ratecalc/medicare/engine.py", "ratecalc/medicare/conversion.py"),
        ("tests/ratecalc/test_medicare.py", "tests/ratecalc/test_medicare_half_up_ties.py",
         "tests/ratecalc/test_medicare_rules.py",
         "tests/ratecalc/test_medicare_factor_defaults.py",
         "tests/ratecalc/test_medicare_exact_coinsurance.py"),
        ("ratecalc.medicare.engine.x__round_units__mutmut_*",
         "ratecalc.medicare.engine.x__adjust_cents__mutmut_*",
         "ratecalc.medicare.engine.*PaymentOptions*factor__mutmut_*",
         "ratecalc.medicare.conversion.x_conversion_factor*")),
    "gap": Module(
        ("ratecalc/gap.py",),
        ("tests/ratecalc/test_gap.py", "tests/ratecalc/test_clinic_average_rule.py",
         "tests/ratecalc/test_gap_rules.py", "tests/ratecalc/test_gap_edges.py")),
    "proposal": Module(
        ("ratecalc/proposal.py",),
        ("tests/ratecalc/test_proposal.py", "tests/ratecalc/test_proposal_rules.py",
         "tests/ratecalc/test_proposal_requested.py")),
    "therapy_units": Module(
        ("ratecalc/therapy_units.py",),
        ("tests/ratecalc/test_therapy_units.py", "tests/ratecalc/test_eight_minute_tiebreak.py",
         "tests/ratecalc/test_assistant_de_minimis.py")),
    "scenarios": Module(
        ("ratecalc/scenarios.py",),
        ("tests/ratecalc/test_scenarios.py", "tests/ratecalc/test_scenario_rules.py")),
    "exit_impact": Module(
        ("ratecalc/exit_impact.py",),
        ("tests/ratecalc/test_exit_impact.py", "tests/ratecalc/test_exit_impact_rules.py")),
    "timeline": Module(
        ("ratecalc/timeline.py",),
        ("tests/ratecalc/test_timeline.py", "tests/ratecalc/test_timeline_rules.py",
         "tests/ratecalc/test_timeline_edges.py")),
    # Not here: test_properties.py (the TiC readers' properties; it calls nothing in stats.py) and
    # test_stats_properties.py (slow hypothesis tests, whose rules the example tests pin; each
    # surviving mutant would pay for them: a minute and a half)
    "market_rates_stats": Module(
        ("ratecalc/market_rates/stats.py",),
        ("tests/ratecalc/market_rates/test_stats.py",
         "tests/ratecalc/market_rates/test_stats_rules.py",
         "tests/ratecalc/market_rates/test_repeated_prices.py")),
    "remittance_balancing": Module(
        ("ratecalc/remittance/parser.py",),
        ("tests/ratecalc/remittance/test_balancing.py",
         "tests/ratecalc/remittance/test_guide_examples.py",
         "tests/ratecalc/remittance/test_balancing_rules.py"),
        ("ratecalc.remittance.parser.*_close_line__mutmut_*",
         "ratecalc.remittance.parser.*_line_unbalanced__mutmut_*",
         "ratecalc.remittance.parser.*_close_claim__mutmut_*",
         "ratecalc.remittance.parser.*_balance_transaction__mutmut_*")),
    "remittance_summary": Module(
        ("ratecalc/remittance/summary.py",),
        ("tests/ratecalc/remittance/test_summary.py",
         "tests/ratecalc/remittance/test_summary_rules.py",
         "tests/ratecalc/remittance/test_summary_edges.py",
         "tests/ratecalc/remittance/test_predetermination.py")),
}

KILLED = {"killed", "timeout", "caught by type check"}
RESULT_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+?)\s*$")


@dataclass
class Survivor:
    name: str
    status: str
    change: str  # the mutated line(s), '+' side of mutmut's diff


@dataclass
class Score:
    module: str
    total: int
    killed: int
    equivalent: list[tuple[Survivor, str]]
    survivors: list[Survivor]
    stale: list[str]
    seconds: float

    @property
    def score(self) -> float:
        counted = self.total - len(self.equivalent)
        return self.killed / counted if counted else float("nan")


def _normalise(text: str) -> str:
    return " ".join(text.split())


def load_equivalents() -> dict[str, list[dict[str, str]]]:
    """Equivalent mutants by module: ``[[module.NAME]] mutant, changed, reason``."""
    if not EQUIVALENTS.exists():
        return {}
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    return {name: list(entries) for name, entries in data.get("module", {}).items()}


def _mutmut() -> str:
    exe = Path(sys.executable).with_name("mutmut")
    if exe.exists():
        return str(exe)
    found = shutil.which("mutmut")
    if found is None:
        sys.exit("mutmut is not installed: pip install -e .[mutation]")
    return found


def prepare(name: str, module: Module, workdir: Path) -> tuple[Path, list[str]]:
    """A fresh scratch copy of the project whose pyproject tells mutmut what to mutate."""
    where = workdir / name
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    for item in COPY:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, where / item,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, where / item)
    tests = sorted({hit for pattern in module.tests
                    for hit in glob.glob(pattern, root_dir=where)})
    config = "\n".join([
        "", "[tool.mutmut]",
        'source_paths = ["ratecalc"]',
        f"only_mutate = {list(module.files)!r}",
        f"pytest_add_cli_args_test_selection = {tests!r}",
        # -n 0: one process (pyproject's addopts spread tests over xdist workers, whose runs
        # mutmut's in-process bookkeeping would not see)
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "-n", "0"]',
        "",
    ]).replace("'", '"')
    with open(where / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write(config)
    # A shared, loaded machine (and mutmut's tracing) can push a property test past hypothesis'
    # 200 ms deadline; a deadline failure in the clean run would void the whole module's run.
    (where / "conftest.py").write_text(
        "from hypothesis import settings\n\n"
        'settings.register_profile("mutation", deadline=None)\n'
        'settings.load_profile("mutation")\n', encoding="utf-8")
    return where, tests


def _function_sources(where: Path, files: tuple[str, ...]) -> dict[str, list[str]]:
    """Each mutated and original function's lines, from mutmut's trampolined copies."""
    sources: dict[str, list[str]] = {}
    for file in files:
        path = where / "mutants" / file
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()  # once: ast.get_source_segment splits the file on every call
        prefix = file.removesuffix(".py").replace("/", ".")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and "__mutmut_" in node.name:
                # the function's lines after the one holding its name (trampolined copies are
                # top-level, undecorated functions, so lineno is the def line)
                sources[f"{prefix}.{node.name}"] = lines[node.lineno:node.end_lineno]
    return sources


def _changed_lines(sources: dict[str, list[str]], mutant: str) -> str:
    original = sources.get(mutant.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
    mutated = sources.get(mutant)
    if original is None or mutated is None:
        return "(source not found)"
    plus = [line[1:].strip() for line in difflib.unified_diff(original, mutated, lineterm="", n=0)
            if line.startswith("+") and not line.startswith("+++")]
    return " | ".join(plus) or "(line removed)"


def run_module(name: str, module: Module, workdir: Path, jobs: int,
               equivalents: list[dict[str, str]], rerun: bool = True) -> Score:
    mutmut = _mutmut()
    if rerun:
        where, tests = prepare(name, module, workdir)
        started = time.perf_counter()
        run = subprocess.run([mutmut, "run", "--max-children", str(jobs), *module.functions],
                             cwd=where, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    else:  # report a run already made (or still running) in workdir
        where, tests, seconds = workdir / name, [], 0.0
        run = subprocess.CompletedProcess([], 0, "", "")
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=where,
                             capture_output=True, text=True, check=False).stdout
    statuses: dict[str, str] = {}
    for line in listing.splitlines():
        m = RESULT_LINE.match(line)
        if m and "__mutmut_" in m["name"]:
            statuses[m["name"]] = m["status"]
    if module.functions:
        import fnmatch
        statuses = {k: v for k, v in statuses.items()
                    if any(fnmatch.fnmatch(k, p) for p in module.functions)}
    if not statuses:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit(f"{name}: mutmut reported no mutants (tests: {tests})")
    by_name = {e["mutant"]: e for e in equivalents}
    sources = _function_sources(where, module.files)
    unchecked = [k for k, v in statuses.items() if v == "not checked"]
    if unchecked:
        print(f"  ({name}: {len(unchecked)} of {len(statuses)} mutants not checked yet; "
              "scored over the checked ones)")
        statuses = {k: v for k, v in statuses.items() if v != "not checked"}
    killed = sum(status in KILLED for status in statuses.values())
    survivors: list[Survivor] = []
    equivalent: list[tuple[Survivor, str]] = []
    used: set[str] = set()
    for mutant, status in sorted(statuses.items(), key=lambda kv: _natural(kv[0])):
        if status in KILLED or status == "skipped":
            continue
        survivor = Survivor(mutant, status, _changed_lines(sources, mutant))
        entry = by_name.get(mutant)
        if entry and _normalise(entry["changed"]) in _normalise(survivor.change):
            equivalent.append((survivor, entry["reason"]))
            used.add(mutant)
        else:
            survivors.append(survivor)
    stale = [e["mutant"] for e in equivalents if e["mutant"] not in used]
    total = sum(status != "skipped" for status in statuses.values())
    return Score(name, total, killed, equivalent, survivors, stale, seconds)


def _natural(name: str) -> tuple[str, int]:
    base, _, number = name.rpartition("_")
    return base, int(number) if number.isdigit() else 0


def report(score: Score, verbose: bool) -> None:
    print(f"\n== {score.module}: {score.killed}/{score.total - len(score.equivalent)} killed "
          f"= {score.score:.1%}  ({score.total} mutants, {len(score.equivalent)} equivalent, "
          f"{len(score.survivors)} surviving; {score.seconds:.0f} s)")
    for s in score.survivors:
        print(f"  SURVIVED [{s.status}] {s.name}: {s.change}")
    if verbose:
        for s, reason in score.equivalent:
            print(f"  equivalent {s.name}: {s.change}\n      because {reason}")
    for stale in score.stale:
        print(f"  stale equivalent entry (no longer matches a survivor): {stale}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to measure (default: all)")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    parser.add_argument("--jobs", type=int, default=1,
                        help="mutants tested at once (default 1: the machine is shared)")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "ratecalc-mutation")
    parser.add_argument("--report-only", action="store_true",
                        help="do not run mutmut: report the runs already in --workdir")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also list the equivalent mutants with their reasons")
    args = parser.parse_args(argv)
    if args.list:
        for name, module in MODULES.items():
            print(f"{name}: {', '.join(module.files)}\n    tests: {', '.join(module.tests)}")
        return 0
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    equivalents = load_equivalents()
    scores = []
    for name in args.modules or list(MODULES):
        score = run_module(name, MODULES[name], args.workdir, args.jobs,
                           equivalents.get(name, []), rerun=not args.report_only)
        report(score, args.verbose)
        scores.append(score)
        sys.stdout.flush()
    print("\nmodule                 killed / counted   score   equivalent  surviving")
    for s in scores:
        counted = s.total - len(s.equivalent)
        print(f"{s.module:<22} {s.killed:>6} / {counted:<7} {s.score:>7.1%}   "
              f"{len(s.equivalent):>9}  {len(s.survivors):>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

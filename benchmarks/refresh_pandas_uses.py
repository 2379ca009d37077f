"""Where a ``ratecalc refresh`` of the demo workbook uses pandas: the inventory behind the
question "could a refresh run without importing pandas?" (issue 14's refresh row). Not a timing
of a goal (``bench_user_waits.py`` has it; ``refresh_phases.py`` times each step).

It runs in a fresh process of the tree's venv, as ``ratecalc refresh`` runs (its ``main()``,
pandas without pyarrow, one BLAS thread), and reports:

- the modules of the tree a refresh imports that import pandas when they load (a top-level
  ``import pandas``), against all of the tree's modules it imports;
- every function of the tree that calls into pandas during one refresh (the imports done): its
  calls of pandas' functions and methods and the most rows of a pandas table any of them was
  called on, summed by module;
- the share of the refresh's samples (a sampling thread, 1 ms) with pandas on the stack, by the
  module of the tree whose function called it, over ``--repeat`` refreshes in the process.

Run: ``python benchmarks/refresh_pandas_uses.py [--tree TREE] [--workbook BOOK] [--repeat 10]``
(the demo workbook by default, made by the tree's ``ratecalc workbook new --demo``).
"""

from __future__ import annotations

import argparse
import ast
import collections
import dis
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent.parent
#: The tree's packages a refresh imports (``ratecalc_workbook`` is the ``workbook_templates``
#: folder, ``ratecalc_cli`` the ``cli`` folder).
PACKAGES = ("ratecalc", "ratecalc_workbook", "ratecalc_cli", "ratecalc_letter")
PANDAS_FOLDER = f"{os.sep}pandas{os.sep}"
RESUME = dis.opmap.get("RESUME")  # Python 3.11+: its argument 0 starts a call, others resume


def _new_call(frame: FrameType) -> bool:
    """False when a profiler's "call" is a generator resuming after a yield, not a new call."""
    if RESUME is None:
        return True
    code = frame.f_code.co_code
    return not (code[frame.f_lasti] == RESUME and code[frame.f_lasti + 1] != 0)


def _imports_pandas_on_load(path: Path) -> bool:
    """True if the module's own top level (not a function's body) imports pandas."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Import) and any(
                alias.name.split(".")[0] == "pandas" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pandas":
            return True
    return False


def _ours(filename: str, tree: str) -> str | None:
    """The tree-relative path of a frame's file, if it is one of the tree's own modules."""
    if not filename.startswith(tree) or f"{os.sep}.venv{os.sep}" in filename:
        return None
    return os.path.relpath(filename, tree)


def _rows(frame: FrameType) -> int:
    """Rows of the pandas table a call of pandas was made on (its ``self`` or first argument)."""
    import pandas

    code = frame.f_code
    if code.co_argcount == 0 or code.co_name == "__init__":  # a table not made yet has no rows
        return 0
    value = frame.f_locals.get(code.co_varnames[0])
    if not isinstance(value, pandas.DataFrame | pandas.Series | pandas.Index):
        return 0
    try:
        return len(value)
    except AttributeError:  # a table pandas is still making (its __finalize__, __setstate__)
        return 0


def _calls(tree: str, refresh: Any, book: str) -> dict[str, dict[str, Any]]:
    """Each tree function's calls into pandas in one refresh: count, most rows, names called."""
    found: dict[str, dict[str, Any]] = {}

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if (event != "call" or PANDAS_FOLDER not in frame.f_code.co_filename
                or not _new_call(frame)):
            return
        caller = frame.f_back
        if caller is None or (path := _ours(caller.f_code.co_filename, tree)) is None:
            return
        entry = found.setdefault(f"{path}:{caller.f_code.co_name}",
                                 {"calls": 0, "rows": 0, "names": collections.Counter()})
        entry["calls"] += 1
        entry["rows"] = max(entry["rows"], _rows(frame))
        entry["names"][frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        refresh(Path(book))
    finally:
        sys.setprofile(None)
    return found


def _samples(tree: str, refresh: Any, book: str, source: Path, repeat: int
             ) -> tuple[int, collections.Counter[str]]:
    """Samples of ``repeat`` refreshes, and those with pandas on the stack by the calling module."""
    main_thread = threading.main_thread().ident
    in_pandas: collections.Counter[str] = collections.Counter()
    total = 0
    running = threading.Event()
    done = threading.Event()

    def sample() -> None:
        nonlocal total
        while not done.is_set():
            time.sleep(0.001)
            if not running.is_set():
                continue
            frame = sys._current_frames().get(main_thread)  # type: ignore[arg-type]
            total += 1
            pandas_seen = False
            # innermost first: the tree's frame under pandas' calls (a function of the tree that
            # pandas calls back, as ``apply`` does, counts as pandas' time)
            while frame is not None:
                filename = frame.f_code.co_filename
                if PANDAS_FOLDER in filename:
                    pandas_seen = True
                elif pandas_seen and (path := _ours(filename, tree)) is not None:
                    in_pandas[path] += 1
                    break
                frame = frame.f_back

    sys.setswitchinterval(0.0005)  # let the sampler in between the refresh's bytecodes
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for _ in range(repeat):
        shutil.copy2(source, book)
        running.set()
        refresh(Path(book))
        running.clear()
    done.set()
    sampler.join()
    return total, in_pandas


def inventory(tree: str, source: str, repeat: int, argv: list[str],
              again: Any) -> dict[str, Any]:
    """One command by ``main()`` (``argv``, its output dropped: the imports as the command makes
    them), then ``again(book)``, the command's work, traced once and sampled ``repeat`` times on a
    fresh copy of ``source`` at ``book`` (``argv``'s word ``BOOK``)."""
    import ratecalc_cli.main as cli_main

    work = Path(tempfile.mkdtemp(prefix="pandas-uses-"))
    book = str(work / "book.xlsx")
    shutil.copy2(source, book)
    sys.argv = ["ratecalc", *(book if word == "BOOK" else word for word in argv)]
    with open(os.devnull, "w") as quiet:  # its summary and warnings are not this report's
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = quiet
        try:
            cli_main.main()
        finally:
            sys.stdout, sys.stderr = saved
    modules = sorted(name for name in sys.modules if name.split(".")[0] in PACKAGES)
    loaded = []
    for name in modules:
        file = getattr(sys.modules[name], "__file__", None)
        if file and _ours(file, tree):
            loaded.append((name, _imports_pandas_on_load(Path(file))))
    shutil.copy2(source, book)
    calls = _calls(tree, again, book)
    total, in_pandas = _samples(tree, again, book, Path(source), repeat)
    shutil.rmtree(work, ignore_errors=True)
    return {
        "modules": loaded,
        "calls": {key: {"calls": value["calls"], "rows": value["rows"],
                        "names": value["names"].most_common()}
                  for key, value in calls.items()},
        "samples": total, "in_pandas": dict(in_pandas)}


def worker(tree: str, source: str, repeat: int) -> None:
    """Run in the tree's venv: one refresh by ``main()``, then the traced and sampled ones."""
    def refresh(path: Path) -> object:
        import ratecalc_workbook.refresh as refresh_module

        return refresh_module.refresh_workbook(path)

    print(json.dumps(inventory(tree, source, repeat, ["refresh", "BOOK"], refresh)))


def report(got: dict[str, Any], repeat: int, what: str = "refresh") -> None:
    """The inventory printed; ``what`` names the command's work (a refresh, a letter)."""
    loaded = got["modules"]
    with_pandas = [name for name, imports in loaded if imports]
    print(f"The tree's modules a {what} imports: {len(loaded)}; importing pandas at load: "
          f"{len(with_pandas)}")
    print("  " + ", ".join(with_pandas))
    by_module: dict[str, dict[str, Any]] = {}
    for key, entry in got["calls"].items():
        module = key.split(":")[0]
        row = by_module.setdefault(module, {"functions": 0, "calls": 0, "rows": 0,
                                            "names": collections.Counter()})
        row["functions"] += 1
        row["calls"] += entry["calls"]
        row["rows"] = max(row["rows"], entry["rows"])
        row["names"].update(dict(entry["names"]))
    samples, in_pandas = got["samples"], got["in_pandas"]
    print(f"\nOne {what}'s calls into pandas by the calling module; samples of {repeat} "
          f"{what}s in the process ({samples} samples, 1 ms) with pandas on the stack:")
    print(f"{'module':<36} {'functions':>9} {'calls':>6} {'most rows':>9} {'samples':>10}  "
          "pandas' names most called")
    for module in sorted(by_module, key=lambda name: -by_module[name]["calls"]):
        row = by_module[module]
        share = in_pandas.get(module, 0)
        names = ", ".join(name for name, _ in row["names"].most_common(4))
        print(f"{module:<36} {row['functions']:>9} {row['calls']:>6} {row['rows']:>9} "
              f"{share:>5} {share / max(samples, 1):>4.0%}  {names}")
    total_calls = sum(row["calls"] for row in by_module.values())
    total_in = sum(in_pandas.values())
    print(f"{'all':<36} {len(got['calls']):>9} {total_calls:>6} "
          f"{max((r['rows'] for r in by_module.values()), default=0):>9} "
          f"{total_in:>5} {total_in / max(samples, 1):>4.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the tree to inventory (its .venv)")
    parser.add_argument("--workbook", type=Path,
                        help="the workbook to refresh (default: the tree's demo workbook)")
    parser.add_argument("--repeat", type=int, default=10, help="refreshes sampled")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.repeat)
        return
    tree = args.tree.resolve()
    python = tree / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "source.xlsx"
        if args.workbook:
            shutil.copy2(args.workbook, source)
        else:
            subprocess.run([str(tree / ".venv" / "bin" / "ratecalc"), "workbook", "new",
                            str(source), "--demo"], check=True, capture_output=True)
        env = {**os.environ, "PYTHONPATH": ""}
        done = subprocess.run([str(python), __file__, "--worker", str(tree) + os.sep,
                               str(source), "--repeat", str(args.repeat)],
                              check=True, capture_output=True, text=True, env=env)
    report(json.loads(done.stdout.splitlines()[-1]), args.repeat)


if __name__ == "__main__":
    main()

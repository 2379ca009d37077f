"""What starting a command loads: only the module of the command being run (a lazy command table).

These are behaviour tests (which modules a fresh process imports), never timings.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ratecalc_cli.imports import IMPORT_KINDS
from ratecalc_cli.main import (
    BLAS_THREADS,
    COMMANDS,
    GC_THRESHOLDS,
    build_parser,
    chosen_word,
    main,
)

from ..package_parts import package_parts
from .fresh_process import RECORD_IMPORTS

HEAVY = ["pandas", "numpy", "openpyxl", "matplotlib", "docx", "xlwings", "ratecalc.analysis",
         "ratecalc.medicare", "ratecalc_workbook", "ratecalc_letter", "ratecalc_addin"]


def _loaded_after(argv: list[str], names: list[str]) -> list[str]:
    """Run ``main(argv)`` in a fresh process (output discarded); which of ``names`` it loaded."""
    return _loaded_after_each([argv], names)


def _loaded_after_each(argvs: list[list[str]], names: list[str]) -> list[str]:
    """Run ``main(argv)`` for each of ``argvs`` in turn in one fresh process (output
    discarded); which of ``names`` they loaded."""
    code = (
        "import contextlib, io, sys\n"
        "from ratecalc_cli.main import main\n"
        "quiet = io.StringIO()\n"
        f"for argv in {argvs!r}:\n"
        "    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):\n"
        "        try:\n"
        "            main(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
        f"print([m for m in {names!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])


def test_help_of_the_command_itself_imports_no_pandas():
    # the installed entry point's own way in, with Python's import log: pandas never appears
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "ratecalc_cli.main",
                          "--help"], capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in out.stderr.splitlines()
                if line.startswith("import time:")}
    assert {"ratecalc", "ratecalc.errors", "argparse"} <= imported  # the log is this command's
    assert not {m for m in imported if m == "pandas" or m.startswith("pandas.")}
    assert "demo" in out.stdout and "refresh" in out.stdout


def test_a_medicare_lookup_loads_no_pandas():
    argv = ["medicare", "97110", "--locality", "AL", "--date", "2025-06-01", "--json"]
    loaded = _loaded_after(argv, ["pandas", "openpyxl", "ratecalc.analysis",
                                  "ratecalc.medicare.engine"])  # one process asked both
    assert [m for m in loaded if m != "ratecalc.medicare.engine"] == []
    assert [m for m in loaded if m == "ratecalc.medicare.engine"] == ["ratecalc.medicare.engine"]


def test_a_market_rates_import_of_a_file_on_disk_loads_no_http_client():
    # urllib3 (with http.client, ssl and email) is for a URL only: about 40 ms of CPU a file
    # on disk never needed (issue 14)
    sample = (Path(__file__).resolve().parents[1] / "data" / "tic" / "cms_examples"
              / "in-network-rates-fee-for-service-single-plan-sample.json")
    loaded = _loaded_after(["import", "market-rates", str(sample), "--codes", "27447"],
                           ["urllib3", "ssl", "http.client", "ratecalc.market_rates.extract"])
    assert loaded == ["ratecalc.market_rates.extract"]  # the import ran, and only it


def test_a_medicare_import_of_local_files_loads_no_http_client(tmp_path):
    # urllib.request (http.client, ssl, email: about 40 ms of CPU) is for an https link only;
    # a local path, here one refused as no zip, never needed it (issue 14); a missing one is
    # refused before the work is imported at all (test_missing_input_startup.py)
    (tmp_path / "RVU26A.zip").write_bytes(b"")
    loaded = _loaded_after(["medicare", "import", str(tmp_path / "RVU26A.zip")],
                           ["ssl", "http.client", "urllib.request", "ratecalc.medicare.download"])
    assert loaded == ["ratecalc.medicare.download"]  # the import ran, and only it


def test_help_and_version_load_no_heavy_library():
    assert _loaded_after(["--help"], HEAVY) == []
    assert _loaded_after(["--version"], HEAVY) == []


#: What no command's ``--help`` or argument error needs: the libraries of the work (tables,
#: workbooks, letters, Excel, charts, downloads), the modules that load them, and test tools.
NOT_FOR_PARSING = [*HEAVY, "pyarrow", "scipy", "dateutil", "urllib3", "ssl", "http.client",
                   "multiprocessing", "concurrent.futures", "ratecalc.market_rates",
                   "ratecalc.remittance", "ratecalc.scenarios", "ratecalc.dataset",
                   "hypothesis", "pytest"]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def every_command() -> list[list[str]]:
    """The words of every command and subcommand, read from the parser each one builds (a
    command added to :data:`COMMANDS` is in it), and the ``ACTIONS`` a command's module names
    (``medicare import``), which its parser offers only once they are named."""
    found: list[list[str]] = []

    def walk(words: list[str]) -> None:
        found.append(words)
        parser = build_parser(words)
        for word in words:
            parser = _subcommands(parser)[word]
        for word in _subcommands(parser):
            walk([*words, word])

    for command in COMMANDS:
        walk([command.name])
        for action in getattr(importlib.import_module(command.module), "ACTIONS", ()):
            walk([command.name, action])
    return found


def test_every_command_is_in_the_table_of_commands():
    words = [" ".join(w) for w in every_command()]
    assert {"demo", "analyze", "medicare import", "medicare releases", "workbook upgrade",
            "import remittances", "import market-rates", "market-rates providers",
            "refresh", "letter", "scenario", "exit-impact", "timeline"} <= set(words)


@pytest.mark.parametrize("words", every_command(), ids=" ".join)
def test_help_and_argument_errors_load_nothing_the_work_needs(words):
    # issue 14: a command's --help, or a wrong option it refuses, answers before its work's
    # libraries load (pandas alone is about 0.4 s of CPU): one process asked both
    loaded = _loaded_after_each([[*words, "--help"], [*words, "--no-such-option"]],
                                NOT_FOR_PARSING)
    assert loaded == []


def test_a_command_loads_its_own_module_only():
    modules = [c.module for c in COMMANDS]
    others = ["ratecalc_letter", "matplotlib", "docx"]
    loaded = _loaded_after(["refresh", "--help"], [*modules, *others])  # one process asked both
    assert [m for m in loaded if m in modules] == ["ratecalc_cli.refresh"]
    assert [m for m in loaded if m in others] == []


def test_an_import_kind_loads_its_own_module_only():
    modules = [module for _, module, _ in IMPORT_KINDS]
    assert _loaded_after(["import", "fee-schedule", "--help"], modules) == [
        "ratecalc_cli.import_fee_schedule"]


def test_top_level_help_lists_every_command_with_its_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for command in COMMANDS:
        assert command.name in out
        assert " ".join(command.help.split()) in out


def _registered_help(subparsers: argparse._SubParsersAction) -> dict[str, str]:
    return {action.dest: action.help for action in subparsers._choices_actions}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_table_help_is_what_the_module_registers(command):
    # the table shows each command's help without importing it: the two must say the same
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    register = importlib.import_module(command.module).register
    if command.nested:
        register(subparsers, None)
    else:
        register(subparsers)
    assert _registered_help(subparsers) == {command.name: command.help}


@pytest.mark.parametrize("kind,module,help_line", IMPORT_KINDS, ids=lambda k: str(k))
def test_import_table_help_is_what_the_module_registers(kind, module, help_line):
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    importlib.import_module(module).register(subparsers)
    assert _registered_help(subparsers) == {kind: help_line}


def test_the_chosen_command_parses_with_its_own_arguments():
    args = build_parser(["medicare", "97110", "--locality", "AL", "--year", "2025"]).parse_args(
        ["medicare", "97110", "--locality", "AL", "--year", "2025"])
    assert (args.command, args.codes, args.locality, args.year) == (
        "medicare", ["97110"], "AL", 2025)
    assert args.handler.__module__ == "ratecalc_cli.medicare"


def test_an_unknown_command_is_argparses_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


@pytest.mark.parametrize("words,expected", [
    ([], (None, [])),
    (["--version"], (None, [])),
    (["refresh", "book.xlsx"], ("refresh", ["book.xlsx"])),
    (["-h", "medicare", "97110"], ("medicare", ["97110"])),
    (["--", "demo", "--json"], ("demo", ["--json"])),
])
def test_chosen_word_is_the_first_word_that_is_not_an_option(words, expected):
    assert chosen_word(words) == expected


def test_the_command_process_collects_cycles_less_often_a_caller_keeps_its_own():
    # `ratecalc` as its own process sets the thresholds; main(argv) called by a program does not
    code = ("import contextlib, gc, io, sys\n"
            "from ratecalc_cli.main import main\n"
            "sys.argv = ['ratecalc', '--version']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            "        main()\n"
            "    except SystemExit:\n"
            "        pass\n"
            "print(gc.get_threshold())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ast.literal_eval(out.stdout.strip()) == GC_THRESHOLDS != gc.get_threshold()
    before = gc.get_threshold()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.get_threshold() == before


@pytest.mark.parametrize("given, expected", [
    (None, BLAS_THREADS), ({"OPENBLAS_NUM_THREADS": "2"}, "2"), ({"OMP_NUM_THREADS": "2"}, None)])
def test_the_command_process_runs_numpys_blas_on_one_thread_unless_told(given, expected):
    # OpenBLAS reads the variable as numpy loads it: the command sets it first, in its own
    # process only, and a value the user's environment gives is kept
    code = ("import contextlib, io, os, sys\n"
            "from ratecalc_cli.main import main\n"
            "sys.argv = ['ratecalc', 'medicare', '97110', '--locality', 'AL', '--date',\n"
            "            '2025-06-01', '--json']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main()\n"
            "print('numpy' in sys.modules, os.environ.get('OPENBLAS_NUM_THREADS'))\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    env.update(given or {})
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    # OMP_NUM_THREADS alone: OpenBLAS takes it, so the command sets nothing over it
    assert out.stdout.split() == ["True", str(expected)]
    before = os.environ.get("OPENBLAS_NUM_THREADS")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert os.environ.get("OPENBLAS_NUM_THREADS") == before  # a caller's process: untouched


def test_the_command_process_leaves_the_libraries_it_loaded_out_of_later_collections():
    # in its own process a command's imports are frozen (not traversed again) and collection
    # runs on; called by a program or a test, loading_libraries changes nothing
    code = ("import gc, sys\n"
            "import ratecalc_cli.main as m\n"
            "sys.argv = ['ratecalc', 'medicare', '97110', '--locality', 'nowhere']\n"
            "m.main()\n"
            "with m.loading_libraries():\n"
            "    assert not gc.isenabled()\n"
            "    import fractions\n"
            "print(gc.get_freeze_count() > 0, gc.isenabled())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]
    from ratecalc_cli.main import loading_libraries

    frozen = gc.get_freeze_count()
    with loading_libraries():
        assert gc.isenabled()
    assert gc.get_freeze_count() == frozen and gc.isenabled()


def test_a_command_process_leaves_what_it_made_to_the_os_and_its_letter_is_whole(
        demo_new_book, tmp_path):
    # in its own process a command's objects are frozen as it ends (Python's exit collection
    # would free them one by one); the letter it wrote is the letter a caller's main() writes
    # (a guard: both were written before the process ended)
    book = shutil.copyfile(demo_new_book, tmp_path / "book.xlsx")
    words = ["letter", str(book), "--payer", "Summit BlueCare PPO", "--date", "2026-12-01"]
    code = ("import gc, sys\n"
            "import ratecalc_cli.main as m\n"
            f"sys.argv = ['ratecalc', *{words!r}, '--out', {str(tmp_path / 'own.docx')!r}]\n"
            "code = m.main()\n"
            "print(code, len(gc.get_objects()))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    status, unfrozen = out.stdout.strip().splitlines()[-1].split()
    frozen_before = gc.get_freeze_count()
    assert main([*words, "--out", str(tmp_path / "called.docx")]) == 0
    assert gc.get_freeze_count() == frozen_before  # a caller's process is left as it was
    # what the command made, libraries and letter alike, is out of the exit collection's reach
    assert status == "0" and int(unfrozen) < 1_000
    own, called = (package_parts(tmp_path / name) for name in ("own.docx", "called.docx"))
    assert list(own) == list(called)
    assert [name for name in own if own[name] != called[name]] == []


def test_a_letter_process_imports_numpy_and_pandas_before_the_letter_writer(demo_new_book,
                                                                          tmp_path):
    # at the command's shallow call depth (import_first), not at the end of the letter writer's
    # chains of imports, where numpy's import crossed the end of CPython 3.11's first frame
    # chunk some 1,200 times (an mmap and munmap each)
    book = shutil.copyfile(demo_new_book, tmp_path / "book.xlsx")
    words = ["letter", str(book), "--payer", "Summit BlueCare PPO", "--date", "2026-12-01",
             "--out", str(tmp_path / "own.docx")]
    code = (RECORD_IMPORTS
            + "import ratecalc_cli.main as m\n"
            f"sys.argv = ['ratecalc', *{words!r}]\n"
            "code = m.main()\n"
            "print(code, [lib for lib in ('numpy', 'pandas')\n"
            "             if BEGUN.index(lib) > BEGUN.index('ratecalc_letter')])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_under_dev_mode_the_demo_command_leaves_no_file_open(tmp_path):
    # The freeze at the end of a command leaves any output still open in a reference cycle
    # unfinished, and unreported. Under `python -X dev` the exit collection runs instead and
    # reports such a file; the demo writes every kind of output (CSV, JSON, .ics, the workbook,
    # the letter): none may be reported.
    code = ("import gc, sys\n"
            "from ratecalc_cli.main import main\n"
            "sys.argv = ['ratecalc', 'demo', '--out', 'out', '--today', '2026-12-01']\n"
            "code = main()\n"
            "print(code, len(gc.get_objects()) > 10_000)\n")
    out = subprocess.run([sys.executable, "-X", "dev", "-W", "always::ResourceWarning", "-c",
                          code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip().splitlines()[-1] == "0 True"  # ran, and nothing was frozen
    assert "ResourceWarning" not in out.stderr
    assert {p.suffix for p in (tmp_path / "out").iterdir()} >= {".csv", ".json", ".ics",
                                                                 ".xlsx", ".docx"}


def test_run_as_a_module_the_command_is_its_own_process_too():
    # `python -m ratecalc_cli.main` loads the file twice (as __main__ and as ratecalc_cli.main);
    # the commands read the second one's state, so that is the one that must know
    # (said by an exit handler: the command's process ends once they have run)
    code = ("import atexit, runpy, sys\n"
            "atexit.register(lambda: print(sys.modules['ratecalc_cli.main']._OWN_PROCESS))\n"
            "sys.argv = ['ratecalc', 'medicare', '97110', '--locality', 'nowhere']\n"
            "runpy.run_module('ratecalc_cli.main', run_name='__main__')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "True"

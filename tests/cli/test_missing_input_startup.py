"""A command given an input path that does not exist refuses it before it imports its work's
libraries (issue 14), with the words and exit code it gave once they had loaded.

Each command runs as its console script runs it, in a fresh process; the messages are pinned
as the commands gave them before the early check (base 42e4c75).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .test_cli_startup import HEAVY

#: Run in the child: the command as ``ratecalc`` runs it, then which of HEAVY it imported.
CHILD = ("import atexit, sys\n"
         f"atexit.register(lambda: print('LOADED', [m for m in {HEAVY!r} "
         "if sys.modules.get(m) is not None], file=sys.__stdout__, flush=True))\n"
         "sys.argv = ['ratecalc', *sys.argv[1:]]\n"
         "from ratecalc_cli.main import run\n"
         "run()\n")

TABLES = "expected a folder of tables or an .xlsx workbook"
WORKBOOK = "expected an Excel workbook (.xlsx)"
LETTER = "expected the master workbook (.xlsx) or a folder of tables"
CMS = "expected CMS's RVU zip, its https link, or its PPRRVU and GPCI files"
REMITTANCES = "expected an 835 file or a folder of them"
TIC = "expected a Transparency-in-Coverage file (.json, .json.gz) or its http(s) address"

#: (arguments with {p} for the missing path, the message with {p} for it as a Path shows it or
#: {g} as given, exit code): every command with an input path argument.
CASES = [
    (["analyze", "{p}"], "ratecalc analyze: '{p}' does not exist; " + TABLES, 3),
    (["refresh", "{p}"], "ratecalc refresh: '{p}' does not exist; " + WORKBOOK, 3),
    (["letter", "{p}", "--payer", "X"], "ratecalc letter: '{p}' does not exist; " + LETTER, 3),
    (["workbook", "upgrade", "{p}"], "ratecalc workbook: '{p}' does not exist; " + WORKBOOK, 3),
    (["workbook", "export", "{p}", "tables-out"],
     "ratecalc workbook: '{p}' does not exist; " + WORKBOOK, 3),
    (["medicare", "import", "{p}"],
     "ratecalc medicare: CMS release '{p}' does not exist; " + CMS, 3),
    (["import", "remittances", "{p}"],
     "ratecalc import: Remittance path '{p}' does not exist; " + REMITTANCES, 3),
    (["import", "market-rates", "{p}"],
     "ratecalc import: SOURCE '{g}' does not exist; " + TIC, 3),
    # pinned from b8358ac, where each was refused only after its work's libraries had loaded
    (["workbook", "new", "out.xlsx", "--from", "{p}"],
     "ratecalc workbook: '{p}' does not exist; " + TABLES, 3),
    (["import", "fee-schedule", "rates.csv", "--payer", "X", "--workbook", "{p}"],
     "ratecalc import: '{p}' does not exist; " + WORKBOOK + "; create one with: ratecalc "
     "workbook new {p}", 3),
]
IDS = [" ".join(w for w in args if w != "{p}" and not w.startswith("-") and w != "X")
       for args, _, _ in CASES]

#: Ways a path is missing: as given (absolute), relative with ./ (shown as Path shows it), a
#: link to nothing.
PATHS = ["absolute", "relative", "dangling-link"]


def _missing(kind: str, tmp_path: Path) -> tuple[str, str]:
    """The path to give and the path as the message shows it."""
    if kind == "absolute":
        path = str(tmp_path / "no-such" / "input.xlsx")
        return path, path
    if kind == "relative":
        return "./no-such-input.xlsx", "no-such-input.xlsx"
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "gone.xlsx")
    return "link.xlsx", "link.xlsx"


def _run(args: list[str], tmp_path: Path) -> tuple[int, str, list[str]]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "RATECALC_DATA_DIR": str(tmp_path / "no-user-data")}
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    loaded = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    assert loaded, done.stdout + done.stderr
    return done.returncode, done.stderr, eval(loaded[-1][len("LOADED "):])  # noqa: S307


@pytest.mark.parametrize("kind", PATHS)
@pytest.mark.parametrize(("args", "message", "code"), CASES, ids=IDS)
def test_missing_input_words_and_code(args: list[str], message: str, code: int, kind: str,
                                      tmp_path: Path) -> None:
    given, shown = _missing(kind, tmp_path)
    returncode, stderr, _ = _run([a.replace("{p}", given) for a in args], tmp_path)
    assert stderr == message.replace("{p}", shown).replace("{g}", given) + "\n"
    assert returncode == code


@pytest.mark.parametrize(("args", "message", "code"), CASES, ids=IDS)
def test_missing_input_refused_before_libraries(args: list[str], message: str, code: int,
                                                tmp_path: Path) -> None:
    given, _ = _missing("absolute", tmp_path)
    returncode, _, loaded = _run([a.replace("{p}", given) for a in args], tmp_path)
    assert returncode == code
    assert loaded == []

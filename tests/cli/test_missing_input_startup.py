"""A command given an input path that does not exist refuses it before it imports its work's
libraries (issue 14), with the words and exit code it gave once they had loaded.

Each command runs as its console script runs it, in a fresh process; the messages are pinned
as the commands gave them before the early check (base 42e4c75).
"""

from __future__ import annotations

import shutil
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
TEMPLATE = "expected a Word document (.docx or .dotx)"
CSV = "expected a CSV file"
TABLE_FILE = "expected a .csv or .xlsx file"
PROVIDERS = ("expected the table 'ratecalc market-rates providers NPPES.zip --out TABLE' "
             "makes")

#: (arguments with {p} for the missing path, the message with {p} for it as a Path shows it or
#: {g} as given, exit code): every command with an input path argument.
CASES = [
    (["analyze", "{p}"], "ratecalc analyze: '{p}' does not exist; " + TABLES, 3),
    (["refresh", "{p}"], "ratecalc refresh: '{p}' does not exist; " + WORKBOOK, 3),
    (["letter", "{p}", "--payer", "X"], "ratecalc letter: '{p}' does not exist; " + LETTER, 3),
    (["workbook", "upgrade", "{p}"],
     "ratecalc workbook upgrade: '{p}' does not exist; " + WORKBOOK, 3),
    (["workbook", "export", "{p}", "tables-out"],
     "ratecalc workbook export: '{p}' does not exist; " + WORKBOOK, 3),
    (["medicare", "import", "{p}"],
     "ratecalc medicare import: CMS release '{p}' does not exist; " + CMS, 3),
    (["import", "remittances", "{p}"],
     "ratecalc import remittances: Remittance path '{p}' does not exist; " + REMITTANCES, 3),
    (["import", "market-rates", "{p}"],
     "ratecalc import market-rates: SOURCE '{g}' does not exist; " + TIC, 3),
    # pinned from b8358ac, where each was refused only after its work's libraries had loaded
    (["workbook", "new", "out.xlsx", "--from", "{p}"],
     "ratecalc workbook new: '{p}' does not exist; " + TABLES, 3),
    (["import", "fee-schedule", "rates.csv", "--payer", "X", "--workbook", "{p}"],
     "ratecalc import fee-schedule: '{p}' does not exist; " + WORKBOOK + "; create one "
     "with: ratecalc workbook new {p}", 3),
    # pinned from 64cdee6 (the demo workbook as book.xlsx, payer Summit BlueCare PPO), where
    # each was refused only after the work had read the inputs before it
    (["letter", "book.xlsx", "--payer", "Summit BlueCare PPO", "--template", "{p}"],
     "ratecalc letter: template '{p}' does not exist; " + TEMPLATE, 3),
    (["letter", "book.xlsx", "--payer", "Summit BlueCare PPO", "--kind", "counter",
      "--offer", "{p}.csv"], "ratecalc letter: '{p}.csv' does not exist; " + CSV, 3),
    (["import", "fee-schedule", "{p}.csv", "--payer", "Summit BlueCare PPO", "--workbook",
      "book.xlsx"], "ratecalc import fee-schedule: '{p}.csv' does not exist; " + CSV, 3),
    (["import", "fee-schedule", "{p}", "--payer", "Summit BlueCare PPO", "--workbook",
      "book.xlsx"], "ratecalc import fee-schedule: '{p}' does not exist; " + WORKBOOK, 3),
    (["import", "market-rates", "rates.json", "--region", "78701", "--providers", "{p}"],
     "ratecalc import market-rates: providers table '{p}' does not exist; " + PROVIDERS, 3),
    (["import", "market-rates", "rates.json", "--workbook", "{p}"],
     "ratecalc import market-rates: '{p}' does not exist; " + WORKBOOK, 3),
    # the same refusal as the others where the work's differed: an offer .xlsx was "Offer
    # 'x.xlsx': does not exist; ..." with exit 1 (a problem of a table read), a .csv exit 3;
    # a fee schedule of another suffix named its file without the folder given
    (["letter", "book.xlsx", "--payer", "Summit BlueCare PPO", "--kind", "counter",
      "--offer", "{p}"], "ratecalc letter: '{p}' does not exist; " + WORKBOOK, 3),
    (["import", "fee-schedule", "{p}.pdf", "--payer", "Summit BlueCare PPO", "--workbook",
      "book.xlsx"], "ratecalc import fee-schedule: '{p}.pdf' does not exist; " + TABLE_FILE, 3),
    # the suffix told as the table reader tells it (loaders.read_grid): any case, .txt as CSV
    (["import", "fee-schedule", "{p}.TXT", "--payer", "Summit BlueCare PPO", "--workbook",
      "book.xlsx"], "ratecalc import fee-schedule: '{p}.TXT' does not exist; " + CSV, 3),
    (["letter", "book.xlsx", "--payer", "Summit BlueCare PPO", "--kind", "counter",
      "--offer", "{p}.XLSM"], "ratecalc letter: '{p}.XLSM' does not exist; " + WORKBOOK, 3),
]
IDS = [" ".join(w for w in args if w != "{p}" and not w.startswith("-") and w != "X")
       for args, _, _ in CASES[:10]] + [
    "letter --template", "letter --offer csv", "import fee-schedule csv",
    "import fee-schedule xlsx", "import market-rates --providers",
    "import market-rates --workbook", "letter --offer xlsx", "import fee-schedule pdf",
    "import fee-schedule TXT", "letter --offer XLSM"]

#: The demo workbook (tests/cli/conftest.py's), for the commands that read one first.
_DEMO_BOOK: list[Path] = []


@pytest.fixture(autouse=True)
def _demo_book(demo_workbook: Path) -> None:
    _DEMO_BOOK[:] = [demo_workbook]


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
    if "book.xlsx" in args:  # the inputs read before the one missing
        shutil.copyfile(_DEMO_BOOK[0], tmp_path / "book.xlsx")
    if "rates.json" in args:
        (tmp_path / "rates.json").write_text('{"reporting_entity_name": "X", "in_network": []}',
                                             encoding="utf-8")
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


@pytest.mark.parametrize(("args", "said"), [
    # each option alone is refused by the work before it reads the table
    (["import", "market-rates", "rates.json", "--providers", "{p}"],
     "ratecalc import market-rates: --providers is used with --region\n"),
    # an output naming an input is refused before any input is read
    (["import", "market-rates", "rates.json", "--out", "rates.json", "--workbook", "{p}"],
     "ratecalc import market-rates: --out 'rates.json' is also an input ('rates.json'): "
     "RateCalc never writes over what it reads. Choose another file name.\n"),
    (["letter", "book.xlsx", "--payer", "Summit BlueCare PPO", "--offer", "{p}"],
     "ratecalc letter: --offer is for --kind counter\n"),
], ids=["providers without region", "out over an input", "offer without counter"])
def test_what_the_work_refuses_first_is_still_said_first(args: list[str], said: str,
                                                         tmp_path: Path) -> None:
    """The early refusal of a missing path stands back wherever the work refuses something
    else before it reads that path (exit 3 from the work, as before)."""
    given, _ = _missing("absolute", tmp_path)
    returncode, stderr, _ = _run([a.replace("{p}", given) for a in args], tmp_path)
    assert (returncode, stderr) == (3, said)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(("args", "message", "code"), CASES, ids=IDS)
def test_a_path_that_is_no_file_refused_before_libraries(args: list[str], message: str,
                                                        code: int, tmp_path: Path) -> None:
    """A named pipe where a file is read is refused as early as a missing path, in the words
    the work gave (tests/cli/test_input_option_kinds.py): `letter --template` worked out the
    whole letter first."""
    import os

    given = [a.replace("{p}", str(tmp_path / "pipe")) for a in args]
    [path] = [a for a, raw in zip(given, args, strict=True) if "{p}" in raw]
    os.mkfifo(path)
    returncode, stderr, loaded = _run(given, tmp_path)
    assert (returncode, loaded) == (code, [])
    assert f"'{path}' is a named pipe (FIFO), not a file; expected" in stderr

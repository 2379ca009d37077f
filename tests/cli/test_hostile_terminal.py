"""Text from data is shown on a terminal, never obeyed (``ratecalc.terminal_text``).

A payer name (an 835's N1*PR, a table's or a workbook's cell), a TiC plan name, a file or
folder name can hold what a terminal obeys: ESC sequences (colour, cursor moves, clearing the
screen, OSC 8 links, OSC 52 clipboard writes), a carriage return or backspace printing over a
figure, a bidi override reversing one. Each command is run on such text and the bytes it prints,
stdout and stderr, are checked: none of those characters, and the text there, escaped.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.terminal_text import UNSAFE_ON_TERMINAL, terminal_text
from ratecalc_cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data"
#: What a terminal obeys, one of each kind: C0 (ESC, CR, BS, BEL), DEL, C1 (CSI U+009B, OSC
#: U+009D), the bidi controls, the line separators.
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
#: A payer name as a table, a workbook or a TiC file can hold it (XML 1.0 and the readers take
#: CR, the C1 controls and the bidi controls; they refuse ESC and BS): '$1,299' reversed, a
#: carriage return over the line, an 8-bit CSI.
NAME = "Summit \u202e992,1$\u202c BlueCare\rPAID $0.00\x9b2J"
NAME_SHOWN = "Summit \\u202e992,1$\\u202c BlueCare\\x0dPAID $0.00\\x9b2J"
CR_SHOWN = "\\x0d"
#: A file or folder name: any character but '/' and NUL.
PATH_PART = "d\x1b[31m\x1b]52;c;ZXZpbA==\x07\x1b]8;;https:x.invalid\x1b\\\u202e\x08\r"


@pytest.mark.parametrize(("text", "shown"), [
    ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),  # clear the screen, cursor home
    ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),  # OSC 52: write the clipboard
    ("\x1b]8;;http://x.invalid\x1b\\link", "\\x1b]8;;http://x.invalid\\x1b\\link"),  # OSC 8
    ("$1,299.00\r$9", "$1,299.00\\x0d$9"),
    ("$1,299.00\x08\x08\x08\x0899", "$1,299.00\\x08\\x08\\x08\\x0899"),
    ("\u202e00.992,1$", "\\u202e00.992,1$"),
    ("\u2066a\u2069\u200f\u061c", "\\u2066a\\u2069\\u200f\\u061c"),
    ("\x9b31m\x9d0;t\x9c\x85\x7f", "\\x9b31m\\x9d0;t\\x9c\\x85\\x7f"),
    ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
    ("\udcff.835", "\\udcff.835"),  # a file name's byte that is not UTF-8
])
def test_what_a_terminal_obeys_is_escaped(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


@pytest.mark.parametrize("text", [
    "Caf\u00e9 M\u00fcller Sa\u00fade", "\u7f8e\u56fd\u5065\u5eb7\u4fdd\u9669",
    "\u0635\u062d\u0629",  # right-to-left letters: the terminal orders them, no control does
    "\u00c5ngstr\u00f6m \u00a9 \u00ae \u20ac", "e\u0301", "tab\there\nnext line", "\U0001f3e5",
])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert terminal_text(text) == text


@given(st.text())
def test_nothing_obeyed_survives_and_the_rest_is_kept(text: str) -> None:
    shown = terminal_text(text)
    assert UNSAFE_ON_TERMINAL.search(shown) is None and OBEYED.search(shown) is None
    # each escape read back gives the text (unless the text had backslashes of its own)
    back = re.sub(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4}))",
                  lambda found: chr(int(found.group(1) or found.group(2), 16)), shown)
    assert back == text or "\\" in text


def run(argv: list[str]) -> tuple[int, str, str]:
    """``ratecalc argv`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's exit
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def obeyed_in(*printed: str) -> list[str]:
    return [f"{found.group()!r} in {text[max(0, found.start() - 30):found.end() + 30]!r}"
            for text in printed for found in OBEYED.finditer(text)]


def renamed_demo(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "demo")), folder)
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            rows = [[cell.replace("Summit BlueCare PPO", name) for cell in row]
                    for row in csv.reader(f)]
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return folder


def test_analyze_prints_a_payer_name_inertly(tmp_path: Path) -> None:
    folder = renamed_demo(tmp_path, NAME)
    code, out, err = run(["analyze", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err
    assert obeyed_in(out, err) == []
    # the payer ranked first, its figures after it; its carriage return a line break, shown
    # on one line as a space as in every list (ratecalc.shown_text.one_line)
    assert f"1. {NAME_SHOWN.replace(CR_SHOWN, ' ')}: $" in out
    # --json: valid JSON (every such character a \u escape), the name exactly as it was
    code, out, err = run(["analyze", str(folder), "--out", str(tmp_path / "out2"), "--json"])
    assert code == 0 and obeyed_in(out, err) == []
    assert json.loads(out)["priorities"][0]["payer"] == NAME


def test_import_remittances_prints_an_835_payer_inertly(tmp_path: Path) -> None:
    text = (DATA / "x12_835" / "linuxforhealth_x12" / "managed-care.835").read_text()
    assert "N1*PR*RUSHMORE LIFE~" in text
    source = tmp_path / "payer.835"
    source.write_text(text.replace("N1*PR*RUSHMORE LIFE~",
                                   "N1*PR*RUSHMORE \u202e992,1$\u202c\x1b[2J\x08LIFE~"))
    code, out, err = run(["import", "remittances", str(source)])
    assert code == 0, err
    assert obeyed_in(out, err) == []
    assert "RUSHMORE \\u202e992,1$\\u202c" in out  # the ESC and BS: U+FFFD from the reader
    code, out, err = run(["import", "remittances", str(source), "--json"])
    assert code == 0 and obeyed_in(out, err) == []
    assert "RUSHMORE \u202e992,1$\u202c" in json.dumps(json.loads(out), ensure_ascii=False)


def test_import_market_rates_prints_a_plan_name_inertly(tmp_path: Path) -> None:
    sample = (DATA / "tic" / "cms_examples"
              / "in-network-rates-fee-for-service-single-plan-sample.json")
    document = json.loads(sample.read_text())
    document["plan_name"] = "Plan \x1b[31mA\x1b[0m \u202e99.21$\r"
    document["reporting_entity_name"] = "ACME \x1b]8;;http://x.invalid\x1b\\click\x1b]8;;\x1b\\"
    source = tmp_path / f"rates{PATH_PART.replace(chr(8), '')}.json"
    source.write_text(json.dumps(document))
    code, out, err = run(["import", "market-rates", str(source), "--codes", "27447"])
    assert code == 0, err
    assert obeyed_in(out, err) == []
    # the plan name's CR is a line break: one space, as in every line naming it (review-h7)
    assert "Plan \\x1b[31mA\\x1b[0m \\u202e99.21$ )" in out
    assert "ACME \\x1b]8;;http://x.invalid\\x1b\\click" in out


def test_demo_prints_a_folder_name_inertly(tmp_path: Path) -> None:
    out_folder = tmp_path / PATH_PART
    code, out, err = run(["demo", "--out", str(out_folder), "--today", "2026-12-07"])
    assert code == 0, err
    assert obeyed_in(out, err) == []
    assert f"Wrote the demo workbook, refreshed: {terminal_text(str(out_folder))}" in out


@pytest.mark.parametrize("argv", [
    ["analyze", "{p}"],
    ["refresh", "{p}"],
    ["letter", "{p}", "--payer", "X"],
    ["workbook", "upgrade", "{p}"],
    ["workbook", "export", "{p}", "tables-out"],
    ["medicare", "import", "{p}"],
    ["import", "remittances", "{p}"],
    ["import", "market-rates", "{p}"],
    ["import", "fee-schedule", "{p}", "--payer", "X", "--workbook", "{p}"],
    ["workbook", "new", "out.xlsx", "--from", "{p}"],
    ["analyze", "{p}", "--no-such-option", "{p}"],  # argparse's error quotes the words
    ["timeline", "--end", "{p}"],
    ["exit-impact", "--annual-visits", "{p}", "--rate-per-visit", "10"],
], ids=lambda argv: " ".join(w for w in argv if w != "{p}"))
def test_an_error_quoting_an_argument_prints_it_inertly(argv: list[str], tmp_path: Path) -> None:
    given = str(tmp_path / PATH_PART)
    code, out, err = run([given if word == "{p}" else word for word in argv])
    assert code in (2, 3), err
    assert obeyed_in(out, err) == []
    assert "\\x1b[31m" in err or "\\\\x1b[31m" in err  # the argument is named in the error


def test_letter_prints_an_unknown_payer_inertly(demo_workbook: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    shutil.copy(demo_workbook, book)
    code, out, err = run(["letter", str(book), "--payer", "Zed\x1b[2J\u202e\r"])
    assert code == 3
    assert obeyed_in(out, err) == []
    assert "Zed\\x1b[2J" in err


def test_a_progress_bar_names_a_file_inertly(capsys: pytest.CaptureFixture) -> None:
    """A progress bar writes its own carriage returns and cursor moves to the stream beneath the
    filter; the file name in its label is escaped."""
    from ratecalc_cli.import_market_rates import ProgressBoard

    board = ProgressBoard([f"rates{PATH_PART}.json"], delay=0)
    board("start", 0, "reading", 1000)
    board("bytes", 0, "reading", 500)
    board("done", 0, "reading", 0)
    board.close()
    err = capsys.readouterr().err
    assert "rates" in err and "\\x1b[31m" in err and "\\x1b]52" in err  # cut at 40 characters
    assert "\x1b[31m" not in err and "\x1b]52" not in err and "\u202e" not in err


def test_a_program_calling_main_keeps_its_streams() -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        import sys

        before = sys.stdout, sys.stderr
        assert main(["timeline", "--end", "2030-06-30", "--as-of", "2026-12-06"]) == 0
        assert (sys.stdout, sys.stderr) == before
        print("\x1b[1mthe program's own text\x1b[0m")
    assert "\x1b[1mthe program's own text\x1b[0m" in out.getvalue()  # not the filter's
    assert "Notice deadline" in out.getvalue()


def test_import_fee_schedule_prints_a_sheet_name_inertly(demo_workbook: Path,
                                                         tmp_path: Path) -> None:
    from openpyxl import Workbook

    fees = Workbook()
    fees.active.title = "Rat\u202ees\x85x"  # a sheet name holds what XML holds
    fees.active.append(["Code", "Allowed"])
    fees.active.append(["97110", "31.50"])
    fees.save(tmp_path / "fees.xlsx")
    book = tmp_path / "book.xlsx"
    shutil.copy(demo_workbook, book)
    code, out, err = run(["import", "fee-schedule", str(tmp_path / "fees.xlsx"), "--payer",
                          "Summit BlueCare PPO", "--workbook", str(book)])
    assert code != 0
    assert obeyed_in(out, err) == []
    assert "sheet 'Rat\\u202ees\\x85x'" in out + err

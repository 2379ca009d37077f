"""Hostile text for the output tests (issue 12): strings a spreadsheet would run as formulas.

Each one is data that RateCalc must write as text: in a CSV or .ics cell with a leading quote,
in an .xlsx cell as a string cell (never ``data_type 'f'``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from openpyxl import load_workbook

#: OWASP's CSV-injection triggers: = + - @ and a leading tab or carriage return.
INJECTIONS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/x","Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
#: The same, as a payer or clinic name can hold them after a reader strips whitespace.
NAMES = tuple(text.strip() for text in INJECTIONS)
#: A piece of every injection, to find where one landed.
MARKERS = ("cmd|", "HYPERLINK", "SUM(1+1)", "=1+1")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and "e" not in text.lower() and "n" not in text.lower()


def csv_cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


#: The same signs in forms that Unicode's compatibility folding (NFKC) makes them: full-width
#: (typed by Japanese and Chinese input methods), small and superscript.
WIDE_INJECTIONS = ('\uff1dHYPERLINK("http://example.invalid/x","Click")', "\uff0bcmd|' /C calc'!A0",
                   "\uff0d2+3", "\uff20SUM(1+1)", "\ufe66cmd|x", "\u207c1+1")
#: Blanks a program may trim, or a reader never see, in front of a formula.
HIDDEN_BLANKS = ("\u00a0", "\u3000", "\n", "\u200b", "\u2060", "\u200e", "\u2007", "\x0b")


def looks_like_formula(cell: str) -> bool:
    """Whether a spreadsheet could run ``cell`` as a formula: a trigger after leading spaces,
    or a formula sign in any compatibility form after any leading blanks (whitespace or an
    invisible format character); a plain ASCII number is not one."""
    if cell.lstrip(" ").startswith(("\t", "\r")):
        return True
    folded = unicodedata.normalize("NFKC", cell)
    shown = re.sub(_BLANKS, "", folded)
    # the number exemption on the text behind the blanks as typed, not folded: "\u00a0-20" is a
    # number behind a no-break space (never quoted), "\uff0d20" a full-width sign (quoted)
    typed = re.sub(_BLANKS, "", cell)
    return shown[:1] in ("=", "+", "-", "@") and not (
        typed.isascii() and is_plain_number(typed.strip()))


_BLANKS = r"^[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+"


def unsafe_csv_cells(path: Path) -> list[str]:
    """Cells of a CSV file that a spreadsheet would run as a formula."""
    with path.open(newline="", encoding="utf-8") as handle:
        # leading blanks too: some programs trim them before they look for a formula
        return [cell for row in csv.reader(handle) for cell in row if looks_like_formula(cell)]


def unsafe_ics_values(path: Path) -> list[str]:
    """Text property values of an .ics file (unfolded) that start like a formula."""
    text = path.read_bytes().decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    found = []
    for line in text.split("\r\n"):
        name, _, value = line.partition(":")
        if name.split(";")[0] in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "LOCATION") \
                and looks_like_formula(value):
            found.append(line)
    return found


def data_formulas(path: Path, markers: tuple[str, ...] = MARKERS) -> list[str]:
    """Formula cells of a workbook whose text holds one of the injected markers."""
    wb = load_workbook(path)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and any(m in str(cell.value) for m in markers):
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return found


def text_cells_with(path: Path, marker: str) -> list[str]:
    """String cells of a workbook holding ``marker`` (to prove the data did arrive)."""
    wb = load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "s" and isinstance(c.value, str) and marker in c.value]


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Run ``ratecalc argv`` in this process, output captured; (exit code, stderr).

    Exit code 4 is the guard catching a defect: the traceback it logged is returned with it.
    """
    import contextlib
    import io
    import re

    from ratecalc_cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    text = err.getvalue()
    if code == 4:
        found = re.search(r"details are in (\S+\.log)", text)
        if found:
            log = Path(found.group(1))
            text += "\n" + log.read_text(encoding="utf-8")
            log.unlink()
    return code, text

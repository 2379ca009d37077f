"""Each timing warning on the printed Timeline takes no more than a line of its column.

The demo's warnings ran to four lines for Summit BlueCare's three warnings ("no proposal sent
on the Negotiation Log: it was due 2026-11-02 (33 days ago)"; "no follow-up left before the
decision: decide by 2026-12-16") and to two for Cardinal's one, each row of the Timeline two
to four lines high. Read from the demo workbook LibreOffice prints (``printed`` in
conftest.py): the lines printed in the "Timing warning" column below each payer's row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ratecalc_workbook import layout
from tests.workbook.libreoffice import SOFFICE

pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def _lines(chars: list[dict[str, Any]]) -> dict[int, str]:
    """The characters' printed lines, by their top [points], each line's text."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        if c["upright"] and c["text"].strip():
            lines.setdefault(round(c["top"]), []).append(c)
    return {top: "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))
            for top, line in sorted(lines.items())}


def warning_lines(page: dict[str, Any]) -> dict[str, int]:
    """Payer -> how many lines its row prints in the "Timing warning" column of ``page``
    (:func:`tests.workbook.conftest.read_pages`), for the rows that print a warning."""
    chars = page["chars"]
    head_top = next(top for top, text in _lines([c for c in chars if c["top"] < 120]).items()
                    if "Timingwarning" in text)
    head = sorted((c for c in chars if round(c["top"]) == head_top and c["text"].strip()),
                  key=lambda c: c["x0"])
    text = "".join(c["text"] for c in head)
    product, timing, notes = (head[text.index(word)]["x0"]
                              for word in ("Product", "Timingwarning", "Notes"))
    footer = max(c["top"] for c in chars) - 2  # the sheet's name and the page number
    body = [c for c in chars if head_top + 12 < c["top"] < footer]
    payers = _lines([c for c in body if c["x0"] < product - 2])
    warned = _lines([c for c in body if timing - 2 <= c["x0"] < notes - 2])
    counts: dict[str, int] = {}
    for top in warned:
        row = max(t for t in payers if t <= top + 1)
        counts[payers[row]] = counts.get(payers[row], 0) + 1
    return counts


def test_each_timing_warning_prints_on_one_line(printed: dict[str, tuple[Path, Path]],
                                                printed_pages: dict[str, list[dict]]) -> None:
    book, _ = printed["demo"]
    ws = load_workbook(book)[layout.TIMELINE]
    spec = layout.TIMELINE_TABLE
    warnings = {}
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer, note = (ws.cell(row=row, column=spec.col(k)).value for k in ("payer", "note"))
        if payer and note:
            warnings["".join(str(payer).split())] = len(" ".join(str(note).split()).split("; "))
    assert sum(warnings.values()) >= 3, warnings  # a near deadline, a proposal due, no follow-up
    pages = [p for p in printed_pages["demo"] if p["text"].splitlines()[-1].startswith(
        layout.TIMELINE) and "Timing warning" in p["text"]]
    assert len(pages) == 1
    printed_lines = warning_lines(pages[0])
    assert set(printed_lines) == set(warnings)
    for payer, parts in warnings.items():
        assert printed_lines[payer] <= parts, (
            f"{payer}'s {parts} timing warning(s) print on {printed_lines[payer]} lines")

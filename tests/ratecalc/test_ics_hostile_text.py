"""Text from data in an .ics file: RFC 5545 TEXT, whatever the payer or clinic is named.

RFC 5545 section 3.3.11: a TEXT value holds no control character but tab (a line break is
written ``\\n``); section 3.1: a line is folded at 75 octets, never inside a UTF-8 character.
"""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.ics import CalendarEvent, calendar_bytes
from ratecalc_cli.main import main

STAMP = datetime(2026, 12, 6, tzinfo=UTC)
HOSTILE = "Summit \x1b[2J\x1b]52;c;ZXZpbA==\x07\x08\x0c\x7f\r\nBlueCare"


def lines_of(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def calendar(text: str) -> bytes:
    return calendar_bytes([CalendarEvent("u1@ratecalc", date(2027, 3, 31), text, text, (14,))],
                          name=text, stamp=STAMP)


@pytest.mark.parametrize("text", [HOSTILE, "a\nb", "\x0c\n", "Riverbend\nPhysical Therapy"])
def test_no_control_character_reaches_the_file(text: str) -> None:
    data = calendar(text)
    controls = [line for line in lines_of(data) if any(b < 0x20 and b != 0x09 or b == 0x7f
                                                        for b in line)]
    assert controls == []
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert ("BlueCare" in unfolded) == ("BlueCare" in text)  # the text is there, but them
    for name in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
        assert any(line.startswith(name + ":") for line in unfolded.split("\r\n")), name


@pytest.mark.parametrize("text", [
    "\u7f8e\u56fd\u5065\u5eb7\u4fdd\u9669" * 30,  # 3 octets a character
    "Caf\u00e9 \u00e9" * 40,  # 1 and 2
    "a" + "\U0001f3e5" * 60,  # 4, starting off the boundary
    "x\u0301" * 80,
])
def test_lines_fold_at_75_octets_between_characters(text: str) -> None:
    data = calendar(text)
    for line in lines_of(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # each line whole UTF-8: no character split by a fold
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert f"SUMMARY:{text}\r\n" in unfolded


def test_a_clinic_name_with_a_line_break_writes_the_calendar(tmp_path: Path) -> None:
    # a clinic typed with Alt+Enter in its cell: the calendar's name was written unescaped,
    # which icalendar refused, and analyze stopped with an internal error (exit 4)
    folder = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "demo")), folder)
    clinic = folder / "clinic.csv"
    with clinic.open(encoding="utf-8", newline="") as f:
        rows = [[cell.replace("Riverbend Physical", "Riverbend\nPhysical") for cell in row]
                for row in csv.reader(f)]
    with clinic.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) == 0
    data = (tmp_path / "out" / "renewals.ics").read_bytes()
    # on one line, as the letter and every list name it (ratecalc.shown_text.one_line)
    assert b"X-WR-CALNAME:Riverbend Physical Therapy" in data.replace(b"\r\n ", b"")


@pytest.mark.parametrize(("text", "written"), [
    # each control a U+FFFD where it stood (RFC 5545 TEXT holds none); CR LF a line break in a
    # name, shown on one line as a space (ratecalc.shown_text.one_line); ';' escaped: worked out
    # by hand from sections 3.3.11 and the module's rule
    (HOSTILE, "Summit \ufffd[2J\ufffd]52\\;c\\;ZXZpbA==\ufffd\ufffd\ufffd\ufffd BlueCare"),
    ("a\rb", "a b"),
    ("Pay\x00er\x1f", "Pay\ufffder\ufffd"),
])
def test_each_control_is_replaced_where_it_stood(text: str, written: str) -> None:
    unfolded = calendar(text).replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    for name in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
        assert f"{name}:{written}" in unfolded, name

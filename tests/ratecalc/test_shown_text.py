"""Names from data shown on one line, and written into documents without what reorders or
hides text (:mod:`ratecalc.shown_text`)."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.ics import CalendarEvent, calendar_bytes
from ratecalc.shown_text import HIDDEN, document_text, one_line
from ratecalc.terminal_text import terminal_text

#: Each line break, CRLF as one.
BREAKS = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("line_break", BREAKS)
def test_a_line_break_in_a_name_is_one_space(line_break: str) -> None:
    assert one_line(f"Summit{line_break}BlueCare PPO") == "Summit BlueCare PPO"
    assert one_line(f"Summit {line_break}{line_break}\t BlueCare") == "Summit BlueCare"
    assert one_line(f"{line_break}Summit BlueCare{line_break} ") == "Summit BlueCare"


@pytest.mark.parametrize("text", ["Summit BlueCare PPO", "  indented", "Acme\tPPO",
                                  "Caf\u00e9 \u7f8e\u56fd \u0635\u062d\u0629", ""])
def test_a_name_without_a_line_break_is_left_as_it_is(text: str) -> None:
    assert one_line(text) == text


@given(st.text())
def test_one_line_is_one_line_on_a_terminal_and_in_a_document(text: str) -> None:
    """Whatever else str.splitlines breaks at (a vertical tab, a form feed) is a control
    character, escaped on a terminal and U+FFFD in a document."""
    assert len(terminal_text(one_line(text)).splitlines()) <= 1
    assert len(document_text(text).splitlines()) <= 1


def test_every_invisible_format_character_but_the_joiners_is_hidden() -> None:
    """The bidi controls and every other format character (Cf) of this Python's Unicode, but
    the zero-width non-joiner and joiner that Persian and Indic names are spelled with, and the
    prepended concatenation marks, which are seen (review-h7: the Arabic number sign)."""
    format_characters = [c for c in map(chr, range(sys.maxunicode + 1))
                         if unicodedata.category(c) == "Cf"]
    assert len(format_characters) > 150
    kept = [c for c in format_characters if HIDDEN.fullmatch(c) is None]
    assert kept == [*"\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2",
                    "\u200c", "\u200d", "\U000110bd", "\U000110cd"]
    assert {unicodedata.name(c).split()[0] for c in kept[:11] + kept[13:]} \
        == {"ARABIC", "SYRIAC", "KAITHI"}
    assert HIDDEN.search("Summit BlueCare PPO \u00e9\u0301 \u0635\u062d\u0629 $1,299") is None


@pytest.mark.parametrize(("text", "shown"), [
    ("Summit \u202e992,1$\u202c BlueCare", "Summit 992,1$ BlueCare"),
    ("\u2066Summit\u2069\u200f\u061c\u200e PPO", "Summit PPO"),
    ("Blue\u200bCare\ufeff\u00ad\u2060", "BlueCare"),
    ("Summit\u202a\u202b\u202d BlueCare", "Summit BlueCare"),
    ("Hidden\ufff9shown\ufffaannotation\ufffb", "Hiddenshownannotation"),
    ("Tag\U000e0041\U000e0042", "Tag"),
    ("Summit\nBlueCare\u2028PPO", "Summit BlueCare PPO"),
    ("Bad\x01\x1f\ufffe\udcff byte", "Bad\ufffd\ufffd\ufffd\ufffd byte"),
    ("Form\x0cfeed\x0b", "Form\ufffdfeed\ufffd"),
    ("Mi\u200cdoon \U0001f468\u200d\U0001f469", "Mi\u200cdoon \U0001f468\u200d\U0001f469"),
])
def test_document_text(text: str, shown: str) -> None:
    assert document_text(text) == shown


def test_a_calendar_names_a_payer_on_one_line_and_in_order() -> None:
    """A payer named with a bidi override and a line break: the event's title read
    'NOTICE DEADLINE: Summit ' then the rest reversed, and (icalendar writes a line break as
    \\n) on two lines in the calendar."""
    event = CalendarEvent("x@ratecalc", date(2026, 12, 31),
                          "NOTICE DEADLINE: Summit\n\u202eBlueCare\u2028PPO",
                          "Last day for \u2066notice\u2069.")
    ics = calendar_bytes([event], name="Riverbend\u202e PT\r\n",
                         stamp=datetime(2026, 12, 6, tzinfo=UTC)).decode()
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:NOTICE DEADLINE: Summit BlueCare PPO\r\n" in unfolded
    assert "DESCRIPTION:Last day for notice.\r\n" in unfolded
    assert "X-WR-CALNAME:Riverbend PT\r\n" in unfolded
    assert HIDDEN.search(ics) is None and "\\n" not in ics and "\u2028" not in ics


@pytest.mark.parametrize("name", [
    "Riverbend \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Health",
    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f Physio",
    "\u0628\u0648\u0628\u0627 \u0600\u0661\u0662\u0663",
    "\u0645\u0635\u0631 \u0890\u0661\u0660",
    "\u0622\u064a\u0629 \u06dd\u0661",
])
def test_a_name_with_a_subdivision_flag_or_a_number_mark_is_written_as_it_is(name: str) -> None:
    """Format characters that are seen (review-h7): the tag letters of the flag of Scotland or
    England (without them the flag is a black one) and the Arabic marks drawn over the digits
    after them (the number sign, the Egyptian pound mark) were removed from the letter."""
    assert document_text(name) == name


@pytest.mark.parametrize(("text", "shown"), [
    ("Tag\U000e0067\U000e0062\U000e007f", "Tag"),
    ("\U0001f3f4\U000e0041\U000e0042\U000e007f", "\U0001f3f4"),
    ("\U0001f3f4" + "\U000e0061" * 40 + "\U000e007f", "\U0001f3f4"),
])
def test_tags_that_are_no_flag_are_hidden(text: str, shown: str) -> None:
    assert document_text(text) == shown

"""iCalendar (RFC 5545) export: all-day events that calendar programs import.

Writing uses the ``icalendar`` library rather than hand-written text: RFC 5545's escaping of
commas, semicolons and newlines, its 75-octet line folding that must not split a UTF-8 character,
CRLF line ends and typed values (``VALUE=DATE``, ``TRIGGER:-P14D``) are easy to get subtly wrong,
and ``icalendar`` is the field-standard, actively maintained implementation (the standard library
has none). It is used only here, for export.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ratecalc import __version__
from ratecalc.atomic import atomic_write
from ratecalc.cell_text import neutralize
from ratecalc.errors import InputError
from ratecalc.shown_text import document_text

PRODID = f"-//RateCalc//RateCalc {__version__}//EN"
#: Control characters RFC 5545's TEXT cannot hold (its TSAFE-CHAR leaves out every CONTROL but
#: tab): ``icalendar`` writes a line break as ``\n`` and passes the rest as they are, so a payer
#: named with an ESC sequence (``timeline --payer``) went into the file raw, an escape sequence
#: for whoever printed it. Each becomes U+FFFD, as in a workbook cell
#: (``ratecalc_workbook.cells``); a carriage return is a line break, which icalendar escapes.
_NOT_CALENDAR_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event.

    Attributes
    ----------
    uid : str
        Globally unique and stable across exports, so a re-import updates the event.
    day : datetime.date
    summary : str
        Title.
    description : str
    alarm_days : tuple of int
        Reminders this many days before the event.
    """

    uid: str
    day: date
    summary: str
    description: str = ""
    alarm_days: tuple[int, ...] = field(default=())


def calendar_bytes(events: Iterable[CalendarEvent], *, name: str = "RateCalc renewals",
                   stamp: datetime | None = None) -> bytes:
    """The events as an iCalendar file's bytes (UTF-8, CRLF line ends).

    Parameters
    ----------
    events : iterable of CalendarEvent
    name : str
        Calendar name shown by programs that read ``X-WR-CALNAME``.
    stamp : datetime.datetime, optional
        ``DTSTAMP`` of every event (UTC); now by default. Fixed in tests for repeatable output.
    """
    when = (stamp or datetime.now(UTC)).astimezone(UTC)
    import icalendar  # here: analyses and refreshes that write no calendar never load it

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # Calendar files are opened in spreadsheets too: text from data is neutralized as in CSV.
    # An X- property is not known to icalendar as text, so it was not escaped: a clinic named
    # with a line break (Alt+Enter in its cell) stopped analyze with an internal error.
    cal.add("x-wr-calname", icalendar.vText(_calendar_text(name)))
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", when)
        item.add("dtstart", event.day)
        item.add("dtend", event.day + timedelta(days=1))  # DTEND of an all-day event is exclusive
        item.add("summary", _calendar_text(event.summary))
        if event.description:
            item.add("description", _calendar_text(event.description))
        item.add("transp", "TRANSPARENT")  # a reminder, not a busy block
        for days in event.alarm_days:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _calendar_text(event.summary))
            alarm.add("trigger", timedelta(days=-days))
            item.add_component(alarm)
        cal.add_component(item)
    return cal.to_ical()


def _calendar_text(text: str) -> str:
    """``text`` as an iCalendar TEXT value holds it: no control character, and no formula for a
    spreadsheet that opens the file (:func:`ratecalc.cell_text.neutralize`). A payer's name is
    shown as in a letter (:func:`ratecalc.shown_text.document_text`): on one line, as an event's
    title is, and without a bidi override, which reversed the rest of the title."""
    return neutralize(_NOT_CALENDAR_TEXT.sub("\ufffd", document_text(text)))


def write_ics(path: str | os.PathLike[str], events: Iterable[CalendarEvent], *,
              name: str = "RateCalc renewals", stamp: datetime | None = None) -> Path:
    """Write the events to ``path`` atomically (a temporary file, then a rename).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"ics file {str(target)!r}: folder {str(target.parent)!r} does not exist")
    if target.is_dir():
        raise InputError(f"ics file {str(target)!r}: is a folder; give a file name")
    from ratecalc.output_kinds import CALENDAR

    atomic_write(target, calendar_bytes(events, name=name, stamp=stamp), kind=CALENDAR)
    return target

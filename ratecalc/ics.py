"""iCalendar (RFC 5545) export: all-day events that calendar programs import.

Writing uses the ``icalendar`` library rather than hand-written text: RFC 5545's escaping of
commas, semicolons and newlines, its 75-octet line folding that must not split a UTF-8 character,
CRLF line ends and typed values (``VALUE=DATE``, ``TRIGGER:-P14D``) are easy to get subtly wrong,
and ``icalendar`` is the field-standard, actively maintained implementation (the standard library
has none). It is used only here, for export.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ratecalc import __version__
from ratecalc.atomic import atomic_write
from ratecalc.cell_text import neutralize
from ratecalc.errors import InputError

PRODID = f"-//RateCalc//RateCalc {__version__}//EN"


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
    cal.add("x-wr-calname", neutralize(name))
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", when)
        item.add("dtstart", event.day)
        item.add("dtend", event.day + timedelta(days=1))  # DTEND of an all-day event is exclusive
        item.add("summary", neutralize(event.summary))
        if event.description:
            item.add("description", neutralize(event.description))
        item.add("transp", "TRANSPARENT")  # a reminder, not a busy block
        for days in event.alarm_days:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", neutralize(event.summary))
            alarm.add("trigger", timedelta(days=-days))
            item.add_component(alarm)
        cal.add_component(item)
    return cal.to_ical()


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

"""What the Negotiation Log's rows say had happened by a given day.

The log records what happened: each row's ``date`` is when (the workbook's LOG_SCHEMA: "when it
happened"). A row dated after the day an output is made for, the one date the user gave for
today (the analysis date of a refresh, a timeline's ``--as-of``, the letter's date for a letter;
its warnings name that same day), has not happened yet on that day, whether it is a
typing slip or a step planned ahead: no output counts it (a proposal sent, an offer received)
before its day, and the latest row on or before the day is the one that counts. A reader says
so of each such row (:func:`dated_after_note`), naming its cell, rather than leave it unsaid.

Every lookup of a log's payer compares names by :func:`ratecalc.payers.payer_key`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ratecalc.payers import payer_key
from ratecalc.validation import text_or_blank

#: The direction of the clinic's own move: a proposal sent to the payer. Any other row with a
#: rate or an increase is the payer's offer (:func:`is_payer_offer`).
SENT = "sent"
#: The direction of a letter or e-mail from the payer; with a rate or an increase on it, its
#: offer (:func:`is_payer_offer`), the direction a message asks an offer to be logged with.
RECEIVED = "received"

#: Payer -> every day the log says a proposal went to it (its "sent" rows).
SentDays = Mapping[str, Collection[date]]


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def happened_by(day: date, as_of: date) -> bool:
    """Whether a log row dated ``day`` had happened by ``as_of`` (on or before it): the one
    rule every reader of the log follows.

    >>> happened_by(date(2026, 12, 5), date(2026, 12, 5)), happened_by(date(2026, 12, 6),
    ...                                                                   date(2026, 12, 5))
    (True, False)
    """
    return _day(day) <= _day(as_of)


def is_sent(direction: Any) -> bool:
    """Whether a Negotiation Log row's direction is :data:`SENT` (in any capitals, spaces
    around it ignored): the clinic's proposal, which the follow-ups count from.

    >>> is_sent(" Sent "), is_sent("received"), is_sent(None)
    (True, False, False)
    """
    return text_or_blank(direction).casefold() == SENT


def is_payer_offer(direction: Any, offered_rate: Any, offered_increase: Any) -> bool:
    """Whether a Negotiation Log row is an offer from the payer: a row the clinic did not send
    (any direction but :data:`SENT`, in any capitals: received, a call, a meeting, none given)
    that carries an offered rate or an offered increase (cells as read; blank is none).

    The one rule of "a payer's reply": the counter letter answers the latest such row, and the
    Timeline's late reply (:func:`ratecalc.timeline.late_reply_words`; the sheet,
    ``renewal_timeline.csv``, ``summary.json``, ``analyze``, ``timeline``) counts the days of
    these rows alone. A billing manager logs a payer's acknowledgement ("received, under
    review") as received with no figures: it answers nothing, and a reply that only
    acknowledges the proposal on the notice deadline leaves the deadline as it was. A rate a
    payer's representative names on a call or in a meeting is its offer as much as one in a
    letter; the clinic's own rates are its proposal, logged "sent". A refusal of any increase
    is an offer of today's rates: an offered increase of 0%.

    Examples
    --------
    >>> is_payer_offer("Received", None, 0.03), is_payer_offer("call", 27.5, None)
    (True, True)
    >>> is_payer_offer("received", None, None), is_payer_offer(" Sent ", 30.0, None)
    (False, False)
    """
    if is_sent(direction):
        return False
    # blank in any form a cell takes, pandas' NA too (a column read with a nullable dtype)
    return bool(text_or_blank(offered_rate) or text_or_blank(offered_increase))


def sent_days(proposals_sent: SentDays | None, payer: str) -> tuple[date, ...]:
    """Every day the log says a proposal went to ``payer`` (its name as
    :func:`ratecalc.payers.payer_key` compares it: "SUMMIT BLUECARE PPO " is Summit BlueCare
    PPO), oldest first; none without a log."""
    wanted = payer_key(payer)
    days: set[date] = set()
    for name, logged in (proposals_sent or {}).items():
        if payer_key(name) == wanted:
            days.update(_day(d) for d in logged)
    return tuple(sorted(days))


def latest_by(days: Iterable[date], as_of: date) -> date | None:
    """The latest of ``days`` on or before ``as_of`` (:func:`happened_by`); None when none is.

    >>> latest_by([date(2026, 11, 20), date(2026, 12, 20)], date(2026, 12, 5))
    datetime.date(2026, 11, 20)
    >>> latest_by([date(2026, 12, 31)], date(2026, 12, 5)) is None
    True
    """
    past = [_day(d) for d in days if happened_by(d, as_of)]
    return max(past) if past else None


def proposal_sent_as_of(proposals_sent: SentDays | None, payer: str, as_of: date
                        ) -> date | None:
    """When the latest proposal to ``payer`` went out, as of ``as_of``: the latest of its
    "sent" rows dated on or before ``as_of``; None when the log shows none by then (or there
    is no log). Every output that says a proposal was sent, or counts follow-ups from it (the
    Timeline sheet, ``renewal_timeline.csv``, the .ics, ``summary.json``, ``ratecalc
    timeline``, the letters), takes it from here; :func:`ratecalc.timeline.proposal_sent_this_term`
    then keeps it only when it answers the current term.

    Examples
    --------
    >>> log = {"Summit BlueCare PPO": (date(2026, 11, 20), date(2026, 12, 20))}
    >>> proposal_sent_as_of(log, "summit bluecare ppo", date(2026, 12, 5))
    datetime.date(2026, 11, 20)
    >>> proposal_sent_as_of(log, "Summit BlueCare PPO", date(2026, 12, 20))
    datetime.date(2026, 12, 20)
    >>> proposal_sent_as_of(log, "Summit BlueCare PPO", date(2026, 11, 19)) is None
    True
    """
    return latest_by(sent_days(proposals_sent, payer), as_of)


def offer_received_as_of(offers_received: SentDays | None, payer: str, as_of: date
                         ) -> date | None:
    """The day of ``payer``'s latest offer (:func:`is_payer_offer`) on or before ``as_of``;
    None when the log shows none by then (or there is no log). The Timeline's note, the
    Priorities' deadline note and the .ics's deadline events say a late reply from it
    (:func:`ratecalc.timeline.late_reply_words`)."""
    return latest_by(sent_days(offers_received, payer), as_of)


#: What the day an output is made for is called when no other was given: the Settings'
#: analysis date (a timeline's ``--as-of`` and a letter's date have their own words).
ANALYSIS_DATE_WORDS = "the analysis date"


def dated_after_note(as_of: date, what: str = ANALYSIS_DATE_WORDS) -> str:
    """Words for a log row dated after ``as_of`` (``what`` names that day): it is not counted
    until its day. The Problems sheet and every command reading a workbook say it of the row's
    date cell, the date after them.

    >>> dated_after_note(date(2026, 12, 5))[:47]
    'a date after the analysis date 2026-12-05: the '
    """
    return (f"a date after {what} {_day(as_of).isoformat()}: the log records what has "
            f"happened, so no output counts this row (a proposal sent, an offer received) "
            f"before its day; correct the date if it has happened")

"""A payer's counteroffer, read from Negotiation Log rows (the master workbook's sheet, or a CSV).

The log has one row per event: ``date``, ``payer``, ``round``, ``direction`` (sent, received,
call, meeting), ``code`` and ``offered_rate`` [USD per unit], or a blank code with
``offered_increase`` [fraction] for an across-the-board offer. The letter answers the payer's
latest offer: rows not sent by the clinic that carry a rate or an increase
(:func:`ratecalc.negotiation_log.is_payer_offer`, the rule the Timeline's late reply counts
by), from the latest date (or, without dates, the latest round). A row dated after the
letter's date is no offer received yet (:mod:`ratecalc.negotiation_log`): the latest offer on
or before that date is answered, and the rows passed over are named in a warning
(:func:`passed_over_note`), whether they are on the log or in an ``--offer`` file: one rule
for both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.errors import (
    InputError,
    Location,
    NotOnFileError,
    Problem,
    ProblemError,
    UnreadableFileError,
    as_problem,
    shown_value,
)
from ratecalc.input_paths import table_file
from ratecalc.limits import RANGES, percent_check
from ratecalc.loaders import read_headed_table
from ratecalc.negotiation_log import happened_by, is_payer_offer
from ratecalc.payers import payer_key
from ratecalc.shown_percent import means_percent, reads_two_ways, shown_fraction
from ratecalc.validation import (
    CellError,
    another_value,
    is_blank,
    is_percent_text,
    parse_code,
    parse_date_cell,
    parse_fraction,
    parse_money,
    parse_number,
    repeated_keys,
)
from ratecalc_letter import formats as fmt
from ratecalc_letter.blocks import PayerOffer
from ratecalc_letter.sources import LOG_COLUMNS, LogRows

#: Header spellings -> the log's column names (compared without case, spaces or punctuation).
OFFER_COLUMNS: dict[str, str] = {
    "payer": "payer", "payername": "payer",
    "code": "code", "cpt": "code", "cpthcpcs": "code", "hcpcs": "code",
    "offeredrate": "offered_rate", "offerrate": "offered_rate", "offer": "offered_rate",
    "payeroffer": "offered_rate", "counterrate": "offered_rate", "counteroffer": "offered_rate",
    "offeredincrease": "offered_increase", "increase": "offered_increase",
    "date": "date", "received": "date", "datereceived": "date", "offerdate": "date",
    "round": "round", "direction": "direction",
}
#: The columns of an ``--offer`` file, as a message names them.
OFFER_FILE_COLUMNS = "payer, code, offered_rate, date"
#: What each of the log's columns holds, for a message about a column the user's headings lack
#: or give twice: the user's file is named by its own headings, the field in words.
FIELD_WORDS = {
    "payer": "the payer", "code": "the code", "offered_rate": "the offered rate",
    "offered_increase": "the offered increase", "date": "the date", "round": "the round",
    "direction": "the direction",
}


def ways_to_give_an_offer(place: str) -> str:
    """The two ways to give the payer's offer to a counter letter, for a message; ``place`` is
    where log rows go ("on the Negotiation Log sheet", "in 'negotiation_log.csv'")."""
    return (f"give the payer's offer either way: a row per code {place} with direction "
            f"'received', code, offered_rate and date (or a blank code and offered_increase for "
            f"an across-the-board offer); or a CSV/XLSX file with columns {OFFER_FILE_COLUMNS}, "
            f"given as --offer FILE.csv")


def _key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def _cell(row: pd.Series, column: str) -> Any:
    return row[column] if column in row.index and not is_blank(row[column]) else None


def offer_from_log(log: pd.DataFrame, payer: str, *, source: str = "Negotiation Log",
                   first_row: int | None = 2, place: str | None = None,
                   headers: Mapping[str, str] | None = None,
                   letters: Mapping[str, str] | None = None,
                   as_of: date | None = None, percent_cells: bool = False,
                   header_row: int | None = None) -> PayerOffer:
    """The payer's latest counteroffer from log rows (by ``as_of``, when given).

    Parameters
    ----------
    log : pandas.DataFrame
        Log rows, headers as in :data:`OFFER_COLUMNS`.
    payer : str
        Case is ignored.
    source : str
        Named in messages (the sheet or file).
    first_row : int or None
        Sheet row of the frame's first row, so messages point at the row the user sees (a
        ``sheet_row`` column wins; None: rows are named by date and code).
    place : str or None
        Where the user would add the offer to the log ("on the Negotiation Log sheet"): a message
        without an offer names it and the ``--offer`` file. None: the rows are an offer file,
        and the message names its columns.
    headers : mapping, optional
        Column -> its header as the user sees it, when ``log``'s columns are RateCalc's names
        (a log read from the sheet); by default the columns as given.
    letters : mapping, optional
        Column (RateCalc's name or the header as written) -> its letter in the sheet or file.
    as_of : datetime.date, optional
        The letter's date: a row dated after it is no offer received yet and is passed over
        (:func:`ratecalc.negotiation_log.happened_by`; the offer's ``passed_over``); the latest
        offer on or before it is answered. An offer file (``place`` None) whose rows are all
        of one day after it is one offer given on purpose: it is returned, and the letter
        refuses it by its date (:func:`ratecalc_letter.counter.counter_letter`). None: every
        row counts.

    Returns
    -------
    PayerOffer

    Raises
    ------
    ratecalc.errors.InputError
        Missing columns, no offer from the payer, or a bad code, rate, increase or date (with
        the row and column).
    percent_cells : bool
        The increases' cells showed percents (the master workbook's Negotiation Log sheet,
        read with its formats): a 1.5 there is 150%; elsewhere (a CSV, an offer file) a bare
        1.5 reads as 150% or 1.5% and is refused saying how to write each.
    header_row : int or None
        The row of the headings (an offer file's first), named by a message about a column
        missing or given twice; None: not known.
    """
    names = {c: OFFER_COLUMNS[_key(c)] for c in log.columns if _key(c) in OFFER_COLUMNS}
    given = letters or {}
    heading = {**{str(c): str(c).strip() for c in log.columns}, **(headers or {})}

    def headed(column: object) -> str:
        """A column as the user sees it: its letter and its heading as written."""
        mark = given.get(str(column)) or given.get(names.get(column, ""))
        return f"{mark + ' ' if mark else ''}'{heading.get(str(column), column)}'"

    head = f"{source}: the headings" + (f" (row {header_row})" if header_row is not None else "")
    for name in dict.fromkeys(names.values()):
        same = [c for c, n in names.items() if n == name]
        if len(same) > 1:
            raise InputError(f"{head} give columns {', '.join(headed(c) for c in same)}, all "
                             f"read as {FIELD_WORDS[name]}; keep one of them")
    frame = log.rename(columns=names)
    shown = {name: str(column).strip() for column, name in names.items()}  # as the user wrote
    shown.update(headers or {})
    letter = {name: given.get(name) or given.get(str(column)) or ""
              for column, name in names.items()}
    missing = [c for c in ("payer", "code") if c not in frame.columns]
    if "offered_rate" not in frame.columns and "offered_increase" not in frame.columns:
        missing.append("offered_rate")
    if missing:
        found = ", ".join(headed(c) for c in log.columns if str(c) != "sheet_row") or "none"
        expected = (LOG_COLUMNS if place is not None else
                    f"{OFFER_FILE_COLUMNS} (or offered_increase for an across-the-board offer)")
        lacked = fmt.join_words([FIELD_WORDS[m] for m in missing])
        raise InputError(f"{head} have no column for {lacked} (the columns: {found}); "
                         f"expected {expected}")
    entries, ahead = [], []
    for position, (_, row) in enumerate(frame.iterrows()):
        name = _cell(row, "payer")
        if name is None or payer_key(name) != payer_key(payer):
            continue
        rate, increase = _cell(row, "offered_rate"), _cell(row, "offered_increase")
        if not is_payer_offer(_cell(row, "direction"), rate, increase):
            continue  # the clinic's own proposal, a note, a call without figures
        number = _row_number(row, first_row, position)
        where = _where(row, source, number)
        entry = {**_entry(row, where, rate, increase, shown, letter, percent_cells),
                 "where": where,
                 "row": number}
        if as_of is not None and entry["date"] is not None and not happened_by(entry["date"],
                                                                                 as_of):
            ahead.append(entry)  # not received by the letter's date
            continue
        entries.append(entry)
    if not entries and ahead and place is None and len({e["date"] for e in ahead}) == 1:
        # a file of one offer, all of it dated after the letter: the letter refuses it in its
        # own words, naming the offer's date, as it refuses an offer given dated ahead
        entries, ahead = ahead, []
    if not entries:
        how = (ways_to_give_an_offer(place) if place is not None else
               "date the letter on or after an offer (--date), or correct the offer's dates"
               if ahead else
               "expected a row per code with columns payer, code, offered_rate and date (or a "
               "blank code and offered_increase for an across-the-board offer)")
        later = ""
        if ahead and as_of is not None:
            rows = fmt.join_words(list(dict.fromkeys(
                e["where"].removeprefix(f"{source}, ") for e in ahead)))
            later = (f" by the letter's date {as_of.isoformat()} ({rows} dated after it: not "
                     f"received yet)")
        raise NotOnFileError(f"{source}: no offer received from payer {payer!r}{later}; {how}")
    dates = [e["date"] for e in entries if e["date"] is not None]
    rounds = [e["round"] for e in entries if e["round"] is not None]
    if dates:
        received: date | None = max(dates)
        latest = [e for e in entries if e["date"] == received]
    elif rounds:
        received = None
        latest = [e for e in entries if e["round"] == max(rounds)]
    else:
        received, latest = None, entries
    _refuse_two_values(latest, "rate", shown, letter)
    _refuse_two_values(latest, "increase", shown, letter)
    # a row repeating an earlier one exactly counts once; "" keys an across-the-board increase
    rates = {e["code"]: e["rate"] for e in latest if e["rate"] is not None}
    increases = {e["code"] or "": e["increase"] for e in latest if e["increase"] is not None}
    return PayerOffer(payer=payer, rates=rates, received=received, increases=increases,
                      source=source, where={e["code"]: e["where"] for e in latest if e["code"]},
                      passed_over=tuple((e["date"], e["where"]) for e in ahead))


def passed_over_note(offer: PayerOffer, letter_date: date) -> str:
    """Words for the payer's offer rows dated after the letter's date, passed over (the
    offer's ``passed_over``): which they are and which offer the letter answers instead; empty
    when there are none. Every letter that reads offers, from the Negotiation Log or an
    ``--offer`` file, warns of them in these words.

    Examples
    --------
    >>> offer = PayerOffer("Summit", {"97110": 27.0}, received=date(2026, 11, 25),
    ...                    source="'offer.csv'",
    ...                    passed_over=((date(2026, 12, 10), "'offer.csv', row 3"),))
    >>> passed_over_note(offer, date(2026, 12, 1))[:75]
    "'offer.csv', payer 'Summit': the offer of 2026-12-10 (row 3) is dated after"
    """
    if not offer.passed_over:
        return ""
    days: dict[date, list[str]] = {}
    for day, where in sorted(offer.passed_over, key=lambda p: p[0]):
        days.setdefault(day, []).append(where.removeprefix(f"{offer.source}, "))
    offers = fmt.join_words([f"{day.isoformat()} ({fmt.join_words(list(dict.fromkeys(rows)))})"
                             for day, rows in days.items()])
    one = len(days) == 1
    answered = (f"the offer of {offer.received.isoformat()}" if offer.received is not None
                else "the latest offer received by then")
    return (f"{offer.source}, payer {offer.payer!r}: the offer{'' if one else 's'} of {offers} "
            f"{'is' if one else 'are'} dated after the letter's date {letter_date.isoformat()}: "
            f"not received by then, so {'it is' if one else 'they are'} passed over and this "
            f"letter answers {answered}; to answer a later one, date the letter on or after it "
            f"(--date), or correct its date")


def _row_number(row: pd.Series, first_row: int | None, position: int) -> int | None:
    """The row the user sees: a ``sheet_row`` column, else counted from ``first_row``; None
    when neither tells it."""
    sheet_row = _cell(row, "sheet_row")
    if sheet_row is not None:
        return int(sheet_row)
    return first_row + position if first_row is not None else None


def _where(row: pd.Series, source: str, number: int | None) -> str:
    """Where a row is, for a message: its row number, else the entry's date and code."""
    if number is not None:
        return f"{source}, row {number}"
    when, code = _cell(row, "date"), _cell(row, "code")
    return f"{source}, entry of {when or 'no date'} for code {code or '(all)'}"


def _at(where: str, column: str, headers: Mapping[str, str], letters: Mapping[str, str]) -> str:
    """A row's cell, for a message: "'offer.csv', row 3, column C 'offered_rate'"."""
    letter = f"{letters[column]} " if letters.get(column) else ""
    return f"{where}, column {letter}'{headers.get(column, column)}'"


def _refuse_two_values(latest: list[dict[str, Any]], kind: str, headers: Mapping[str, str],
                       letters: Mapping[str, str]) -> None:
    """Refuse a code given two rates (or two increases; no code: across the board) in the offer
    answered, naming both rows; the same value again counts once
    (:func:`ratecalc.validation.repeated_keys`, the rule of a fee schedule's rows).

    The later row won silently, so the letter answered an offer the payer may not have made.
    """
    given = [e for e in latest if e[kind] is not None]
    found = [r for r in repeated_keys([e["code"] or "" for e in given], [e[kind] for e in given])
             if not r.same]
    if not found:
        return
    first, later = given[found[0].first], given[found[0].later]
    column, what, shown = (("offered_rate", "amount", fmt.money) if kind == "rate" else
                           ("offered_increase", "increase", fmt.percent))
    one = f"row {first['row']}" if first["row"] is not None else "another row"
    other = f"row {later['row']}" if later["row"] is not None else "this row"
    same = ["payer", f"code {later['code']}" if later["code"] else "no code"]
    if later["date"] is not None:
        same.append(f"date {later['date'].isoformat()}")
    elif later["round"] is not None:
        same.append(f"round {later['round']:g}")
    raise InputError(f"{_at(later['where'], column, headers, letters)}: duplicate row: {one} has "
                     f"the same {fmt.join_words(same)} {another_value(what)} "
                     f"({shown(first[kind])} in {one}, {shown(later[kind])} in {other})")


def _entry(row: pd.Series, where: str, rate: Any, increase: Any,
           headers: dict[str, str], letters: dict[str, str],
           percent_cells: bool) -> dict[str, Any]:
    """One offer row read; ``headers`` and ``letters``: each column's header as written and its
    letter, for messages; ``percent_cells``: as :func:`offer_from_log`'s."""
    def at(column: str) -> str:
        return _at(where, column, headers, letters)

    def parsed(column: str, parser: Any, value: Any) -> Any:
        try:
            return parser(value)
        except CellError as exc:
            raise InputError(f"{at(column)}: {exc}, got {shown_value(value)}") from None

    code_cell = _cell(row, "code")
    code = parsed("code", parse_code, code_cell) if code_cell is not None else None
    offered = parsed("offered_rate", parse_money, rate) if rate is not None else None
    if offered is not None and not RANGES["offered_rate"].low <= offered:
        raise InputError(f"{at('offered_rate')}: {RANGES['offered_rate'].rule()}, "
                         f"got {shown_value(rate)}")
    if offered is not None and code is None:
        raise InputError(f"{at('code')}: an offered rate needs its code (or use "
                         f"offered_increase for an across-the-board offer)")
    change = parsed("offered_increase", parse_fraction, increase) \
        if increase is not None and offered is None else None
    words = RANGES["offered_increase"]  # the log's range, as it is read and Excel checks it
    # a CSV's cell arrives as a bare number: 1.5 is 150% or 1.5% but for a % sign; an .xlsx
    # cell formatted as a percent showed 150% (ratecalc.shown_percent), as the log sheet's did
    signed = is_percent_text(increase)
    change = None if change is None else shown_fraction(change, increase)
    refusal = None if change is None else percent_check(
        change, *words.bounds, percent_meaning=percent_cells or signed or means_percent(increase),
        signed=signed, sign_taken=True, two_ways=reads_two_ways(increase))
    if refusal is not None:
        raise InputError(f"{at('offered_increase')}: {words.rule()}, got {shown_value(increase)}"
                         f"{refusal}")
    when = _cell(row, "date")
    turn = _cell(row, "round")
    return {"code": code, "rate": offered, "increase": change,
            "date": parsed("date", parse_date_cell, when) if when is not None else None,
            "round": _round(turn)}


def _round(value: Any) -> float | None:
    """A row's Round as a number, None where it holds none (``1st``, blank): a number written
    as text read by the rule of every reader (float() took ``1_0`` as round 10)."""
    if value is None or is_blank(value):
        return None
    try:
        return parse_number(value)
    except CellError:
        return None


def read_offer_file(path: str | Path, payer: str, as_of: date | None = None, *,
                    notes: list[Problem] | None = None) -> PayerOffer:
    """The payer's latest counteroffer by ``as_of`` (the letter's date) from a CSV or XLSX
    file with the log's columns, by the rule of the Negotiation Log's rows
    (:func:`offer_from_log`). Given ``notes``, the warnings of reading the file are added to
    it (:func:`ratecalc.loaders.read_headed_table`: a quote left open that swallowed an offer
    row)."""
    file = Path(path)
    if (refused := table_file(file).first_refused([file])) is not None:
        # a file that is not there (or no regular file) cannot be read at all (exit 3),
        # whatever its suffix: an .xlsx one came back from the workbook check as a problem
        # of the table (exit 1, "Offer 'x.xlsx': does not exist") where a .csv one was
        # refused so
        raise UnreadableFileError(refused)
    sheet: str | None = None
    try:
        # the project's one reader of a CSV or XLSX table
        frame = read_headed_table(file, OFFER_FILE_COLUMNS, "Offer", notes=notes)
        # a workbook's sheet is named in every message, as every table's (None: a CSV)
        sheet = frame.attrs.get("sheet")
        return offer_from_log(frame.assign(sheet_row=frame.index), payer,
                              source=f"'{file.name}'", letters=frame.attrs["letters"],
                              as_of=as_of, header_row=1)
    except (UnreadableFileError, ProblemError):
        raise
    except InputError as exc:
        # a cell, a row or a column of a file that was read: a problem of the table (exit 1,
        # as for a fee schedule given on its own), not a file that cannot be read (exit 3)
        raise ProblemError(as_problem(exc, "Offer", Location(file=file.name, sheet=sheet))
                           ) from None


def offer_from_rows(rows: LogRows, payer: str, as_of: date | None = None) -> PayerOffer:
    """The payer's latest counteroffer by ``as_of`` (the letter's date) from a log read by
    :func:`ratecalc_letter.sources.read_negotiation_log`."""
    return offer_from_log(rows.frame, payer, source=rows.source, first_row=None,
                          place=rows.place, headers=rows.headers, letters=rows.letters,
                          as_of=as_of, percent_cells=rows.percent_cells)

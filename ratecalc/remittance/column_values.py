"""The element texts of a well-formed 835 as the column reader reads them, once per distinct text.

It exists so that :mod:`.column_reader` is about columns only: here an SVC, CAS, DTM or AMT, an
amount and its whole cents, are read as the segment parser reads a well-formed one (through the
rules of :mod:`.claim_rules` and :mod:`.values`), and anything the parser would report, or that
whole cents cannot hold exactly, raises :class:`Declined`: the file is then the parser's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any, cast

import numpy as np
import pandas as pd

from ratecalc.remittance import values
from ratecalc.remittance.claim_rules import (
    CLAIM_DATES,
    LINE_DATES,
    adjustment_shown,
    adjustment_triples,
    procedure_code,
    procedure_fault,
    submitted_code,
    units_paid,
)
from ratecalc.remittance.values import (
    ADJUSTMENT_GROUPS,
    REASON_CODE,
    cents_text,
    parse_amount,
    parse_date,
)

#: Whole cents are summed in int64: a file whose amounts could overflow it is left to the parser.
#: (2**52: the sums of a column, and of two, are then exact in float64 too.)
MOST_CENTS = 2**52
_PLAIN_MONEY = re.compile(r"-?[0-9]{1,13}(?:\.[0-9]{1,2})?")
#: What :func:`_money` read, by amount text (at most 100,000; an unreadable text is never in it).
MONEY: dict[str, tuple[Decimal, int, int]] = {}
#: What :func:`read_segment` read, by reader, delimiters and segment text (at most
#: SEGMENTS_KEPT, each text at most SEGMENT_KEPT_CHARS long; a text that declines is never in it).
SEGMENTS: dict[tuple[Callable[..., Any], str, str], Any] = {}
#: (5,000 CAS of six triples each held 17.3 MB by tracemalloc: about 20 MB at most; the
#: benchmark's file has 2,746 distinct texts of these kinds)
SEGMENTS_KEPT = 5_000
SEGMENT_KEPT_CHARS = 128


def forget_reads() -> None:
    """Empty what earlier reads kept (MONEY, SEGMENTS, and :mod:`.values`' amounts, dates and
    cents texts): the next import reads every text afresh, as the first of a process does. For
    measuring an import as a user's first one (``benchmarks/bench_remittance.py``); an import
    gives the same records either way."""
    MONEY.clear()
    SEGMENTS.clear()
    values.AMOUNTS.clear()
    values.DATES.clear()
    values._cents_cache.clear()


class Declined(Exception):  # noqa: N818 (never leaves the column reader)
    """The file is not one this reader handles, or has a problem: the parser reads it."""


def read_segment(read: Callable[[list[str], str], Any], text: str, element: str,
                 component: str) -> Any:
    """``read(text.split(element), component)`` (:func:`svc_fields`, :func:`cas_fields`,
    :func:`dtm_fields`, :func:`amt_fields`), kept in SEGMENTS: a payer's files repeat their
    SVC, CAS, DTM and AMT segments (the same codes, fees and reasons), as they repeat their
    amounts (MONEY), and what is read of them holds only immutable values (texts, Decimals,
    dates, tuples). A segment that declines raises each time it is read.
    """
    key = (read, element + component, text)
    known = SEGMENTS.get(key)
    if known is not None:
        return known
    found = read(text.split(element), component)
    if len(SEGMENTS) < SEGMENTS_KEPT and len(text) <= SEGMENT_KEPT_CHARS:
        SEGMENTS[key] = found
    return found


def svc_fields(elements: list[str], component: str) -> tuple[Any, ...]:
    """An SVC's line fields as the parser reads a well-formed one, and the exponents of its
    charge and payment (:mod:`.cents`); any other declines."""
    size = len(elements)
    if size > 8:
        raise Declined  # "SVC has N elements"
    elements += [""] * (8 - size)
    qualifier, code, modifiers = _procedure(elements[1], component)
    charge, charge_cents, charge_exponent = _money(elements[2])
    paid, paid_cents, paid_exponent = _money(elements[3])
    units = _required(units_paid(elements[5]))
    billed = _amount(elements[7]) if elements[7] else units
    submitted = submitted_code(elements[6], component) if elements[6] else ""
    return (qualifier, code, modifiers, charge, charge_cents, paid, paid_cents, units, billed,
            submitted, elements[4], charge_exponent, paid_exponent)


def dtm_fields(elements: list[str], component: str = ""
               ) -> tuple[str, date | None, bool, bool]:
    """A DTM's qualifier, date (None: not a date; declined where the date is read), and
    whether a claim and a service line read it (``component`` unused: no DTM element has
    components)."""
    qualifier = elements[1] if len(elements) > 1 else ""
    return (qualifier, parse_date(elements[2]) if len(elements) > 2 else None,
            qualifier in CLAIM_DATES, qualifier in LINE_DATES)


def amt_fields(elements: list[str], component: str = "") -> tuple[str, Decimal | None]:
    """An AMT's qualifier and amount (None: unreadable or missing; declined where read;
    ``component`` unused)."""
    return (elements[1] if len(elements) > 1 else "",
            parse_amount(elements[2]) if len(elements) > 2 else None)


def cas_fields(elements: list[str], component: str = ""
               ) -> tuple[str, tuple[tuple[Any, ...], ...]]:
    """A CAS's group and its triples (reason, amount, whole cents, exponent, quantity, the
    triple as the tables show it), as the parser reads a well-formed CAS; any other
    declines. A triple with none of its three elements is passed over, as the parser does
    (``component`` unused)."""
    size = len(elements)
    group = elements[1] if size > 1 else ""
    if size > 20 or group not in ADJUSTMENT_GROUPS:
        raise Declined
    triples = []
    for _, reason, amount_text, quantity_text in adjustment_triples(elements):
        if not reason or REASON_CODE.fullmatch(reason) is None:
            raise Declined
        amount, cents, exponent = _money(amount_text)
        triples.append((reason, amount, cents, exponent, _quantity(quantity_text),
                        adjustment_shown(group, reason, cents_text(amount))))
    if not triples:
        raise Declined  # "CAS has no reason/amount pair"
    return group, tuple(triples)


def _amount(text: str) -> Decimal:
    return _required(parse_amount(text))


def _required(value: Decimal | None) -> Decimal:
    if value is None:
        raise Declined  # unreadable or missing
    return value


def optional_amount(text: str) -> Decimal | None:
    return _amount(text) if text else None


def _quantity(text: str) -> Decimal | None:
    return parse_amount(text) if text else None  # the parser keeps an unreadable one blank


def _money(text: str) -> tuple[Decimal, int, int]:
    """An amount, its whole cents and its exponent; one with more decimals (or a positive
    exponent) declines: sums of it are left to Decimal. Kept in MONEY, as parse_amount keeps
    its amounts (values.AMOUNTS): a payer's files repeat their claim totals."""
    known = MONEY.get(text)
    if known is not None:
        return known
    found = _read_money(text)
    if len(MONEY) < 100_000:
        MONEY[text] = found
    return found


def _read_money(text: str) -> tuple[Decimal, int, int]:
    """:func:`_money` read: the amount as parse_amount reads it; the cents of plain text
    (``-12.34``) from its digits, which are the Decimal's (twice as fast: a file's claim amounts
    are nearly all distinct)."""
    value = _amount(text)
    if _PLAIN_MONEY.fullmatch(text):
        point = text.find(".")
        exponent = 0 if point < 0 else point + 1 - len(text)
        return value, int(text.replace(".", "", 1)) * 10 ** (2 + exponent), exponent
    written = value.as_tuple().exponent
    if not isinstance(written, int) or not -2 <= written <= 0:
        raise Declined
    return value, int(value.scaleb(2)), written


def amounts(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The amounts of texts that must be readable, their whole cents and their exponents."""
    if not len(texts):
        return (np.full(0, None, dtype=object), np.zeros(0, dtype=np.int64),
                np.zeros(0, dtype=np.int64))
    where, distinct = pd.factorize(texts)
    listed = distinct.tolist()
    kept = list(map(MONEY.get, listed))
    if None in kept:
        plain = _plain_money(listed)
        if plain is not None:
            found, found_cents, found_exponent = plain
            return (objects(found)[where], bounded(found_cents[where]),
                    found_exponent[where])
        read = [_money(text) for text in listed]
    else:
        read = cast(list[tuple[Decimal, int, int]], kept)
    cents = bounded(np.array([r[1] for r in read], dtype=np.int64)[where])
    exponent = np.array([r[2] for r in read], dtype=np.int64)[where]
    return objects([r[0] for r in read])[where], cents, exponent


#: Amounts of at most 12 digits before the point and 2 after, one a line: each such text is one
#: parse_amount reads as ``Decimal(text)`` (ASCII digits, under a trillion, 2 decimals at most)
#: and _PLAIN_MONEY's cents read.
_PLAIN_MONEY_LINES = re.compile(
    r"-?[0-9]{1,12}(?:\.[0-9]{1,2})?(?:\n-?[0-9]{1,12}(?:\.[0-9]{1,2})?)*")
_CENTS_SCALE = np.array([1, 10, 100], dtype=np.int64)  # by 2 + the exponent


def _plain_money(texts: list[str]) -> tuple[list[Decimal], np.ndarray, np.ndarray] | None:
    """:func:`_money` of every text (their amounts, whole cents and exponents), or None unless
    every text is a plain amount (:data:`_PLAIN_MONEY_LINES`). Told by one match over them
    all, and read by C loops: a file's claim amounts are nearly all distinct, and _money read
    them at about 2 us each (6,631 payments: 14 ms, this 2.5-3). Kept in MONEY as _money keeps
    them."""
    if not _all_plain(texts):
        return None
    count = len(texts)
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    points = np.fromiter(map(str.find, texts, repeat(".")), dtype=np.int64, count=count)
    exponent = np.where(points < 0, 0, points + 1 - sizes)
    digits = map(str.replace, texts, repeat("."), repeat(""), repeat(1))
    cents = np.fromiter(map(int, digits), dtype=np.int64, count=count) * _CENTS_SCALE[2 + exponent]
    found = list(map(Decimal, texts))
    if len(MONEY) + count <= 100_000:
        MONEY.update(zip(texts, zip(found, cents.tolist(), exponent.tolist(), strict=True),
                         strict=True))
    return found, cents, exponent


def _all_plain(texts: list[str]) -> bool:
    """Whether every text is a plain amount (:data:`_PLAIN_MONEY_LINES`), told by one match
    over them joined a line each (none of them: no)."""
    joined = "\n".join(texts)
    # a text holding a line break would be read as two
    return joined.count("\n") == len(texts) - 1 and (
        _PLAIN_MONEY_LINES.fullmatch(joined) is not None)


def optional_amounts(texts: np.ndarray) -> np.ndarray:
    """:func:`optional_amount` of each text (an object array: the amount, None where a text is
    empty), each distinct text read once; any that declines declines.

    When every distinct text written is a plain amount (:data:`_PLAIN_MONEY_LINES`, told by
    one match), each is ``Decimal(text)``, what parse_amount reads of it: read by a C loop,
    where parse_amount took about 10,000 instructions a text (a claim's patient
    responsibility: 2,815 distinct texts of the benchmark's 11,906 claims).
    """
    if not len(texts):
        return np.full(0, None, dtype=object)
    where, distinct = pd.factorize(texts)
    listed = distinct.tolist()
    if _all_plain([text for text in listed if text]):
        read = [Decimal(text) if text else None for text in listed]
    else:
        read = [optional_amount(text) for text in listed]
    return objects(read)[where]


def bounded(cents: np.ndarray) -> np.ndarray:
    """``cents``, declined when their sums could be inexact (see MOST_CENTS)."""
    if np.abs(cents).sum(dtype=np.float64) >= MOST_CENTS:
        raise Declined
    return cents


def _procedure(svc01: str, component: str) -> tuple[str, str, tuple[str, ...]]:
    """SVC01 as (qualifier, code, modifiers), as the parser reads a well-formed one; any other
    declines."""
    components = svc01.split(component)
    if len(components) < 2 or not components[1]:
        raise Declined
    qualifier = components[0]
    code, modifiers = procedure_code(svc01, components)
    if procedure_fault(qualifier, code, modifiers) is not None:
        raise Declined
    return (qualifier, code, modifiers)


def objects(items: Sequence[Any]) -> np.ndarray:
    """A 1-d object array of ``items`` (np.array would look into tuples)."""
    return np.fromiter(items, dtype=object, count=len(items))

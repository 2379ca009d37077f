"""Element values of an 835: exact amounts, dates, and the code lists the importer needs.

Amounts are :class:`decimal.Decimal` parsed from the element text, so sums are exact; nothing is
rounded here (presentation rounds once, half-up to cents, with
:func:`ratecalc.money.to_decimal_cents`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ratecalc.money import to_decimal_cents
from ratecalc.number_text import plain_decimal

#: CLP02 claim status codes (X12 835 5010 TR3).
CLAIM_STATUS: dict[str, str] = {
    "1": "processed as primary",
    "2": "processed as secondary",
    "3": "processed as tertiary",
    "4": "denied",
    "19": "processed as primary, forwarded to additional payer(s)",
    "20": "processed as secondary, forwarded to additional payer(s)",
    "21": "processed as tertiary, forwarded to additional payer(s)",
    "22": "reversal of previous payment",
    "23": "not our claim, forwarded to additional payer(s)",
    "25": "predetermination pricing only, no payment",
}
STATUS_DENIED = "4"
STATUS_REVERSAL = "22"
#: Statuses of a claim that the payer adjudicated and paid (or applied to patient share).
STATUS_ADJUDICATED = frozenset({"1", "2", "3", "19", "20", "21"})
#: Statuses of a claim processed as the primary payer: its allowed amount is the payer's own rate.
STATUS_PRIMARY = frozenset({"1", "19"})
#: Statuses of a claim submitted for payment: adjudicated, denied, or not this payer's (23).
#: Reversals (22) and predeterminations (25, pricing only, nothing paid) are not: no summary
#: counts them.
STATUS_SUBMITTED = STATUS_ADJUDICATED | {STATUS_DENIED, "23"}

#: CAS01 claim adjustment group codes. CR (corrections and reversals) exists in 4010 only.
ADJUSTMENT_GROUPS: dict[str, str] = {
    "CO": "contractual obligation",
    "OA": "other adjustment",
    "PI": "payer initiated reduction",
    "PR": "patient responsibility",
    "CR": "correction and reversal",
}
PATIENT_RESPONSIBILITY = "PR"
#: CARC 253, sequestration: taken off the payment after the allowed amount is set
#: (DOMAIN.md section 3), so it does not lower the contracted rate.
SEQUESTRATION_REASON = "253"
#: CARC 23, impact of prior payer(s) adjudication: on a secondary claim a zero payment with only
#: this adjustment means the primary paid, not that the service was denied.
PRIOR_PAYER_REASON = "23"

#: Segment ids of an 835 (5010 X221A1 and 4010 X091) and of its envelope, each with the most
#: elements it has (X221A1; 4010 has no more), counting the id: a segment with more is not what
#: its id says.
SEGMENT_SIZES: dict[str, int] = {
    "ISA": 17, "GS": 9, "ST": 4, "BPR": 22, "TRN": 5, "CUR": 22, "REF": 5, "DTM": 7, "N1": 7,
    "N2": 3, "N3": 3, "N4": 8, "PER": 10, "RDM": 4, "LX": 2, "TS3": 25, "TS2": 20, "CLP": 15,
    "CAS": 20, "NM1": 13, "MIA": 25, "MOA": 10, "AMT": 4, "QTY": 5, "SVC": 8, "LQ": 3,
    "PLB": 15, "SE": 3, "GE": 3, "IEA": 3, "TA1": 6,
}
#: The segments whose elements have a known meaning. The parser reads some and passes over the
#: rest; any other id is unexpected in an 835.
SEGMENT_IDS = frozenset(SEGMENT_SIZES)

#: SVC01-1 product/service id qualifiers (5010 TR3): a composite starting with one of these
#: followed by a stray separator is a recognisable procedure code.
SERVICE_QUALIFIERS = frozenset({"AD", "ER", "HC", "HP", "IV", "N4", "N6", "NU", "UT", "WK"})
#: A CAS adjustment reason code (CARC): one to three digits, perhaps after a letter (45, 253,
#: A1, P12), as every code of X12's list is. The element may hold 5 characters, but "SMITH" is
#: no code (a piece of a name split at a lost terminator, more likely).
REASON_CODE = re.compile(r"[A-Z]?\d{1,3}")
REASON_CODE_EXPECTED = "a CARC: one to three digits, perhaps after a letter: 45, 253, A1, P12"

#: What :func:`parse_amount` and :func:`parse_date` returned, by element text (at most 100,000
#: each; an unreadable text is never in them). A parser reading hundreds of thousands of values
#: looks a text up here first and calls the function only when it is not found (5-15 ms of the
#: 0.2 s parse of a 200,000-segment 835, which reads 190,000 amounts and dates). Read them only.
AMOUNTS: dict[str, Decimal] = {}
DATES: dict[str, date] = {}
_cents_cache: dict[Decimal, str] = {}


def parse_amount(text: str) -> Decimal | None:
    """Parse an X12 amount (R type) exactly.

    Parameters
    ----------
    text : str
        Element text such as ``'1057.86'``, ``'-9.00'`` or ``'15'``.

    Returns
    -------
    Decimal or None
        The amount [USD, or units for quantities]; None when ``text`` is not a finite number.

    Examples
    --------
    >>> parse_amount("1057.86") + parse_amount("0.14")
    Decimal('1058.00')
    >>> parse_amount("N/A") is None
    True
    """
    cached = AMOUNTS.get(text)
    if cached is not None:
        return cached
    # an X12 R element is ASCII digits, with no space around them
    value = plain_decimal(text) if text == text.strip() else None
    if value is None or not _in_range(value):
        return None
    if len(AMOUNTS) < 100_000:
        AMOUNTS[text] = value
    return value


#: Amounts are below a trillion with at most 6 decimals: X12 R elements hold 18 characters, and
#: ``1E30`` or ``1E-20`` (exponents are legal in R) would break exact cents downstream (a
#: quantize past Decimal's 28 digits raised InvalidOperation).
_AMOUNT_DIGITS = 12
_AMOUNT_DECIMALS = 6


def _in_range(value: Decimal) -> bool:
    if not value:
        return True
    exponent = value.as_tuple().exponent
    return value.adjusted() < _AMOUNT_DIGITS and isinstance(exponent, int) and (
        exponent >= -_AMOUNT_DECIMALS or value == value.quantize(Decimal(1).scaleb(
            -_AMOUNT_DECIMALS)))


def parse_date(text: str) -> date | None:
    """Parse a CCYYMMDD date; None when ``text`` is not a valid calendar date.

    Examples
    --------
    >>> parse_date("20110108")
    datetime.date(2011, 1, 8)
    >>> parse_date("20002316") is None
    True
    """
    cached = DATES.get(text)
    if cached is not None:
        return cached
    # str.isdigit also takes full-width and other scripts' digits, which X12 never writes
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        value = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    if len(DATES) < 100_000:
        DATES[text] = value
    return value


def exponent_not_positive(amount: Decimal) -> bool:
    """Whether finite ``amount`` has an exponent of at most 0 (``71.80``, ``15``, not ``1E+2``):
    adding a zero to it, or taking one from it, leaves its digits as written.

    Its text tells (a positive exponent is written ``E+2``, and only an exponent has a ``+``)
    five times faster than ``amount.as_tuple().exponent <= 0``, which runs for every amount
    of an import.

    Examples
    --------
    >>> exponent_not_positive(Decimal("71.80")), exponent_not_positive(Decimal("1E+2"))
    (True, False)
    """
    return "+" not in str(amount)


def cents_text(amount: Decimal) -> str:
    """Write an amount half-up to cents, as the tables show adjustments (never ``-0.00``).

    Examples
    --------
    >>> cents_text(Decimal("67.5")), cents_text(Decimal("-0.004"))
    ('67.50', '0.00')
    """
    text = _cents_cache.get(amount)
    if text is None:
        rounded = to_decimal_cents(amount)
        text = str(rounded) if rounded else "0.00"
        if len(_cents_cache) < 100_000:
            _cents_cache[amount] = text
    return text

"""Numbers written as text with commas, checked one way by every reader (table cells, worksheet
functions, command-line options, market-rate files), without pandas so that a command's options
are checked before it loads.

A comma groups thousands in every number RateCalc reads; one that does not (``30,50``, ``1,5``
units, ``1,5%``) is a decimal comma or a typing error, and either reading may be meant: ``1,5``
units is 1.5 where a comma marks decimals and 15 where it groups thousands. Such a text is
refused, never read as a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from ratecalc.deferred_pattern import deferred

# the first group has no leading zero: "0,500" is half a dollar written with a decimal comma
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d*)?$", re.ASCII)
# digits, commas and points in any order: a number someone wrote ("1.234,50", European for
# 1,234.50, is read as 1.2345 once its commas are gone); anything else ("USD 1,234.50") is not
# an amount, which the number check says; blaming its commas would mislead
_COMMA_NUMBER = re.compile(r"^[\d,.]+$", re.ASCII)

#: What a money text with a comma must look like; said when one does not.
MONEY_COMMAS = ("malformed dollar amount: expected commas between groups of three digits "
                "($1,234.50) and a point before the cents ($30.50)")
#: The same for any other number (units, percentages, days).
NUMBER_COMMAS = ("malformed number: expected commas between groups of three digits (1,234) "
                 "and a point before the decimals (1.5)")


def commas_group_no_thousands(value: Any) -> bool:
    """Whether ``value`` is a text of digits whose commas do not group thousands.

    Examples
    --------
    >>> [commas_group_no_thousands(v) for v in ("30,50", "1,5%", "$1,04.00", "(0,02)", "+1,5",
    ...                                         "1.234,50")]
    [True, True, True, True, True, True]
    >>> [commas_group_no_thousands(v) for v in ("1,500", "$1,234.50", "12%", 1.5, "USD 1,2")]
    [False, False, False, False, False]
    """
    if not isinstance(value, str) or "," not in value:
        return False
    text = (value.strip().replace("$", "").replace(" ", "").strip("()").lstrip("+-")
            .removesuffix("%"))
    return not _THOUSANDS.match(text) and bool(_COMMA_NUMBER.match(text))


# The digits of a number as RateCalc reads it in a text: ASCII digits only (Python's float() and
# Decimal() also take "1_0" as ten, "٣٠" and "１２" as thirty and twelve, and "3 0" lost its space
# to the readers: a clerk's "1_0" is a typo, not ten), commas grouping thousands, a point before
# the decimals, or an exponent as a spreadsheet's CSV writes one (1.5E-05, 1.23457E+11) with no
# commas beside it; an exponent of five digits is past any double anyway.
_DIGITS = (r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?"
           r"|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?)")
# Around the digits: a sign, a dollar sign before (or after: "5$"), a percent sign after, or
# parentheses for a negative as accounting formats show one ("($12.00)", "$(12.00)"); spaces
# between those and the digits ("$ 12", "12 %", accounting's "$   12.00"), never inside them.
# Which of them a reader takes, and that a text has one sign at most, read_number_text's caller
# and read_number_text say.
# Each run of spaces is taken whole (possessive ``\s*+``): nothing else in the pattern matches a
# space, and a text that failed was otherwise retried at every way of sharing its spaces among
# the runs (160 spaces after a "$" took 20 s).
_NUMBER = re.compile(
    rf"(?P<lead>\$)?\s*+(?P<open>\()?\s*+(?P<sign>[+-])?\s*+(?P<dollar>\$)?\s*+(?P<sign2>[+-])?"
    rf"\s*+(?P<digits>{_DIGITS})\s*+(?P<percent>%)?\s*+(?P<trail>\$)?\s*+(?P<close>\))?")
# A list of such numbers (the Settings' CF custom, ``--cf-change``): a comma between two of them
# separates them, one that groups thousands does not ("1,000%" is one percentage, not 1 and 0).
# (compiled when first used: long, and only a list of numbers needs it)
_listed = deferred(rf"\s*+(?P<one>{_NUMBER.pattern})\s*+(?:,(?=.)|\Z)", re.DOTALL)
_ENDS = re.compile(r"^[\s,]+|[\s,]+$")


class NumberText(NamedTuple):
    """A number read from a text by :func:`read_number_text`."""

    #: The number written, its sign applied: a percentage's number (12 of ``12%``), not yet the
    #: fraction.
    value: Decimal
    #: Written with a percent sign.
    percent: bool
    #: Written with a dollar sign.
    dollar: bool
    #: A negative written in parentheses.
    parenthesized: bool


def read_number_text(text: str) -> NumberText | None:
    """A text as the number it writes, or None when it writes none as RateCalc reads numbers:
    the one rule of every reader of a number typed as text (table cells, worksheet functions'
    arguments, command-line options, the Settings' CF custom, a market-rate file's price).

    ASCII digits with commas grouping thousands and a point before the decimals, or an exponent;
    one sign at most (a minus, a plus, or parentheses); a dollar sign and a percent sign, which
    the caller takes or refuses by what it reads. Spaces around the text and between those signs
    and the digits; none inside the digits.

    Examples
    --------
    >>> read_number_text("$1,234.50"), read_number_text(" (12.5 %) ").value
    (NumberText(value=Decimal('1234.50'), percent=False, dollar=True, parenthesized=False), \
Decimal('-12.5'))
    >>> [read_number_text(t) for t in ("1_0", "3 0", "٣٠", "１２", "(-5)", "1 , 000", "$5$")]
    [None, None, None, None, None, None, None]
    >>> read_number_text("1.5E-05").value, read_number_text("-$ 30").value
    (Decimal('0.000015'), Decimal('-30'))
    """
    if not isinstance(text, str):
        return None
    found = _NUMBER.fullmatch(text.strip())
    if found is None:
        return None
    return _number_of(found)


def signs_taken(read: NumberText, *, dollar: bool, percent: bool) -> bool:
    """Whether a number read from a text (:func:`read_number_text`) carries only the signs its
    quantity takes: a dollar sign where it is an amount, a percent sign where a percentage.
    The one rule of what a money cell and a money option accept alike: ``$73.16`` is an
    amount typed in a cell or given to ``--rate-per-visit``, never a share or a count
    (``$0.03`` for an escalator would read as 3%).

    >>> money = read_number_text("$1,234.50")
    >>> signs_taken(money, dollar=True, percent=False), signs_taken(money, dollar=False,
    ...                                                             percent=True)
    (True, False)
    """
    return not ((read.dollar and not dollar) or (read.percent and not percent))


def _number_of(found: re.Match[str]) -> NumberText | None:
    lead, open_, sign, dollar, sign2, percent, trail, close = found.group(
        "lead", "open", "sign", "dollar", "sign2", "percent", "trail", "close")
    if (open_ is None) != (close is None) or [sign, sign2, open_].count(None) < 2 \
            or [lead, dollar, trail].count(None) < 2:
        return None  # "(5", "(-5)" (which read as 5), "+-5", "$5$"
    value = Decimal(found.group("digits").replace(",", ""))
    if "-" in (sign, sign2) or open_:
        value = -value
    return NumberText(value, percent is not None, (lead or dollar or trail) is not None,
                      open_ is not None)


def split_numbers(text: str) -> list[str] | None:
    """A text of numbers separated by commas as each number's text, or None when it is none.

    A comma that groups thousands stays in its number: ``"-2.8%, 1,000%"`` is two numbers, not
    three (the Settings' CF custom read "1,000%" as the changes 100% and 0%). Commas before the
    first number or after the last leave none out; two commas in a row between numbers do, and
    each number after them would be read a place early (a year early, in a list of yearly
    changes), so the text is none.

    >>> split_numbers("-2.8%, 1,000%"), split_numbers("-0.028,0.01, "), split_numbers("1,, 2")
    (['-2.8%', '1,000%'], ['-0.028', '0.01'], None)
    """
    text = _ENDS.sub("", text)
    parts: list[str] = []
    position = 0
    while position < len(text):
        found = _listed().match(text, position)
        if found is None:
            return None
        parts.append(found.group("one"))
        position = found.end()
    return parts


def ascii_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits only, as a code, a ZIP code or a year is written
    (``str.isdigit()`` alone also takes other scripts' digits: "٢٠٢٦")."""
    return text.isascii() and text.isdigit()


def plain_decimal(text: str) -> Decimal | None:
    """``text`` as the finite Decimal it writes in ASCII, or None (no number, NaN, an
    infinity): ``Decimal()`` also reads "1_0" as 10 and other scripts' digits ("٣٠", "١٫٠"),
    which no file RateCalc reads writes (CMS's files, an 835's amounts).

    >>> plain_decimal("1.25"), plain_decimal("1_0"), plain_decimal("٣٠"), plain_decimal("NaN")
    (Decimal('1.25'), None, None, None)
    """
    if "_" in text or not text.isascii():
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None

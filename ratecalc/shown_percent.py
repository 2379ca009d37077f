"""A number a spreadsheet cell shows as a percent, so that a percentage is read as its reader
sees it.

A percentage cell holding 1.5 shows "150%" when its number format has a percent sign, and
"1.5" when the user reformatted it to General or Number. The first has one reading (150%); the
second reads as 150% or 1.5% and is refused saying how to write each
(:func:`ratecalc.limits.percent_check`). Which one applies is the cell's own format, not the
table it sits in: the master workbook's template formats its percentage cells as percents, but
a user may reformat one, and a payer's offer workbook or a table saved as .xlsx may format one
as a percent. Every reader of a workbook cell (the master workbook's, through openpyxl; an
.xlsx table, an offer file, through :func:`ratecalc.loaders.read_xlsx_cells`) marks a number
its cell shows as a percent with :class:`ShownPercent`, and the one rule of a percentage reads
that mark.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

#: Excel's built-in number formats that show a percent (ECMA-376 Part 1, 18.8.30 numFmt):
#: 9 is ``0%``, 10 is ``0.00%``.
BUILTIN_PERCENT_IDS = frozenset({9, 10})
#: A custom format's id starts here; below are the built-in ones.
FIRST_CUSTOM_ID = 164

# Parts of a format code that show text, not a number: "quoted text", a character escaped with
# a backslash, a blank the width of a character (_x: "0.0_%" lines 1.5 up with percents, no
# percent) or a character repeated to fill the cell (*x), and a [colour] or [$currency] part.
_LITERAL = re.compile(r'"[^"]*"|[\\_*].|\[[^\]]*\]')
# A [condition] ("[>=1]"): with one, a section is not chosen by the number's sign alone.
_CONDITION = re.compile(r"\[[<>=]")
_STYLES = "xl/styles.xml"
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\s([^>]*)>")
_CELL_REFERENCE = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{1,3})([0-9]+)["']""")
_CELL_STYLE = re.compile(rb"""\bs\s*=\s*["']([0-9]+)["']""")


class ShownPercent(float):
    """A number its cell shows as a percent [fraction, 1.0 = 100%]: the cell holding 1.5
    shows 150%, so a percentage read from it means 150%. A float in every other respect."""

    __slots__ = ()


class TypedPercent(float):
    """A number its cell shows as typed, beside a percent sign that is text (format
    ``0.0"%"``: 1.5 shows 1.5%) [percent, 1.5 = 1.5%]: a percentage read from it means what the
    cell shows, 1.5%, where a bare 1.5 reads as 150% or 1.5%. A float in every other respect
    (a column that is no percentage reads the number as typed)."""

    __slots__ = ()


class RoundedPercent(float):
    """A number its cell shows rounded beside a percent sign that is text (0.55 in ``0.0"%"``
    shows 0.6%, 1.55 shows 1.6%), or beside one in a format not known to show it as typed
    (sections, ``0.0" %"``, a colour) [as typed]: it reads two ways, as a fraction typed (55%) or as
    the percent the sign says (0.55%), whatever its size, so a percentage read from it is
    refused saying how to write each (:func:`reads_two_ways`). A float in every other respect.
    """

    __slots__ = ()


#: A format that shows the number as typed with a percent sign that is text: General or a
#: fixed count of decimals, then "%" or \% (one section, no scaling, no other text).
_TYPED_PERCENT = re.compile(r'(General|(?:#,##)?0(?:\.(0+))?)(?:"%"|\\%)')


#: A percent sign that is text: in quotes ("% of Medicare") or after a backslash.
_TEXT_PERCENT = re.compile(r'"[^"]*%[^"]*"|\\%')


def shows_text_percent(code: str | None) -> bool:
    """Whether format ``code`` shows a percent sign that is text and no percent of its own
    (``0.0"%"``, ``0.0"%";-0.0"%"``, ``0.0" %"``): a number in it reads as the percent shown
    (:func:`typed_percent`'s formats) or two ways, never as a bare fraction.

    >>> shows_text_percent('0.0"%";-0.0"%"'), shows_text_percent("0.0%"), shows_text_percent("0.0")
    (True, False, False)
    """
    return _TEXT_PERCENT.search(code or "") is not None and not is_percent_format(code)


def is_typed_percent_format(code: str | None) -> bool:
    """Whether format ``code`` shows a number as typed beside a percent sign that is text
    (``0.0"%"``, ``General"%"``, ``0\\%``): :func:`typed_percent`'s formats."""
    return _TYPED_PERCENT.fullmatch(code or "") is not None


def typed_percent(value: Any, code: str | None) -> Any:
    """``value`` marked :class:`TypedPercent` where its cell's format ``code`` shows it with a
    percent sign that is text and shows every digit of it (1.5 in ``0.0"%"`` shows 1.5%: one
    reading); marked :class:`RoundedPercent` where that format rounds it (1.55 in ``0.0"%"``
    shows 1.6%, 0.55 shows 0.6%: not what was typed, so it reads two ways and is refused where
    a percentage is read, a fraction below 1 too); any other value as it is.

    >>> typed_percent(1.5, '0.0"%"'), typed_percent(1.55, '0.0"%"'), typed_percent(3, '0"%"')
    (1.5, 1.55, 3.0)
    >>> [type(v).__name__ for v in (typed_percent(1.5, '0.0"%"'), typed_percent(1.55,
    ...     '0.0"%"'), typed_percent(0.55, '0.0"%"'), typed_percent(1.5, "0.0%"))]
    ['TypedPercent', 'RoundedPercent', 'RoundedPercent', 'float']
    """
    match = _TYPED_PERCENT.fullmatch(code or "")
    if not shows_text_percent(code) or isinstance(
            value, (bool, ShownPercent, TypedPercent, RoundedPercent)) \
            or not isinstance(value, (int, float)) or not math.isfinite(value):
        return value
    if match is None:
        # a percent sign that is text in a format that may not show the number as typed
        # (sections, a space, a colour, optional digits): 0.5 shows 0.5%, not 50%
        return RoundedPercent(value)
    if match.group(1) != "General":
        places = len(match.group(2) or "")
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            # rounded to show it: what was typed is not what is shown (a bare 0.55 would be
            # taken as 55%, where the cell shows 0.6%)
            return RoundedPercent(value)
    return TypedPercent(value)


def shown_fraction(number: Any, value: Any) -> Any:
    """``number``, read from the cell value ``value``, as the fraction the cell shows: divided
    by 100, exactly, where ``value`` is a :class:`TypedPercent` (1.5 shown 1.5% is 0.015);
    else as it is."""
    if not isinstance(value, TypedPercent):
        return number
    exact = (number if isinstance(number, Decimal) else Decimal(repr(float(number)))).scaleb(-2)
    return exact if isinstance(number, Decimal) else float(exact)


def reads_two_ways(value: Any) -> bool:
    """Whether a cell's ``value`` was shown rounded beside a percent sign that is text
    (:class:`RoundedPercent`): a percentage read from it reads two ways whatever its size."""
    return isinstance(value, RoundedPercent)


def means_percent(value: Any) -> bool:
    """Whether a cell's ``value`` came meaning a percentage as it shows it (a percent format,
    :class:`ShownPercent`, or a percent sign that is text, :class:`TypedPercent`)."""
    return isinstance(value, (ShownPercent, TypedPercent))


def is_percent_format(code: str | None) -> bool:
    """Whether a cell of number format ``code`` shows its number as a percent: a ``%`` outside
    quoted text, escapes and bracketed parts, in every section a number other than 0 can be
    shown by. A code's sections are for positive;negative;zero;text numbers (or, with a
    [condition], the first two's conditions and the rest), each number shown by its own: a
    ``%`` in another section shows none (``0.00;-0.00%`` shows 1.5 as 1.50). Zero reads one
    way with or without one; text is no percentage.

    >>> is_percent_format("0.0%"), is_percent_format("General"), is_percent_format('0.0"%"')
    (True, False, False)
    """
    if code is None:
        return False
    # a section with @ shows text, wherever it is ("0.0%;@": numbers by the first)
    sections = [s for s in _LITERAL.sub("", code).split(";") if "@" not in s][:3]
    shown = sections[:3] if _CONDITION.search(code) else sections[:2]
    # an empty section shows nothing ("0.0%;;": a negative number blank)
    return bool(shown) and bool(shown[0]) and all("%" in s for s in shown if s)


def shown_percent(value: Any) -> Any:
    """``value`` marked as shown as a percent where it is a number (not a bool: a TRUE cell
    is no percentage); any other value as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, (bool, ShownPercent)):
        return ShownPercent(value)
    return value


def shows_percent(value: Any) -> bool:
    """Whether ``value`` came from a cell showing it as a percent."""
    return isinstance(value, ShownPercent)


def percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of an .xlsx package's cell formats (``cellXfs``, a cell's ``s``) whose
    number format shows a percent: the one its ``numFmts`` lists under the id, else the
    built-in one; empty without a styles part."""
    codes, formats = _number_formats(archive)
    # a format the package lists is its own whatever its id (one below 164 too, as Excel and
    # openpyxl read it); an id it does not list is a built-in one
    return frozenset(i for i, number in enumerate(formats)
                     if (is_percent_format(codes[number]) if number in codes
                         else number in BUILTIN_PERCENT_IDS))


def typed_percent_styles(archive: zipfile.ZipFile) -> dict[int, str]:
    """The indexes of an .xlsx package's cell formats whose number format shows a percent sign
    that is text (:func:`shows_text_percent`, read by :func:`typed_percent`), each with its
    code."""
    codes, formats = _number_formats(archive)
    return {i: codes[number] for i, number in enumerate(formats)
            if number in codes and shows_text_percent(codes[number])}


def _number_formats(archive: zipfile.ZipFile) -> tuple[dict[int, str], list[int]]:
    """The package's own number formats (id -> code) and each cell format's number format id,
    in ``cellXfs`` order; both empty without a styles part."""
    try:
        root = ElementTree.fromstring(archive.read(_STYLES))
    except KeyError:
        return {}, []
    codes: dict[int, str] = {}
    formats: list[int] = []
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "numFmts":
            for number_format in element:
                number = number_format.get("numFmtId", "")
                if number.isdigit():
                    codes[int(number)] = number_format.get("formatCode", "")
        elif tag == "cellXfs":
            for xf in element:
                number = xf.get("numFmtId", "0")
                formats.append(int(number) if number.isdigit() else 0)
    return codes, formats


def percent_cells(archive: zipfile.ZipFile, part: str, styles: Iterable[int]
                  ) -> frozenset[tuple[int, int]]:
    """The cells of a worksheet part whose format is one of ``styles``
    (:func:`percent_styles`): (row, column), both 0-based. A cell written without its address
    is left out (read as a bare number, as before)."""
    wanted = {str(s).encode() for s in styles}
    data = archive.read(part)
    if not wanted or not any(b's="' + s + b'"' in data or b"s='" + s + b"'" in data
                             for s in wanted):
        return frozenset()
    found = set()
    for tag in _CELL_TAG.finditer(data):
        attributes = tag.group(1)
        style = _CELL_STYLE.search(attributes)
        if style is None or style.group(1) not in wanted:
            continue
        reference = _CELL_REFERENCE.search(attributes)
        if reference is None:
            continue
        letters, digits = reference.groups()
        column = sum((ch - 64) * 26 ** i for i, ch in enumerate(reversed(letters.upper()))) - 1
        found.add((int(digits) - 1, column))
    return frozenset(found)

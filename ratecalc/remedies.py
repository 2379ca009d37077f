"""What a message tells the user to do: a command-line option, or what to do in Excel.

The core and the workbook layer serve the ``ratecalc`` commands and the ribbon's buttons alike.
A button has no options to give, so a message that told a billing clerk in Excel to give
``--effective-date YYYY-MM-DD`` named a remedy she cannot use. A message that offers an option
takes its words from :func:`remedy`; the ribbon runs every button inside :func:`in_excel`, which
switches them to what can be done from Excel (and, where a button cannot do it at all, to the
command that can).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_IN_EXCEL: ContextVar[bool] = ContextVar("ratecalc_in_excel", default=False)

#: option -> (the command line's words, Excel's words)
REMEDIES: dict[str, tuple[str, str]] = {
    "effective_date": (
        "give --effective-date YYYY-MM-DD",
        "add an Effective Date column to the file, filled on every row"),
    "payer": (
        "give --payer NAME, or pick the payer on the Proposal sheet",
        "pick the payer on the Proposal sheet, save, and press the button again"),
    "new_payer": (
        "give the payer's name as listed, or add it on purpose with --new-payer",
        "add the payer on the Payers & Contracts sheet as the file names it, save, and press "
        "the button again"),
    "billing_class": (
        "--billing-class institutional adds them anyway",
        "the command 'ratecalc import market-rates FILE --billing-class institutional "
        "--workbook WORKBOOK' adds them anyway (the button takes professional prices only)"),
    "product": (
        "say which one the letter is about (--product)",
        "the button cannot choose among them: the command 'ratecalc letter WORKBOOK --payer "
        "NAME --product PRODUCT' writes the letter for one"),
}


def remedy(option: str) -> str:
    """The words that tell the user how to give ``option`` (a key of :data:`REMEDIES`), for
    the command line or, inside :func:`in_excel`, for Excel."""
    command_line, excel = REMEDIES[option]
    return excel if _IN_EXCEL.get() else command_line


@contextmanager
def in_excel() -> Iterator[None]:
    """Messages made inside this block say what to do in Excel (a ribbon button's work)."""
    token = _IN_EXCEL.set(True)
    try:
        yield
    finally:
        _IN_EXCEL.reset(token)

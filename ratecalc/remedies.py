"""What a message tells the user to do: a command-line option, or what to do in Excel.

The core and the workbook layer serve the ``ratecalc`` commands and the ribbon's buttons alike.
A button has no options to give, so a message that told a billing clerk in Excel to give
``--effective-date YYYY-MM-DD`` named a remedy she cannot use. A message that offers an option
takes its words from :func:`remedy`, and a message that names where a value was given (the
command's ``--date``, the Settings sheet's cell, a worksheet function's argument) from
:func:`control`. Where the user acts is chosen once, where the work starts: the ribbon runs every
button inside :func:`in_excel`, the worksheet functions run inside ``in_excel("formula")``; the
command line is the default. Excel's words never name an option or a command: where Excel cannot
do it at all, they say who can.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: Where the user acts: "command" (the ``ratecalc`` command), "button" (a ribbon button) or
#: "formula" (a worksheet function).
_WHERE: ContextVar[str] = ContextVar("ratecalc_where", default="command")
WHERES = ("command", "button", "formula")
#: Said in Excel of what only RateCalc's commands can do (a button has no options to give).
OUTSIDE_EXCEL = "whoever supports RateCalc for you can do this outside Excel"

#: The command that adds a Medicare release (CMS's yearly and quarterly RVU files).
MEDICARE_IMPORT = "ratecalc medicare import URL-OR-ZIP (CMS's RVU zip)"

#: How to add the optional store (pyarrow, DuckDB). Not "pip install 'ratecalc[store]'": from
#: a source checkout, as the README installs, that fetches another package of that name.
STORE_EXTRA = "install RateCalc's store extra: pip install '.[store]' in RateCalc's source folder"

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
        "the button takes professional prices only: type the institutional prices on the "
        f"Benchmarks sheet yourself, or import them outside Excel ({OUTSIDE_EXCEL})"),
    "product": (
        "say which one the letter is about (--product)",
        "the button cannot choose among them: the letter for one product is written outside "
        f"Excel ({OUTSIDE_EXCEL})"),
    "medicare_release": (
        f"To add a newer one: {MEDICARE_IMPORT}",
        # short: a worksheet function's cell shows at most 200 characters of the refusal
        "Whoever supports RateCalc for you can add CMS's newer one outside Excel."),
    "medicare_import": (MEDICARE_IMPORT, OUTSIDE_EXCEL),
    "new_workbook": (
        "a new workbook from 'ratecalc workbook new' has it",
        "a new workbook, from the New workbook button on the RateCalc ribbon, has it"),
    # DAY: the business day to date it on (ratecalc_letter.parts.letter_date_warning)
    "letter_date": (
        "give --date DAY",
        "set the analysis date (Settings, analysis_date) to DAY, save, and press the button "
        "again"),
    # FILE: the workbook's name (ratecalc_workbook.earlier_versions.upgrade_remedy)
    "upgrade_workbook": (
        "run: ratecalc workbook upgrade FILE",
        "press Upgrade workbook on the RateCalc ribbon"),
}

#: option -> the command line's words in ``ratecalc demo`` (:func:`in_demo`), where they differ:
#: the demo dates its letter on its --today (it has no --date), and its story moves with it.
DEMO_REMEDIES: dict[str, str] = {
    "letter_date": "give --today DAY",
}
_IN_DEMO: ContextVar[bool] = ContextVar("ratecalc_in_demo", default=False)

#: control -> what a message calls it: (the command line, a ribbon button, a worksheet
#: function); a button's value comes from a workbook cell or from the file it imports.
CONTROLS: dict[str, tuple[str, str, str]] = {
    "date": ("--date", "the Medicare date", "service_date"),
    "date_other": ("--date sets another", "the file's own date", "service_date sets another"),
    "locality": ("--locality", "the Medicare locality on the Settings sheet", "locality"),
}


def remedy(option: str) -> str:
    """The words that tell the user how to give ``option`` (a key of :data:`REMEDIES`), for
    the command line or, inside :func:`in_excel`, for Excel."""
    command_line, excel = REMEDIES[option]
    if _WHERE.get() != "command":
        return excel
    return DEMO_REMEDIES.get(option, command_line) if _IN_DEMO.get() else command_line


def control(name: str) -> str:
    """What a message calls the control ``name`` (a key of :data:`CONTROLS`) the value came
    from, where the user acts (:func:`in_excel`)."""
    return CONTROLS[name][WHERES.index(_WHERE.get())]


def where() -> str:
    """Where the user acts now: one of :data:`WHERES`."""
    return _WHERE.get()


@contextmanager
def in_excel(where: str = "button") -> Iterator[None]:
    """Messages made inside this block say what to do in Excel: at a ribbon button
    (``"button"``) or in a worksheet function's cell (``"formula"``)."""
    if where not in WHERES[1:]:
        raise ValueError(f"in_excel: expected one of {WHERES[1:]}, got {where!r}")
    token = _WHERE.set(where)
    try:
        yield
    finally:
        _WHERE.reset(token)


@contextmanager
def in_demo() -> Iterator[None]:
    """Messages made inside this block name ``ratecalc demo``'s options
    (:data:`DEMO_REMEDIES`) where they differ from the other commands'."""
    token = _IN_DEMO.set(True)
    try:
        yield
    finally:
        _IN_DEMO.reset(token)

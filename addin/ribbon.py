"""What the RateCalc ribbon buttons do: one entry point, one handler per button.

Every button of ``resources/customUI.xml`` calls the VBA callback ``RateCalcButton``, which runs
``ratecalc_addin.ribbon_action(control_id)`` through xlwings' ``RunPython``. ``ribbon_action``
finds the workbook that was active (``xw.Book.caller()``) and hands it to the button's handler.
Handlers take the workbook as a parameter (so tests pass a fake one), do their work through
``ratecalc_workbook`` and ``ratecalc_letter``, and return an :class:`Outcome`; the user always
sees a message box, and problems found in the data also go to a *Problems* sheet. Nothing fails
silently: an unexpected error is logged with its traceback and shown in a message box.

The master workbook is read and written as a file by ``ratecalc_workbook`` (openpyxl), and Excel
keeps an open workbook locked, so a handler that changes it saves it, closes it, lets the
workbook layer rewrite it (which keeps a backup), and opens it again.
"""

from __future__ import annotations

import importlib
import logging
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ratecalc.dates import one_day
from ratecalc.errors import Problem, RateCalcError, ValidationFailed
from ratecalc.kept_copies import noting_unpruned
from ratecalc.remedies import in_excel

log = logging.getLogger(__name__)

TITLE = "RateCalc"
#: The workbook-layer and letter functions each button needs: (module, function). They are looked
#: up when a button is pressed, so a missing one disables that button with a clear message.
WORKBOOK_API: dict[str, tuple[str, str]] = {
    "refresh": ("ratecalc_workbook.refresh", "refresh_workbook"),
    "import_fee_schedule": ("ratecalc_workbook.imports", "import_fee_schedule"),
    "import_remittances": ("ratecalc_workbook.imports", "import_remittances"),
    "import_market_rates": ("ratecalc_workbook.imports", "import_market_rates"),
    "new_workbook": ("ratecalc_workbook.builder", "new_workbook"),
    "upgrade_workbook": ("ratecalc_workbook.upgrade", "upgrade_workbook"),
    "read_workbook": ("ratecalc_workbook.reader", "read_workbook"),
    "selected_payer": ("ratecalc_workbook.reader", "selected_payer"),
    "proposal_letter": ("ratecalc_letter", "write_proposal_letter"),
    "record_problems": ("ratecalc_workbook.problems_sheet", "record_problems"),
}
#: The workbook layer's lock (``changing``, ``saved_by_owner``), taken around every save Excel
#: makes for a button, so that a ``ratecalc`` command and a button never change the file at once.
LOCK_MODULE = "ratecalc_workbook.safety"
#: Names used until ``ratecalc_workbook.layout`` defines them.
DEFAULT_PROBLEMS_SHEET = "Problems"


class ActionError(RateCalcError):
    """A button cannot do its work; the message tells the user what to do instead."""


class _Reopened(Exception):  # noqa: N818 - a carrier, not an error of its own
    """``error`` raised while the workbook was closed; ``book`` is the workbook open again,
    where the user must be told (the closed one can show nothing)."""

    def __init__(self, error: Exception, book: Any) -> None:
        super().__init__(str(error))
        self.error, self.book = error, book


@dataclass(frozen=True)
class Outcome:
    """What a button did: a message for the user and the problems found in the data."""

    message: str
    problems: tuple[Problem, ...] = ()
    book: Any = None  # the workbook to report on, when the handler reopened it
    problems_on_sheet: bool = False  # the workbook layer already wrote the Problems sheet
    event: str = ""  # what found the problems, as the Problems sheet's count line starts
    if_errors: str = ""  # what the errors stopped, said there after the count
    failed: bool = False  # the button could not do its work (an error, not a problem found)

    @property
    def alert_mode(self) -> str:
        """xlwings' message box style: ``critical`` (a warning sign) when the work failed or
        errors stopped it, else ``info``; a refresh done with warnings only is a success
        (every demo refresh has some), so it is not shown under a warning sign. xlwings
        knows these two modes only (``App.alert``)."""
        return "critical" if self.failed or _errors_in(self.problems) else "info"


def _api(name: str) -> Callable[..., Any]:
    module_name, function_name = WORKBOOK_API[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise ActionError(
            f"This version of RateCalc cannot do this yet ({module_name} is missing)."
        ) from exc
    function = getattr(module, function_name, None)
    if function is None:
        raise ActionError(
            f"This version of RateCalc cannot do this yet ({module_name}.{function_name} is "
            f"missing)."
        )
    return function


def _layout_name(attribute: str, default: str) -> str:
    try:
        layout = importlib.import_module("ratecalc_workbook.layout")
    except ModuleNotFoundError:
        return default
    return str(getattr(layout, attribute, default))


def _problems_of(result: Any) -> tuple[Problem, ...]:
    """Problems in whatever the workbook layer returned: a list of them, or an object with them."""
    found = result if isinstance(result, (list, tuple)) else getattr(result, "problems", ())
    return tuple(p for p in (found or ()) if isinstance(p, Problem))


def _errors_in(problems: Sequence[Problem]) -> int:
    return sum(p.severity == "error" for p in problems)


def _changing(path: Path) -> AbstractContextManager[None]:
    """The workbook layer's lock on ``path`` (one RateCalc command or button at a time)."""
    return importlib.import_module(LOCK_MODULE).changing(path)


#: What to do when Excel names the workbook by its OneDrive or SharePoint address and no local
#: copy is found: xlwings' own settings (``Book.fullname`` reads them to map the address).
CLOUD_HELP = (
    "This workbook is in OneDrive or SharePoint, and RateCalc could not find its copy on this "
    "computer ({reason}). Let OneDrive sync the workbook's folder to this computer; if it is "
    "synced to a folder other than the usual one, tell xlwings where: set "
    "ONEDRIVE_CONSUMER_{os} (personal OneDrive), ONEDRIVE_COMMERCIAL_{os} (OneDrive for "
    "work or school) or SHAREPOINT_{os} to that folder, on a sheet named xlwings.conf in "
    "this workbook (the setting's name in A1, the folder in B1) or in xlwings' settings file "
    "{config}. Or save a copy in a local folder (File > Save As) and press the button there."
)


def _cloud_help(reason: str) -> ActionError:
    system = "MAC" if sys.platform == "darwin" else "WIN"
    try:
        from xlwings import USER_CONFIG_FILE as config
    except ImportError:
        config = str(Path("~") / ".xlwings" / "xlwings.conf")
    return ActionError(CLOUD_HELP.format(reason=reason.rstrip("."), os=system, config=config))


def _local_copy(url: str) -> str:
    """The local file of a workbook Excel names by its OneDrive or SharePoint address, as
    xlwings maps it (``xlwings.utils.fullname_url_to_local_path``: the OneDrive environment
    variables, the default folders and the settings ONEDRIVE_CONSUMER_WIN/MAC,
    ONEDRIVE_COMMERCIAL_WIN/MAC, SHAREPOINT_WIN/MAC). xlwings' ``Book.fullname`` maps it
    itself; this serves an xlwings that passed the address through."""
    try:
        from xlwings.utils import fullname_url_to_local_path
    except ImportError:
        raise _cloud_help("this xlwings cannot map its web address to a file") from None
    try:
        return str(fullname_url_to_local_path(url))
    except Exception as exc:  # noqa: BLE001 - xlwings raises its own XlwingsError and others
        raise _cloud_help(str(exc) or type(exc).__name__) from None


def _fullname(book: Any) -> str:
    """The workbook's file name as Excel and xlwings give it, a web address mapped to the
    local file (:func:`_local_copy`)."""
    try:
        name = str(book.fullname)
    except Exception as exc:
        if type(exc).__name__ != "XlwingsError":
            raise
        # xlwings' Book.fullname found no local copy of a OneDrive/SharePoint workbook
        raise _cloud_help(str(exc)) from None
    return _local_copy(name) if "://" in name else name


def _file_of(book: Any) -> Path:
    path = Path(_fullname(book))
    if not path.suffix or not path.is_absolute():
        raise ActionError(
            "Save this workbook first (File > Save As, as an .xlsx file), then press the "
            "button again."
        )
    return path


def saved_path(book: Any) -> Path:
    """The workbook's file, saved now; a workbook never saved must be saved by the user first.

    Excel saves it under the workbook layer's lock: while a ``ratecalc`` command is changing the
    file, the button is refused (:class:`~ratecalc_workbook.safety.WorkbookBusy`) before Excel
    writes anything, so neither save can replace the other's.
    """
    path = _file_of(book)
    with _changing(path):
        book.save()
        importlib.import_module(LOCK_MODULE).saved_by_owner(path)
    return path


def rewrite_closed(book: Any, work: Callable[[Path], Any]) -> tuple[Any, Any]:
    """Save and close ``book``, run ``work(path)`` on its file, and open it again.

    All of it under one hold of the workbook layer's lock, so no ``ratecalc`` command can
    change the file between Excel's save and ``work``. The workbook is reopened whether
    ``work`` succeeds or fails, so the user never loses it.

    Returns
    -------
    tuple
        ``(result of work, the reopened book)``.
    """
    path = _file_of(book)
    with _changing(path):
        saved_path(book)
        app = book.app
        book.close()
        try:
            result = work(path)
        except Exception as exc:
            raise _Reopened(exc, app.books.open(str(path))) from exc
        reopened = app.books.open(str(path))
    return result, reopened


def ask_for_file(book: Any, title: str) -> Path | None:
    """Ask the user to pick a file; ``None`` when they cancel.

    Windows asks Excel's own dialog (``Application.GetOpenFilename``); macOS asks Finder through
    AppleScript, since Excel's dialog is not reachable from Python there.
    """
    if sys.platform.startswith("win"):
        picked = book.app.api.GetOpenFilename(
            "Data files (*.csv;*.xlsx;*.xls;*.txt;*.835;*.json;*.gz),"
            "*.csv;*.xlsx;*.xls;*.txt;*.835;*.json;*.gz,All files (*.*),*.*",
            1,
            title,
        )
        return Path(picked) if isinstance(picked, str) and picked else None
    if sys.platform == "darwin":
        script = f'POSIX path of (choose file with prompt "{title}")'
        done = subprocess.run(["osascript", "-e", script], capture_output=True, text=True)
        return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None
    raise ActionError("Picking a file needs Excel on Windows or macOS; use 'ratecalc import'.")


def refresh_analysis(book: Any) -> Outcome:
    """Recompute the analysis sheets from the data sheets (``refresh_workbook``, which also
    writes the Problems sheet and keeps a backup)."""
    refresh = _api("refresh")
    result, reopened = rewrite_closed(book, refresh)
    problems = _problems_of(result)
    errors = _errors_in(problems)
    if errors:
        message = f"The analysis was not refreshed: {errors} problem(s) in the data."
    else:
        message = "The analysis sheets are up to date."
    backup = getattr(result, "backup", None)
    if backup:
        message += f"\n\nThe workbook as it was is saved in {backup}."
    return Outcome(message, problems, reopened, problems_on_sheet=True)


def draft_proposal_letter(book: Any) -> Outcome:
    """Write the proposal letter for the payer selected on the Proposal sheet (a .docx beside
    the workbook), from the workbook as saved now, including the rates typed over the proposal
    in its "Your rate" column."""
    selected_payer = _api("selected_payer")
    write_proposal_letter = _api("proposal_letter")
    path = saved_path(book)
    payer = selected_payer(path)
    if not payer:
        raise ActionError("Choose a payer on the Proposal sheet first, then press the button.")
    event = f"Proposal letter for {payer}"
    try:
        result = write_proposal_letter(path, payer, path.parent)
    except ValidationFailed as exc:
        return Outcome(f"No letter was written: {_errors_in(exc.problems)} problem(s) in the "
                       "workbook.", tuple(exc.problems), event=event,
                       if_errors="No letter was written: fix the errors and draft it again.")
    problems = tuple(result.problems)
    return Outcome(f"The proposal letter for {payer} is in {result.path}.", problems,
                   event=event)


def _rows_added(result: Any) -> int:
    """Rows an import added to the workbook, from what the workbook layer returned: a count
    per table (835s, market rates) or one table's append (a fee schedule; None: nothing)."""
    appended = getattr(result, "appended", None)
    if isinstance(appended, Mapping):
        return sum(appended.values())
    return int(getattr(appended, "appended", 0) or 0)


def _importer(api_name: str, what: str) -> Callable[[Any], Outcome]:
    def handler(book: Any) -> Outcome:
        do_import = _api(api_name)
        record = _api("record_problems")
        source = ask_for_file(book, f"Choose the {what} to import")
        if source is None:
            return Outcome(f"No {what} imported.")
        event = f"Import of {source.name}"

        def work(path: Path) -> tuple[tuple[Problem, ...], int]:
            # while the workbook is closed, so the Problems sheet is written by the workbook
            # layer, as refresh writes it
            try:
                result = do_import(path, source)
                problems, added = _problems_of(result), _rows_added(result)
            except ValidationFailed as exc:
                problems, added = tuple(exc.problems), 0
            if problems:
                record(path, problems, event, if_errors=(
                    f"{added} row(s) were imported, those with errors left out." if added else
                    "Nothing was imported: fix the errors and import the file again."))
            return problems, added

        (problems, added), reopened = rewrite_closed(book, work)
        errors = _errors_in(problems)
        refresh = "Press Refresh analysis to update the analysis."
        if not errors:
            message = f"Imported {source.name}. {refresh}"
        elif added:
            message = (f"Imported {added} row(s) of {source.name}, leaving out those with "
                       f"{errors} error(s). {refresh}")
        else:
            message = f"{source.name} was not imported: {errors} error(s) in it."
        return Outcome(message, problems, reopened, problems_on_sheet=True, event=event)

    handler.__doc__ = f"Import the {what} the user picks into the workbook."
    handler.__name__ = api_name
    return handler


def new_workbook(book: Any) -> Outcome:
    """Create a master negotiation workbook in the Documents folder and open it."""
    build = _api("new_workbook")
    folder = Path.home() / "Documents"
    folder = folder if folder.is_dir() else Path.home()
    path = folder / "RateCalc negotiation.xlsx"
    number = 2
    while path.exists():
        path = folder / f"RateCalc negotiation {number}.xlsx"
        number += 1
    build(path)
    opened = book.app.books.open(str(path))
    return Outcome(
        f"Created {path}. Fill in the data sheets, then press Refresh analysis.", book=opened
    )


def upgrade_workbook(book: Any) -> Outcome:
    """Add the optional columns and Settings rows a workbook from an earlier RateCalc lacks
    (``upgrade_workbook``, which keeps a backup and changes nothing typed)."""
    upgrade = _api("upgrade_workbook")
    result, reopened = rewrite_closed(book, upgrade)
    added = tuple(getattr(result, "added", ()) or ())
    problems = (*tuple(getattr(result, "not_added", ()) or ()), *_problems_of(result))
    refused = tuple(getattr(result, "not_added", ()) or ())
    if not added and refused:
        return Outcome(
            "Nothing was added: the parts listed below could not be added. Do what each "
            "says, then press Upgrade workbook again.", problems, reopened)
    if not added:
        return Outcome("This workbook is up to date: nothing to add.", problems, reopened)
    message = "Added:\n" + "\n".join(f"- {part}" for part in added)
    backup = getattr(result, "backup", None)
    if backup:
        message += f"\n\nThe workbook as it was is saved in {backup}."
    return Outcome(message, problems, reopened)


def help_text() -> str:
    """The help message: the buttons and the worksheet functions with their one-line summary."""
    from .udfs import UDFS

    lines = [
        "RateCalc buttons:",
        "  Refresh analysis: recompute the analysis sheets from the data sheets.",
        "  Draft proposal letter: a Word letter for the payer chosen on the Proposal sheet.",
        "  Import fee schedule / remittances / market rates: read a file into the workbook.",
        "  New workbook: start a master negotiation workbook.",
        "  Upgrade workbook: add the columns and Settings rows a workbook from an earlier "
        "RateCalc lacks.",
        "  Check setup: which Python the add-in runs, its xlwings version and DLL.",
        "",
        "Worksheet functions (Formulas > Insert Function > category RateCalc):",
    ]
    for udf in UDFS:
        summary = " ".join((udf.__doc__ or "").strip().split("\n\n")[0].split())
        lines.append(f"  {udf.__name__}: {summary}")
    lines += ["", "Every function accepts single cells or ranges; errors read #RATECALC: ..."]
    return "\n".join(lines)


def show_help(book: Any) -> Outcome:
    """List the buttons and the worksheet functions."""
    return Outcome(help_text())


HANDLERS: dict[str, Callable[[Any], Outcome]] = {
    "refresh_analysis": refresh_analysis,
    "draft_proposal_letter": draft_proposal_letter,
    "import_fee_schedule": _importer("import_fee_schedule", "fee schedule"),
    "import_remittances": _importer("import_remittances", "remittance (835) file"),
    "import_market_rates": _importer("import_market_rates", "market rates file"),
    "new_workbook": new_workbook,
    "upgrade_workbook": upgrade_workbook,
    "help": show_help,
}


def record_problems(book: Any, outcome: Outcome) -> tuple[Any, str]:
    """Write ``outcome``'s problems to the workbook's Problems sheet by the workbook layer's
    writer (the workbook is saved, closed and opened again); returns the workbook open again
    and the sheet's name."""
    record = _api("record_problems")
    _, reopened = rewrite_closed(book, lambda path: record(
        path, outcome.problems, outcome.event, if_errors=outcome.if_errors))
    return reopened, _layout_name("PROBLEMS_SHEET", DEFAULT_PROBLEMS_SHEET)


def report(book: Any, outcome: Outcome) -> None:
    """Tell the user what happened: a message box, and the Problems sheet if there are any."""
    target = outcome.book if outcome.book is not None else book
    message = outcome.message
    if outcome.problems:
        listed = ""
        if outcome.problems_on_sheet:
            sheet = _layout_name("PROBLEMS_SHEET", DEFAULT_PROBLEMS_SHEET)
            listed = f"\n\nEvery problem is listed on the {sheet} sheet."
        else:
            try:
                target, sheet = record_problems(target, outcome)
                listed = f"\n\nEvery problem is listed on the {sheet} sheet."
            except _Reopened as exc:
                target = exc.book
                log.error("RateCalc could not write the Problems sheet", exc_info=exc.error)
                listed = f"\n\nThe Problems sheet could not be written: {exc.error}"
            except RateCalcError as exc:
                listed = f"\n\nThe Problems sheet could not be written: {exc}"
        shown = "\n".join(f"- {p.message}" for p in outcome.problems[:5])
        more = len(outcome.problems) - 5
        message += f"\n\n{shown}" + (f"\n... and {more} more" if more > 0 else "") + listed
    target.app.alert(message, title=TITLE, mode=outcome.alert_mode)


def run_action(control_id: str, book: Any) -> Outcome:
    """Run the handler of ``control_id`` on ``book`` and report to the user; never raises.

    Returns
    -------
    Outcome
        What was reported (for tests and logs).
    """
    handler = HANDLERS.get(control_id)
    try:
        if handler is None:
            raise ActionError(f"Unknown RateCalc button {control_id!r}: reinstall the add-in.")
        # a Medicare release another process imported since the last button is used by this one
        importlib.import_module("ratecalc.medicare.store").forget_if_imported()
        # in_excel: messages say what to do in Excel, not which option to give; one_day: the
        # button's every default "today" is the day it was pressed, even past midnight
        with in_excel(), noting_unpruned() as unpruned, one_day():
            outcome = handler(book)
        if unpruned:  # housekeeping only: the button's work is done, as the command warns
            outcome = replace(outcome, message="\n\n".join([outcome.message, *unpruned]))
    except _Reopened as exc:  # told in the workbook open again, not the one closed
        outcome = replace(_failure(control_id, exc.error), book=exc.book)
    except Exception as exc:  # noqa: BLE001 - the user must hear of it, not lose it
        outcome = _failure(control_id, exc)
    if not outcome.event:  # the button's label, as the ribbon shows it: "Import fee schedule"
        outcome = replace(outcome, event=control_id.replace("_", " ").capitalize())
    try:
        report(book, outcome)
    except Exception:  # noqa: BLE001 - last resort: at least the log has it
        log.exception("RateCalc could not show its message: %s", outcome.message)
    return outcome


def _failure(control_id: str, exc: Exception) -> Outcome:
    """What the user is told of a button that raised ``exc``."""
    if isinstance(exc, ValidationFailed):
        return Outcome(f"Nothing was done: {_errors_in(exc.problems)} problem(s) in the "
                       "workbook.", tuple(exc.problems), failed=True)
    if isinstance(exc, RateCalcError):
        return Outcome(str(exc), failed=True)
    log.error("RateCalc button %s failed", control_id, exc_info=exc)
    return Outcome(f"RateCalc could not finish: {type(exc).__name__}: {exc}\n\nPlease report "
                   "this message to whoever supports RateCalc for you.", failed=True)


def ribbon_action(control_id: str, book: Any = None) -> Outcome:
    """Entry point of every ribbon button (called by the VBA callback through RunPython).

    Parameters
    ----------
    control_id : str
        The ``id`` of the button in ``customUI.xml``.
    book : xlwings.Book, optional
        The workbook to act on; by default the one that was active when the button was pressed.
    """
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    return run_action(control_id, book)

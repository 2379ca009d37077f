"""Create the master negotiation workbook: ``new_workbook(path, data=None)``.

The workbook has a Start sheet that explains the flow, the input sheets (filled from ``data``
when given), the result sheets (empty until the first refresh), the Negotiation Log and the
Problems sheet. ``ratecalc workbook new PATH [--demo]`` and the ribbon's New workbook button call
:func:`new_workbook`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError
from ratecalc_workbook import layout
from ratecalc_workbook.input_sheets import print_setup, write_input_sheets
from ratecalc_workbook.page_layout import finish_sheet, print_to_last_row, print_typed_rows
from ratecalc_workbook.release import Release, keep, paused_and_released
from ratecalc_workbook.result_sheets import (
    INPUT_TAB,
    USER_TAB,
    set_name,
    write_empty_results,
    write_problems,
)
from ratecalc_workbook.safety import changing, save_atomic
from ratecalc_workbook.styles import (
    DESCRIPTION_FONT,
    INDENT,
    LINK_FONT,
    SUBTITLE_FONT,
    WRAP,
    CellStyles,
    title,
    use_house_font,
)


@cache
def therapy_codes() -> tuple[str, ...]:
    """The default drop-down of codes (:func:`ratecalc.medicare.code_list.listed_codes`): the
    therapy-only releases' codes and every speech-language pathology code."""
    from ratecalc.medicare.code_list import listed_codes

    return tuple(listed_codes())


START_STEPS: tuple[tuple[str, str], ...] = (
    ("1. Clinic", "Your practice's name, address, Medicare locality (e.g. 10112-00) and who "
     "signs the letters. To its right, your performance figures: clean-claim rate, denial rate, "
     "days in A/R, outcomes, patient satisfaction, and your cost per visit (it sets the "
     "walk-away floor)."),
    ("2. Payers & Contracts", "One row per contract: the payer, the product, the contract's "
     "dates, whether it renews by itself and for how many months (12 when blank), how many "
     "days of notice it needs, and the provider-relations contact the letter goes to."),
    ("3. Fee Schedules", "What each payer allows per unit, code by code, with the date each "
     "rate took effect. Keep old rows; the rate in force on the analysis date is used. To bring "
     "in a payer's own file: Import fee schedule on the RateCalc ribbon, or run: "
     "ratecalc import fee-schedule FILE --payer NAME --workbook THIS."),
    ("4. Volumes", "How many units of each code you bill each payer in a year."),
    ("5. Benchmarks", "What payers in your region allow for each code (25th to 90th "
     "percentile): your strongest leverage is being paid below market."),
    ("6. Settings", "The analysis date, the market percentile to aim for, the smallest and "
     "largest increase to ask, notice and lead times, and the Medicare outlook for the "
     "scenarios. Blank values take the default shown."),
    ("7. Refresh", "Press Refresh on the RateCalc ribbon, or run: ratecalc refresh THIS-FILE. "
     "RateCalc checks every input first; if anything is wrong, the Problems sheet lists each "
     "problem with a link to its cell and nothing else changes. A copy of the workbook is kept "
     "in the 'RateCalc backups' folder beside it before every change."),
    ("8. Read the results", "Dashboard: the case at a glance. Priorities: who to call first. "
     "Comparison: every rate against the market and Medicare. Proposal: the rate to ask for; "
     "type your own in the yellow 'Your rate' column. Totals: what that comes to per payer, and "
     "the codes that carry the volume. Scenarios: fixed dollars against percent of Medicare. "
     "Exit Impact: what leaving a payer would cost. Timeline: when to act."),
    ("9. Negotiate", "Draft the letter with the ribbon's letter button, then record every "
     "contact, offer and counteroffer on the Negotiation Log. RateCalc never changes that "
     "sheet."),
)

START_NOTES: tuple[str, ...] = (
    "Everything computes without the add-in: the result sheets use ordinary formulas that "
    "Excel and LibreOffice calculate. The add-in adds the Refresh and letter buttons and "
    "worksheet functions such as =MEDICARE_RATE().",
    "Refresh rewrites the result sheets only. It never changes the input sheets, the "
    "Negotiation Log, sheets you add, the 'Your rate' and 'Notes' columns, or columns you add "
    "right beside a result table (result sheets are protected without a password: Review > "
    "Unprotect Sheet to add a column). Anything typed elsewhere on a result sheet is not kept: "
    "outside the tables the Problems sheet names its cell (not on the Dashboard); a figure "
    "typed over inside a table is replaced without a word. The backup holds both.",
    "Close the workbook in Excel before running 'ratecalc refresh' from the command line: "
    "RateCalc will not write a workbook that is open.",
)


def write_start(ws: object, styles: CellStyles) -> None:
    """The plain-words guide."""
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    title(ws, "RateCalc: your rate negotiation workbook",
          "Gather your data, see where you are underpaid, ask for the right rates, keep track.")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    # A step's label sits at the top of its row, level with the first line of its text.
    label_alignment = Alignment(vertical="top", horizontal="left")
    row = layout.HEADER_ROW
    ws.cell(row=row, column=1, value="How it works").font = SUBTITLE_FONT
    row += 1
    for step, text in START_STEPS:
        label = ws.cell(row=row, column=1, value=step)
        label.font = LINK_FONT
        label.alignment = label_alignment
        sheet = step.split(". ", 1)[1]
        target = {"Refresh": layout.PROBLEMS, "Read the results": layout.DASHBOARD,
                  "Negotiate": layout.NEGOTIATION_LOG}.get(sheet, sheet)
        label.hyperlink = Hyperlink(ref=label.coordinate, location=f"'{target}'!A1")
        body = ws.cell(row=row, column=2, value=text)
        body.alignment = WRAP
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Good to know").font = SUBTITLE_FONT
    for note in START_NOTES:
        row += 1
        cell = ws.cell(row=row, column=2, value=note)
        cell.alignment = WRAP
    row += 2
    ws.cell(row=row, column=1, value="Last refresh").font = SUBTITLE_FONT
    facts = [k for k, _, _ in layout.DASHBOARD_FACTS]
    stamp = layout.DASHBOARD_FACTS_ROW + facts.index("refreshed_at")
    problems = f"'{layout.PROBLEMS}'!$A${layout.PROBLEMS_TABLE.header_row + 1}:$A$100000"
    lines = (
        ("Refreshed", f"=IF(ISNUMBER('{layout.DASHBOARD}'!$B${stamp}),"
                      f"'{layout.DASHBOARD}'!$B${stamp},\"never\")", "datetime"),
        ("Analysis date", f"=IF(ISNUMBER({layout.NAME_AS_OF}),{layout.NAME_AS_OF},\"\")", "date"),
        ("Errors to fix", f'=COUNTIF({problems},"error")', "int"),
        ("Warnings", f'=COUNTIF({problems},"warning")', "int"),
    )
    for label, formula, fmt in lines:
        row += 1
        ws.cell(row=row, column=1, value=label)
        cell = ws.cell(row=row, column=2, value=formula)
        styles.apply(cell, fmt)
        cell.alignment = Alignment(horizontal="left", indent=INDENT)
    row += 2
    # a few cells show more than cents on purpose (a walk-away floor a fraction of a cent
    # from the rate, the Scenarios' years at their rates): the sentence must not deny them
    ws.cell(row=row, column=1, value="Money is computed unrounded and shown rounded to cents; a "
            "few cells show the decimals a figure has past its cents (a walk-away floor beside "
            "a rate, the Scenarios' years at their rates). Medicare amounts come from CMS's "
            "Physician Fee Schedule files bundled with RateCalc.").font = DESCRIPTION_FONT
    print_setup(ws, None, landscape=False, one_page=True)


def define_input_names(wb: Workbook, field_rows: dict[tuple[str, str], int] | None = None,
                       payer_col: int | None = None) -> None:
    """Names for the settings' and profile's value cells and the payer list.

    ``field_rows`` gives where each field sits now ((sheet, field) -> row); by default the rows
    the builder wrote. Refresh passes what it read, so a name follows a row the user moved.
    """
    value_col = get_column_letter(layout.SETTINGS_TABLE.col("value"))
    for fieldname, name in layout.SETTING_NAMES.items():
        row = (field_rows or {}).get((layout.SETTINGS_SHEET, fieldname),
                                     layout.settings_row(fieldname))
        set_name(wb, name, layout.SETTINGS_SHEET, f"${value_col}${row}")
    value_col = get_column_letter(layout.PROFILE_TABLE.col("value"))
    for fieldname, name in layout.PROFILE_NAMES.items():
        row = (field_rows or {}).get((layout.CLINIC_SHEET, fieldname),
                                     layout.profile_row(fieldname))
        set_name(wb, name, layout.CLINIC_SHEET, f"${value_col}${row}")
    letter = get_column_letter(payer_col or layout.PAYERS_CONTRACTS_TABLE.col("payer"))
    first = layout.PAYERS_CONTRACTS_TABLE.header_row + 1
    set_name(wb, layout.NAME_PAYER_LIST, layout.PAYERS_CONTRACTS,
             f"${letter}${first}:${letter}${first + layout.PAYER_LIST_ROWS - 1}")


#: The sheets the user types rows into: printed to the sheet's last row.
USERS_SHEETS = (*layout.INPUT_SHEETS, layout.NEGOTIATION_LOG)


def print_rows_typed(wb: Workbook) -> list[str]:
    """The user's sheets of ``wb`` (a workbook an earlier RateCalc made) whose print areas
    ended at their tables' last rows now reach the sheet's last row
    (:func:`~ratecalc_workbook.page_layout.print_typed_rows`); their names."""
    return [name for name in USERS_SHEETS
            if name in wb.sheetnames and print_typed_rows(wb[name])]


def build(data: ClinicData | None = None) -> Workbook:
    """The workbook in memory (see :func:`new_workbook`)."""
    wb = Workbook()
    use_house_font(wb)
    default = wb.active
    for name in layout.SHEET_ORDER:
        wb.create_sheet(name)
    wb.remove(default)
    styles = CellStyles(wb)
    write_start(wb[layout.START], styles)
    write_input_sheets(wb, data, styles)
    for name in layout.INPUT_SHEETS:
        wb[name].sheet_properties.tabColor = INPUT_TAB
    wb[layout.NEGOTIATION_LOG].sheet_properties.tabColor = USER_TAB
    write_empty_results(wb, styles, list(therapy_codes()))
    from datetime import datetime

    write_problems(wb, [], lambda p: None, styles, datetime(1900, 1, 1))
    problems = wb[layout.PROBLEMS]
    problems.cell(row=3, column=1, value="No refresh yet.")
    define_input_names(wb)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            # refresh never lays the user's sheets out again: they print fitted to the width
            users = ws.title in USERS_SHEETS
            finish_sheet(ws, orientation="portrait" if ws.title == layout.START else None,
                         users_text=users, group_breaks=not users)
            if users:
                print_to_last_row(ws)
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    return wb


def new_workbook(path: str | Path, data: ClinicData | None = None, *,
                 overwrite: bool = False, release: Release = keep) -> Path:
    """Create the master negotiation workbook at ``path``.

    Parameters
    ----------
    path : str or Path
        Where to write it (``.xlsx``).
    data : ClinicData, optional
        The clinic's tables to fill the input sheets with (e.g. ``ratecalc.demo.demo_data()``);
        without it the input tables are blank.
    overwrite : bool
        Replace an existing file (never by default: it may hold the user's work).
    release : callable, optional
        Given the workbook built, to free its cells after the caller's block
        (:mod:`ratecalc_workbook.release`).

    Returns
    -------
    pathlib.Path
        The file written. The result sheets are empty until
        :func:`ratecalc_workbook.refresh.refresh_workbook` runs.

    Raises
    ------
    InputError
        ``path`` exists and ``overwrite`` is False, or it is not an .xlsx name.
    """
    target = new_workbook_path(path)
    # two commands creating one workbook: the second is refused; built and saved as a refresh
    # is, the collector paused and the cells freed after (ratecalc_workbook.release), unless a
    # caller that pauses it already takes them (``release``)
    with changing(target), paused_and_released() as own:
        check_replaceable(target, overwrite)
        wb = build(data)
        release(wb)
        own(wb)
        save_atomic(wb, target)
    return target


def new_workbook_path(path: str | Path) -> Path:
    """``path`` as the name of a new workbook (an .xlsx name), its folder made."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InputError(f"'{target}': a workbook name must end in .xlsx")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def check_replaceable(target: Path, overwrite: bool) -> None:
    """Refuse to write a new workbook over ``target`` unless ``overwrite`` (it may hold the
    user's work); called while holding its lock (:func:`~ratecalc_workbook.safety.changing`)."""
    if target.exists() and not overwrite:
        raise InputError(f"'{target}' already exists: choose another name (RateCalc does "
                         f"not overwrite a workbook)")

"""The one refusal of a Settings date no Medicare release covers, in the Settings' own words.

Every command that reads the tables (``analyze``, ``letter``, ``scenario``, ``exit-impact``,
``workbook new --from``) and a workbook's refresh (its Problems sheet) say it alike: at the
cell the user must fill, with the labels written on the Settings, and what to do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ratecalc.dataset import ClinicData
from ratecalc.errors import NoMedicareDataError, Problem
from ratecalc.medicare.store import check_covered, refusal_message

#: The Settings' labels of the two dates where a table gives none (a folder's settings.csv
#: without the rows, or data built in code): the words the master workbook's sheet uses.
_LABELS = {"analysis_date": "Analysis date", "medicare_date": "Medicare date"}


def medicare_day(data: ClinicData, today: date | None = None) -> date:
    """The day Medicare is priced on (``Settings.date_of_service``), ``today`` standing for a
    blank analysis date (the day a run takes as today; the machine's when not given)."""
    s = data.settings
    if today is not None and s.analysis_date is None:
        s = replace(s, analysis_date=today)
    return s.date_of_service


def settings_refusal(data: ClinicData, day: date) -> Problem:
    """Why the Settings' ``day`` (:func:`medicare_day`) cannot be priced, as a problem of the
    Settings at the cell to fill.

    A Medicare date given is named at its cell. An analysis date given with the Medicare date
    blank is named at its own cell (the day the user typed). Both blank: the day is today's,
    a day nobody typed, so the Medicare date's cell is named, the one to fill.
    """
    s = data.settings
    said = refusal_message(day, on_settings=True)
    field = ("analysis_date" if s.medicare_date is None and s.analysis_date is not None
             else "medicare_date")
    whence = ""
    if s.medicare_date is None and s.analysis_date is None:
        analysis = data.field_cell("settings", "analysis_date")
        analysis_label = analysis[1] if analysis else _LABELS["analysis_date"]
        whence = (f"blank, and so is the {analysis_label}, so Medicare is priced on today's "
                  f"date, {day.isoformat()}: ")
    cell = data.field_cell("settings", field)
    # no cell (a folder's settings.csv without the rows, data built in code): the table's place
    location, label = (cell if cell is not None
                       else (data.table_place("settings"), _LABELS[field]))
    return Problem("Settings", location, f"{label}: {whence}{said}")


def check_settings_covered(data: ClinicData, today: date | None = None) -> None:
    """Refuse the Settings' Medicare day when no release covers it (:func:`settings_refusal`).

    Raises
    ------
    NoMedicareDataError
        Its ``problem`` the Settings cell's: every command that reads the tables says it
        alike, and refresh lists it on the Problems sheet.
    """
    day = medicare_day(data, today)
    try:
        check_covered(day)
    except NoMedicareDataError:
        problem = settings_refusal(data, day)
        raise NoMedicareDataError(problem.message, problem) from None

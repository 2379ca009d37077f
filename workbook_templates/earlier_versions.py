"""A workbook an earlier RateCalc made: the optional columns and Settings rows added since.

A clinic keeps one master workbook for years, while RateCalc gains optional columns and rows
(a contract's "Renewal months", a rate's "Confirmed"). A workbook made before one was added
has none: every command reads it as left blank, each row taking its documented default, as it
did when the workbook was made. That is not a fault of the workbook, so it is said once a
command, as a note naming each missing part, its default and how to add them
(``ratecalc workbook upgrade``, :mod:`ratecalc_workbook.upgrade`), not as one warning a part.

A column RateCalc had from the first release and now missing was deleted: that stays a warning
at its header (:func:`ratecalc_workbook.reader.read_inputs`).
"""

from __future__ import annotations

from ratecalc.errors import Location, Problem
from ratecalc.frozen_record import frozen_record
from ratecalc.remedies import remedy
from ratecalc.schema import Column
from ratecalc_workbook import layout

#: Optional columns and field/value rows added to the input tables after the first workbook
#: layout (git: the layout of e5a0a4a, 2026-11-26), by input table (keys of
#: :data:`ratecalc_workbook.layout.INPUT_TABLES`) -> canonical names, in the order added.
#: Volumes' Description (b3a376e) and the Fee Schedules' Confirmed and Settings' plausible band
#: (27320cf) on 2026-12-02; Payers & Contracts' Renewal months (f5f1787) on 2026-12-06.
ADDED_AFTER_FIRST_RELEASE: dict[str, tuple[str, ...]] = {
    "volumes": ("description",),
    "fee_schedules": ("confirmed",),
    "settings": ("plausible_low", "plausible_high"),
    "payers_contracts": ("renewal_months",),
}

#: What the note is filed under on the Problems sheet and in ``--json`` output.
NOTE_TABLE = "Workbook"
#: The severity of a finding that is neither an error nor a warning: nothing is wrong.
NOTE = "note"


@frozen_record
class MissingPart:
    """An optional column, or a field/value row, of RateCalc's that an input table lacks.

    Attributes
    ----------
    table : str
        The input table (a key of :data:`ratecalc_workbook.layout.INPUT_TABLES`).
    column : Column
        The schema column it holds: its default is what every row takes meanwhile.
    header : str
        Its header (a row table's column) or its label (a field/value table's row).
    """

    table: str
    column: Column
    header: str

    @property
    def sheet(self) -> str:
        return layout.INPUT_TABLES[self.table][0].sheet

    @property
    def is_row(self) -> bool:
        """A field/value table's row (Settings), not a column."""
        return self.table in layout.KEY_VALUE_FIELDS

    @property
    def added_later(self) -> bool:
        """Added after the first release: missing because the workbook is older."""
        return self.column.name in ADDED_AFTER_FIRST_RELEASE.get(self.table, ())

    @property
    def words(self) -> str:
        """``Payers & Contracts has no 'Renewal months' column (read as blank: 12)``."""
        what = "row" if self.is_row else "column"
        return f"{self.sheet} has no '{self.header}' {what} ({blank_words(self.column)})"


def blank_words(column: Column) -> str:
    """What a blank cell of ``column`` is read as: ``read as blank: 12``, ``read as blank``."""
    default = layout.default_text(column)
    return f"read as blank: {default}" if default else "read as blank"


def upgrade_remedy(file: str) -> str:
    """How to add what is missing, where the user acts (the command, or the ribbon)."""
    return remedy("upgrade_workbook").replace("FILE", quoted_path(file))


def quoted_path(file: str) -> str:
    """A file name as a command line takes it: in quotes where it has a space."""
    return f'"{file}"' if any(c.isspace() for c in file) or not file else file


def earlier_version_note(parts: list[MissingPart], file: str) -> list[Problem]:
    """One note naming every part added since the workbook was made (none: no note)."""
    later = [p for p in parts if p.added_later]
    if not later:
        return []
    listed = "; ".join(p.words for p in later)
    return [Problem(NOTE_TABLE, Location(file),
                    f"made by an earlier RateCalc, before these were added: {listed}. Nothing "
                    f"is wrong: each is read as blank, as before. To add them, "
                    f"{upgrade_remedy(file)} (it keeps a backup and changes nothing you "
                    f"typed: a part whose place holds something of yours is not added, and "
                    f"it says what to clear first)", severity=NOTE)]

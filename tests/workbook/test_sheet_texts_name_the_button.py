"""A text the workbook shows that tells the user to run a command also names the ribbon button
doing it: a billing manager in Excel does not type commands. The Fee Schedules sheet and the
Start sheet's step 3 said only "ratecalc import fee-schedule FILE --payer NAME --workbook THIS"."""

from __future__ import annotations

import re
from pathlib import Path

from tests.workbook.conftest import open_book

#: Each command a sheet may name, and the label of the ribbon button that runs it
#: (addin/ribbon's customUI: "Refresh analysis", "Import fee schedule").
BUTTONS = {
    "refresh": "Refresh",
    "import fee-schedule": "Import fee schedule",
    "import remittances": "Import remittances",
    "import market-rates": "Import market rates",
    "workbook new": "New workbook",
    "letter": "Draft proposal letter",
}


def test_every_command_a_sheet_names_comes_with_its_ribbon_button(demo_book: Path) -> None:
    named = 0
    for ws in open_book(demo_book).worksheets:
        if ws.title == "Problems":
            continue  # worded by where the refresh ran (test_ribbon_workbook: from a button)
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or "command line" in cell.value:
                    continue  # a text about the command line itself (close Excel first)
                for command in re.findall(r"ratecalc ([a-z]+(?: [a-z-]+)?)", cell.value):
                    button = next((b for c, b in BUTTONS.items() if command.startswith(c)), None)
                    assert button is not None, (ws.title, cell.coordinate, command)
                    assert f"{button}" in cell.value and "ribbon" in cell.value, \
                        (ws.title, cell.coordinate, cell.value)
                    named += 1
    assert named >= 3  # the Fee Schedules sheet, the Start sheet's steps 3 and 7 at least

"""A letter dated on a weekend or a US federal holiday is warned about on every output that
reports the letter's warnings: ``letter``'s stderr and its ``--json``, and the ribbon's button
(the same ``LetterResult.problems``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ratecalc_cli.main import main

from .conftest import LETTER_PAYER

SATURDAY = ("the letter's date, 2026-12-05, is a Saturday, when a payer's office is closed: to "
            "date it on the next business day, give --date 2026-12-07")


@pytest.fixture
def book(demo_workbook: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(demo_workbook, tmp_path / "demo.xlsx"))


def test_the_letter_command_warns_of_a_saturday_in_text_and_json(book: Path, tmp_path: Path,
                                                                 capsys) -> None:
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-12-05",
                 "--out", str(tmp_path / "text.docx")]) == 0
    assert f"warning: Letter: {SATURDAY}\n" in capsys.readouterr().err
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-12-05",
                 "--out", str(tmp_path / "json.docx"), "--json"]) == 0
    assert f"Letter: {SATURDAY}" in json.loads(capsys.readouterr().out)["warnings"]


VETERANS_DAY = ("the letter's date, 2026-11-11, is Veterans Day, a US federal holiday on which "
                "many payers' offices are open, though no mail is delivered: to date it on the "
                "next business day, give --date 2026-11-12")


def test_the_letter_command_names_a_holiday_offices_keep_in_text_and_json(book: Path,
                                                                         tmp_path: Path,
                                                                         capsys) -> None:
    # it said Veterans Day was "a US federal holiday, when a payer's office is closed"
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-11-11",
                 "--out", str(tmp_path / "text.docx")]) == 0
    err = capsys.readouterr().err
    assert f"warning: Letter: {VETERANS_DAY}\n" in err, err
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-11-11",
                 "--out", str(tmp_path / "json.docx"), "--json"]) == 0
    assert f"Letter: {VETERANS_DAY}" in json.loads(capsys.readouterr().out)["warnings"]


def test_a_letter_dated_on_a_business_day_has_no_such_warning(book: Path, tmp_path: Path,
                                                             capsys) -> None:
    assert main(["letter", str(book), "--payer", LETTER_PAYER, "--date", "2026-12-07",
                 "--out", str(tmp_path / "monday.docx"), "--json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert not [w for w in warnings if "the letter's date" in w]


def test_the_ribbon_button_lists_the_warning(book: Path) -> None:
    from datetime import date

    from ratecalc.remedies import in_excel
    from ratecalc_letter import write_proposal_letter

    # the button's call (ratecalc_addin.ribbon.draft_proposal_letter) with the date it takes
    # from the analysis date: its Outcome lists result.problems as they are

    with in_excel():
        result = write_proposal_letter(book, LETTER_PAYER, book.parent,
                                       letter_date=date(2026, 12, 5))
    assert [p.message for p in result.problems if "letter's date" in p.message] == [
        "Letter: the letter's date, 2026-12-05, is a Saturday, when a payer's office is "
        "closed: to date it on the next business day, set the analysis date (Settings, "
        "analysis_date) to 2026-12-07, save, and press the button again"]


def test_the_ribbon_button_names_a_holiday_offices_keep(book: Path) -> None:
    from datetime import date

    from ratecalc.remedies import in_excel
    from ratecalc_letter import write_proposal_letter

    with in_excel():
        result = write_proposal_letter(book, LETTER_PAYER, book.parent,
                                       letter_date=date(2026, 10, 12))
    dated = "Letter: the letter's date,"
    assert [p.message for p in result.problems if p.message.startswith(dated)] == [
        "Letter: the letter's date, 2026-10-12, is Columbus Day, a US federal holiday on which "
        "many payers' offices are open, though no mail is delivered: to date it on the next "
        "business day, set the analysis date (Settings, analysis_date) to 2026-10-13, save, "
        "and press the button again"]


def test_the_demo_says_to_move_its_day_with_the_option_it_takes(tmp_path: Path,
                                                                capsys) -> None:
    # the demo dates its letter on --today: it told a newcomer to "give --date 2026-12-07",
    # an option `ratecalc demo` refuses
    assert main(["demo", "--out", str(tmp_path / "demo"), "--today", "2026-12-05"]) == 0
    err = capsys.readouterr().err
    assert ("warning: Letter: the letter's date, 2026-12-05, is a Saturday, when a payer's "
            "office is closed: to date it on the next business day, give --today 2026-12-07"
            ) in err, err
    assert "--date" not in err


def test_the_ribbon_button_itself_says_what_to_do_in_excel(book: Path) -> None:
    """The button as pressed (ratecalc_addin.ribbon.ribbon_action, Excel a fake that saves the
    file as it is), its letter dated on the Settings' analysis date, a Saturday: the warning
    it lists says what to do in Excel, not which option to give. The test above calls the
    letter writer under in_excel() itself, and passed with the button's own in_excel() gone."""
    from datetime import datetime

    from ratecalc_addin import ribbon
    from ratecalc_workbook import layout
    from tests.addin.test_ribbon import FakeBook
    from tests.books import load_book

    wb = load_book(book)
    settings = wb[layout.SETTINGS_SHEET]
    label = next(c for r in settings.iter_rows() for c in r if c.value == "Analysis date")
    settings.cell(row=label.row, column=label.column + 1).value = datetime(2026, 12, 5)
    wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                             column=layout.SELECTED_PAYER_COL).value = LETTER_PAYER
    wb.save(book)
    outcome = ribbon.ribbon_action("draft_proposal_letter", FakeBook(str(book)))
    assert outcome.message.startswith(f"The proposal letter for {LETTER_PAYER} is in "), \
        outcome.message
    assert [p.message for p in outcome.problems if "letter's date" in p.message] == [
        "Letter: the letter's date, 2026-12-05, is a Saturday, when a payer's office is "
        "closed: to date it on the next business day, set the analysis date (Settings, "
        "analysis_date) to 2026-12-07, save, and press the button again"]

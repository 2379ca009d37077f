"""The ribbon's handlers on a real master workbook, with the real workbook layer and letter
writer (only Excel itself is a fake: it saves, closes and reopens nothing but the file)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("ratecalc_workbook.refresh")
pytest.importorskip("ratecalc_letter")

from ratecalc.demo import demo_data  # noqa: E402
from ratecalc_addin import ribbon  # noqa: E402
from ratecalc_workbook import layout  # noqa: E402
from tests.addin.test_ribbon import FakeBook  # noqa: E402
from tests.books import load_book  # noqa: E402

# The workbook builder (another module's work in progress) calls a deprecated openpyxl copy();
# that is not what these tests are about.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Call to deprecated function copy:DeprecationWarning"
)


@pytest.fixture
def demo_book(demo_new_book: Path, tmp_path: Path) -> FakeBook:
    return FakeBook(str(shutil.copyfile(demo_new_book, tmp_path / "Negotiation.xlsx")))


@pytest.fixture(scope="module")
def refreshed_bytes(demo_new_book: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo workbook as the Refresh button leaves it, refreshed once for the module: three
    tests start from it (a refresh each, half a second), and each gets its own copy."""
    book = FakeBook(str(shutil.copyfile(demo_new_book,
                                        tmp_path_factory.mktemp("ribbon") / "Negotiation.xlsx")))
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith("The analysis sheets are up to date."), outcome.message
    return Path(book.fullname).read_bytes()


@pytest.fixture
def refreshed_book(refreshed_bytes: bytes, tmp_path: Path) -> FakeBook:
    """A copy of ``refreshed_bytes`` of this test's own, in a book of its own."""
    path = tmp_path / "Negotiation.xlsx"
    path.write_bytes(refreshed_bytes)
    return FakeBook(str(path))


def test_refresh_button_refreshes_the_real_workbook(demo_book: FakeBook):
    outcome = ribbon.ribbon_action("refresh_analysis", demo_book)
    assert outcome.message.startswith("The analysis sheets are up to date."), outcome.message
    assert demo_book.closed and demo_book.app.opened[0].fullname == demo_book.fullname
    wb = load_book(demo_book.fullname)
    proposal = wb[layout.PROPOSAL]
    header = layout.PROPOSAL_TABLE.header_row
    assert proposal.cell(row=header + 1, column=1).value is not None  # rows were written


def test_refresh_button_says_a_medicare_date_no_release_covers_as_a_data_error(
        refreshed_book: FakeBook):
    """A Settings Medicare date no release covers stops Refresh as an error in the data does:
    the button says the analysis was not refreshed, lists the problem, and the Problems sheet
    (alone rewritten) says "NOT updated" (it kept "0 error(s)" from the last refresh)."""
    from datetime import datetime

    from ratecalc.medicare.store import newest_release

    # the bundled data's next year: past it on any day, however new the data bundled
    last = newest_release().effective_to
    uncovered = datetime(last.year + 1, 3, 1)
    demo_book = refreshed_book
    wb = load_book(demo_book.fullname)
    settings = wb[layout.SETTINGS_SHEET]
    label = next(c for r in settings.iter_rows() for c in r if c.value == "Medicare date")
    settings.cell(row=label.row, column=label.column + 1).value = uncovered
    wb.save(demo_book.fullname)
    before = load_book(demo_book.fullname)
    outcome = ribbon.ribbon_action("refresh_analysis", demo_book)
    assert outcome.message.startswith("The analysis was not refreshed: 1 problem(s) in the "
                                      "data."), outcome.message
    assert "The workbook as it was is saved in" in outcome.message
    assert [p.location.row for p in outcome.problems] == [label.row]
    assert f"no Medicare data for {uncovered.date().isoformat()}" in outcome.problems[0].message
    # and what to do before CMS publishes that year's file: the Settings' Medicare date, named
    # as in every command
    said = " ".join(outcome.problems[0].message.split())
    assert (f"If CMS's {uncovered.year} file is not out yet, set the Settings' Medicare date "
            f"to {last.isoformat()}") in said
    after = load_book(demo_book.fullname)
    texts = [str(c.value) for r in after[layout.PROBLEMS].iter_rows() for c in r if c.value]
    assert any("1 error(s)" in t and "NOT updated" in t for t in texts), texts
    for name in (layout.PROPOSAL, layout.SCENARIOS, layout.PRIORITIES):
        assert [[c.value for c in r] for r in before[name].iter_rows()] == \
            [[c.value for c in r] for r in after[name].iter_rows()], name


def test_letter_button_writes_a_docx_for_the_selected_payer(refreshed_book: FakeBook):
    demo_book = refreshed_book
    wb = load_book(demo_book.fullname)
    payer = demo_data().payers["payer"].iloc[0]
    wb[layout.PROPOSAL].cell(
        row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL
    ).value = payer
    wb.save(demo_book.fullname)
    outcome = ribbon.ribbon_action("draft_proposal_letter", demo_book)
    assert outcome.message.startswith(f"The proposal letter for {payer} is in "), outcome.message
    written = Path(outcome.message.split(" is in ", 1)[1].rstrip("."))
    assert written.suffix == ".docx" and written.is_file()
    assert written.parent == Path(demo_book.fullname).parent


def test_buttons_refuse_a_renamed_proposal_holding_your_rates(refreshed_book: FakeBook):
    """A rate typed in "Your rate", then the Proposal sheet renamed: Refresh said the sheets
    were up to date (a new Proposal without the rate) and the letter asked the proposed rate.
    Both buttons now say the sheet is to be renamed back."""
    demo_book = refreshed_book
    wb = load_book(demo_book.fullname)
    ws, spec = wb[layout.PROPOSAL], layout.PROPOSAL_TABLE
    ws.cell(row=spec.header_row + 1, column=spec.col("override_rate"), value=35.0)
    ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL,
            value=ws.cell(row=spec.header_row + 1, column=1).value)
    ws.title = "Proposal (mine)"
    wb.save(demo_book.fullname)
    renamed = "no sheet named 'Proposal' (sheets not RateCalc's: 'Proposal (mine)' (renamed"
    refreshed = ribbon.ribbon_action("refresh_analysis", demo_book)
    assert refreshed.message.startswith("The analysis was not refreshed: 1 problem(s)"), \
        refreshed.message
    [error] = [p for p in refreshed.problems if p.severity == "error"]
    assert renamed in error.message and "rename the sheet back" in error.message
    assert layout.PROPOSAL not in load_book(demo_book.fullname).sheetnames
    letter = ribbon.ribbon_action("draft_proposal_letter", demo_book)
    assert letter.message.startswith("No letter was written: 1 problem(s)"), letter.message
    assert [p.message for p in letter.problems] == [error.message]


_FLAG = re.compile(r"(?<![\w'])--[a-z]")


def test_what_a_button_says_names_no_option_excel_cannot_give(
        demo_book: FakeBook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each of these told the user to give a command-line option (--payer, --effective-date,
    --new-payer, --billing-class) that a button cannot take."""
    said: list[str] = []

    def press(button: str, source: Path) -> None:
        monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: source)
        outcome = ribbon.ribbon_action(button, demo_book)
        said.append(" ".join([outcome.message, *(p.message for p in outcome.problems)]))

    fees = Path(__file__).resolve().parents[1] / "data" / "fee_schedules" / "acme_health_2026.csv"
    press("import_fee_schedule", fees)  # no payer picked on the Proposal sheet
    assert "pick the payer on the Proposal sheet, save, and press the button again" in said[-1]
    wb = load_book(demo_book.fullname)
    wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                             column=layout.SELECTED_PAYER_COL).value = "Summit BlueCare PPO"
    wb.save(demo_book.fullname)
    press("import_fee_schedule", fees)  # a row without its effective date
    assert "add an Effective Date column to the file" in said[-1]
    from tests.workbook.test_imports import EVRY, one_payer_835

    press("import_remittances", one_payer_835(tmp_path))  # a payer the workbook does not list
    assert "add the payer on the Payers & Contracts sheet as the file names it" in said[-1]
    press("import_market_rates", EVRY)  # a facility's prices only
    assert "the button takes professional prices only" in said[-1]
    for text in said:  # not even inside a command quoted for the user to run elsewhere
        assert not _FLAG.search(text), text


def test_refresh_button_tells_of_an_old_backup_it_could_not_delete(
        demo_book: FakeBook, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ribbon says what the command's warning says: the refresh is done, and the old copy
    left (open in another program) is named, for the user to delete."""
    import errno
    from datetime import datetime, timedelta

    from ratecalc_workbook.safety import BACKUPS_KEPT, backup

    book = Path(demo_book.fullname)
    start = datetime(2000, 1, 1)  # copies named for days long past: the oldest of all
    old = [backup(book, start + timedelta(minutes=i)) for i in range(BACKUPS_KEPT)]
    unlink = Path.unlink

    def locked(self: Path, missing_ok: bool = False) -> None:
        if self == old[0]:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    outcome = ribbon.ribbon_action("refresh_analysis", demo_book)
    assert outcome.message.startswith("The analysis sheets are up to date."), outcome.message
    assert old[0].exists()
    assert (f"'{old[0]}': RateCalc could not delete this old copy (Permission denied)"
            in outcome.message)
    assert outcome.alert_mode == "info"


#: A command RateCalc's messages once named to an Excel user: "ratecalc medicare import ...".
_COMMAND = re.compile(r"\bratecalc [a-z]")
#: What a message shown in Excel says instead, each a thing done in Excel or by whom.
_IN_EXCEL = ("Settings sheet", "Proposal sheet", "Payers & Contracts sheet", "Benchmarks sheet",
             "New workbook button", "outside Excel", "Effective Date column", "the file's own date")


def _shown_in_excel(text: str) -> None:
    assert not _FLAG.search(text), text
    assert not _COMMAND.search(text), text
    assert any(words in text for words in _IN_EXCEL), text


def _tic_file(folder: Path, day: str) -> Path:
    """A Transparency-in-Coverage file of one professional price for 97110, dated ``day``."""
    import json

    price = {"negotiated_type": "negotiated", "negotiated_rate": 31.5,
             "expiration_date": "9999-12-31", "billing_class": "professional"}
    item = {"negotiation_arrangement": "ffs", "name": "PT", "description": "Exercise",
            "billing_code_type": "CPT", "billing_code_type_version": "2026",
            "billing_code": "97110", "negotiated_rates": [{
                "provider_groups": [{"npi": ["1568409571"],
                                     "tin": {"type": "ein", "value": "12-3456789"}}],
                "negotiated_prices": [price]}]}
    path = folder / f"{day}_plan_in-network-rates.json"
    path.write_text(json.dumps({"reporting_entity_name": "Plan", "version": "1",
                                "reporting_entity_type": "health plan", "last_updated_on": day,
                                "in_network": [item]}), encoding="utf-8")
    return path


def test_no_refusal_shown_in_excel_names_an_option_or_a_command(
        demo_book: FakeBook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The ribbon's market-rates import refused a file dated past RateCalc's Medicare data with
    "--date sets another" and "To add a newer one: ratecalc medicare import ...": an option a
    button has no way to give and a command the Excel user never runs. Every refusal a button
    or a worksheet function can show is worded for Excel, saying what to do there (or who can
    do it outside Excel); the command line keeps its options."""
    from datetime import date, datetime

    from ratecalc.medicare.store import newest_release
    from ratecalc_addin.udfs import MEDICARE_RATE, PCT_OF_MEDICARE

    past = newest_release().effective_to.year + 4
    said: list[str] = []

    def press(button: str, source: Path | None = None) -> ribbon.Outcome:
        if source is not None:
            monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: source)
        outcome = ribbon.ribbon_action(button, demo_book)
        said.extend([outcome.message, *(p.message for p in outcome.problems)])
        return outcome

    # a file dated past the data is compared with Medicare on the workbook's Medicare date,
    # as every other output of the workbook is (it was refused, priced on the file's own date)
    tic = _tic_file(tmp_path, f"{past}-02-01")
    imported = press("import_market_rates", tic)
    assert imported.message.startswith(f"Imported {tic.name}"), imported.message
    assert "no Medicare data" not in imported.message

    wb = load_book(demo_book.fullname)
    settings = wb[layout.SETTINGS_SHEET]
    label = next(c for r in settings.iter_rows() for c in r if c.value == "Medicare date")
    settings.cell(row=label.row, column=label.column + 1).value = datetime(past, 3, 1)
    wb.save(demo_book.fullname)
    refreshed = press("refresh_analysis")  # a Settings Medicare date no release covers
    assert any(f"no Medicare data for {past}-03-01" in p.message for p in refreshed.problems)
    # the import refuses it alike, naming the Settings' cell, not the file's date
    refused = press("import_market_rates", tic)
    assert f"no Medicare data for {past}-03-01" in refused.message, refused.message
    assert "Medicare date" in refused.message
    assert "last_updated_on" not in refused.message

    wb = load_book(demo_book.fullname)
    del wb[layout.VOLUMES]
    wb.save(demo_book.fullname)
    missing = press("refresh_analysis")  # an input sheet deleted
    assert any(f"no sheet named '{layout.VOLUMES}'" in p.message for p in missing.problems)

    for cell in (MEDICARE_RATE("97110", "10112-00", date(past, 1, 1)),
                 PCT_OF_MEDICARE(30.0, "97110", "10112-00", date(past, 1, 1))):
        assert cell[0][0].startswith(f"#RATECALC: no Medicare data for {past}-01-01"), cell
        said.append(cell[0][0])
    for text in said:
        assert not _FLAG.search(text) and not _COMMAND.search(text), text
        # each refusal says what to do in Excel (a cell's text is cut short: not checked)
        if not text.startswith("#RATECALC:") and ("no Medicare data" in text
                                                  or "no sheet named" in text):
            _shown_in_excel(text)


def test_the_command_line_keeps_its_options_in_the_same_refusals() -> None:
    """The words are chosen where the user acts: outside Excel the same refusal still names
    the option and the command that fix it."""
    from datetime import date

    from ratecalc.market_rates.medicare_ratio import medicare_day, medicare_reference
    from ratecalc.medicare.store import newest_release

    past = newest_release().effective_to.year + 4
    when, words = medicare_day(None, [date(past, 2, 1)], date(past, 2, 2))
    with pytest.raises(Exception, match="--date sets another") as raised:
        medicare_reference(["97110"], "10112-00", when, date_words=words)
    assert "ratecalc medicare import" in str(raised.value)


def test_upgrade_button_brings_an_earlier_workbook_up_to_date(tmp_path: Path):
    """The refresh of a workbook an earlier RateCalc made says, in Excel's words, which button
    adds what it lacks; that button adds it (through the workbook layer's upgrade_workbook)
    and, pressed again, has nothing to add."""
    from tests.workbook.earlier_books import write_earlier_workbook

    path = write_earlier_workbook(tmp_path / "Negotiation.xlsx", demo_data())
    book = FakeBook(str(path))
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith("The analysis sheets are up to date."), outcome.message
    (note,) = [p for p in outcome.problems if p.severity == "note"]
    assert "press Upgrade workbook on the RateCalc ribbon" in note.rule
    assert book.app.alerts[-1]["mode"] == "info"
    book = FakeBook(str(path))
    outcome = ribbon.ribbon_action("upgrade_workbook", book)
    assert outcome.message.startswith(
        "Added:\n- Payers & Contracts: column 'Renewal months' (V)\n"), outcome.message
    assert "The workbook as it was is saved in " in outcome.message
    assert book.closed and book.app.opened[0].fullname == book.fullname
    assert load_book(path)[layout.PAYERS_CONTRACTS]["V4"].value == "Renewal months"
    outcome = ribbon.ribbon_action("upgrade_workbook", FakeBook(str(path)))
    assert outcome.message == "This workbook is up to date: nothing to add."


def test_upgrade_button_that_adds_nothing_says_what_was_not_added(tmp_path: Path):
    """The one missing part's place holds something: the button does not say the workbook is
    up to date, but that nothing was added and what to do first."""
    from tests.workbook.earlier_books import write_earlier_workbook

    path = write_earlier_workbook(tmp_path / "Negotiation.xlsx", demo_data(),
                                  {"payers_contracts": ("renewal_months",)})
    wb = load_book(path)
    wb[layout.PAYERS_CONTRACTS].cell(300, 22).value = "scratch"
    wb.save(path)
    outcome = ribbon.ribbon_action("upgrade_workbook", FakeBook(str(path)))
    assert "up to date" not in outcome.message
    assert outcome.message == ("Nothing was added: the parts listed below could not be added. "
                               "Do what each says, then press Upgrade workbook again.")
    (refused,) = outcome.problems
    assert refused.rule.startswith("'Renewal months' column not added: column V")

"""Ribbon dispatch and handlers, on a fake workbook that records what Excel would be asked."""

from __future__ import annotations

import os
import socket
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

import ratecalc_addin
from ratecalc.errors import Location, Problem, ValidationFailed
from ratecalc_addin import ribbon
from ratecalc_workbook.safety import check_unchanged, lock_file


class FakeRange:
    def __init__(self) -> None:
        self.value: Any = None


class FakeSheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[str, FakeRange] = {}
        self.cleared = 0

    def range(self, address: str) -> FakeRange:
        return self.cells.setdefault(address, FakeRange())

    def clear_contents(self) -> None:
        self.cleared += 1
        self.cells.clear()


class FakeSheets:
    def __init__(self, names: list[str]) -> None:
        self.items = [FakeSheet(n) for n in names]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        return next(s for s in self.items if s.name == key)

    def add(self, name: str, after: FakeSheet | None = None) -> FakeSheet:
        sheet = FakeSheet(name)
        self.items.append(sheet)
        return sheet


class FakeName:
    def __init__(self, value: Any) -> None:
        self.refers_to_range = types.SimpleNamespace(value=value)


class FakeApp:
    def __init__(self) -> None:
        self.alerts: list[dict[str, Any]] = []
        self.opened: list[FakeBook] = []
        self.books = types.SimpleNamespace(open=self.open)

    def alert(self, prompt: str, title: str = "", mode: str | None = None, **kw: Any) -> None:
        self.alerts.append({"prompt": prompt, "title": title, "mode": mode})

    def open(self, path: str) -> FakeBook:
        book = FakeBook(path, app=self)
        self.opened.append(book)
        return book


class FakeBook:
    def __init__(
        self, fullname: str, app: FakeApp | None = None, names: dict[str, FakeName] | None = None
    ) -> None:
        self.fullname = fullname
        self.name = Path(fullname).name
        self.app = app or FakeApp()
        self.sheets = FakeSheets(["Payers", "Proposal"])
        self.names = names or {}
        self.saved = 0
        self.closed = False

    def save(self) -> None:
        self.saved += 1

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def book(tmp_path: Path) -> FakeBook:
    path = tmp_path / "Negotiation.xlsx"
    path.write_bytes(b"")
    return FakeBook(str(path))


@pytest.fixture
def workbook_layer(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[Any, ...]]]:
    """Stand-in workbook and letter modules recording their calls; tests set the results."""
    calls: dict[str, list[tuple[Any, ...]]] = {}
    results: dict[str, Any] = {}
    for key, (module_name, function_name) in ribbon.WORKBOOK_API.items():
        module = sys.modules.get(f"fake_{module_name}") or types.ModuleType(module_name)

        def record(*args: Any, _key: str = key, **kwargs: Any) -> Any:
            calls.setdefault(_key, []).append(args + ((kwargs,) if kwargs else ()))
            outcome = results.get(_key)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        setattr(module, function_name, record)
        monkeypatch.setitem(sys.modules, f"fake_{module_name}", module)
        monkeypatch.setitem(ribbon.WORKBOOK_API, key, (f"fake_{module_name}", function_name))
    calls["_results"] = results  # type: ignore[assignment]
    return calls


def problem(rule: str, severity: str = "error") -> Problem:
    return Problem(
        "Fee schedules", Location("aetna.csv", None, 14, "allowed_amount"), rule, "N/A", severity
    )


def test_help_lists_every_function_and_is_shown(book: FakeBook):
    outcome = ratecalc_addin.ribbon_action("help", book)
    for udf in ratecalc_addin.UDFS:
        assert f"{udf.__name__}: " in outcome.message
    assert book.app.alerts == [{"prompt": outcome.message, "title": "RateCalc", "mode": "info"}]


def test_unknown_button_is_reported(book: FakeBook):
    outcome = ribbon.ribbon_action("no_such_button", book)
    assert "Unknown RateCalc button 'no_such_button'" in outcome.message
    assert book.app.alerts[0]["prompt"] == outcome.message


def test_a_missing_workbook_layer_disables_the_button_with_a_message(
    book: FakeBook, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(ribbon.WORKBOOK_API, "refresh", ("no_such_module_xyz", "refresh"))
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message == (
        "This version of RateCalc cannot do this yet (no_such_module_xyz is missing)."
    )
    assert not book.closed and len(book.app.alerts) == 1


def test_refresh_saves_closes_rewrites_and_reopens(book: FakeBook, workbook_layer):
    workbook_layer["_results"]["refresh"] = []
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert book.saved == 1 and book.closed
    assert workbook_layer["refresh"] == [(Path(book.fullname),)]
    reopened = book.app.opened[0]
    assert reopened.fullname == book.fullname and outcome.book is reopened
    assert outcome.message == "The analysis sheets are up to date."
    assert book.app.alerts[-1]["mode"] == "info"


def test_refresh_problems_go_to_the_message_and_the_sheet_is_left_to_refresh(
    book: FakeBook, workbook_layer
):
    found = (problem("expected a dollar amount"), problem("missing benchmark", "warning"))
    workbook_layer["_results"]["refresh"] = types.SimpleNamespace(
        problems=found, backup=Path("/backups/Negotiation 2026-01-05.xlsx")
    )
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith("The analysis was not refreshed: 1 problem(s)")
    assert "saved in /backups/Negotiation 2026-01-05.xlsx" in outcome.message
    # refresh_workbook wrote the Problems sheet in the file; the add-in does not redo it.
    assert "Problems" not in [s.name for s in outcome.book.sheets]
    alert = book.app.alerts[-1]
    assert alert["mode"] == "critical"
    assert (
        "- Fee schedules 'aetna.csv', row 14, column 'allowed_amount': expected a dollar "
        "amount, got 'N/A'" in alert["prompt"]
    )
    assert "Every problem is listed on the Problems sheet." in alert["prompt"]


def test_refresh_failure_still_reopens_the_workbook_and_says_so(book: FakeBook, workbook_layer):
    workbook_layer["_results"]["refresh"] = OSError("disk full")
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert book.app.opened and book.app.opened[0].fullname == book.fullname
    assert outcome.message.startswith("RateCalc could not finish: OSError: disk full")
    assert book.app.alerts[-1]["prompt"] == outcome.message


def _held_by_another_command(book: FakeBook) -> Path:
    """A lock beside the workbook as a running ``ratecalc`` command leaves it (a live process of
    this machine: this one)."""
    lock = lock_file(Path(book.fullname))
    lock.write_text(f"{os.getpid()} {socket.gethostname()} {time.time():.0f}\n", "utf-8")
    return lock


@pytest.mark.parametrize("button", ["refresh_analysis", "draft_proposal_letter"])
def test_a_button_is_refused_before_excel_saves_while_a_command_changes_the_file(
    book: FakeBook, workbook_layer, button: str
):
    # Excel's save and a `ratecalc refresh` replacing the file could otherwise overwrite each
    # other: the button waits for nothing, says so, and leaves the workbook open as it was
    lock = _held_by_another_command(book)
    outcome = ribbon.ribbon_action(button, book)
    assert book.saved == 0 and not book.closed and not book.app.opened
    assert "being changed by another RateCalc command" in outcome.message
    assert "refresh" not in workbook_layer and "proposal_letter" not in workbook_layer
    assert lock.exists()  # the other command's lock is not taken from it


def test_excels_save_and_the_rewrite_happen_under_one_hold_of_the_lock(
    book: FakeBook, workbook_layer, monkeypatch: pytest.MonkeyPatch
):
    path = Path(book.fullname)
    seen: list[tuple[bool, int]] = []
    saves = book.save

    def save() -> None:  # Excel writing the file changes it: the rewrite must still save
        saves()
        path.write_bytes(b"saved by Excel")
        seen.append((lock_file(path).exists(), book.saved))

    book.save = save  # type: ignore[method-assign]

    def refresh(book_path: Path) -> list[Problem]:
        seen.append((lock_file(book_path).exists(), book.saved))
        check_unchanged(book_path)  # what the workbook layer's save checks first
        return []

    monkeypatch.setitem(sys.modules, "stand_in_refresh",
                        types.SimpleNamespace(refresh_workbook=refresh))
    monkeypatch.setitem(ribbon.WORKBOOK_API, "refresh", ("stand_in_refresh", "refresh_workbook"))
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message == "The analysis sheets are up to date."
    assert seen == [(True, 1), (True, 1)]
    assert not lock_file(path).exists()  # released after the workbook is open again


def test_an_unsaved_workbook_must_be_saved_first(workbook_layer):
    new = FakeBook("Book1")
    outcome = ribbon.ribbon_action("refresh_analysis", new)
    assert outcome.message.startswith("Save this workbook first")
    assert not new.closed and "refresh" not in workbook_layer


def test_letter_needs_a_selected_payer(book: FakeBook, workbook_layer):
    outcome = ribbon.ribbon_action("draft_proposal_letter", book)
    assert outcome.message == "Choose a payer on the Proposal sheet first, then press the button."
    assert workbook_layer["selected_payer"] == [(Path(book.fullname),)]
    assert "proposal_letter" not in workbook_layer


def test_letter_for_the_selected_payer(book: FakeBook, workbook_layer):
    written = Path(book.fullname).parent / "aetna-proposal-2026-01-05.docx"
    results = workbook_layer["_results"]
    results["selected_payer"] = "Aetna"
    results["proposal_letter"] = types.SimpleNamespace(
        path=written, problems=[problem("no NPI", "warning")])
    outcome = ribbon.ribbon_action("draft_proposal_letter", book)
    # the letter layer reads the workbook itself, with the Proposal sheet's overrides
    assert workbook_layer["proposal_letter"] == [
        (Path(book.fullname), "Aetna", Path(book.fullname).parent)]
    assert outcome.message == f"The proposal letter for Aetna is in {written}."
    assert [p.rule for p in outcome.problems] == ["no NPI"]  # warnings are still shown
    # the letter reads the file as saved; its warnings then go to the Problems sheet by the
    # workbook layer (a second save, the workbook closed and opened again)
    assert workbook_layer["record_problems"] == [(
        Path(book.fullname), tuple(outcome.problems), "Proposal letter for Aetna",
        {"if_errors": ""})]
    assert book.saved == 2 and book.closed and book.app.opened


def test_no_letter_from_a_workbook_with_errors(book: FakeBook, workbook_layer):
    workbook_layer["_results"]["selected_payer"] = "Aetna"
    found = [problem("expected a dollar amount")]
    workbook_layer["_results"]["proposal_letter"] = ValidationFailed(found)
    outcome = ribbon.ribbon_action("draft_proposal_letter", book)
    assert outcome.message.startswith("No letter was written: 1 problem(s) in the workbook.")
    # the workbook layer writes the Problems sheet in the file, as refresh does, while the
    # workbook is closed; the user is told in the workbook open again
    assert workbook_layer["record_problems"] == [(Path(book.fullname), tuple(found),
        "Proposal letter for Aetna",
        {"if_errors": "No letter was written: fix the errors and draft it again."})]
    assert book.closed and book.app.opened
    assert "Every problem is listed on the Problems sheet." in book.app.alerts[-1]["prompt"]


def test_import_problems_go_to_the_sheet_by_the_workbook_layer(
        book: FakeBook, workbook_layer, monkeypatch):
    source = Path("/data/aetna fee schedule.csv")
    monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: source)
    found = (problem("expected a dollar amount"), problem("column not imported", "warning"))
    workbook_layer["_results"]["import_fee_schedule"] = types.SimpleNamespace(
        problems=found, appended=None)
    outcome = ribbon.ribbon_action("import_fee_schedule", book)
    assert outcome.message == "aetna fee schedule.csv was not imported: 1 error(s) in it."
    assert workbook_layer["record_problems"] == [(Path(book.fullname), found,
        "Import of aetna fee schedule.csv",
        {"if_errors": "Nothing was imported: fix the errors and import the file again."})]
    assert outcome.book is book.app.opened[0]
    assert "Every problem is listed on the Problems sheet." in book.app.alerts[-1]["prompt"]
    # rows added beside errors are said, in the message and on the sheet
    workbook_layer["record_problems"].clear()
    workbook_layer["_results"]["import_fee_schedule"] = types.SimpleNamespace(
        problems=found, appended={"remittance_lines": 3, "payers": 1})
    outcome = ribbon.ribbon_action("import_fee_schedule", book)
    assert outcome.message.startswith(
        "Imported 4 row(s) of aetna fee schedule.csv, leaving out those with 1 error(s).")
    assert workbook_layer["record_problems"][0][3] == {
        "if_errors": "4 row(s) were imported, those with errors left out."}


def test_problems_of_a_button_that_names_no_event_are_headed_by_its_label(
        book: FakeBook, workbook_layer, monkeypatch):
    found = [problem("expected a dollar amount")]
    monkeypatch.setitem(ribbon.HANDLERS, "refresh_analysis", lambda b: (_ for _ in ()).throw(
        ValidationFailed(found)))
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith("Nothing was done: 1 problem(s) in the workbook.")
    assert workbook_layer["record_problems"] == [
        (Path(book.fullname), tuple(found), "Refresh analysis", {"if_errors": ""})]
    assert outcome.book is None and book.app.opened  # reported in the workbook open again


def test_an_import_refused_is_said_in_the_workbook_open_again(
        book: FakeBook, workbook_layer, monkeypatch):
    """The workbook layer raised while the workbook was closed: the message went to the closed
    workbook (Excel cannot show it there) instead of the one opened again."""
    monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: Path("/data/x.835"))
    workbook_layer["_results"]["import_remittances"] = ribbon.ActionError("not an 835 file")
    outcome = ribbon.ribbon_action("import_remittances", book)
    assert outcome.message == "not an 835 file"
    assert book.closed and outcome.book is book.app.opened[0]
    assert book.app.alerts[-1]["prompt"] == "not an 835 file"


def test_import_asks_for_a_file_and_imports_it(book: FakeBook, workbook_layer, monkeypatch):
    source = Path("/data/aetna fee schedule.csv")
    monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: source)
    outcome = ribbon.ribbon_action("import_fee_schedule", book)
    assert workbook_layer["import_fee_schedule"] == [(Path(book.fullname), source)]
    assert outcome.message.startswith("Imported aetna fee schedule.csv.")
    assert book.closed and book.app.opened


def test_import_cancelled(book: FakeBook, workbook_layer, monkeypatch):
    monkeypatch.setattr(ribbon, "ask_for_file", lambda b, title: None)
    outcome = ribbon.ribbon_action("import_remittances", book)
    assert outcome.message == "No remittance (835) file imported."
    assert "import_remittances" not in workbook_layer and not book.closed


def test_picking_a_file_needs_excel():
    if sys.platform.startswith("win") or sys.platform == "darwin":
        pytest.skip("this platform has a file dialog")
    with pytest.raises(ribbon.ActionError, match="Windows or macOS"):
        ribbon.ask_for_file(FakeBook("x.xlsx"), "Choose")


def test_new_workbook_is_created_in_documents_and_opened(
    book: FakeBook, workbook_layer, monkeypatch, tmp_path: Path
):
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Documents" / "RateCalc negotiation.xlsx").write_bytes(b"")  # never overwritten
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    outcome = ribbon.ribbon_action("new_workbook", book)
    expected = tmp_path / "Documents" / "RateCalc negotiation 2.xlsx"
    assert workbook_layer["new_workbook"] == [(expected,)]
    assert book.app.opened[0].fullname == str(expected)
    assert outcome.message.startswith(f"Created {expected}.")


def test_a_failing_message_box_never_raises(book: FakeBook, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("no Excel")

    monkeypatch.setattr(book.app, "alert", broken)
    outcome = ribbon.run_action("help", book)
    assert outcome.message.startswith("RateCalc buttons:")


def test_every_button_finds_its_workbook_function():
    # The ribbon looks the workbook and letter functions up by name when a button is pressed;
    # a name that drifted from the real module would only show in Excel.
    import importlib

    for key, (module_name, function_name) in ribbon.WORKBOOK_API.items():
        module = importlib.import_module(module_name)
        assert callable(getattr(module, function_name, None)), (key, module_name, function_name)


def test_a_refresh_with_warnings_only_is_reported_as_a_success(book: FakeBook, workbook_layer):
    """Every demo refresh has warnings; the message "The analysis sheets are up to date." came
    under xlwings' critical mode (a warning sign) whenever there was a problem of any kind."""
    warnings = (problem("missing benchmark", "warning"), problem("old rate", "warning"))
    workbook_layer["_results"]["refresh"] = types.SimpleNamespace(problems=warnings, backup=None)
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    alert = book.app.alerts[-1]
    assert alert["prompt"].startswith("The analysis sheets are up to date.")
    assert alert["mode"] == "info"
    assert outcome.problems == warnings


def test_a_button_that_cannot_do_its_work_says_so_under_the_critical_mode():
    book = FakeBook("Book1")  # never saved
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith("Save this workbook first")
    assert book.app.alerts[-1]["mode"] == "critical"


ONEDRIVE_URL = "https://d.docs.live.net/abc123/Documents/RateCalc negotiation.xlsx"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own, without OneDrive's environment variables, and xlwings'
    mapping of addresses to files forgotten (it keeps what it found)."""
    from xlwings.utils import fullname_url_to_local_path

    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    for name in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        monkeypatch.delenv(name, raising=False)
    fullname_url_to_local_path.cache_clear()
    yield folder
    fullname_url_to_local_path.cache_clear()


def test_a_onedrive_workbook_is_refreshed_in_its_local_copy(home: Path, workbook_layer):
    """Excel names a workbook saved in OneDrive by its web address; the ribbon said "Save this
    workbook first". xlwings maps the address to the synced file (~/OneDrive/<path>)."""
    local = home / "OneDrive" / "Documents" / "RateCalc negotiation.xlsx"
    local.parent.mkdir(parents=True)
    local.write_bytes(b"")
    workbook_layer["_results"]["refresh"] = []
    book = FakeBook(ONEDRIVE_URL)
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert workbook_layer["refresh"] == [(local,)]
    assert outcome.message == "The analysis sheets are up to date."


def test_a_onedrive_workbook_without_a_local_copy_says_what_to_do(home: Path):
    book = FakeBook(ONEDRIVE_URL)
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith(
        "This workbook is in OneDrive or SharePoint, and RateCalc could not find its copy on "
        "this computer (Couldn't find your local OneDrive file, see: xlwings.org/error).")
    assert "ONEDRIVE_CONSUMER_" in outcome.message and "xlwings.conf" in outcome.message
    assert "Save this workbook first" not in outcome.message
    assert book.app.alerts[-1]["mode"] == "critical"


def test_xlwings_failing_to_map_the_address_gives_the_same_advice():
    class XlwingsError(Exception):
        """As xlwings' Book.fullname raises it when no local copy is found."""

    class CloudBook(FakeBook):
        @property  # type: ignore[override]
        def fullname(self) -> str:
            raise XlwingsError("Couldn't find your local OneDrive file, see: xlwings.org/error")

        @fullname.setter
        def fullname(self, value: str) -> None:
            pass

    book = CloudBook(ONEDRIVE_URL)
    outcome = ribbon.ribbon_action("refresh_analysis", book)
    assert outcome.message.startswith("This workbook is in OneDrive or SharePoint")


def test_a_button_pressed_before_midnight_is_told_as_of_one_day(book: FakeBook, monkeypatch):
    """Each default "today" read the clock anew: a button pressed at 23:59 on 31 December (a
    letter, an import with the Settings' dates blank) checked Medicare on one day and priced it
    on the next, which no release covered."""
    from datetime import date, timedelta

    import ratecalc.dates

    reads: list[date] = []

    def clock() -> date:  # midnight passes after the first reading
        reads.append(date(2026, 12, 31) + timedelta(days=min(len(reads), 1)))
        return reads[-1]

    monkeypatch.setattr(ratecalc.dates, "system_today", clock)
    seen: list[date] = []

    def handler(b: Any) -> ribbon.Outcome:
        seen.extend([ratecalc.dates.today(), ratecalc.dates.today()])
        return ribbon.Outcome("done")

    monkeypatch.setitem(ribbon.HANDLERS, "refresh_analysis", handler)
    ribbon.run_action("refresh_analysis", book)
    assert seen == [date(2026, 12, 31)] * 2 and len(reads) == 1

"""Fixtures of the workbook tests: the refreshed demo workbook and a tiny clinic whose every
figure is worked out by hand in the tests."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import shutil
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.dataset import ClinicData, Settings
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.reader import read_workbook
from tests.books import load_book
from tests.built_once import built_once, digest
from tests.conftest import NOW as NOW  # the workbook tests import it from here
from tests.conftest import refreshed, unchanged
from tests.workbook.libreoffice import convert_all, export_shown


def tiny_clinic() -> ClinicData:
    """Two payers, two codes, round numbers (see test_refresh for the worked figures).

    Payer A: 97110 at $25.00 x 100 units, 97140 at $30.00 x 50.
    Payer B: 97110 at $32.00 x 60 units, 97140 at $28.00 x 40; its contract's 2% escalator
    raises them on 2026-01-01, an anniversary inside its term (it does not renew: not on
    2027-01-01, its new term's first day), so the proposal builds on $32.64 and $28.56.
    Market (p50): 97110 $30.00, 97140 $29.00. Increases from 5% to 15%. No cost per visit.
    """
    payers = pd.DataFrame({"payer": ["Alpha Health", "Beta Plan"], "payer_id": ["A1", "B2"],
                           "financial_class": "commercial", "visits_per_year": [120, 80],
                           "notes": [None, None]})
    contracts = pd.DataFrame({
        "payer": ["Alpha Health", "Beta Plan"], "product": ["PPO", "HMO"],
        "contract_id": ["A-1", "B-1"], "effective_date": [date(2024, 1, 1)] * 2,
        "end_date": [date(2026, 6, 30), date(2026, 12, 31)], "auto_renew": [True, False],
        "notice_days": [90, 120], "rate_basis": ["fixed", "fixed"],
        "pct_of_medicare": [None, None], "escalator": [0.0, 0.02], "mppr_rule": "none",
        "assistant_reduction": 0.0, "contact_name": ["Ann Ames", "Bo Byrd"],
        "contact_title": None, "contact_email": None, "contact_phone": None,
        "contact_address": None})
    fees = pd.DataFrame({
        "payer": ["Alpha Health", "Alpha Health", "Beta Plan", "Beta Plan"],
        "code": ["97110", "97140", "97110", "97140"], "modifier": "",
        "allowed_amount": [25.0, 30.0, 32.0, 28.0], "effective_date": date(2025, 1, 1)})
    volumes = pd.DataFrame({
        "payer": ["Alpha Health", "Alpha Health", "Beta Plan", "Beta Plan"],
        "code": ["97110", "97140", "97110", "97140"],
        "units_per_year": [100.0, 50.0, 60.0, 40.0], "visits": [60, 40, 40, 30]})
    benchmarks = pd.DataFrame({
        "code": ["97110", "97140"], "region": "Test", "p25": [26.0, 25.0],
        "p50": [30.0, 29.0], "p75": [34.0, 33.0], "p90": [38.0, 36.0],
        "source": "hand-made", "as_of": date(2025, 9, 30)})
    metrics = pd.DataFrame({"metric": ["clean_claim_rate"], "value": [0.95],
                            "benchmark": [0.9], "unit": ["fraction"], "period": ["2025"],
                            "source": ["test"]})
    return ClinicData(
        clinic={"name": "Tiny Therapy", "locality": "10112-00", "state": "AL"},
        payers=payers, contracts=contracts, fee_schedules=fees, volumes=volumes,
        benchmarks=benchmarks, metrics=metrics,
        settings=Settings(analysis_date=date(2025, 12, 1), medicare_date=date(2025, 10, 1)))


def open_book(path: Path, **kwargs: object) -> Workbook:
    """openpyxl's load, its notes about LibreOffice-written extensions silenced; a file
    loaded before comes as a copy of that load (:func:`tests.books.load_book`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_book(path, **kwargs)


def as_before_its_last_column(ws: Worksheet, table_name: str) -> tuple[int, int, int, int]:
    """Shrink ``ws``'s table ``table_name`` to what an earlier RateCalc wrote, without its last
    column (cleared); its bounds (left, top, right, bottom) as they were, ``right`` the column
    the next refresh writes again."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    table = ws.tables[table_name]
    left, top, right, bottom = range_boundaries(table.ref)
    for row in range(top, bottom + 1):
        ws.cell(row=row, column=right).value = None
    table.ref = f"{get_column_letter(left)}{top}:{get_column_letter(right - 1)}{bottom}"
    table.autoFilter.ref = table.ref
    del table.tableColumns[-1]
    return left, top, right, bottom


def take_payer_out(wb: Workbook, payer: str) -> dict[tuple[str, str], object]:
    """Clear every input row naming ``payer`` (a payer leaving the inputs) and return what they
    held, (sheet, cell) -> value, to put back with :func:`put_back`."""
    from ratecalc_workbook import layout

    kept: dict[tuple[str, str], object] = {}
    for name in layout.INPUT_SHEETS:
        for row in wb[name].iter_rows():
            if any(c.value == payer for c in row):
                for c in row:
                    if c.value is not None and type(c).__name__ != "MergedCell":
                        kept[(name, c.coordinate)] = c.value
                        c.value = None
    return kept


def refreshed_without(book: Path, payer: str) -> dict[tuple[str, str], object]:
    """``book`` refreshed at :data:`NOW` with ``payer`` taken out of its inputs (its result
    tables shrunk, as a payer leaving leaves them); what :func:`take_payer_out` kept, to put
    back with :func:`put_back`."""
    from ratecalc_workbook.refresh import refresh_workbook

    wb = open_book(book)
    kept = take_payer_out(wb, payer)
    wb.save(book)
    assert refresh_workbook(book, now=NOW).ok
    return kept


def put_back(wb: Workbook, kept: dict[tuple[str, str], object]) -> None:
    """What :func:`take_payer_out` cleared, written back (the payer returns)."""
    for (name, at), value in kept.items():
        wb[name][at] = value


@pytest.fixture(scope="session")
def demo_inputs(demo_book: Path) -> Iterator[ClinicData]:
    """The demo workbook's inputs as :func:`read_workbook` reads them, read once per xdist
    worker for the tests that compare a changed copy of ``demo_book`` with what it held (each
    read its own copy before changing it: the same tables, a full load each). Read only: at the
    end of the run they are checked against a copy taken now."""
    data, problems = read_workbook(demo_book)
    assert data is not None, [p.message for p in problems]
    kept = copy.deepcopy(data)
    yield data
    for field in dataclasses.fields(ClinicData):
        now, then = getattr(data, field.name), getattr(kept, field.name)
        same = now.equals(then) if isinstance(now, pd.DataFrame) else now == then
        assert same, f"a test changed the shared demo_inputs.{field.name}; copy it first"


@pytest.fixture(scope="session")
def tiny_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from unchanged(built_once(tmp_path_factory, "tiny.xlsx", refreshed(tiny_clinic)))


@pytest.fixture(scope="session")
def tiny_new_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tiny clinic's workbook as ``new_workbook`` writes it (not refreshed); copy it."""
    def build(path: Path) -> None:
        new_workbook(path, tiny_clinic())
    yield from unchanged(built_once(tmp_path_factory, "tiny-new.xlsx", build))


@pytest.fixture
def logged(logged_bytes: tuple[bytes, tuple[int, ...]], tmp_path: Path
           ) -> tuple[Path, list[int]]:
    """A copy of the test module's ``logged_bytes`` workbook (a demo workbook with Negotiation
    Log rows written once per module) of the test's own, and the log's rows."""
    content, rows = logged_bytes
    path = tmp_path / "negotiation.xlsx"
    path.write_bytes(content)
    return path, list(rows)


@pytest.fixture
def demo_copy(demo_book: Path, tmp_path: Path) -> Path:
    target = tmp_path / "negotiation.xlsx"
    shutil.copy2(demo_book, target)
    return target


@pytest.fixture
def tiny_copy(tiny_book: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tiny.xlsx"
    shutil.copy2(tiny_book, target)
    return target


PRINTED = ("demo", "blank")


def _laid_out_chars(objects: Any) -> Iterator[Any]:
    """pdfminer's characters of a page's layout, in its order (those inside figures too)."""
    from pdfminer.layout import LTChar, LTContainer

    for obj in objects:
        if isinstance(obj, LTChar):
            yield obj
        elif isinstance(obj, LTContainer):
            yield from _laid_out_chars(obj)


def foot_sheet(line: str) -> str | None:
    """The sheet a printed page's foot ``line`` names ("Comparison Page 19 of 46"; a sheet of
    Medicare amounts has the Medicare label between the two, "Comparison Medicare locality
    10112-00 ALABAMA, release RVU26C, 2026-10-01 Page 19 of 46":
    ``result_sheets.medicare_in_page_footer``); None for a line that is no page's foot."""
    found = re.fullmatch(r"(.+?)(?: Medicare locality .+)? Page \d+ of \d+", line)
    return found.group(1) if found else None


def read_pages(pdf: Path) -> list[dict[str, Any]]:
    """Per page of ``pdf`` as pdfplumber reads it: its text, its words and its characters
    (text, printed size, font, upright or not, place).

    The characters are taken from the page's pdfminer layout as pdfplumber's ``Page.chars``
    takes them (place from the page's top, the media box's offset added), with only the keys
    read here and by pdfplumber's word and text functions: ``Page.chars`` adds some twenty
    more to each character, a third of the reading time of a 58-page print
    (``test_pages_are_read_as_pdfplumbers_page_reads_them`` checks the two agree)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from pdfplumber import utils

    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            mb_x0, mb_top = page.mediabox[:2]
            plumbed, chars = [], []  # pdfplumber's keys for words and text; this reader's
            for c in _laid_out_chars(page.layout):
                top = (page.height - c.y1) + mb_top
                x0, x1 = c.x0 + mb_x0, c.x1 + mb_x0
                text = c.get_text()  # opened without unicode_norm: as pdfminer has it
                plumbed.append({"text": text, "x0": x0, "x1": x1, "top": top,
                                "bottom": (page.height - c.y0) + mb_top,
                                "doctop": page.initial_doctop + top, "upright": c.upright,
                                "matrix": c.matrix})
                chars.append({"text": text, "font": c.fontname.split("+")[-1],
                              # pdfminer's size is the glyph box's height; a rotated glyph (an
                              # axis title) lies on its side, so its larger side is its size.
                              "size": c.size if c.upright else max(c.width, c.height),
                              "upright": c.upright, "x0": x0, "x1": x1, "top": top})
            words = [w["text"] for w in utils.extract_words(plumbed, keep_blank_chars=False)]
            text = utils.chars_to_textmap(plumbed, layout_bbox=page.bbox,
                                          layout_width=page.width,
                                          layout_height=page.height).as_string
            pages.append({"chars": chars, "words": words, "text": text or ""})
    return pages


def read_pages_with_page_methods(pdf: Path, pages: int) -> list[dict[str, Any]]:
    """:func:`read_pages` of the first ``pages`` pages of ``pdf`` through pdfplumber's own
    ``Page.chars``, ``Page.extract_words`` and ``Page.extract_text``, as it read them before."""
    pdfplumber = pytest.importorskip("pdfplumber")
    read = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages[:pages]:
            chars = [
                {"text": c["text"], "font": c["fontname"].split("+")[-1],
                 "size": c["size"] if c["upright"] else max(c["width"], c["height"]),
                 "upright": c["upright"], "x0": c["x0"], "x1": c["x1"], "top": c["top"]}
                for c in page.chars
            ]
            words = [w["text"] for w in page.extract_words(keep_blank_chars=False)]
            read.append({"chars": chars, "words": words, "text": page.extract_text() or ""})
    return read


def overlapping_chars(page: dict[str, Any]) -> list[str]:
    """Pairs of characters of one printed line of ``page`` (:func:`read_pages`) that overlap by
    more than a point: text cut off at its neighbour is still in the PDF, clipped, under the
    neighbour's text, and a legend's entries drawn over each other show the same."""
    lines: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for c in page["chars"]:
        if c["text"].strip() and c["upright"]:
            lines.setdefault((round(c["top"]), round(c["size"])), []).append(c)
    overlaps = []
    for chars in lines.values():
        chars.sort(key=lambda c: c["x0"])
        for before, after in zip(chars, chars[1:], strict=False):
            if after["x0"] < before["x1"] - 1.0:
                overlaps.append(before["text"] + after["text"])
    return overlaps


@pytest.fixture(scope="session")
def printed(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, tuple[Path, Path]]:
    """(workbook, its PDF) of the refreshed demo workbook and of a new blank one, printed by one
    LibreOffice run (a start costs seconds) once per test run, for every module that reads the
    printed pages; beside each PDF, its pages as :func:`read_pages` reads them
    (``printed_pages``: reading the demo's takes seconds too). Needs LibreOffice: ask for it
    only after checking that it is installed."""
    kinds = PRINTED

    def build(folder: Path) -> None:
        folder.mkdir(parents=True)
        sources = [folder / f"{kind}.xlsx" for kind in kinds]
        shutil.copy2(demo_book, sources[0])  # a byte-for-byte copy named after its kind
        new_workbook(sources[1])
        for pdf in convert_all(sources, folder / "pdf", "pdf"):
            pdf.with_suffix(".json").write_text(json.dumps(read_pages(pdf)), encoding="utf-8")

    folder = built_once(tmp_path_factory, "printed", build)
    return {kind: (folder / f"{kind}.xlsx", folder / "pdf" / f"{kind}.pdf") for kind in kinds}


@pytest.fixture(scope="session")
def printed_pages(printed: dict[str, tuple[Path, Path]]) -> dict[str, list[dict[str, Any]]]:
    """The pages of each PDF of ``printed``, as :func:`read_pages` read them; read only."""
    return {kind: json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
            for kind, (_, pdf) in printed.items()}




#: The small workbooks of the modules that each printed one with a LibreOffice start of its own
#: (a start costs about a third of a CPU-second): kind -> (module, its builder, the session
#: workbooks it takes). Each builder writes its book to the path given after those; the
#: module's test reads the print.
SMALL_PRINTS = {
    "totals_like": ("test_short_page_per_area", "totals_like_book", ()),
    "exit_like": ("test_one_page_wide_at_the_floor", "exit_like_book", ()),
    "wrapped_dates": ("test_numbers_whole", "wrapped_dates_book", ()),
    "clinic_printed": ("test_side_by_side_one_page", "clinic_printed_book", ("tiny_new_book",)),
    "problems_printed": ("test_problems_summary", "problems_printed_book", ("tiny_book",)),
    "no_market_dashboard": ("test_no_market_dashboard", "no_market_dashboard_book", ()),
    "typed_rows": ("test_typed_rows_printed", "typed_rows_book", ("tiny_new_book",)),
    "earlier_typed": ("test_typed_rows_printed", "earlier_typed_book", ()),
    "typed_names": ("test_typed_rows_printed", "typed_names_book", ()),
    "eight_payers": ("test_payer_pages_whole", "eight_payers_book", ()),
    "volumes_like": ("test_rows_shared_evenly", "volumes_like_book", ()),
    "totals_like_laid_out": ("test_rows_shared_evenly", "totals_like_laid_out_book", ()),
    "forty_payer_volumes": ("test_rows_shared_evenly", "forty_payer_volumes_book", ()),
    "forty_payer_volumes_laid_out": ("test_rows_shared_evenly",
                                     "forty_payer_volumes_laid_out_book", ()),
}
#: The same for the modules that had LibreOffice recalculate one.
SMALL_RECALCULATED = {
    "at_the_floor": ("test_exact_lines_recalculated", "at_the_floor_book", ()),
    "half_cent_year": ("test_scenario_years_recalculated", "half_cent_year_book", ()),
    "upgraded": ("test_earlier_versions_recalculated", "upgraded_book", ()),
    "with_formulas": ("test_cached_values", "with_formulas_book", ("tiny_book",)),
}
#: The same for the modules that had LibreOffice write the text one shows
#: (:func:`~tests.workbook.libreoffice.export_shown`); each builder returns the sheets to write.
SMALL_SHOWN = {
    "shares": ("test_percent_cells_read", "shares_book", ()),
    "upgraded_shown": ("test_earlier_versions_recalculated", "upgraded_shown_book",
                       ("upgraded",)),
    "days_one_claim": ("test_imports", "one_claim_days_book", ()),
    "days_two_claims": ("test_imports", "two_claims_days_book", ()),
}

Books = dict[str, tuple[str, str, tuple[str, ...]]]


class SmallBooks(dict[str, Any]):
    """The small books made, by kind. A kind whose builder failed is not there: asked for, it
    fails the one test that reads it, naming its module's builder and why; the other modules'
    books were made, converted and are read as if it had not been there (a builder's error
    failed every test of the five modules sharing the run, each naming another module)."""

    def __init__(self, made: dict[str, Any], failed: dict[str, str]) -> None:
        super().__init__(made)
        self.failed = failed

    def __missing__(self, kind: str) -> Any:
        if kind in self.failed:
            pytest.fail(f"the small workbook {kind!r} was not made: {self.failed[kind]}",
                        pytrace=False)
        raise KeyError(kind)


def _made(folder: Path, books: Books, given: dict[str, Path]
          ) -> tuple[dict[str, Path], dict[str, Any], dict[str, str]]:
    """Each of ``books`` made by its module's builder in ``folder``/KIND/KIND.xlsx: the paths
    and what each builder returned, by kind, of those made; and why each other was not (its
    module's builder and the error), which is also written to ``folder``/failed.json."""
    import importlib
    import traceback

    folder.mkdir(parents=True)
    sources: dict[str, Path] = {}
    returned: dict[str, Any] = {}
    failed: dict[str, str] = {}
    for kind, (module, builder, needs) in books.items():
        (folder / kind).mkdir()
        source = folder / kind / f"{kind}.xlsx"
        # a module of this folder by its name, one elsewhere by its dotted name
        dotted = module if "." in module else f"tests.workbook.{module}"
        try:
            make = getattr(importlib.import_module(dotted), builder)
            returned[kind] = make(*(given[need] for need in needs), source)
        except Exception:  # noqa: BLE001 - reported by the one test that reads the book
            failed[kind] = (f"{dotted.replace('.', '/')}.py, {builder}:\n"
                            f"{traceback.format_exc()}")
            continue
        sources[kind] = source
    (folder / "failed.json").write_text(json.dumps(failed), encoding="utf-8")
    return sources, returned, failed


def _shared(folder: Path, result: Any) -> Iterator[Any]:
    """Yield ``result``, files of the shared ``folder``; afterwards, check no test changed it."""
    before = digest(folder)
    yield result
    assert digest(folder) == before, f"a test changed the shared {folder}; copy it first"


def _failed(folder: Path) -> dict[str, str]:
    return dict(json.loads((folder / "failed.json").read_text(encoding="utf-8")))


def _converted_together(factory: pytest.TempPathFactory, name: str, books: Books,
                        given: dict[str, Path], fmt: str) -> Iterator[SmallBooks]:
    """(workbook, LibreOffice's output in ``fmt``) of each of ``books``, all converted by one
    LibreOffice run, once per test run; read only."""
    def build(folder: Path) -> None:
        sources = _made(folder, books, given)[0]
        if sources:
            convert_all(list(sources.values()), folder / "out", fmt)

    folder = built_once(factory, name, build)
    failed = _failed(folder)
    yield from _shared(folder, SmallBooks(
        {kind: (folder / kind / f"{kind}.xlsx", folder / "out" / f"{kind}.{fmt}")
         for kind in books if kind not in failed}, failed))


@pytest.fixture(scope="session")
def small_prints(tiny_book: Path, tiny_new_book: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[dict[str, tuple[Path, Path]]]:
    """(workbook, its PDF) of each of :data:`SMALL_PRINTS`, printed by one LibreOffice run once
    per test run; read only. Needs LibreOffice: ask for it only after checking that it is
    installed."""
    yield from _converted_together(tmp_path_factory, "small-prints", SMALL_PRINTS,
                                   {"tiny_book": tiny_book, "tiny_new_book": tiny_new_book},
                                   "pdf")


@pytest.fixture(scope="session")
def small_recalculated(tiny_book: Path, tmp_path_factory: pytest.TempPathFactory
                       ) -> Iterator[dict[str, tuple[Path, Path]]]:
    """(workbook, recalculated copy) of each of :data:`SMALL_RECALCULATED`, recalculated by one
    LibreOffice run once per test run; read only. Needs LibreOffice."""
    yield from _converted_together(tmp_path_factory, "small-recalculated", SMALL_RECALCULATED,
                                   {"tiny_book": tiny_book}, "xlsx")


@pytest.fixture(scope="session")
def small_shown(small_recalculated: dict[str, tuple[Path, Path]],
                tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[dict[str, tuple[Path, dict[str, Path]]]]:
    """(workbook, sheet -> the CSV of the text LibreOffice shows in it) of each of
    :data:`SMALL_SHOWN`, written by one LibreOffice run once per test run; read only. Needs
    LibreOffice."""
    # what it needs of another fixture's books, if that one was made (else its kind fails)
    given = {kind: books[0] for kind, books in small_recalculated.items() if kind == "upgraded"}

    def build(folder: Path) -> None:
        sources, sheets, _ = _made(folder, SMALL_SHOWN, given)
        files = export_shown(list(sources.values()), folder / "out",
                             [sheets[kind] for kind in sources]) if sources else []
        (folder / "files.json").write_text(json.dumps(
            {kind: {sheet: str(path.relative_to(folder)) for sheet, path in per_sheet.items()}
             for kind, per_sheet in zip(sources, files, strict=True)}), encoding="utf-8")

    folder = built_once(tmp_path_factory, "small-shown", build)
    files = json.loads((folder / "files.json").read_text(encoding="utf-8"))
    yield from _shared(folder, SmallBooks(
        {kind: (folder / kind / f"{kind}.xlsx",
                {sheet: folder / path for sheet, path in files[kind].items()})
         for kind in files}, _failed(folder)))


@pytest.fixture
def linked(tiny_new_book: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(a relative symbolic link, the workbook it leads to), in folders of their own (the
    tests of saving through a link)."""
    real = tmp_path / "real" / "clinic.xlsx"
    real.parent.mkdir()
    shutil.copyfile(tiny_new_book, real)
    link = tmp_path / "links" / "clinic.xlsx"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "real" / "clinic.xlsx")
    return link, real

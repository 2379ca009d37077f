"""Suite-wide test settings."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

# openpyxl decides at its import whether to parse with defusedxml: the test extra installs it
# (pyx12 needs it), a user's `pip install` does not, and its pure-Python ElementTree made every
# sheet's parse about a third slower (a 2,000-row sheet: 0.098 s against 0.073 s). The tests run
# openpyxl as a user's install does: without it. Nothing here relied on it against hostile XML:
# the product refuses a DOCTYPE or ENTITY in any part before openpyxl reads a package
# (ratecalc.xlsx_package); OPENPYXL_DEFUSEDXML=True runs the suite with it, as before.
os.environ.setdefault("OPENPYXL_DEFUSEDXML", "False")
import pandas as pd
import pytest
from hypothesis import settings

import ratecalc.dates
from ratecalc.medicare.store import clear_caches
from tests.built_once import built_once, digest
from tests.medicare_days import covered_today

# Timings never decide a test: hypothesis' per-example deadline fails tests on a loaded machine
# (CI shares two cores), so it is off for the whole suite; speed is measured in benchmarks/.
settings.register_profile("ratecalc", deadline=None)
# `pytest --hypothesis-profile=thorough` looks 20 times as hard, to find a rare failing example
# before CI's random draw does.
settings.register_profile("thorough", deadline=None, max_examples=2000)
settings.load_profile("ratecalc")

# The collector took a tenth of a worker's CPU (8.4 s of 74 s on the workbook, CLI and property
# tests): it ran after every 700 new objects, and each of the ~40 full collections walked every
# object the worker had loaded (pandas, openpyxl, hypothesis, the test modules). Run less often,
# it took 3.9 s; cycles are still collected, only later (the workers' peak memory grew ~15%).
# Not gc.freeze(): a test counts frozen objects. Not the command's own thresholds (GC_THRESHOLDS):
# a test tells the command's process from a caller's by them.
gc.set_threshold(20_000, 20, 20)

# pandas keeps text in pyarrow arrays wherever pyarrow is installed, and the test extra installs
# it (the market-rate store's). A user's `ratecalc` command keeps pyarrow out (skip_pyarrow in
# cli/main.py, all but the store's commands; the base install has no pyarrow at all), so there
# pandas keeps text as Python strings: the same str dtype, stored otherwise. The tests' own
# processes now store text as those commands do. Arrow's storage cost a fifth of the CPU of
# the in-process tests (per-element access and conversions on tables of a few dozen rows).
# Fresh-process tests (tests/cli/test_cli_pyarrow.py, test_refresh_process.py) still compare
# the outputs with and without pyarrow; RATECALC_TEST_STRING_STORAGE=pyarrow runs the whole
# suite with pandas' Arrow storage, as before.
pd.set_option("mode.string_storage", os.environ.get("RATECALC_TEST_STRING_STORAGE", "python"))

# Fixtures built once per module (a LibreOffice recalculation, a written demo workbook) are built
# once per module only if the module's tests all run on one xdist worker.
_SHARED_SCOPES = {"module", "class", "package"}


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Under ``--dist loadgroup`` (the default in pyproject.toml) tests are spread one by one
    over the workers, so the slow ones balance; a test using a module-, class- or package-scoped
    fixture is put in its module's group, so that fixture is still built once."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or item.get_closest_marker("xdist_group") is not None:
            continue
        if any(d.scope in _SHARED_SCOPES for defs in info.name2fixturedefs.values()
               for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))
    result = yield  # the other plugins' hooks: xdist's worker appends each group to its node id
    if config.getoption("loadgroup", default=False):
        for item in items:
            _carry_group(item)
    return result


def _carry_group(item: pytest.Item) -> None:
    """pytest-xdist tells the controller a test's group by appending ``@group`` to the node id
    its worker reports. From pytest 9.2 a node id is a structured value that xdist 3.8 does not
    update (pytest-dev/pytest-xdist#1386), so ``--dist loadgroup`` silently spread every group
    over both workers, and each worker built the module's fixtures (a LibreOffice run, a
    refresh) again. Where xdist's suffix did not take, put it on the structured id; where it
    did (an older pytest, or a fixed xdist), leave it."""
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")})
    if not names:
        return
    suffix = "@" + "_".join(names)
    node_id = getattr(item, "_id", None)
    if item.nodeid.endswith(suffix) or not hasattr(type(node_id), "parse"):
        return
    item._id = type(node_id).parse(item.nodeid + suffix)


@pytest.fixture(scope="session", autouse=True)
def _libreoffice_profiles_removed() -> Iterator[None]:
    """The LibreOffice profiles the tests' conversions used (tests.workbook.libreoffice: kept
    for the whole run), removed once every test has run."""
    yield
    used = sys.modules.get("tests.workbook.libreoffice")
    if used is not None:
        used.remove_profiles()


@pytest.fixture
def told_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """"Today" as an argument: the product's clock (``ratecalc.dates.system_today``, the machine's
    day every blank date and command default reads) set to a day the bundled Medicare data covers
    (:func:`tests.medicare_days.covered_today`) for the test, and that day given to it. A test
    of the product "as run today" takes this, never ``date.today``: told from the machine's
    day, it tested something else once the clock passed the bundled data's end, and two reads
    of the clock around midnight gave two days."""
    day = covered_today()
    monkeypatch.setattr(ratecalc.dates, "system_today", lambda: day)
    return day


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A copy of the demo clinic's eight tables as CSV files, to change or delete."""
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    return tmp_path / "clinic"


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """An empty per-user data folder for imported Medicare releases, caches cleared around it."""
    monkeypatch.setenv("RATECALC_DATA_DIR", str(tmp_path / "data"))
    clear_caches()
    yield tmp_path / "data"
    clear_caches()


@dataclass(frozen=True)
class DemoRun:
    """``ratecalc demo --out FOLDER --today DAY`` run in this process once per test run
    (each run writes every output, the workbook refreshed: seconds), for the tests that only
    read what it wrote and printed."""

    code: int
    stdout: str
    stderr: str
    told: Path  # FOLDER, as the command was given it
    files: Path  # where its files are now: read them, never change them

    def written(self, name: str) -> tuple[Path, Path]:
        """``name`` as the command wrote it (and may have printed it), and where it is now."""
        return self.told / name, self.files / name


def _demo_run(*options: str, today: str = "2025-12-01") -> Callable[[Path], None]:
    """A builder of ``ratecalc demo --today TODAY`` into ``out`` in its folder, what it printed
    beside it."""
    def build(folder: Path) -> None:
        folder.mkdir(parents=True)
        told = folder / "out"
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            # imported here, not with this file: every test loads it, few run a command
            from ratecalc_cli.main import main

            code = main(["demo", "--out", str(told), "--today", today, *options])
        (folder / "run.json").write_text(json.dumps(
            {"code": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue(),
             "told": str(told)}), encoding="utf-8")
    return build


def _shared_run(factory: pytest.TempPathFactory, name: str, *options: str,
                today: str = "2025-12-01") -> Iterator[DemoRun]:
    folder = built_once(factory, name, _demo_run(*options, today=today))
    before = digest(folder)
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    yield DemoRun(run["code"], run["stdout"], run["stderr"], Path(run["told"]), folder / "out")
    assert digest(folder) == before, f"a test changed the shared {folder}; copy it first"


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """``ratecalc demo --today 2025-12-01``, its report printed as text."""
    yield from _shared_run(tmp_path_factory, "demo-run-2025-12-01")


@pytest.fixture(scope="session")
def demo_run_json(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """``ratecalc demo --today 2025-12-01 --json``, its report printed as JSON."""
    yield from _shared_run(tmp_path_factory, "demo-run-2025-12-01-json", "--json")


@pytest.fixture(scope="session")
def demo_run_2026_12_05(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """``ratecalc demo --today 2026-12-05`` (a review's day: the demo's contract dates move with
    it), its report printed as text."""
    yield from _shared_run(tmp_path_factory, "demo-run-2026-12-05", today="2026-12-05")


@pytest.fixture(scope="session")
def demo_new_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo clinic's workbook as ``new_workbook`` writes it (not refreshed), written once
    per test run for the tests that start from it; copy it before changing it or handing it to
    a command that saves."""
    def build(path: Path) -> None:
        from ratecalc.demo import demo_data
        from ratecalc_workbook.builder import new_workbook

        new_workbook(path, demo_data())

    path = built_once(tmp_path_factory, "demo-new.xlsx", build)
    before = digest(path)
    yield path
    assert digest(path) == before, f"a test changed the shared {path}; copy it first"


#: When the shared refreshed workbooks (``demo_book``, the workbook tests' ``tiny_book``) were
#: refreshed: the moment the workbook tests refresh their own copies at too.
NOW = datetime(2025, 12, 1, 9, 30)


def refreshed(data: Callable[[], Any]) -> Callable[[Path], None]:
    """A builder of a new workbook of ``data()``, refreshed as of NOW."""
    def build(path: Path) -> None:
        # imported here, not with this file: every test loads it, few refresh a workbook
        from ratecalc_workbook.builder import new_workbook
        from ratecalc_workbook.refresh import refresh_workbook

        new_workbook(path, data())
        result = refresh_workbook(path, now=NOW)
        assert result.ok, [p.message for p in result.errors]
    return build


def unchanged(path: Path) -> Iterator[Path]:
    """Yield the shared ``path``; afterwards, check that no test changed it (every xdist worker
    and module reads the same file)."""
    before = digest(path)
    yield path
    assert digest(path) == before, f"a test changed the shared {path}; copy it first"


@pytest.fixture(scope="session")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo workbook (``demo_new_book``'s tables) refreshed as of NOW, built once per test
    run for every module that reads it; copy it before changing it."""
    from ratecalc.demo import demo_data

    yield from unchanged(built_once(tmp_path_factory, "negotiation.xlsx", refreshed(demo_data)))


#: The workbooks of modules outside tests/workbook that each had LibreOffice recalculate one of
#: their own, made only for that (a start costs about half a CPU-second under load): kind ->
#: (module, its builder, ()). Each builder writes its book to the path given; the
#: module's test reads the recalculated copy (``tests/workbook/conftest.py``'s
#: ``SMALL_RECALCULATED`` does the same for that folder's modules).
OTHER_RECALCULATED = {
    "rate_agreed": ("tests.test_scheduled_rates", "rate_agreed_book", ()),
    "medicare_new_term": ("tests.test_new_term_medicare", "medicare_new_term_book", ()),
    "repeated_payer": ("tests.test_timeline_payer_figure", "repeated_payer_book", ()),
    "half_units_refreshed": ("tests.cli.test_half_unit_totals", "refreshed_book", ()),
    "half_units_new": ("tests.cli.test_half_unit_totals", "new_book", ()),
}


@pytest.fixture(scope="session")
def other_recalculated(tmp_path_factory: pytest.TempPathFactory
                       ) -> Iterator[dict[str, tuple[Path, Path]]]:
    """(workbook, recalculated copy) of each of :data:`OTHER_RECALCULATED`, made and
    recalculated by one LibreOffice run once per test run; read only. A builder that fails
    fails only the test reading its book. Needs LibreOffice: ask for it only after checking
    that it is installed."""
    # imported here: the workbook tests' conftest imports this one
    from tests.workbook.conftest import _converted_together

    yield from _converted_together(tmp_path_factory, "other-recalculated", OTHER_RECALCULATED,
                                   {}, "xlsx")

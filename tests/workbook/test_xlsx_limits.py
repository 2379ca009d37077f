"""Real workbooks pass the package check (:mod:`ratecalc.xlsx_package`) with room to spare, and
fast: it runs before every refresh. The hostile ones are in ``tests/ratecalc/test_xlsx_package.py``
and ``tests/cli/test_hostile_xlsx.py``."""

from __future__ import annotations

import importlib.util
import statistics
import time
import zipfile
from pathlib import Path

import pytest

from ratecalc.dataset import ClinicData
from ratecalc.limits import MAX_XLSX_PART_BYTES, MAX_XLSX_RATIO, MAX_XLSX_TOTAL_BYTES
from ratecalc.xlsx_package import check_xlsx_package

from .conftest import _refreshed, built_once

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_workbook.py"


def _synthetic_clinic() -> ClinicData:
    """The benchmark's clinic of 40 payers x 300 codes."""
    spec = importlib.util.spec_from_file_location("bench_workbook", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: ClinicData = module.synthetic_clinic()
    return data


@pytest.fixture(scope="session")
def large_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A refreshed master workbook of 40 payers x 300 codes (its result sheets full)."""
    return built_once(tmp_path_factory, "large-40x300.xlsx", _refreshed(_synthetic_clinic))


def test_demo_workbook_passes_in_milliseconds(demo_book: Path) -> None:
    check_xlsx_package(demo_book)
    times = []
    for _ in range(20):
        start = time.perf_counter()
        check_xlsx_package(demo_book)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.02  # about 4 ms on a developer's machine


def test_40_payers_x_300_codes_pass_with_room(large_book: Path) -> None:
    check_xlsx_package(large_book)
    with zipfile.ZipFile(large_book) as archive:
        infos = archive.infolist()
    largest = max(i.file_size for i in infos)
    assert 10_000_000 < largest < MAX_XLSX_PART_BYTES / 4
    assert sum(i.file_size for i in infos) < MAX_XLSX_TOTAL_BYTES / 4
    assert max(i.file_size / i.compress_size for i in infos if i.compress_size) \
        < MAX_XLSX_RATIO / 10

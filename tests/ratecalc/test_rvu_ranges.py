"""An imported PPRRVU file's figures are checked against what CMS's files hold, and the stored
integers never wrap around: a work RVU of 30,000,000 priced 97110 at -$432,530,719.40, -0.45 at
-$2.86, and 12345678901234567890 stopped the import with an internal error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import DataError
from ratecalc.limits import CONVERSION_FACTOR_RANGE, RVU_RANGES
from ratecalc.medicare import medicare_amount, release_for, releases, store
from ratecalc.medicare.cms_files import read_pprrvu
from ratecalc.medicare.importer import import_release
from tests.ratecalc.test_medicare_import import (
    CMS_PFS,
    POS,
    assert_nothing_stored,
    gpci_csv,
    needs_shared,
    pprrvu_csv,
)

# the header CMS gives each column, as the messages name it
HEADER = {"work": "WORK RVU", "pe_nf": "NON FAC PE RVU", "pe_f": "FACILITY PE RVU",
          "mp": "MP RVU", "cf": "CONV FACTOR", "status": "STATUS CODE", "mult_proc": "MULT PROC",
          "pctc": "PCTC IND", "glob_days": "GLOB DAYS", "fac_na": "FACILITY NA INDICATOR"}


def _files_with_97110(tmp_path: Path, column: str, value: str) -> tuple[list[Path], int]:
    """A 2027 release (the bundled 2026 rows) with 97110's ``column`` set to ``value``, and
    97110's row number in the file."""
    lines = pprrvu_csv().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("97110,,"))
    row = lines[at].split(",")
    row[POS[column]] = value
    lines[at] = ",".join(row)
    rvu, gpci = tmp_path / "PPRRVU2027_Jan.csv", tmp_path / "GPCI2027.csv"
    rvu.write_text("\n".join(lines) + "\n")
    gpci.write_text(gpci_csv().replace("CY 2026", "CY 2027"))
    return [rvu, gpci], at + 1


@pytest.mark.parametrize("value", ["30000000", "-0.45", "99999.45", "12345678901234567890",
                                   "1000.01", "-0.01"])
def test_a_work_rvu_no_cms_file_holds_is_refused_naming_file_row_column_and_range(
        user_dir, tmp_path, value):
    files, row = _files_with_97110(tmp_path, "work", value)
    with pytest.raises(DataError, match=(
            rf"CMS RVU file 'PPRRVU2027_Jan.csv' refused \(1 value no CMS file holds; nothing "
            rf"was stored\):\n  row {row}, column 'WORK RVU': code 97110 has {value}, outside "
            rf"the plausible range 0-1000\n")):
        import_release(files)
    assert_nothing_stored(user_dir)


@pytest.mark.parametrize(("column", "value", "rule"), [
    ("pe_nf", "5000.01", "outside the plausible range 0-5000"),
    ("pe_nf", "-1", "outside the plausible range 0-5000"),
    ("pe_f", "123456.78", "outside the plausible range 0-5000"),
    ("mp", "300.01", "outside the plausible range 0-300"),
    ("mp", "-0.01", "outside the plausible range 0-300"),
    ("cf", "3340.09", "outside the plausible range 10-100"),
    ("cf", "-33.4009", "outside the plausible range 10-100"),
    ("status", "AA", "expected one letter"),
    ("status", "", "expected one letter"),
    ("mult_proc", "55", "expected one digit 0-9 or blank"),
    ("pctc", "-1", "expected one digit 0-9 or blank"),
    ("glob_days", "1000", "expected 000, 010, 090, MMM, XXX, YYY, ZZZ or blank"),
    ("fac_na", "YES", "expected NA or blank"),
])
def test_every_figure_and_indicator_the_store_keeps_is_checked(user_dir, tmp_path, column,
                                                               value, rule):
    files, row = _files_with_97110(tmp_path, column, value)
    shown = repr(value) if column in ("status", "mult_proc", "pctc", "glob_days", "fac_na") \
        else value
    with pytest.raises(DataError, match=rf"row {row}, column '{HEADER[column]}': code 97110 has "
                                        rf"{shown}, {rule}"):
        import_release(files)
    assert_nothing_stored(user_dir)


def test_every_bad_row_is_named_at_once(user_dir, tmp_path):
    files, row = _files_with_97110(tmp_path, "work", "-0.45")
    text = files[0].read_text().replace("97112,,,A,,0.50,", "97112,,,A,,-0.50,")
    files[0].write_text(text)
    with pytest.raises(DataError, match=rf"\(2 values no CMS file holds; nothing was stored\):"
                                        rf"\n  row {row}, column 'WORK RVU': code 97110 has "
                                        rf"-0.45, .*\n  row {row + 1}, column 'WORK RVU': "
                                        rf"code 97112 has -0.50, "):
        import_release(files)


def test_a_figure_at_a_bound_imports_and_prices_exactly(user_dir, tmp_path):
    """Work RVU 1000 (the bound) in Alabama (10112-00: GPCIs 1.000, 0.875, 0.566 in 2026):
    (1000 x 1.000 + 0.41 x 0.875 + 0.01 x 0.566) x 33.4009 = 33,413.07, written out here."""
    files, _ = _files_with_97110(tmp_path, "work", "1000")
    g = store.gpci_table("rvu26c")
    at = g.row["10112-00"]
    assert (g.arrays["g_work"][at], g.arrays["g_pe"][at], g.arrays["g_mp"][at]) == (1000, 875,
                                                                                     566)
    import_release(files)
    expected = (Decimal("1000") + Decimal("0.35875") + Decimal("0.00566")) * Decimal("33.4009")
    assert expected == Decimal("33413.071621969")  # half-up to cents: 33,413.07
    assert medicare_amount("97110", "10112-00", date(2027, 5, 1)) == 33413.07


def test_stored_integers_never_wrap_around():
    """rvu_arrays stores int32: a figure past it was wrapped (30,000,000 RVUs read back as
    -1,294,967,296 hundredths) where it must be refused."""
    frame = read_pprrvu(pprrvu_csv().encode(), "PPRRVU26_JAN.csv")
    frame.loc[frame["hcpcs"] == "97110", "work_rvu"] = "30000000"
    with pytest.raises(DataError, match=r"CMS value '30000000' is larger than RateCalc stores: "
                                        r"at most 21474836.47 either way"):
        store.rvu_arrays(frame)


@pytest.mark.parametrize("text", ["12345678901234567890", "1e400", "Infinity", "NaN", ".",
                                  "-", "abc", "1_0"])
def test_to_fixed_int_refuses_what_is_no_storable_number(text):
    with pytest.raises(DataError, match="CMS value"):
        store.to_fixed_int(pd.Series([text]), 2)


@given(st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-2**40, max_value=2**40).map(lambda n: Decimal(n).scaleb(-2)),
    st.text(max_size=12)))
def test_to_fixed_int_accepts_only_what_round_trips_exactly(value):
    text = value if isinstance(value, str) else f"{value:f}"
    try:
        stored = store.to_fixed_int(pd.Series([text]), store.RVU_PLACES)
    except DataError:
        return
    # what it accepts, stored as the releases store it, reads back as the exact text
    as_stored = stored.astype(np.int32)
    assert int(as_stored[0]) == int(stored[0])
    expected = Decimal(text.strip()) if text.strip() else Decimal(0)
    assert Decimal(int(as_stored[0])).scaleb(-store.RVU_PLACES) == expected


def test_the_bundled_releases_lie_in_the_ranges():
    """The ranges hold every figure RateCalc ships (2020-2026)."""
    places = Decimal(10) ** store.RVU_PLACES
    for release in (r.release for r in releases() if r.bundled):
        a = store.rvu_table(release).arrays
        for key, column in (("work", "work_rvu"), ("pe_nf", "pe_nonfac_rvu"),
                            ("pe_f", "pe_fac_rvu"), ("mp", "mp_rvu")):
            low, high = RVU_RANGES[column]
            assert low * places <= int(a[key].min()) <= int(a[key].max()) <= high * places
        low, high = CONVERSION_FACTOR_RANGE
        assert low * 10**store.CF_PLACES <= int(a["cf"].min()) <= high * 10**store.CF_PLACES


@needs_shared
@pytest.mark.parametrize("path", [
    "rvu24b_apr2024/PPRRVU24_APR.csv", "rvu25a_jan2025/PPRRVU25_JAN.csv",
    "rvu25d_oct2025/PPRRVU2025_Oct.csv", "rvu26c_jul2026/PPRRVU2026_Jul_nonQPP.csv",
    "history/PPRRVU_rvu20a_jan_full_from_arkrvu.csv",
    "history/PPRRVU_rvu21a_jan_full_from_arkrvu.csv",
    "history/PPRRVU_rvu24a_jan_full_from_arkrvu.csv"])
def test_every_real_cms_file_passes_the_checks(path):
    frame = read_pprrvu(CMS_PFS / path)
    arrays = store.rvu_arrays(frame)
    assert len(arrays["hcpcs"]) > 17_000


@needs_shared
@pytest.mark.parametrize(("folder", "rvu", "release", "codes"), [
    ("rvu25a_jan2025", "PPRRVU25_JAN.csv", "rvu25a", 18865),
    ("rvu25d_oct2025", "PPRRVU2025_Oct.csv", "rvu25d", 19090)])
def test_the_real_2025_files_still_import(user_dir, folder, rvu, release, codes):
    result = import_release([CMS_PFS / folder / rvu, CMS_PFS / folder / "GPCI2025.csv"])
    assert (result.release, result.codes, result.localities) == (release, codes, 109)
    assert not release_for(result.effective_from).bundled



@pytest.mark.parametrize("value", [".", "-", "-."])
def test_a_point_or_a_sign_alone_is_no_number(user_dir, tmp_path, value):
    """They passed the reader's check and stopped the import with an internal error."""
    files, row = _files_with_97110(tmp_path, "work", value)
    with pytest.raises(DataError, match=rf"CMS RVU file 'PPRRVU2027_Jan.csv', row {row}, code "
                                        rf"97110, column work_rvu: expected a number, got "
                                        rf"'{value}'"):
        import_release(files)
    assert_nothing_stored(user_dir)

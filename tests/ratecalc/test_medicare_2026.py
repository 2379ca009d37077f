"""2026 from bundled data: CMS's own published amount, every therapy code recomputed independently,
ZIP codes and cities, and dates no release covers refused in words."""

from __future__ import annotations

import csv
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import NoMedicareDataError, UnknownCodeError
from ratecalc.medicare import medicare_amounts, release_for, resolve_locality
from ratecalc.medicare.zip_codes import lookup_zip
from tests.medicare_days import first_uncovered
from tests.shared_data import SHARED as SHARED_DATA

SHARED = SHARED_DATA
CMS_PFS = SHARED / "cms_pfs"
needs_shared = pytest.mark.skipif(not CMS_PFS.exists(), reason="../shared/data not present")

CF_2026 = Decimal("33.4009")  # DOMAIN.md: 2026 non-qualifying-APM conversion factor
FIVE_LOCALITIES = ["10112-00", "02102-01", "01112-05", "04412-31", "13202-01"]


def test_cms_published_99213_in_01112_05_from_bundled_data():
    # CMS's 2026 payment file: 99213 in San Francisco 01112-05, 117.58 non-facility, 64.37 facility
    row = medicare_amounts(["99213"], "01112-05", "2026-06-15").iloc[0]
    assert row["release"] == "rvu26c"
    assert (row["non_facility"], row["facility"]) == (117.58, 64.37)


def test_apm_qualifying_factor_2026():
    row = medicare_amounts(["99213"], "01112-05", "2026-06-15", apm_qualifying=True).iloc[0]
    assert row["conversion_factor"] == 33.5675
    assert row["non_facility"] > 117.58


def _cms_2026_therapy_rows() -> dict[str, dict[str, Decimal]]:
    """Codes with multiple-procedure indicator 5 (always therapy), read straight from CMS's
    CSV with the csv module: the header row starting HCPCS plus the line above it name the
    columns."""
    with (CMS_PFS / "rvu26c_jul2026" / "PPRRVU2026_Jul_nonQPP.csv").open(encoding="latin-1") as fh:
        rows = list(csv.reader(fh))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "HCPCS")
    names = [f"{a} {b}".strip() for a, b in zip(rows[at - 1], rows[at], strict=True)]
    col = {n: names.index(n) for n in ("WORK RVU", "NON-FAC PE RVU", "FACILITY PE RVU", "MP RVU",
                                       "MULT PROC", "STATUS CODE")}
    out = {}
    for r in rows[at + 1:]:
        if r and r[1] == "" and r[col["MULT PROC"]] == "5" and r[col["STATUS CODE"]] in "ART":
            out[r[0]] = {k: Decimal(r[col[c]] or "0") for k, c in (
                ("work", "WORK RVU"), ("pe_nf", "NON-FAC PE RVU"), ("pe_f", "FACILITY PE RVU"),
                ("mp", "MP RVU"))}
    return out


def _cms_2026_gpcis() -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    with (CMS_PFS / "gpci2026_rvu26a" / "GPCI2026_from_RVU26A.csv").open() as fh:
        reader = csv.reader(fh)
        next(reader)
        return {f"{r[0]}-{r[2]}": (Decimal(r[4]), Decimal(r[5]), Decimal(r[6])) for r in reader}


def _cents(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@needs_shared
@pytest.mark.parametrize("locality", FIVE_LOCALITIES)
def test_every_2026_therapy_code_recomputed_from_the_shared_csvs(locality):
    rows = _cms_2026_therapy_rows()
    assert len(rows) >= 50 and {"97110", "97140", "97530", "92507", "97161"} <= set(rows)
    gw, gpe, gmp = _cms_2026_gpcis()[locality]
    got = medicare_amounts(list(rows), locality, "2026-09-15")
    mismatches = []
    for code, g in zip(rows, got.itertuples(), strict=True):
        r = rows[code]
        base = r["work"] * gw + r["mp"] * gmp
        want = (_cents((base + r["pe_nf"] * gpe) * CF_2026),
                _cents((base + r["pe_f"] * gpe) * CF_2026),
                _cents((base + r["pe_nf"] * gpe / 2) * CF_2026))
        if (g.non_facility, g.facility, g.mppr_non_facility) != want:
            mismatches.append((code, want, (g.non_facility, g.facility, g.mppr_non_facility)))
    assert mismatches == []


# ZIP -> locality, as CMS's 2026 Q2 ZIP5 file lists them (checked by hand against the file).
ZIPS = {"78701": "04412-31", "10001": "13202-01", "60601": "06102-16", "94103": "01112-05",
        "99501": "02102-01", "33101": "09102-04", "59601": "03202-01", "02108": "14212-01",
        "35244": "10112-00"}


@pytest.mark.parametrize(("zip_code", "locality"), ZIPS.items())
def test_zip_codes_in_several_states(zip_code, locality):
    assert resolve_locality(zip_code) == locality
    assert resolve_locality(f"{zip_code}-1234") == locality  # ZIP+4 placed by its ZIP5


def test_zip_prices_like_its_locality():
    by_zip = medicare_amounts(["97110"], "78701", "2026-06-15").iloc[0]
    by_id = medicare_amounts(["97110"], "04412-31", "2026-06-15").iloc[0]
    assert by_zip["locality"] == "04412-31"
    assert by_zip["non_facility"] == by_id["non_facility"]


@needs_shared
def test_every_zip_of_the_cms_file_comes_back():
    with (CMS_PFS / "zip_locality_2026" / "ZIP5_locality_2026Q2.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    wrong = [r["zip_code"] for r in rows
             if (found := lookup_zip(r["zip_code"])) is None
             or found.locality != f"{r['carrier']}-{r['locality_code']}"
             or found.split != (r["plus_four_flag"] == "1")]
    assert wrong == []
    listed = {int(r["zip_code"]) for r in rows}
    gaps = [f"{n:05d}" for n in range(0, 100_000, 37) if n not in listed]
    assert all(lookup_zip(z) is None for z in gaps)  # a ZIP CMS does not list is unknown


def test_split_zip_says_so_and_asks_for_the_locality():
    with pytest.raises(UnknownCodeError, match=r"ZIP 01434 is split between Medicare "
                                               r"localities by ZIP\+4 .*14212-01.*MAC-LOC"):
        resolve_locality("01434")


def test_unknown_zip():
    with pytest.raises(UnknownCodeError, match=r"Unknown ZIP code '00000'"):
        resolve_locality("00000")


@pytest.mark.parametrize(("text", "locality"), [
    ("Austin, TX", "04412-31"), ("houston, texas", "04412-18"), ("Birmingham, AL", "10112-00"),
    ("Anchorage, AK", "02102-01"), ("Manhattan, NY", "13202-01"),
])
def test_city_names_resolve_when_unambiguous(text, locality):
    assert resolve_locality(text) == locality


def test_city_without_its_own_locality_lists_candidates():
    with pytest.raises(UnknownCodeError, match=r"'Springfield, IL': no IL locality is named for "
                                               r"Springfield; give one of: 06102-12 .*06102-99"):
        resolve_locality("Springfield, IL")


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 7, 1), date(2026, 12, 31)])
def test_all_of_2026_is_covered_by_the_bundled_july_release(day):
    rel = release_for(day)
    assert (rel.release, rel.bundled) == ("rvu26c", True)


@given(st.dates(min_value=first_uncovered(), max_value=date(2100, 12, 31)))
@settings(max_examples=25, deadline=None)
def test_any_date_after_the_data_is_refused_never_blank(day):
    with pytest.raises(NoMedicareDataError, match=rf"no Medicare data for {day.isoformat()}"):
        release_for(day)
    row = medicare_amounts(["97110"], "10112-00", day).iloc[0]
    assert row["problem_kind"] == "no_release" and row["non_facility"] != row["non_facility"]

"""The Medicare engine against CMS's own published payment amounts and hand-worked examples."""

from __future__ import annotations

import csv
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import DataError, NotPayableError, UnknownCodeError
from ratecalc.medicare import (
    conversion_factor,
    conversion_factors,
    medicare_amount,
    medicare_amounts,
    national_fee_schedule,
    releases,
    resolve_locality,
)
from tests.medicare_days import newest_bundled, past_the_data

DATA = Path(__file__).parents[1] / "data" / "cms_payment_amounts_2025a"


def cms_rows() -> list[dict[str, object]]:
    rows = []
    for path in sorted(DATA.glob("*.txt")):
        with path.open() as fh:
            lines = list(csv.reader(fh))
        for r in lines:
            rows.append({
                "locality": f"{r[1]}-{r[2]}", "code": r[3], "modifier": r[4].strip(),
                "non_facility": float(r[5]), "facility": float(r[6]), "status": r[9],
                "mult_proc": r[10], "mppr": float(r[11]),
            })
    return rows


CMS_ROWS = cms_rows()


def test_fixture_has_both_localities():
    assert len(CMS_ROWS) == 106
    assert {r["locality"] for r in CMS_ROWS} == {"10112-00", "02102-01"}


@pytest.mark.parametrize("locality", ["10112-00", "02102-01"])
def test_every_cms_row_recomputed_to_the_cent(locality):
    rows = [r for r in CMS_ROWS if r["locality"] == locality]
    got = medicare_amounts([r["code"] for r in rows], locality, "2025-01-15",
                           modifiers=[r["modifier"] for r in rows])
    mismatches = []
    for r, (_, g) in zip(rows, got.iterrows(), strict=True):
        if g["status"] not in ("A", "R", "T"):
            # CMS lists its own figures for non-payable codes; we refuse to price them.
            assert isinstance(g["problem"], str), r["code"]
            continue
        pairs = [("non_facility", "non_facility"), ("facility", "facility")]
        if r["mult_proc"] == "5":  # CMS fills the MPPR field only for "always therapy" codes
            pairs.append(("mppr_non_facility", "mppr"))
        for ours, theirs in pairs:
            if g[ours] != r[theirs]:
                mismatches.append((r["code"], ours, g[ours], r[theirs]))
    assert mismatches == []
    priced = got["problem"].map(lambda p: not isinstance(p, str)).sum()
    assert priced >= 45  # the therapy rows, not a vacuous pass


def test_hand_worked_97110_alabama():
    # (0.45*1.000 + 0.43*0.869 + 0.01*0.575) * 32.3465 = 0.82942 * 32.3465 = 26.8289... -> 26.83
    # MPPR: (0.45 + 0.5*0.43*0.869 + 0.01*0.575) * 32.3465 = 0.642585 * 32.3465 = 20.7853...
    # -> 20.79, as CMS prints.
    exact_full = (Fraction("0.45") + Fraction("0.43") * Fraction("0.869")
                  + Fraction("0.01") * Fraction("0.575")) * Fraction("32.3465")
    exact_mppr = (Fraction("0.45") + Fraction("0.43") * Fraction("0.869") / 2
                  + Fraction("0.01") * Fraction("0.575")) * Fraction("32.3465")
    assert float(exact_full) == pytest.approx(26.8289, abs=1e-4)
    assert medicare_amount("97110", "10112-00", "2025-06-01") == 26.83
    assert float(exact_mppr) == pytest.approx(20.7853, abs=1e-4)
    assert medicare_amount("97110", "10112-00", "2025-06-01", mppr=True) == 20.79


def test_options_hand_worked():
    # 97110 AL 2025, published amount A = 26.83 (contractors price claims from it);
    # non-par = 0.95 A = 25.4885 -> 25.49; limiting charge = 1.15 * 0.95 * A = 29.311775 -> 29.31;
    # CQ total = (0.2 + 0.8*0.85) A = 0.88 A = 23.6104 -> 23.61; sequestration total
    # = 0.984 A = 26.40072 -> 26.40; CQ and sequestration = (0.2 + 0.8*0.85*0.98) A
    # = 0.8664 A = 23.245512 -> 23.25.
    kw = dict(code="97110", locality="10112-00", date_of_service="2025-06-01")
    assert medicare_amount(**kw, participating=False) == 25.49
    assert medicare_amount(**kw, limiting_charge=True) == 29.31
    assert medicare_amount(**kw, assistant=True) == 23.61
    assert medicare_amount(**kw, sequestration=True) == 26.40
    assert medicare_amount(**kw, assistant=True, sequestration=True) == 23.25


def test_half_cent_rounds_up_exactly():
    # An exact half cent must round up, not to even and not by float luck:
    # national_fee_schedule and medicare_amounts agree on every therapy code in AL.
    table = national_fee_schedule("2025-06-01")
    al = table[table["locality"] == "10112-00"].set_index("code")
    codes = ["97110", "97112", "97140", "97530", "97161", "92507", "G0283"]
    got = medicare_amounts(codes, "10112-00", "2025-06-01").set_index("code")
    for c in codes:
        assert al.loc[c, "non_facility"] == got.loc[c, "non_facility"]
        assert al.loc[c, "mppr_non_facility"] == got.loc[c, "mppr_non_facility"]


def test_97014_names_g0283():
    with pytest.raises(NotPayableError, match=r"97014 .*status I.*Medicare pays G0283"):
        medicare_amount("97014", "10112-00", "2025-06-01")


def test_unknown_code_message():
    with pytest.raises(UnknownCodeError, match=r"Unknown code 99999: not in .* RVU25A"):
        medicare_amount("99999", "10112-00", "2025-06-01")


def test_therapy_only_release_says_so():
    with pytest.raises(UnknownCodeError, match="RVU22B holds therapy codes only"):
        medicare_amount("99213", "10112-00", "2022-05-01")


def test_date_after_every_release_names_newest_and_command():
    # the newest bundled release and a day years past it: RVU26C, 2031-03-01 before 2027's
    name, first, last = newest_bundled()
    far = past_the_data()
    with pytest.raises(DataError, match=rf"no Medicare data for {far}: the newest release "
                                        rf"RateCalc has is {name} \(bundled; {first} to "
                                        rf"{last}\)\. To add a newer one: ratecalc medicare "
                                        r"import URL-OR-ZIP"):
        medicare_amount("97110", "10112-00", far.isoformat())


@pytest.mark.parametrize("day", [past_the_data().isoformat(), "2019-12-31"])
def test_date_outside_every_release_names_newest_and_command(day):
    with pytest.raises(DataError, match=rf"no Medicare data for {day}: "):
        medicare_amount("97110", "10112-00", day)


@pytest.mark.parametrize(("day", "release", "cf"), [
    ("2020-05-01", "rvu20b", 36.0896),
    ("2021-01-01", "rvu21a", 34.8931),
    ("2023-12-31", "rvu23d", 33.8872),
    ("2024-03-08", "rvu24a", 32.7442),
    ("2024-03-09", "rvu24ar", 33.2875),
    ("2024-11-01", "rvu24c", 33.2875),
    ("2025-09-30", "rvu25a", 32.3465),
    ("2025-10-01", "rvu25d", 32.3465),
    ("2026-01-01", "rvu26c", 33.4009),
    ("2026-12-31", "rvu26c", 33.4009),
])
def test_date_picks_release_and_factor(day, release, cf):
    row = medicare_amounts(["97110"], "10112-00", day).iloc[0]
    assert row["release"] == release
    assert row["conversion_factor"] == cf


def test_2024_factor_change_moves_the_amount():
    # Same RVUs and GPCIs, factor 32.7442 -> 33.2875
    before = medicare_amount("97110", "10112-00", "2024-03-08")
    after = medicare_amount("97110", "10112-00", "2024-03-09")
    assert after > before


def test_conversion_factors_2026_two_variants():
    assert conversion_factor(date(2026, 5, 1)) == 33.4009
    assert conversion_factor(date(2026, 5, 1), apm_qualifying=True) == 33.5675
    table = conversion_factors()
    assert (table[table["year"] == 2026]["apm_qualifying"].sort_values().tolist()
            == [False, True])


def test_every_release_factor_matches_the_history_table():
    for rel in releases():
        row = medicare_amounts(["97110"], "10112-00", rel.effective_from).iloc[0]
        assert row["conversion_factor"] == conversion_factor(rel.effective_from), rel.release


def test_facility_differs_where_pe_differs():
    row = medicare_amounts(["99213"], "10112-00", "2025-06-01").iloc[0]
    assert row["facility"] < row["non_facility"]
    assert medicare_amount("99213", "10112-00", "2025-06-01", facility=True) == row["facility"]


@pytest.mark.parametrize(("text", "expected"), [
    ("10112-00", "10112-00"), ("1011200", "10112-00"), ("2102-1", "02102-01"),
    ("AL", "10112-00"), ("alaska", "02102-01"), ("Manhattan", "13202-01"),
])
def test_resolve_locality(text, expected):
    assert resolve_locality(text) == expected


def test_ambiguous_locality_lists_options():
    with pytest.raises(UnknownCodeError, match=r"'CA' is ambiguous: \d+ localities match"):
        resolve_locality("CA")


def test_five_digits_that_are_a_contractor_and_a_zip_are_not_guessed():
    """The reviewer's case: 10112, Alabama's contractor number (10112-00, $27.20 for 97110 in
    2026), was read as the Manhattan ZIP 10112 (13202-01, $32.43) without a word."""
    with pytest.raises(UnknownCodeError, match=r"'10112' is both a Medicare contractor's "
                       r"number \(its localities: 10112-00 ALABAMA\) and a ZIP code \(its "
                       r"locality is 13202-01\): give the locality as MAC-LOC"):
        resolve_locality("10112")
    # a contractor's number that is no ZIP: its one locality, or the list of its several
    assert resolve_locality("01212") == "01212-01"
    with pytest.raises(UnknownCodeError, match=r"'01112' is a Medicare contractor's number "
                       r"\(its localities: 01112-05 "):
        resolve_locality("01112")
    assert resolve_locality("78701") == "04412-31"  # a ZIP only


def test_unknown_locality():
    with pytest.raises(UnknownCodeError, match="no locality 99999-00"):
        resolve_locality("99999-00")


def test_national_table_size_and_values():
    table = national_fee_schedule("2025-06-01")
    n_localities = 109
    assert len(table) % n_localities == 0
    assert len(table) > 1_000_000
    row = table[(table["code"] == "97110") & (table["locality"] == "02102-01")].iloc[0]
    assert row["non_facility"] == 37.06
    assert row["mppr_non_facility"] == 29.54


def test_vectorized_mixed_localities_and_dates():
    got = medicare_amounts(["97110", "97110"], ["10112-00", "02102-01"],
                           ["2025-06-01", "2025-06-01"])
    assert got["amount"].tolist() == [26.83, 37.06]


@given(st.sampled_from([r for r in CMS_ROWS if r["status"] == "A"]),
       st.booleans(), st.booleans())
def test_property_reductions_never_raise_the_amount(row, assistant, sequestration):
    kw = dict(code=row["code"], locality=row["locality"], date_of_service="2025-02-01")
    base = medicare_amount(**kw)
    assert medicare_amount(**kw, mppr=True) <= base
    assert medicare_amount(**kw, assistant=assistant, sequestration=sequestration) <= base
    assert medicare_amount(**kw, participating=False) <= base

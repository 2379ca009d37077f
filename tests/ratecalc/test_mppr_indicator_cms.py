"""The multiple-procedure indicator RateCalc prices MPPR by, pinned to CMS's own files.

97129 and 97130 (therapeutic interventions for cognitive function) carry indicator 0 in every
CMS release we hold (RVU20A to RVU26C): CMS does not list them as "always therapy" (5), so no
unit of them has its practice expense cut by the MPPR, and CMS's 2025 payment-amount files
leave their MPPR-reduced amount at 0.00 (not computed) where an indicator-5 code has one. These
tests keep the bundled data and the engine agreeing with CMS, code by code, so neither can
drift (checked 2026-12-07: all 17,095 unmodified codes of RVU26C agree).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ratecalc.medicare import medicare_amounts
from tests.shared_data import SHARED

PAYMENT_AMOUNTS = Path(__file__).parents[1] / "data" / "cms_payment_amounts_2025a"
RVU26C = SHARED / "cms_pfs" / "rvu26c_jul2026" / "PPRRVU2026_Jul_nonQPP.csv"
COGNITIVE = ("97129", "97130")


def cms_payment_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    for path in sorted(PAYMENT_AMOUNTS.glob("*.txt")):
        with path.open() as fh:
            rows += list(csv.reader(fh))
    return rows


@pytest.mark.parametrize("locality", ["10112-00", "02102-01"])
def test_the_indicator_is_cms_s_for_every_2025_payment_row(locality):
    rows = [r for r in cms_payment_rows() if f"{r[1]}-{r[2]}" == locality]
    got = medicare_amounts([r[3] for r in rows], locality, "2025-01-15",
                           modifiers=[r[4].strip() for r in rows])
    ours = list(zip(got["code"], got["mult_proc"], strict=True))
    theirs = [(r[3], r[10]) for r in rows]
    assert ours == theirs
    # CMS's field 11 for the cognitive codes, as the file has it: not "always therapy"
    assert {code: ind for code, ind in theirs if code in COGNITIVE} == {"97129": "0",
                                                                        "97130": "0"}


@pytest.mark.parametrize("locality, code, full, facility", [
    # CMS PFAL25A / PFAK25A, fields 6 and 7; field 12 (MPPR-reduced) is 0000000.00: none
    ("10112-00", "97129", 20.86, 20.58),
    ("10112-00", "97130", 19.93, 19.93),
    ("02102-01", "97129", 30.05, 29.70),
    ("02102-01", "97130", 28.73, 28.73),
])
def test_a_cognitive_unit_is_paid_in_full_after_another_therapy_unit(locality, code, full,
                                                                     facility):
    row = medicare_amounts([code], locality, "2025-01-15").iloc[0]
    assert (row["non_facility"], row["facility"]) == (full, facility)
    # the MPPR cuts no second unit of an indicator-0 code: its amount stays CMS's full one
    assert (row["mppr_non_facility"], row["mppr_facility"]) == (full, facility)
    cms = {(f"{r[1]}-{r[2]}", r[3]): r for r in cms_payment_rows()}[(locality, code)]
    assert (cms[10], float(cms[11]), float(cms[12])) == ("0", 0.0, 0.0)


def test_97110_beside_them_is_reduced_as_cms_reduces_it():
    """The control: an "always therapy" code of the same file is cut, to CMS's field 12."""
    row = medicare_amounts(["97110"], "10112-00", "2025-01-15").iloc[0]
    assert row["mult_proc"] == "5"
    assert (row["non_facility"], row["mppr_non_facility"]) == (26.83, 20.79)


@pytest.mark.skipif(not RVU26C.is_file(), reason="CMS's RVU26C file not in the shared data")
def test_the_bundled_rvu26c_indicator_is_cms_s_for_every_code():
    with RVU26C.open(encoding="latin-1") as fh:
        lines = list(csv.reader(fh))
    header = next(i for i, r in enumerate(lines) if r and r[0] == "HCPCS")
    column = lines[header].index("PROC")  # "MULT" above, "PROC" below: MULT PROC
    rows = [r for r in lines[header + 1:] if r and len(r[0]) == 5 and not r[1].strip()]
    assert len(rows) > 17_000  # the whole file, not a handful
    got = medicare_amounts([r[0] for r in rows], "10112-00", "2026-06-01")
    assert got["release"].eq("rvu26c").all()
    ours = dict(zip(got["code"], got["mult_proc"], strict=True))
    differ = [(r[0], r[column], ours.get(r[0])) for r in rows if ours.get(r[0]) != r[column]]
    assert differ == []
    assert {code: ours[code] for code in COGNITIVE} == {"97129": "0", "97130": "0"}

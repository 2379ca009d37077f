"""Importing a newer CMS release: the zip CMS publishes, read by header names, validated, then used
for its dates; refused (nothing stored) when a needed column or the GPCI table is wrong."""

from __future__ import annotations

import csv
import functools
import io
import os
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from ratecalc.errors import DataError, InputError
from ratecalc.medicare import (
    importer,
    medicare_amount,
    medicare_amounts,
    release_for,
    releases,
    store,
)
from ratecalc.medicare.cms_files import read_gpci, read_pprrvu
from ratecalc.medicare.importer import MAX_TABLE_BYTES, import_release
from ratecalc.medicare.store import gpci_table, release_codes, rvu_table, user_data_dir
from tests.shared_data import SHARED as SHARED_DATA

SHARED = SHARED_DATA
CMS_PFS = SHARED / "cms_pfs"
needs_shared = pytest.mark.skipif(not CMS_PFS.exists(), reason="../shared/data not present")

# CMS's PPRRVU CSV opens with title rows and a header spread over several lines. This is the 2026
# shape (PRIC IND before CONV FACTOR); the descriptor column is left blank: CPT text is
# AMA-copyrighted and never needed.
TITLE_2026 = [
    ",,2026 National Physician Fee Schedule Relative Value File January Release",
    ",,RELEASED 12/01/2025",
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,NON-FACILITY,FACILITY,",
    ",,,,NOT USED,,,,,,,,,,,,,,,,,,,,,,PHYSICIAN,,DIAGNOSTIC,PE USED,PE USED,MP USED",
    ",,,,FOR,,,NON-FAC,,FACILITY,,,,,,,,,,,,,,,,,SUPERVISION OF,,IMAGING,FOR OPPS,FOR OPPS,"
    "FOR OPPS",
    ",,,STATUS,MEDICARE,WORK,NON-FAC,NA,FACILITY,NA,MP,NON-FACILITY,FACILITY,PCTC,GLOB,PRE,"
    "INTRA,POST,MULT,BILAT,ASST,CO-,TEAM,PRIC,ENDO,CONV,DIAGNOSTIC,CALCULATION,FAMILY,PAYMENT,"
    "PAYMENT,PAYMENT",
    "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,"
    "IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,IND,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,"
    "AMOUNT,AMOUNT",
]
# 2026 positions of the columns the tests fill (0-based)
POS = {"hcpcs": 0, "modifier": 1, "status": 3, "work": 5, "pe_nf": 6, "nonfac_na": 7,
       "pe_f": 8, "fac_na": 9, "mp": 10, "pctc": 13, "glob_days": 14, "mult_proc": 18, "cf": 25}


def _rvu_rows(cf: str) -> list[list[str]]:
    """Rows of the bundled 2026 release laid out as CMS's 2026 CSV (fresh lists each call)."""
    return [list(row) for row in _bundled_rvu_rows(cf)]


@functools.cache
def _bundled_rvu_rows(cf: str) -> tuple[tuple[str, ...], ...]:
    """``_rvu_rows``, laid out once per run: the bundled release does not change, and tuples of
    strings cannot be changed by a test."""
    a = rvu_table("rvu26c").arrays
    rows = []
    for i in range(len(a["hcpcs"])):
        line = [""] * 32
        for key in ("hcpcs", "modifier", "status", "nonfac_na", "fac_na", "pctc", "glob_days",
                    "mult_proc"):
            line[POS[key]] = str(a[key][i])
        for key in ("work", "pe_nf", "pe_f", "mp"):
            line[POS[key]] = f"{int(a[key][i]) / 100:.2f}"
        line[POS["cf"]] = cf
        rows.append(tuple(line))
    return tuple(rows)


@functools.cache  # a str: the same text for every test that asks, none can change it
def pprrvu_csv(cf: str = "33.4009") -> str:
    out = io.StringIO()
    out.write("\n".join(TITLE_2026) + "\n")
    csv.writer(out, lineterminator="\n").writerows(_rvu_rows(cf))
    return out.getvalue()


def gpci_csv(rows: list[str] | None = None) -> str:
    """CMS's GPCI addendum with the bundled 2026 table (or the given data rows)."""
    if rows is None:
        g = gpci_table("rvu26c").arrays
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [g["mac"][i], g["state"][i], g["locality_number"][i], g["locality_name"][i],
             f"{g['g_work'][i] / 1000:.3f}", f"{g['g_pe'][i] / 1000:.3f}",
             f"{g['g_mp'][i] / 1000:.3f}"] for i in range(len(g["mac"])))
        rows = out.getvalue().splitlines()
    return ("ADDENDUM E. FINAL CY 2026 GPCIs,,,,,,\n,,,,,,\n"
            "Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,"
            "2026 PW GPCI (with 1.0 Floor),2026 PE GPCI,2026 MP GPCI\n" + "\n".join(rows)
            + "\n*Work GPCI reflects a 1.5 floor in Alaska established by the MIPPA.,,,,,,\n")


def fake_cms_zip(path: Path, *, drop_gpci: bool = False, nested: bool = False) -> Path:
    """An RVU26A.zip as CMS lays it out: QPP and non-QPP variants, mixed-case names."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        prefix = "RVU26A/" if nested else ""
        zf.writestr(f"{prefix}PPRRVU2026_Jan_QPP.csv", pprrvu_csv("33.5675"))
        zf.writestr(f"{prefix}pprrvu2026_Jan_nonQPP.csv", pprrvu_csv("33.4009"))
        if not drop_gpci:
            zf.writestr(f"{prefix}Gpci2026.csv", gpci_csv())
        zf.writestr(f"{prefix}RVU26A.pdf", b"%PDF-1.4 layout")
    if nested:  # CMS's download: a zip holding the release zip
        with zipfile.ZipFile(path, "w") as outer:
            outer.writestr("rvu26a/RVU26A.zip", inner.getvalue())
    else:
        path.write_bytes(inner.getvalue())
    return path


def assert_nothing_stored(user_dir: Path) -> None:
    assert not user_dir.exists() or not any(p.is_file() for p in user_dir.rglob("*"))


@pytest.mark.parametrize("nested", [False, True])
def test_import_cms_zip_takes_precedence_for_its_quarter(user_dir, tmp_path, nested):
    result = import_release(fake_cms_zip(tmp_path / "RVU26A.zip", nested=nested),
                            today=date(2026, 12, 2))
    assert result.release == "rvu26a"
    assert str(result.effective_from) == "2026-01-01"
    assert result.localities == 109
    assert "nonQPP" in result.rvu_file  # the non-QPP variant is preferred
    assert len(result.sha256) == 64
    assert any(r.release == "rvu26a" and not r.bundled for r in releases())
    # its own quarter: the imported release; later in 2026: the bundled July release
    assert release_for(date(2026, 3, 31)).release == "rvu26a"
    assert release_for(date(2026, 4, 1)).release == "rvu26c"
    # 97110 AL 2026: (0.45 x 1.000 + 0.41 x 0.875 + 0.01 x 0.566) = 0.81441 RVU-dollars-per-CF;
    # x 33.4009 = 27.2020 -> 27.20; APM-qualifying x 33.5675 = 27.3377 -> 27.34
    row = medicare_amounts(["97110"], "10112-00", "2026-03-02").iloc[0]
    assert (row["release"], row["non_facility"]) == ("rvu26a", 27.20)
    assert medicare_amount("97110", "10112-00", "2026-03-02", apm_qualifying=True) == 27.34
    assert medicare_amount("97110", "10112-00", "2025-06-01") == 26.83  # bundled 2025 untouched


def test_import_via_cli(user_dir, tmp_path, capsys):
    from ratecalc_cli.main import main

    zip_path = fake_cms_zip(tmp_path / "RVU26A.zip")
    assert main(["medicare", "import", str(zip_path)]) == 0
    assert "Imported RVU26A" in capsys.readouterr().out
    assert main(["medicare", "97110", "--locality", "AL", "--date", "2026-02-01", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"release": "rvu26a"' in out and '"non_facility": 27.2' in out


def test_a_years_files_under_another_years_release_are_refused(user_dir, tmp_path):
    """A reviewer imported the 2026 files as release rvu27a: they were stored as 2027's, and
    2027's dates priced with 2026's amounts, without a word."""
    with pytest.raises(DataError, match=r"CMS release rvu27a is 2027's, but "
                       r"'pprrvu2026_Jan_nonQPP.csv' is 2026's and 'Gpci2026.csv' is 2026's"):
        import_release(fake_cms_zip(tmp_path / "RVU27A.zip"), release="rvu27a")
    assert_nothing_stored(user_dir)


def test_missing_gpci_is_refused(user_dir, tmp_path):
    with pytest.raises(InputError, match=r"no GPCI file found; expected CMS's RVU zip"):
        import_release(fake_cms_zip(tmp_path / "RVU26A.zip", drop_gpci=True))
    assert_nothing_stored(user_dir)


def test_missing_column_is_named(user_dir, tmp_path):
    text = pprrvu_csv().replace("MULT", "MULTI-X")
    bad = tmp_path / "PPRRVU26_JAN.csv"
    bad.write_text(text)
    gpci = tmp_path / "GPCI2026.csv"
    gpci.write_text(gpci_csv())
    with pytest.raises(DataError, match=r"header row 7: missing column\(s\) mult_proc "
                                        r"\(header 'MULT PROC'\)"):
        import_release([bad, gpci])
    assert_nothing_stored(user_dir)


def test_columns_found_by_name_in_any_order_unknown_ignored():
    header = "Extra,MP RVU,HCPCS,Status Code,Work RVU,CONV FACTOR,Mod,Facility PE RVU,MULT PROC,"\
             "Non-Fac PE RVU,Brand New Column\n"
    frame = read_pprrvu((header + "x,0.01,97110,A,0.45,33.4009,,0.41,5,0.41,zzz\n").encode(),
                        "PPRRVU.csv")
    row = frame.iloc[0]
    assert (row["hcpcs"], row["work_rvu"], row["pe_nonfac_rvu"], row["mp_rvu"],
            row["mult_proc"], row["pctc"]) == ("97110", "0.45", "0.41", "0.01", "5", "")


def test_xlsx_and_fixed_width_read_like_the_csv(tmp_path):
    rows = [r.split(",") for r in TITLE_2026] + _rvu_rows("33.4009")[:300]
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append([float(c) if c.replace(".", "", 1).isdigit() and "." in c else c
                            for c in r])
    xlsx = tmp_path / "PPRRVU26_JAN.xlsx"
    book.save(xlsx)
    from_csv = read_pprrvu(("\n".join(",".join(r) for r in rows) + "\n").encode(), "P.csv")
    from_xlsx = read_pprrvu(xlsx)
    # fixed width, positions of CMS's record layout (RVU25D.pdf)
    lines = ["HDR CPT codes and descriptions only are copyright AMA"]
    for r in _rvu_rows("33.4009")[:300]:
        line = [" "] * 200
        for value, start in ((r[0], 0), (r[1], 5), (r[3], 57), (r[5].rjust(6), 59),
                             (r[6].rjust(6), 66), (r[7], 72), (r[8].rjust(6), 75), (r[9], 81),
                             (r[10].rjust(5), 84), (r[13], 102), (r[14], 103), (r[18], 115),
                             (r[25].rjust(8), 132)):
            line[start:start + len(value)] = value
        lines.append("".join(line))
    from_txt = read_pprrvu("\r\n".join(lines).encode(), "PPRRVU26_JAN.txt")
    for other in (from_xlsx, from_txt):
        for col in ("hcpcs", "modifier", "status", "mult_proc", "pctc"):
            assert other[col].tolist() == from_csv[col].tolist(), col
        for col in ("work_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu", "conv_factor"):
            assert other[col].astype(float).tolist() == from_csv[col].astype(float).tolist()


def test_xlsx_release_in_zip_imports(user_dir, tmp_path):
    rows = [r.split(",") for r in TITLE_2026] + _rvu_rows("33.4009")[:400]
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "RVU26B.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("PPRRVU2026_APR_nonQPP.xlsx", buffer.getvalue())
        zf.writestr("GPCI2026.csv", gpci_csv())
    result = import_release(path)
    assert (result.release, str(result.effective_from)) == ("rvu26b", "2026-04-01")
    assert release_for(date(2026, 5, 1)).release == "rvu26b"


def test_corrupt_zip(user_dir, tmp_path):
    bad = tmp_path / "RVU26A.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"not a readable zip archive"):
        import_release(bad)
    assert_nothing_stored(user_dir)


@pytest.mark.parametrize(("row", "message"), [
    ("10112,AL,00,ALABAMA,1.000,3.875,0.566", r"row 4: PE GPCI of 10112-00 ALABAMA is 3.875, "
                                               r"outside the plausible range 0.3-3.0"),
    ("10112,AL,00,ALABAMA,1.000,0.875,0.066", r"row 4: MP GPCI of 10112-00 ALABAMA is 0.066, "
                                               r"outside the plausible range 0.15-4.0"),
    ("10112,AL,00,ALABAMA,0.950,0.875,0.566", r"row 4: work GPCI of 10112-00 ALABAMA is 0.950, "
                                               r"below the 1.000 floor in force in 2026"),
])
def test_gpci_out_of_range_or_below_floor_is_refused(user_dir, tmp_path, row, message):
    lines = gpci_csv().splitlines()
    lines[3] = row  # Alabama, the first locality (file row 4)
    gpci = tmp_path / "GPCI2026.csv"
    gpci.write_text("\n".join(lines) + "\n")
    rvu = tmp_path / "PPRRVU26_JAN.csv"
    rvu.write_text(pprrvu_csv())
    with pytest.raises(DataError, match=message):
        import_release([rvu, gpci])
    assert_nothing_stored(user_dir)


@needs_shared
def test_corrupted_third_party_gpci_is_refused_row_by_row(user_dir, tmp_path):
    rvu = tmp_path / "PPRRVU26_JAN.csv"
    rvu.write_text(pprrvu_csv())
    bad = CMS_PFS / "rvu26c_jul2026" / "GPCI2026_CORRUPTED_third_party_copy.csv"
    with pytest.raises(DataError) as caught:
        import_release([rvu, bad])
    message = str(caught.value)
    assert "nothing was stored" in message
    assert "with different GPCIs" in message  # duplicate keys, values differing
    assert "of the previous year's table (RVU25D) is missing" in message
    assert "', row " in message or "', rows " in message  # row-level
    assert_nothing_stored(user_dir)


@needs_shared
def test_shared_2026_csv_imports_and_matches_bundled(user_dir, tmp_path):
    src = CMS_PFS / "rvu26c_jul2026" / "PPRRVU2026_Jul_nonQPP.csv"
    gpci = CMS_PFS / "gpci2026_rvu26a" / "GPCI2026_from_RVU26A.csv"
    result = import_release([src, gpci])
    assert (result.release, result.codes, result.localities) == ("rvu26c", 19356, 109)
    row = medicare_amounts(["99213"], "01112-05", "2026-08-01").iloc[0]
    assert (row["non_facility"], row["facility"]) == (117.58, 64.37)
    assert not release_for(date(2026, 8, 1)).bundled


def test_an_imported_release_is_stored_faster_and_reads_back_the_same(tmp_path):
    # imports compress at zlib level 6 (level 9 took a third of an import), the bundle keeps 9 so
    # its rebuild changes no committed byte: the arrays read back are the same either way
    arrays = store.pack_rvu_arrays(store.rvu_arrays(read_pprrvu(pprrvu_csv().encode(),
                                                                "PPRRVU2026_Jan.csv")))
    stored = {}
    for level in (store.IMPORT_LEVEL, store.BUNDLE_LEVEL):
        data = store.write_npz(arrays, level)
        assert data == store.write_npz(arrays, level)  # same data, same bytes
        (tmp_path / f"{level}.npz").write_bytes(data)
        stored[level] = store.read_npz(tmp_path / f"{level}.npz")
    assert store.IMPORT_LEVEL < store.BUNDLE_LEVEL == 9
    assert stored[6].keys() == stored[9].keys()
    for key, values in stored[9].items():
        assert values.dtype == stored[6][key].dtype
        assert np.array_equal(values, stored[6][key])


@needs_shared
def test_shared_2026_files_read_by_header_names():
    frame = read_pprrvu(CMS_PFS / "rvu26c_jul2026" / "PPRRVU2026_Jul_nonQPP.csv")
    row = frame[(frame["hcpcs"] == "99213") & (frame["modifier"] == "")].iloc[0]
    assert row["conv_factor"] == "33.4009"  # not ENDO BASE: PRIC IND sits before it in 2026
    assert len(read_gpci(CMS_PFS / "gpci2026_rvu26a" / "GPCI2026_from_RVU26A.csv")) == 109


def test_release_codes_are_the_codes_of_the_whole_table():
    # release_codes reads a bundled release's code column alone: the same codes, in the same
    # order, as the table loaded whole, for every bundled release
    bundled = [r.release for r in releases() if r.bundled]
    assert len(bundled) >= 2
    for name in bundled:
        codes = release_codes(name)
        assert codes.tolist() == rvu_table(name)["hcpcs"].tolist()
        assert len(codes) > 0


def test_therapy_codes_are_those_of_every_therapy_release(monkeypatch):
    # the drop-down of codes: read from the code index's flag, the same codes as the therapy
    # releases' tables loaded whole
    therapy = [r.release for r in releases() if r.scope == "therapy"]
    assert len(therapy) >= 10
    expected = sorted({c for name in therapy for c in rvu_table(name)["hcpcs"].tolist()})
    assert "97110" in expected
    assert store.therapy_codes() == expected
    # a code index without the flag (written before it was): the releases' own codes
    index = {k: v for k, v in store._code_index().items() if k != "in_therapy_release"}
    monkeypatch.setattr(store, "_code_index", lambda: index)
    assert store.therapy_codes() == expected


def test_user_releases_replacing_the_bundled_therapy_ones_give_their_own_codes(monkeypatch):
    # the index's flag holds the bundled releases' codes: where a user's file replaces one of
    # them (same id), that file's codes count, not the bundled ones
    from dataclasses import replace

    replaced = tuple(replace(r, bundled=False) if r.scope == "therapy" else r
                     for r in releases())
    monkeypatch.setattr(store, "releases", lambda: replaced)
    monkeypatch.setattr(store, "release_codes", lambda name: np.array(["97110", "X9999"]))
    assert store.therapy_codes() == ["97110", "X9999"]

@pytest.mark.parametrize("in_zip", [False, True])
def test_a_table_far_larger_than_cms_is_refused_before_it_is_read(user_dir, tmp_path, in_zip,
                                                                 monkeypatch):
    """A 200 MB PPRRVU file took 1.5 GB and half a minute before its rows were refused: one
    over MAX_TABLE_BYTES (ten times CMS's largest) is refused by its size, unread."""
    def unread(*args, **kwargs):
        raise AssertionError("the oversized file was read")

    real_read_bytes, real_read_member = Path.read_bytes, importer.read_member
    monkeypatch.setattr(Path, "read_bytes", lambda self: unread() if "PPRRVU" in self.name
                        else real_read_bytes(self))
    monkeypatch.setattr(importer, "read_member", lambda zf, info, *rest: unread()
                        if "PPRRVU" in info.filename else real_read_member(zf, info, *rest))
    rows = pprrvu_csv()
    # the rule, on a file that is quick to make (MAX_TABLE_BYTES is 32 MiB): a limit a little
    # above this file's rows, and the file one byte over it
    assert MAX_TABLE_BYTES == 32 * 2**20
    limit = len(rows.encode()) + 1000
    monkeypatch.setattr(importer, "MAX_TABLE_BYTES", limit)
    padded = rows + "\n" * (limit + 1 - len(rows.encode()))
    gpci = tmp_path / "GPCI2026.csv"
    gpci.write_text(gpci_csv())
    if in_zip:
        source = tmp_path / "RVU26A.zip"
        with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("PPRRVU26_JAN.csv", padded)
            zf.writestr("GPCI2026.csv", gpci_csv())
        sources = [source]
    else:
        rvu = tmp_path / "PPRRVU26_JAN.csv"
        rvu.write_text(padded)
        sources = [rvu, gpci]
    with pytest.raises(InputError, match=rf"PPRRVU26_JAN.csv': {limit + 1:,} bytes, more than "
                                         rf"the {limit:,} a CMS RVU file could be; refused"):
        import_release(sources)
    assert_nothing_stored(user_dir)


def _release_files(tmp_path: Path, rvu_lines: list[str]) -> list[Path]:
    """A PPRRVU of ``rvu_lines`` and the bundled GPCIs, as CMS names them."""
    rvu = tmp_path / "PPRRVU26_JAN.csv"
    rvu.write_text("\n".join(rvu_lines) + "\n")
    gpci = tmp_path / "GPCI2026.csv"
    gpci.write_text(gpci_csv())
    return [rvu, gpci]


def _97110_again(lines: list[str], column: str, value: str) -> tuple[int, str]:
    """97110's row index in ``lines`` and its row again with ``column`` set to ``value``."""
    at = next(i for i, line in enumerate(lines) if line.startswith("97110,,"))
    again = lines[at].split(",")
    again[POS[column]] = value
    return at, ",".join(again)


def test_a_code_listed_twice_with_other_values_is_refused_naming_both_rows(user_dir, tmp_path):
    """The first row of a repeated code was kept without a word: a file listing 97110 again
    with another work RVU priced every 97110 visit from whichever came first."""
    lines = pprrvu_csv().splitlines()
    at, again = _97110_again(lines, "work", "0.99")
    with pytest.raises(DataError, match=rf"'PPRRVU26_JAN.csv', row {len(lines) + 1}: code 97110 "
                                        rf"is listed again, with work_rvu '0.99' where row "
                                        rf"{at + 1} has '0.45'"):
        import_release(_release_files(tmp_path, [*lines, again]))
    assert_nothing_stored(user_dir)


def test_rows_repeated_exactly_count_their_code_once(user_dir, tmp_path):
    lines = pprrvu_csv().splitlines()
    body = lines[len(TITLE_2026):]
    # every code twice, alike
    result = import_release(_release_files(tmp_path, [*lines, *body]), release="rvu26a")
    assert result.codes == len(body)
    # the imported release prices February as the bundled one, from the same rows, prices July
    assert medicare_amount("97110", "AL", date(2026, 2, 1)) == medicare_amount(
        "97110", "AL", date(2026, 7, 1))


def test_among_rows_repeated_alike_the_one_that_differs_is_named_against_the_first(
        user_dir, tmp_path):
    lines = pprrvu_csv().splitlines()
    body = lines[len(TITLE_2026):]
    at, again = _97110_again(lines, "mp", "0.05")
    with pytest.raises(DataError, match=rf"row {len(lines) + len(body) + 1}: code 97110 is "
                                        rf"listed again, with mp_rvu '0.05' where row {at + 1} "
                                        rf"has '0.01'"):
        import_release(_release_files(tmp_path, [*lines, *body, again]))
    assert_nothing_stored(user_dir)


def _imported_by_another_process(user_dir: Path, release_zip: Path, *extra: str) -> None:
    """`ratecalc medicare import ZIP` run as its own process (this one's caches untouched)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "ratecalc_cli.main", "medicare", "import",
                           str(release_zip), *extra], capture_output=True, text=True,
                          env=dict(os.environ, RATECALC_DATA_DIR=str(user_dir)))
    assert done.returncode == 0, done.stderr


class _Clock:
    """time.monotonic for ratecalc.medicare.store, moved by hand: no timing decides a test."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(store, "time", fake)
    return fake


def test_a_release_another_process_imports_is_used_by_the_next_function_call(user_dir, tmp_path,
                                                                              clock):
    # Excel's Python runs for as long as Excel does: a release the user then imports with
    # `ratecalc medicare import` (as "no Medicare data for ..." tells them to) was not seen
    # by MEDICARE_RATE or the ribbon until Excel was restarted
    import ratecalc_addin as xl

    day = date(2026, 3, 2)
    assert xl.MEDICARE_RATE("97110", "10112-00", day) == [[27.2]]
    assert medicare_amounts(["97110"], "10112-00", day).iloc[0]["release"] == "rvu26c"
    # a locality the new release adds (CMS restructures a state's localities now and then)
    rows = gpci_csv().splitlines()[3:-1] + ["01112,CA,77,NEWLOC,1.100,1.200,0.500"]
    release = tmp_path / "RVU26A.zip"
    with zipfile.ZipFile(release, "w") as zf:
        zf.writestr("PPRRVU2026_Jan_nonQPP.csv", pprrvu_csv("33.4009"))
        zf.writestr("GPCI2026.csv", gpci_csv(rows))
    _imported_by_another_process(user_dir, release, "--allow-locality-changes")
    clock.now += store.MANIFEST_RECHECK_S
    # 0.45 x 1.100 + 0.41 x 1.200 + 0.01 x 0.500 = 0.992 x 33.4009 = 33.1337 -> 33.13
    assert xl.MEDICARE_RATE("97110", "01112-77", day) == [[33.13]]
    assert medicare_amounts(["97110"], "10112-00", day).iloc[0]["release"] == "rvu26a"


def test_within_a_piece_of_work_the_releases_stay_as_it_began(user_dir, tmp_path, clock):
    # a refresh must not price the analysis date from one state of the data and the new
    # term from another: only where work starts (a function's call, a button) is it looked at
    day = date(2026, 3, 2)
    store.forget_if_imported()
    assert medicare_amounts(["97110"], "10112-00", day).iloc[0]["release"] == "rvu26c"
    _imported_by_another_process(user_dir, fake_cms_zip(tmp_path / "RVU26A.zip"))
    clock.now += 3600
    assert medicare_amounts(["97110"], "10112-00", day).iloc[0]["release"] == "rvu26c"
    store.forget_if_imported()
    assert medicare_amounts(["97110"], "10112-00", day).iloc[0]["release"] == "rvu26a"


def test_the_releases_are_looked_at_once_a_second(user_dir, tmp_path, clock, monkeypatch):
    looks: list[None] = []
    state = store._manifest_state
    monkeypatch.setattr(store, "_manifest_state", lambda: looks.append(None) or state())
    store.forget_if_imported()
    assert all(r.bundled for r in releases())  # read, and kept
    _imported_by_another_process(user_dir, fake_cms_zip(tmp_path / "RVU26A.zip"))
    clock.now += store.MANIFEST_RECHECK_S - 0.001
    store.forget_if_imported()
    assert len(looks) == 1 and all(r.bundled for r in releases())
    clock.now += 0.001
    store.forget_if_imported()
    assert len(looks) == 2 and any(r.release == "rvu26a" for r in releases())


def test_a_release_named_with_no_release_id_is_said_so(user_dir, tmp_path):
    """``--release rvu26e`` (no quarter e) was "Cannot tell which release ... is: name it
    with --release", the option it had just been given."""
    with pytest.raises(InputError) as caught:
        import_release(fake_cms_zip(tmp_path / "RVU26A.zip"), release="rvu26e")
    assert str(caught.value) == ("--release: expected a release id such as rvu26a (rvu, the "
                                 "year's last two digits, the quarter's letter a to d), got "
                                 "'rvu26e'")
    assert_nothing_stored(user_dir)


@pytest.mark.parametrize("order", ["good first", "changed first"])
def test_two_gpci_tables_of_one_format_are_refused_naming_both(user_dir, tmp_path, order):
    """A zip holding two GPCI CSVs imported the first one in it and never looked at the other:
    one of them a table of other GPCIs was taken or left by where it sat in the zip."""
    changed = gpci_csv().replace(",1.000,", ",1.250,", 1)
    tables = [("Gpci2026.csv", gpci_csv()), ("other/GPCI2026.csv", changed)]
    if order == "changed first":
        tables.reverse()
    path = tmp_path / "RVU26A.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("PPRRVU2026_Jan_nonQPP.csv", pprrvu_csv("33.4009"))
        for name, text in tables:
            zf.writestr(name, text)
    with pytest.raises(InputError) as caught:
        import_release(path)
    first, second = (name for name, _ in tables)
    assert str(caught.value) == (
        f"CMS release: two GPCI files, '{path}/{first}' and '{path}/{second}', hold different "
        "tables; "
        "expected one (CMS's zip has one GPCI file a format): import the files of the release "
        "with the one that is right")
    assert_nothing_stored(user_dir)


def test_the_same_gpci_table_twice_is_read_once(user_dir, tmp_path):
    path = tmp_path / "RVU26A.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("PPRRVU2026_Jan_nonQPP.csv", pprrvu_csv("33.4009"))
        zf.writestr("Gpci2026.csv", gpci_csv())
        zf.writestr("copy/GPCI2026.csv", gpci_csv())
    assert import_release(path, today=date(2026, 12, 2)).localities == 109


def _with_quote_left_open(closed_later: bool) -> str:
    """The 2026 PPRRVU CSV with a quote typed before the last value of its 30th row from the
    end; with ``closed_later``, the 10th from the end has a quoted description, as CMS's do."""
    lines = pprrvu_csv().splitlines(keepends=True)
    cells = lines[-30].split(",")
    cells[-1] = '"' + cells[-1]
    lines[-30] = ",".join(cells)
    if closed_later:
        cells = lines[-10].split(",")
        cells[2] = '"Hearing aid, monaural"'
        lines[-10] = ",".join(cells)
    return "".join(lines)


@pytest.mark.parametrize("closed_later", [True, False])
def test_a_quote_left_open_in_a_cms_file_drops_no_code(user_dir, tmp_path, closed_later):
    """Closed by a later row's quote, the rows between were read as one cell's text and their
    codes dropped (20 codes, exit 0); never closed, every row after it."""
    lines = pprrvu_csv().count("\n")
    path = tmp_path / "RVU26A.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("PPRRVU2026_Jan_nonQPP.csv", _with_quote_left_open(closed_later))
        zf.writestr("GPCI2026.csv", gpci_csv())
    with pytest.raises(DataError) as caught:
        import_release(path)
    row = lines - 29
    said = (f"CMS file 'PPRRVU2026_Jan_nonQPP.csv', row {row}, column AF: the cell runs over "
            "several lines, as no CMS file's does" if closed_later else
            f"CMS file 'PPRRVU2026_Jan_nonQPP.csv', row {row}, column AF, line {row}: a quoted "
            "cell opens here and its quote never closes, so the 30 line(s) from here")
    assert str(caught.value).startswith(said), str(caught.value)
    assert_nothing_stored(user_dir)


@pytest.mark.parametrize("url", ["https://cms.example/RVU26A.zip\rX",
                                 "https://cms.example/a\nb.zip"])
def test_a_line_break_in_the_url_stays_in_its_release_row(user_dir, tmp_path, url):
    """The URL (``--url``, typed by the user) goes into the release list's source column: a
    carriage return in it went out bare with the list's "\\n" line ends and split the row (the
    list read back a row 'X'; review-hostile-17, as the providers table's State, hostile-17)."""
    import_release(fake_cms_zip(tmp_path / "RVU26A.zip"), url=url)
    with (user_data_dir() / "releases.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["release"] for r in rows] == ["rvu26a"]
    assert rows[0]["source"].startswith(f"imported from {url} on ")
    assert rvu_table("rvu26a") is not None

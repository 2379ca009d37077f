"""The NPPES provider table and ``--region``, on a small generated NPPES-shaped zip."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates.nppes import build_provider_table, load_provider_table
from ratecalc.market_rates.region import region_npis

# NPPES's header spellings (a subset of its 330 columns, in its order), taxonomy slots 1..15.
HEADER = (["NPI", "Entity Type Code", "Replacement NPI",
           "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
           "Provider Business Practice Location Address City Name",
           "Provider Business Practice Location Address State Name",
           "Provider Business Practice Location Address Postal Code",
           "NPI Deactivation Date", "NPI Reactivation Date"]
          + [c for i in range(1, 16)
             for c in (f"Healthcare Provider Taxonomy Code_{i}", f"Provider License Number_{i}",
                       f"Healthcare Provider Primary Taxonomy Switch_{i}")])
PEOPLE = [
    # npi, entity, state, zip (ZIP+4 as NPPES writes it), deactivated, reactivated, taxonomies
    ("1000000001", "1", "MA", "021391234", "", "", ["225100000X"]),  # PT
    ("1000000002", "1", "MA", "02140", "", "", ["207Q00000X", "225XH1200X"]),  # MD and OT hand
    ("1000000003", "1", "NY", "100011111", "", "", ["235Z00000X"]),  # SLP
    ("1000000004", "1", "MA", "02139", "", "", ["207Q00000X"]),  # physician only: dropped
    ("1000000005", "1", "MA", "02139", "01/05/2020", "", ["225100000X"]),  # deactivated
    ("1000000006", "1", "MA", "02139", "01/05/2020", "03/01/2021", ["2251X0800X"]),  # back
    ("1000000007", "2", "MA", "021420000", "", "", ["261QP2000X"]),  # PT clinic
    ("1000000008", "1", "MA", "", "", "", ["225100000X"]),  # no ZIP: no location
]
SECONDARY = [("1000000003", "NJ", "07030"), ("1000000004", "MA", "02139")]


def nppes_zip(path: Path) -> Path:
    rows = io.StringIO()
    writer = csv.writer(rows, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    for npi, entity, state, zip_code, off, back, taxonomies in PEOPLE:
        row = dict.fromkeys(HEADER, "")
        row.update({"NPI": npi, "Entity Type Code": entity, "NPI Deactivation Date": off,
                    "NPI Reactivation Date": back,
                    "Provider Business Practice Location Address State Name": state,
                    "Provider Business Practice Location Address Postal Code": zip_code,
                    "Provider Last Name (Legal Name)": "O'Brien, \"Jr\""})
        for i, code in enumerate(taxonomies, start=1):
            row[f"Healthcare Provider Taxonomy Code_{i}"] = code
        writer.writerow(row.values())
    secondary = io.StringIO()
    sec = csv.writer(secondary, quoting=csv.QUOTE_ALL, lineterminator="\n")
    sec.writerow(["NPI", "Provider Secondary Practice Location Address- Address Line 1",
                  "Provider Secondary Practice Location Address - State Name",
                  "Provider Secondary Practice Location Address - Postal Code"])
    for npi, state, zip_code in SECONDARY:
        sec.writerow([npi, "1 Main St", state, zip_code])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("npidata_pfile_20050523-20251109_fileheader.csv", ",".join(HEADER))
        archive.writestr("npidata_pfile_20050523-20251109.csv", rows.getvalue())
        archive.writestr("pl_pfile_20050523-20251109.csv", secondary.getvalue())
        archive.writestr("NPPES_Data_Dissemination_Readme.pdf", b"%PDF")
    return path


@pytest.fixture
def table(tmp_path: Path) -> Path:
    out = tmp_path / "providers.csv.gz"
    summary = build_provider_table(nppes_zip(tmp_path / "NPPES.zip"), out)
    assert summary.rows_read == len(PEOPLE)
    return out


def test_provider_table_keeps_therapists_and_their_locations(table: Path) -> None:
    with gzip.open(table, "rt") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    got = sorted(zip(frame["npi"], frame["zip5"], frame["taxonomy"], frame["location"],
                     strict=True))
    assert got == [
        ("1000000001", "02139", "225100000X", "primary"),
        ("1000000002", "02140", "225XH1200X", "primary"),  # the matching taxonomy, not the MD
        ("1000000003", "07030", "235Z00000X", "secondary"),
        ("1000000003", "10001", "235Z00000X", "primary"),
        ("1000000006", "02139", "2251X0800X", "primary"),  # reactivated
        ("1000000007", "02142", "261QP2000X", "primary"),
    ]
    assert "O'Brien" not in table.read_bytes().decode("latin-1")  # names are not copied


def test_taxonomy_choice_and_deactivated(tmp_path: Path) -> None:
    source = nppes_zip(tmp_path / "NPPES.zip")
    out = tmp_path / "slp.csv"
    build_provider_table(source, out, ["235Z00000X", "2251"], include_deactivated=True)
    frame = load_provider_table(out)
    assert sorted(set(frame["npi"])) == ["1000000001", "1000000003", "1000000005",
                                         "1000000006"]


def test_regions(table: Path) -> None:
    assert region_npis(table, "02139") == {"1000000001", "1000000006"}
    assert region_npis(table, "02139-4301") == {"1000000001", "1000000006"}
    assert region_npis(table, "021") == {"1000000001", "1000000002", "1000000006",
                                         "1000000007"}
    assert region_npis(table, "07030") == {"1000000003"}  # a secondary location counts
    localities = {"02139": "14-01", "02140": "14-01", "02142": "14-99"}
    lookup = {z: f"142{loc[:2]}-{loc[3:]}" for z, loc in localities.items()}.get
    assert region_npis(table, "14214-01", lookup) == {"1000000001", "1000000002", "1000000006"}
    with pytest.raises(InputError, match="expected a ZIP code"):
        region_npis(table, "Boston")


def test_region_by_locality_with_the_bundled_zip_table(table: Path) -> None:
    # CMS's ZIP5 file puts 02139, 02140 and 02142 (Cambridge) in 14212-01, Metropolitan Boston
    assert region_npis(table, "14212-01") == {"1000000001", "1000000002", "1000000006",
                                              "1000000007"}
    assert region_npis(table, "13202-01") == {"1000000003"}  # 10001, Manhattan


def test_locality_without_a_zip_lookup_is_refused_in_words(
        table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ratecalc.market_rates.region as region

    monkeypatch.setattr(region, "bundled_locality_of_zip", lambda: None)
    with pytest.raises(InputError, match="give the clinic's ZIP code"):
        region_npis(table, "14214-01")


def test_bad_nppes_files_are_named(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="wrong.csv': expected the columns 'NPI'"):
        build_provider_table(wrong, tmp_path / "out.csv")
    empty_zip = tmp_path / "x.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(InputError, match="no npidata_pfile"):
        build_provider_table(empty_zip, tmp_path / "out.csv")
    with pytest.raises(InputError, match="does not exist"):
        load_provider_table(tmp_path / "none.csv")


@pytest.mark.parametrize(("name", "content", "said"), [
    # a download cut short: a zip's start without its directory
    ("NPPES.zip", b"PK\x03\x04" + bytes(200), "not a readable zip archive"),
    ("NPPES.zip", b"<html>Service unavailable</html>", "not a readable zip archive"),
    ("npidata.csv.gz", b"\x1f\x8b\x08\x00" + bytes(100), "neither a zip archive nor CSV text"),
    ("npidata.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "neither a zip archive nor CSV"),
])
def test_a_file_that_is_no_zip_and_no_csv_is_said_to_be_so(
        tmp_path: Path, name: str, content: bytes, said: str) -> None:
    """It was read as a CSV and refused for lacking NPPES's columns: the wrong fault named."""
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(InputError, match=f"NPPES file '.*{name}': {said}") as caught:
        build_provider_table(source, tmp_path / "out.csv")
    assert "expected the columns" not in str(caught.value)
    assert "NPPES_Data_Dissemination" in str(caught.value)


def test_a_taxonomy_that_is_no_nucc_code_is_refused_and_an_empty_table_is_said(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--taxonomy bogus` matched no one, wrote an empty table and exited 0 in silence."""
    source = nppes_zip(tmp_path / "NPPES.zip")
    with pytest.raises(InputError, match=r"--taxonomy: 'BOGUS' is not a NUCC taxonomy code"):
        build_provider_table(source, tmp_path / "out.csv", ["bogus"])
    from ratecalc_cli.main import ExitCode, main

    assert main(["market-rates", "providers", str(source), "--out", str(tmp_path / "p.csv"),
                 "--taxonomy", "999"]) == ExitCode.FAILED
    assert "warning: no NPI of the" in capsys.readouterr().err


def test_an_nppes_file_of_its_header_alone_is_said_empty(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A zip whose NPI file holds its header alone gave '0 NPIs read' and exit 0, an empty
    table as if read."""
    source = tmp_path / "NPPES.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("npidata_pfile_20050523-20251109.csv",
                         ",".join(f'"{c}"' for c in HEADER) + "\n")
    from ratecalc_cli.main import ExitCode, main

    assert main(["market-rates", "providers", str(source), "--out",
                 str(tmp_path / "p.csv")]) == ExitCode.FAILED
    assert ("warning: NPPES.zip holds no NPI row (its header alone): the table is empty; give "
            "CMS's full NPPES file" in capsys.readouterr().err)

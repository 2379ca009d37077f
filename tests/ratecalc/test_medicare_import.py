"""Importing a newer CMS release: the zip CMS publishes, validated, then used for its dates."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.errors import DataError, InputError
from ratecalc.medicare import medicare_amount, releases
from ratecalc.medicare.importer import import_release
from ratecalc.medicare.store import clear_caches

# CMS's PPRRVU CSV opens with title rows and a header spread over several lines; this is its
# shape (descriptor column left blank: CPT text is AMA-copyrighted and never needed).
TITLE_ROWS = [
    ",,2026 National Physician Fee Schedule Relative Value File January Release",
    ",,RELEASED 12/01/2025",
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,NON-FACILITY,FACILITY,",
    ",,,,NOT USED,,,,,,,,,,,,,,,,,,,,,PHYSICIAN,,DIAGNOSTIC,PE USED,PE USED,MP USED",
    ",,,,FOR,,,NON-FAC,,FACILITY ,,,,,,,,,,,,,,,,SUPERVISION OF,,IMAGING,FOR OPPS,FOR OPPS,"
    "FOR OPPS",
    ",,,STATUS,MEDICARE ,WORK,NON-FAC,NA,FACILITY,NA,MP,NON-FACILITY,FACILITY,PCTC,GLOB,PRE,"
    "INTRA,POST,MULT,BILAT,ASST,CO-,TEAM,ENDO,CONV,DIAGNOSTIC,CALCULATION,FAMILY,PAYMENT,"
    "PAYMENT,PAYMENT",
    "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,"
    "IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,"
    "AMOUNT,AMOUNT",
]


def fake_cms_zip(path: Path, cf: str = "33.4009", drop_gpci: bool = False) -> Path:
    """An RVU26A.zip built from the bundled October 2025 release, priced with ``cf``."""
    src = resources.files("ratecalc") / "data" / "cms"
    with (src / "rvu" / "rvu25d.csv.gz").open("rb") as fh:
        rows = list(csv.DictReader(io.TextIOWrapper(gzip.GzipFile(fileobj=fh))))
    out = io.StringIO()
    out.write("\n".join(TITLE_ROWS) + "\n")
    w = csv.writer(out, lineterminator="\n")
    for r in rows:
        line = [""] * 31
        line[0], line[1], line[3] = r["hcpcs"], r["modifier"], r["status"]
        line[5], line[6], line[7] = r["work_rvu"], r["pe_nonfac_rvu"], r["nonfac_na"]
        line[8], line[9], line[10] = r["pe_fac_rvu"], r["fac_na"], r["mp_rvu"]
        line[13], line[14], line[18], line[24] = r["pctc"], r["glob_days"], r["mult_proc"], cf
        w.writerow(line)
    gpci = io.StringIO()
    gpci.write("ADDENDUM E. FINAL CY 2026 GPCIs,,,,,,\n,,,,,,\n")
    gpci.write("Medicare Administrative Contractor (MAC),State,Locality Number,Locality Name,"
               "2026 PW GPCI (with 1.0 Floor),2026 PE GPCI,2026 MP GPCI\n")
    gpci.write("10112,AL,00,ALABAMA,1.000,0.869,0.575\n02102,AK,01,ALASKA*,1.500,1.081,0.592\n")
    gpci.write("*Work GPCI reflects a 1.5 floor in Alaska established by the MIPPA.,,,,,,\n")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("PPRRVU26_JAN.csv", out.getvalue())
        if not drop_gpci:
            zf.writestr("GPCI2026.csv", gpci.getvalue())
        zf.writestr("RVU26A.pdf", b"%PDF-1.4 layout")
    return path


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RATECALC_DATA_DIR", str(tmp_path / "data"))
    clear_caches()
    yield tmp_path / "data"
    clear_caches()


def test_import_makes_2026_priceable(user_dir, tmp_path):
    result = import_release(fake_cms_zip(tmp_path / "RVU26A.zip"))
    assert result.release == "rvu26a"
    assert str(result.effective_from) == "2026-01-01"
    assert result.localities == 2
    assert any(r.release == "rvu26a" and not r.bundled for r in releases())
    # 97110 AL with 2026's non-APM factor: 0.82942 x 33.4009 = 27.7034... -> 27.70
    assert medicare_amount("97110", "10112-00", "2026-03-02") == 27.70
    # the APM-qualifying factor from the bundled table: 0.82942 x 33.5675 = 27.8416 -> 27.84
    assert medicare_amount("97110", "10112-00", "2026-03-02", apm_qualifying=True) == 27.84
    # earlier dates still use the bundled releases
    assert medicare_amount("97110", "10112-00", "2025-06-01") == 26.83


def test_import_via_cli(user_dir, tmp_path, capsys):
    from ratecalc_cli.main import main

    zip_path = fake_cms_zip(tmp_path / "RVU26A.zip")
    assert main(["medicare", "import", str(zip_path)]) == 0
    assert "Imported RVU26A" in capsys.readouterr().out
    assert main(["medicare", "97110", "--locality", "AL", "--date", "2026-02-01", "--json"]) == 0
    assert '"non_facility": 27.7' in capsys.readouterr().out


def test_missing_gpci_is_refused(user_dir, tmp_path):
    with pytest.raises(InputError, match=r"no GPCI CSV found; expected CMS's RVU zip"):
        import_release(fake_cms_zip(tmp_path / "RVU26A.zip", drop_gpci=True))
    assert not (user_dir / "releases.csv").exists()


def test_shifted_layout_is_refused(user_dir, tmp_path):
    bad = tmp_path / "PPRRVU26_JAN.csv"
    bad.write_text("\n".join(TITLE_ROWS[:-1]) + "\nHCPCS,DESCRIPTION,MOD\n97110,,\n")
    gpci = tmp_path / "GPCI2026.csv"
    gpci.write_text("x\nMedicare Administrative Contractor (MAC),State,Locality Number,Locality "
                    "Name,PW GPCI,PE GPCI,MP GPCI\n10112,AL,00,ALABAMA,1,0.869,0.575\n")
    with pytest.raises(DataError, match=r"column 7 should be the PE column of CMS.s PPRRVU"):
        import_release([bad, gpci])


def test_corrupt_zip(user_dir, tmp_path):
    bad = tmp_path / "RVU26A.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"not a readable zip file"):
        import_release(bad)

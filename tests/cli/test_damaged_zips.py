"""A damaged zip from outside (CMS's NPPES zip, a CMS RVU release) is bad input, exit 3, naming
the file, the member and the fault; never an internal error, never a half-written output."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import pytest

from ratecalc_cli.main import main

NPPES_CSV = ("NPI,Entity Type Code,Provider Business Practice Location Address Postal Code,"
             "Provider Business Practice Location Address State Name,"
             "Healthcare Provider Taxonomy Code_1\n1234567893,1,35244,AL,225100000X\n")
NPPES_MEMBER = "npidata_pfile_20260101-20260131.csv"
RVU_MEMBER = "PPRRVU27_JAN.csv"


def damaged(source: Path, target: Path, mode: str) -> Path:
    """``source`` with every member (local header and directory entry alike) marked encrypted,
    marked Deflate64, or its CRC flipped; ``cut``: its first half."""
    data = bytearray(source.read_bytes())
    if mode == "cut":
        target.write_bytes(data[:len(data) // 2])
        return target
    for signature, flags, method, crc in ((b"PK\x03\x04", 6, 8, 14), (b"PK\x01\x02", 8, 10, 16)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            if mode == "encrypted":
                data[at + flags] |= 1
            elif mode == "deflate64":
                data[at + method:at + method + 2] = struct.pack("<H", 9)
            elif mode == "crc":
                data[at + crc] ^= 0xFF
            at += 4
    target.write_bytes(data)
    return target


FAULTS = {
    "crc": r"damaged: a CRC check failed",
    "encrypted": r"encrypted: RateCalc cannot read password-protected zips",
    "deflate64": r"packed with Deflate64, which Python cannot read: re-zip it with ordinary "
                 r"Deflate",
}


@pytest.mark.parametrize("mode", sorted(FAULTS))
def test_nppes_zip_damaged(tmp_path, capsys, mode):
    good = tmp_path / "np.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(NPPES_MEMBER, NPPES_CSV)
    bad = damaged(good, tmp_path / f"np_{mode}.zip", mode)
    out = tmp_path / "providers.csv"
    code = main(["market-rates", "providers", str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert f"NPPES file '{bad}', member '{NPPES_MEMBER}': " in err
    assert re.search(FAULTS[mode], err), err
    assert "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["np.zip", bad.name])


def test_nppes_zip_damaged_after_a_gigabyte_stops_in_words(tmp_path, capsys):
    """A CRC fails only at a member's end: the whole stream has been read by then, as it would
    be a gigabyte into CMS's file (here many chunks of rows)."""
    good = tmp_path / "np.zip"
    rows = "".join(f"{1000000000 + i},1,35244,AL,225100000X\n" for i in range(30_000))
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(NPPES_MEMBER, NPPES_CSV + rows)
    bad = damaged(good, tmp_path / "np_crc.zip", "crc")
    out = tmp_path / "providers.csv"
    code = main(["market-rates", "providers", str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "damaged: a CRC check failed" in err
    assert not out.exists()


def _release(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(RVU_MEMBER, "HCPCS\n" + "97110\n" * 5000)
        archive.writestr("GPCI2027.csv", "x\n" * 100)
    return path


@pytest.mark.parametrize("mode", sorted(FAULTS))
def test_medicare_release_zip_damaged(tmp_path, capsys, user_dir, mode):
    bad = damaged(_release(tmp_path / "rel.zip"), tmp_path / f"rel_{mode}.zip", mode)
    code = main(["medicare", "import", str(bad), "--release", "rvu27a"])
    err = capsys.readouterr().err
    assert code == 3, err
    assert f"CMS release '{bad}', member '{RVU_MEMBER}': " in err
    assert re.search(FAULTS[mode], err), err
    assert not user_dir.exists() or not any(user_dir.rglob("*rvu27a*"))


@pytest.mark.parametrize("command", ["providers", "medicare"])
def test_zip_cut_in_half(tmp_path, capsys, user_dir, command):
    if command == "providers":
        good = tmp_path / "np.zip"
        with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(NPPES_MEMBER, NPPES_CSV)
        bad = damaged(good, tmp_path / "cut.zip", "cut")
        argv = ["market-rates", "providers", str(bad), "--out", str(tmp_path / "p.csv")]
    else:
        bad = damaged(_release(tmp_path / "rel.zip"), tmp_path / "cut.zip", "cut")
        argv = ["medicare", "import", str(bad), "--release", "rvu27a"]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 3, err
    assert f"'{bad}'" in err and "cut short" in err

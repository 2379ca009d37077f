"""The bundled CMS data equals the public files it was built from (optional: needs ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.medicare.cms_files import read_gpci, read_pprrvu
from ratecalc.medicare.store import gpcis, rvus, to_fixed_int
from tests.shared_data import SHARED as SHARED_DATA

SHARED = SHARED_DATA / "cms_pfs"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")


@needs_shared
@pytest.mark.parametrize(("release", "path"), [
    ("rvu25a", "rvu25a_jan2025/PPRRVU25_JAN.csv"),
    ("rvu25d", "rvu25d_oct2025/PPRRVU2025_Oct.csv"),
    ("rvu24b", "rvu24b_apr2024/PPRRVU24_APR.csv"),
    ("rvu26c", "rvu26c_jul2026/PPRRVU2026_Jul_nonQPP.csv"),
])
def test_bundled_rvus_equal_cms_file(release, path):
    raw = read_pprrvu(SHARED / path).drop_duplicates(["hcpcs", "modifier"])
    ours = rvus(release)
    assert len(ours) == len(raw)
    raw = raw.set_index(["hcpcs", "modifier"]).loc[ours.index]
    assert (to_fixed_int(raw["work_rvu"], 2) == ours["work"].to_numpy()).all()
    assert (to_fixed_int(raw["pe_nonfac_rvu"], 2) == ours["pe_nf"].to_numpy()).all()
    assert (to_fixed_int(raw["mp_rvu"], 2) == ours["mp"].to_numpy()).all()
    assert (raw["status"].to_numpy() == ours["status"].to_numpy()).all()


@needs_shared
def test_bundled_gpci_2025_equals_cms_file():
    raw = read_gpci(SHARED / "rvu25d_oct2025/GPCI2025.csv").set_index("locality")
    ours = gpcis()
    ours = ours[ours["release"] == "rvu25d"].set_index("locality")
    assert sorted(ours.index) == sorted(raw.index)
    assert (to_fixed_int(raw.loc[ours.index, "gpci_pe"], 3) == ours["g_pe"].to_numpy()).all()


def test_no_descriptor_text_is_bundled():
    import zipfile
    from importlib import resources

    folder = resources.files("ratecalc") / "data" / "cms" / "rvu"
    for path in folder.iterdir():
        with path.open("rb") as fh, zipfile.ZipFile(fh) as zf:
            names = {Path(n).stem for n in zf.namelist()}
            assert not any("desc" in n.lower() for n in names), path.name
            # descriptor text would show as long words; the arrays hold codes and indicators
            text = b" ".join(zf.read(n) for n in zf.namelist())
            assert b"composite" not in text.lower().replace(b"\x00", b"")

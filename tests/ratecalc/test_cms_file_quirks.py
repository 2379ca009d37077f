"""CMS files as they reach users: a DOS end-of-file mark, codes whose leading zeros a
spreadsheet dropped. Both were in the bundled releases (found by the medicare mutation run):
RVU24B's Ctrl-Z row became a code "\\x1a", RVU25A's anesthesia codes 00100-01999 became 100-1999.
"""

from __future__ import annotations

import re

from ratecalc.medicare.cms_files import read_pprrvu
from ratecalc.medicare.store import code_dictionary

HEADER = ("HCPCS,MOD,STATUS CODE,WORK RVU,NON FAC PE RVU,FACILITY PE RVU,MP RVU,MULT PROC,"
          "CONV FACTOR\n")


def pprrvu(*codes: str, end: str = "") -> bytes:
    """A one-header-row PPRRVU export, one row of 97110's 2025 RVUs per code."""
    rows = "".join(f"{c},,A,0.45,0.40,0.40,0.02,5,32.3465\n" for c in codes)
    return (HEADER + rows + end).encode("latin-1")


def test_a_ctrl_z_ends_the_file() -> None:
    data = pprrvu("97110", end="\x1a,,,,,,,,\n")
    frame = read_pprrvu(data, "PPRRVU.csv")
    assert frame["hcpcs"].tolist() == ["97110"]


def test_numeric_codes_get_their_leading_zeros_back() -> None:
    data = pprrvu("100", "1112", "0001F", "97110", "G0283")
    frame = read_pprrvu(data, "PPRRVU.csv")
    assert frame["hcpcs"].tolist() == ["00100", "01112", "0001F", "97110", "G0283"]


def test_every_bundled_code_has_five_characters() -> None:
    codes = code_dictionary().tolist()
    assert codes and all(re.fullmatch(r"[0-9A-Z]{5}", c) for c in codes), [
        c for c in codes if not re.fullmatch(r"[0-9A-Z]{5}", c)][:10]
    assert {"00100", "01112", "97110"} <= set(codes)

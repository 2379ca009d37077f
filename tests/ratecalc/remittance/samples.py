"""Where the bundled 835 samples are (tests/data/x12_835, see its PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "x12_835"
KEIRON = DATA / "keironstoddart_edi-835-parser"
GUIDE = DATA / "linuxforhealth_x12"
PYX12 = DATA / "pyx12"
TIGERSHARK = DATA / "tigershark"

#: Every bundled 835 sample.
SAMPLES = sorted(
    p for p in DATA.rglob("*")
    if p.is_file() and p.suffix in (".txt", ".835") and not p.name.startswith("LICENSE")
    and "expected_output" not in p.parts
)

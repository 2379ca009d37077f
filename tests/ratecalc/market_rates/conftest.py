"""Paths of the TiC fixtures, bundled and optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import SHARED

ROOT = Path(__file__).resolve().parents[3]
TIC = ROOT / "tests" / "data" / "tic"
CMS = TIC / "cms_examples"
EVRY_JAN = TIC / "evry_health" / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json"
EVRY_JUNE_SUBSET = TIC / "evry_health" / "evry-2025-06-23-in-network-rates.THERAPY_SUBSET.json.gz"
# The complete real file (21 MB of JSON) stays in the shared reference data: optional extra.
EVRY_JUNE_FULL = SHARED / "tic" / "evry_health" / "evry-2025-06-23-in-network-rates.json.gz"


@pytest.fixture
def evry_full() -> Path:
    if not EVRY_JUNE_FULL.exists():
        pytest.skip(f"optional real file not present: {EVRY_JUNE_FULL}")
    return EVRY_JUNE_FULL

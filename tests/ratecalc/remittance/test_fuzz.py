"""Fuzzing the 835 import (issue 12): mutated real files never crash the command.

Hypothesis edits the sample 835s (byte flips, cuts, repeated pieces, separators, amounts past
Decimal's precision, bytes that are not UTF-8) and runs ``ratecalc import remittances`` with every
output; the result is an import with problems listed (exit 0 or 1) or a clear refusal (3), never
the guard's exit 4. Longer runs for releases: ``python benchmarks/fuzz_hostile.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import run_cli
from tests.strategies import mutated

DATA = Path(__file__).resolve().parents[2] / "data" / "x12_835"
SAMPLES = sorted(p for p in DATA.rglob("*") if p.suffix in (".835", ".txt")
                 and "LICENSE" not in p.name and "PROVENANCE" not in p.name)


# derandomize: the same examples every run, so CI is repeatable (longer random
# runs: benchmarks/fuzz_hostile.py)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.data_too_large],
          derandomize=True)
@given(st.sampled_from(SAMPLES).flatmap(lambda p: mutated(p.read_bytes())))
def test_mutated_835_is_imported_or_refused(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "mutated.835"
        source.write_bytes(data)
        code, err = run_cli(["import", "remittances", str(source), "--out",
                             str(Path(folder) / "lines.csv"), "--json"])
    assert code in (0, 1, 3), err


def test_the_samples_are_there() -> None:
    assert len(SAMPLES) >= 10

"""The tables made of the column reader's records are the tables made of the parser's.

The column reader gives its service lines' text fields (the SVC's code, qualifier, modifiers,
billed and revenue codes, REF*6R, LQ remarks) also as each line's index into their distinct
values (``Records.coded``), and the tables make each distinct value text once, where they made
each line's; the parser's records carry no such indexes. Both must give the same tables, on
generated 835s with claims without lines and varied line fields.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.remittance.column_reader import read_columns
from ratecalc.remittance.parser import parse_segments
from ratecalc.remittance.synthetic import ClaimSpec, PaymentSpec, segments_835, serialize
from ratecalc.remittance.tables import build_tables

from .strategies import payments
from .test_column_reader import _recount


def _line_varieties(segments: list[list[object]], rng: random.Random) -> list[list[object]]:
    """The lines' text fields varied: a revenue code (SVC04), a billed code (SVC06) the same
    as the paid one or another, REF*6R left out, remark codes (LQ*HE) after a line's REF."""
    out: list[list[object]] = []
    for segment in segments:
        if segment[0] == "SVC":
            svc = [*segment, "", ""][:7]
            svc[4] = rng.choice(["", "", "0420", "0430"])
            svc[6] = rng.choice(["", ("HC", "97140"), svc[1][:2]])
            segment = svc if svc[6] else svc[:6]
        elif segment[0] == "REF" and segment[1] == "6R" and rng.random() < 0.3:
            continue
        out.append(segment)
        if segment[0] == "REF" and segment[1] == "6R":
            out += [["LQ", "HE", rng.choice(["N130", "M1", "MA01"])]
                    for _ in range(rng.choice([0, 0, 1, 2]))]
    return _recount(out)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(payments(), st.integers(0, 2**32), st.integers(0, 3))
def test_tables_of_the_column_reader_are_the_parsers(
        drawn: list[PaymentSpec], seed: int, bare: int) -> None:
    # the column reader gives its lines' text fields also as indexes into their distinct
    # values (Records.coded), which the tables make text once each: the tables made of its
    # records must be the tables made of the parser's, claims without lines among them
    rng = random.Random(seed)
    for n in range(bare):
        payment = rng.randrange(len(drawn))
        claims = list(drawn[payment].claims)
        claims.insert(rng.randint(0, len(claims)), ClaimSpec(
            f"BARE{n}", (), status=rng.choice(["1", "4"])))
        drawn[payment] = replace(drawn[payment], claims=tuple(claims))
    segments = _line_varieties(segments_835(drawn, include_patient_data=False), rng)
    text = serialize(segments, line_break="")
    by_columns = read_columns(text, "x.835")
    assert by_columns is not None
    assert set(by_columns.lines.coded()) >= {"code", "modifiers", "submitted_code", "remarks"}
    by_segments = parse_segments(text, "x.835")
    assert not by_segments.lines.coded()
    columns, _ = build_tables([by_columns])
    segments_made, _ = build_tables([by_segments])
    for name in ("lines", "claims", "provider_adjustments", "transactions"):
        made, expected = getattr(columns, name), getattr(segments_made, name)
        pd.testing.assert_frame_equal(made, expected)
        assert made.astype(str).equals(expected.astype(str))  # Decimals as written
    pd.testing.assert_frame_equal(columns.adjustments(), segments_made.adjustments())

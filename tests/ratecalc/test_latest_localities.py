"""The localities of the GPCI tables: each id once, named as in its latest release."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.medicare.localities import Locality, latest_localities, localities


def _by_loop(arrays: dict[str, np.ndarray]) -> tuple[Locality, ...]:
    """The rule row by row: releases in order of their text, a later row overriding."""
    latest: dict[str, Locality] = {}
    for i in sorted(range(len(arrays["release"])), key=lambda i: str(arrays["release"][i])):
        loc = str(arrays["locality"][i])
        latest[loc] = Locality(loc, str(arrays["state"][i]), str(arrays["locality_name"][i]))
    return tuple(latest[k] for k in sorted(latest))


def test_a_locality_is_named_as_in_its_latest_release() -> None:
    arrays = {"release": np.array(["RVU25A", "RVU26A", "RVU24A", "RVU26A"]),
              "locality": np.array(["01112-05", "01112-05", "10112-00", "01112-05"]),
              "state": np.array(["CA", "CA", "AL", "CA"]),
              "locality_name": np.array(["SAN FRANCISCO", "SF (2026)", "ALABAMA", "SF (last)"])}
    assert latest_localities(arrays) == (Locality("01112-05", "CA", "SF (last)"),
                                         Locality("10112-00", "AL", "ALABAMA"))


_rows = st.lists(st.tuples(st.sampled_from(["RVU20A", "RVU25B", "RVU25C", "RVU26A"]),
                           st.sampled_from(["01112-05", "01112-06", "10112-00", "99999-01"]),
                           st.sampled_from(["AL", "CA"]), st.text(max_size=3)),
                 min_size=1, max_size=30)


@given(_rows)
def test_latest_localities_agrees_with_the_rule_row_by_row(rows: list[tuple[str, ...]]) -> None:
    release, locality, state, name = (np.array(column) for column in zip(*rows, strict=True))
    arrays = {"release": release, "locality": locality, "state": state, "locality_name": name}
    assert latest_localities(arrays) == _by_loop(arrays)


def test_the_bundled_localities_agree_with_the_rule_row_by_row() -> None:
    from ratecalc.medicare import store

    assert localities() == _by_loop(store._gpci_arrays())
    assert len(localities()) >= 100

"""The sources a clinic metric's figures come from, as a letter lists them.

Apart from :mod:`ratecalc.remittance.canonical`, which writes the remittance metrics' source
texts, so that a letter lists its sources without importing the 835 reader (its parser,
tokenizer and tables: 20-35 ms of CPU at each letter's start, for a list of texts).
"""

from __future__ import annotations

from collections.abc import Iterable


def sources_listed(sources: Iterable[str]) -> list[str]:
    """Metric sources as a list of where figures come from says them: each once, in order,
    without one another already says in full (``"X"`` beside ``"X, and more"``: the remittance
    rates' source beside the days to payment's,
    :func:`ratecalc.remittance.canonical.metrics_source`).

    >>> sources_listed(["835, 5 claims", "billing", "835, 5 claims, days over 4", "billing"])
    ['835, 5 claims, days over 4', 'billing']
    """
    unique = [s for s in dict.fromkeys(s.strip() for s in sources) if s]
    kept = [s for s in unique if not any(o.startswith(f"{s}, ") for o in unique)]
    # where the text that says more stands in for one listed before it, it takes its place
    return list(dict.fromkeys(next((o for o in kept if o == s or o.startswith(f"{s}, ")), s)
                              for s in unique))

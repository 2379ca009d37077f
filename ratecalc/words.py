"""Lists in words, as every message and letter says them."""

from __future__ import annotations


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> join_words(["97110"]), join_words(["97110", "97140", "97530"])
    ('97110', '97110, 97140 and 97530')
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"

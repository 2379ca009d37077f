"""Regular expressions compiled the first time they are used, not when their module loads.

Python compiles a pattern in Python code: the few long ones that only an unusual file needs
(a text cell holding a negative number, a TRUE/FALSE cell of another shape) cost a refresh as
much to compile at import as every common one, and a refresh of an ordinary workbook never runs
them (branch speed-refresh-9 in ``benchmarks/README.md``). Such a pattern is kept as the
function :func:`deferred` returns, which compiles it once, on its first call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import AnyStr


def deferred(source: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A function returning ``re.compile(source, flags)``, compiled on its first call only.

    >>> number = deferred(r"[0-9]+")
    >>> number().fullmatch("42") is not None, number() is number()
    (True, True)
    """

    @cache
    def compiled() -> re.Pattern[AnyStr]:
        return re.compile(source, flags)

    return compiled

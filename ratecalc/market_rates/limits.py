"""What a TiC reader accepts, whichever path reads the file, and the errors past those limits.

A small hostile file must not cost gigabytes: a 200 KB file nesting ``negotiated_rate`` 100,000
levels deep grew ijson's prefix stack (one string per level, each as long as the path) to about
24 GB. Both readers check the same limits and raise the same :class:`InputError` text for the
same file, so what a user reads does not depend on which path read it:

- nesting: at most :data:`MAX_DEPTH` levels from the top-level object (a real in-network file
  nests about 8);
- one object built at a time (an ``in_network`` item on the fast path, a ``negotiated_rates``
  entry or a provider reference on the fallback): at most :data:`MAX_OBJECT_BYTES` of JSON, which
  keeps the Python objects made from it well under the 200 MB the README promises;
- one ``in_network`` item in all: at most :data:`MAX_ITEM_TOTAL_BYTES` of (decompressed) JSON,
  so a gzip member inflating to gigabytes of whitespace inside an item is refused, not read on;
- numbers: at most :data:`MAX_DIGITS` digits in a row (a price has a dozen), and an exponent
  that :class:`decimal.Decimal` can hold (about 10**18). The fallback reads
  every number; the fast path reads those of the items it keeps and of the top level, and does
  not look inside the items it skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ratecalc.errors import InputError
from ratecalc.market_rates.scanner import StructureScanner

MAX_DEPTH = 64
#: Largest provider-reference file a ``location`` may name [bytes], downloaded or on disk alike:
#: it is read whole, and holds a list of groups, not rates.
MAX_REFERENCE_BYTES = 64 << 20
MAX_OBJECT_BYTES = 16 << 20
MAX_ITEM_TOTAL_BYTES = 1 << 30
# ijson's C backend, asked for exact numbers, crashes the interpreter (a segmentation fault) on an
# integer longer than CPython's int_max_str_digits (4,300 by default); raising that limit would
# trade the crash for minutes of quadratic conversion.
MAX_DIGITS = 4300
# Digits masked to b"0" and the rest to b" ", so that a run is found by bytes.find in C: a regex
# (even anchored on the run's start) tried every position, 24 MB/s on a real file.
DIGIT_MASK = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_RUN = b"0" * (MAX_DIGITS + 1)
# ijson's Decimal refuses some exponents of 19 digits or more (decimal.InvalidOperation): a run
# of 19 digits finds the candidates, Decimal itself decides
_EXPONENT_RUN = b"0" * 19
_LONG_EXPONENT = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]{19,}")


def too_deep(path: str | Path) -> InputError:
    return InputError(
        f"TiC file '{path}': the JSON nests deeper than {MAX_DEPTH} levels (an in-network rates "
        "file nests about 8): the file is malformed, not read")


def too_big(path: str | Path, what: str, limit: int) -> InputError:
    return InputError(
        f"TiC file '{path}': {what} is larger than {limit:,} bytes of JSON, more than any "
        "in-network rates file needs: the file is malformed, not read")


def too_many_digits(path: str | Path) -> InputError:
    return InputError(
        f"TiC file '{path}': a number of more than {MAX_DIGITS:,} digits (a price has a dozen): "
        "the file is malformed, not read")


def long_digit_runs(masked: bytes) -> Iterator[int]:
    """Where each run of more than :data:`MAX_DIGITS` digits starts, in text masked with
    ``text.translate(DIGIT_MASK)``."""
    i = masked.find(_LONG_RUN)
    while i != -1:  # find gives the leftmost match: a run's first digit
        yield i
        end = masked.find(b" ", i)
        if end == -1:
            return
        i = masked.find(_LONG_RUN, end)


def exponent_out_of_range(path: str | Path) -> InputError:
    return InputError(
        f"TiC file '{path}': a number with an exponent past 10**18 (a price has none): the file "
        "is malformed, not read")


def has_huge_exponent(buf: bytes | bytearray, start: int, end: int) -> bool:
    """Whether JSON ``buf[start:end]``, which begins outside a string, holds a number whose
    exponent ijson's Decimal refuses (orjson reads it as 0 or infinity).

    Digits are masked first (a run of 19 is rare: an NPI has 10), so the common case costs one
    ``bytes.find``; a candidate counts only outside strings.
    """
    masked = buf[start:end].translate(DIGIT_MASK)
    if masked.find(_EXPONENT_RUN) == -1:
        return False
    numbers = {m.start(): m.group() for m in _LONG_EXPONENT.finditer(buf, start, end)}
    for at in StructureScanner().outside_strings(buf, numbers, start):
        try:
            Decimal(numbers[at].decode())
        except InvalidOperation:
            return True
    return False

"""Numbers written as text with commas, checked one way by every reader (table cells, worksheet
functions, command-line options, market-rate files), without pandas so that a command's options
are checked before it loads.

A comma groups thousands in every number RateCalc reads; one that does not (``30,50``, ``1,5``
units, ``1,5%``) is a decimal comma or a typing error, and either reading may be meant: ``1,5``
units is 1.5 where a comma marks decimals and 15 where it groups thousands. Such a text is
refused, never read as a guess.
"""

from __future__ import annotations

import re
from typing import Any

# the first group has no leading zero: "0,500" is half a dollar written with a decimal comma
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d*)?$")
# digits, commas and points in any order: a number someone wrote ("1.234,50", European for
# 1,234.50, is read as 1.2345 once its commas are gone); anything else ("USD 1,234.50") is not
# an amount, which the number check says; blaming its commas would mislead
_COMMA_NUMBER = re.compile(r"^[\d,.]+$")

#: What a money text with a comma must look like; said when one does not.
MONEY_COMMAS = ("malformed dollar amount: expected commas between groups of three digits "
                "($1,234.50) and a point before the cents ($30.50)")
#: The same for any other number (units, percentages, days).
NUMBER_COMMAS = ("malformed number: expected commas between groups of three digits (1,234) "
                 "and a point before the decimals (1.5)")


def commas_group_no_thousands(value: Any) -> bool:
    """Whether ``value`` is a text of digits whose commas do not group thousands.

    Examples
    --------
    >>> [commas_group_no_thousands(v) for v in ("30,50", "1,5%", "$1,04.00", "(0,02)", "+1,5",
    ...                                         "1.234,50")]
    [True, True, True, True, True, True]
    >>> [commas_group_no_thousands(v) for v in ("1,500", "$1,234.50", "12%", 1.5, "USD 1,2")]
    [False, False, False, False, False]
    """
    if not isinstance(value, str) or "," not in value:
        return False
    text = (value.strip().replace("$", "").replace(" ", "").strip("()").lstrip("+-")
            .removesuffix("%"))
    return not _THOUSANDS.match(text) and bool(_COMMA_NUMBER.match(text))

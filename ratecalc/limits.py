"""Ranges every input is checked against, in a module with no imports, so that the command line
can check its options before (or without) loading pandas."""

from __future__ import annotations

#: Largest amount a cell may hold [USD]: far above any rate or a year's revenue, far below
#: where sums of floats lose cents or overflow (1e308 gave inf and NaN figures).
MAX_AMOUNT = 1e9
#: Largest magnitude of any other number (units, counts, percentages).
MAX_NUMBER = 1e12
#: Dates outside these years are typing errors (and beyond what date arithmetic here allows).
FIRST_YEAR, LAST_YEAR = 1900, 2199

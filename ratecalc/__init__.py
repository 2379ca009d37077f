"""RateCalc core: Medicare fee-schedule math and payer-rate negotiation analytics.

The core is pure computation on pandas/numpy. It never imports xlwings, openpyxl or python-docx:
the Excel add-in (``ratecalc_addin``), the workbook builder (``ratecalc_workbook``), the letter
writer (``ratecalc_letter``) and the command line (``ratecalc_cli``) import it, never the reverse.
"""

__version__ = "0.1.0"

import os as _os

# pandas imports pyarrow wherever it is installed (the optional market-rate store brings it), and
# pyarrow's default allocator reserves address space in large arenas: that broke the TiC readers'
# memory promise (200 MB over the interpreter, tests/ratecalc/market_rates/test_limits.py). The
# store's tables are small; the system allocator serves them. A user's own setting is kept.
_os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

import sys as _sys

# A host that imported pandas before RateCalc (an add-in's process, a notebook) has pyarrow
# loaded already, and pyarrow read the variable above when it loaded: set the pool itself. A
# host that blocked pyarrow (sys.modules["pyarrow"] = None) has none to set.
_pyarrow = _sys.modules.get("pyarrow")
if _os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system" and _pyarrow is not None:
    _pyarrow.set_memory_pool(_pyarrow.system_memory_pool())

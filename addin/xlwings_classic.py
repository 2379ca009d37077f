"""xlwings' classic (VBA + COM) UDF machinery, importable on every platform.

RateCalc's functions are *classic* xlwings UDFs: Excel calls a VBA wrapper, which calls Python over
COM. The decorators that record a function's Excel signature (``xlfunc``, ``xlarg``, ``xlret``) and
the generator of the VBA wrappers (``generate_vba_wrapper``) live in ``xlwings.udfs``, which imports
pywin32 at its top although none of these four need it. On Windows ``xw.func`` *is*
``xlwings.udfs.xlfunc``; elsewhere ``xw.func`` does nothing, which would leave the add-in built on
Linux without wrappers. So on a machine without pywin32 this module imports ``xlwings.udfs`` with
placeholder modules standing in for pywin32's during the import only, and removes them afterwards so
no other code mistakes them for pywin32.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Callable
from typing import Any

# What xlwings.udfs touches of pywin32 at import time: names it imports and the initializer it
# hands to a thread pool that it never starts unless a COM server runs.
_PYWIN32_PLACEHOLDERS: dict[str, dict[str, Any]] = {
    "pythoncom": {"CoInitialize": lambda: None},
    "pywintypes": {},
    "win32com": {},
    "win32com.client": {"Dispatch": None},
}


def _has_pywin32() -> bool:
    return importlib.util.find_spec("pythoncom") is not None


def _import_udfs_module() -> types.ModuleType:
    if "xlwings.udfs" in sys.modules or _has_pywin32():
        import xlwings.udfs

        return xlwings.udfs
    added = []
    for name, attrs in _PYWIN32_PLACEHOLDERS.items():
        if name not in sys.modules:
            module = types.ModuleType(name, "placeholder for pywin32 (ratecalc_addin)")
            module.__dict__.update(attrs)
            sys.modules[name] = module
            added.append(name)
    try:
        import xlwings.udfs

        return xlwings.udfs
    finally:
        for name in added:
            del sys.modules[name]


udfs = _import_udfs_module()

#: ``@func(category=...)``: mark a function as an Excel UDF (xlwings' ``xlfunc``).
func: Callable[..., Any] = udfs.xlfunc
#: ``@arg(name, doc=..., **options)``: conversion options and help text of one argument.
arg: Callable[..., Any] = udfs.xlarg
#: ``@ret(**options)``: conversion options of the return value.
ret: Callable[..., Any] = udfs.xlret
#: ``generate_vba_wrapper(module_name, module, file, workbook)``: xlwings' own VBA writer.
generate_vba_wrapper: Callable[..., None] = udfs.generate_vba_wrapper

"""Stand-ins for pywin32 so that xlwings' Windows code imports on Linux, for tests only.

``xlwings._xlwindows`` (the Windows engine: the cell-value cleaning UDF arguments go through),
``xlwings.udfs`` (``call_udf``) and ``xlwings.com_server`` (``XLPython.CallUDF``, what the VBA
wrapper calls) import pywin32 modules at their top but, on the path a UDF call takes with plain
values, only use a few names from them: what is defined here. ``install()`` puts these modules
into ``sys.modules`` (only where pywin32 is absent), imports xlwings' modules, registers the
Windows engine, and returns the three modules; ``uninstall()`` undoes it.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import sys
import types
from typing import Any

#: What VBA passes for an omitted Optional argument.
MISSING = -2147352572
#: How a UDF's error text starts in its cell.
ERR = "#RATECALC: "

_NAMES = [
    "pywintypes",
    "pythoncom",
    "win32api",
    "win32con",
    "win32gui",
    "win32process",
    "win32timezone",
    "win32event",
    "win32com",
    "win32com.client",
    "win32com.server",
    "win32com.server.dispatcher",
    "win32com.server.policy",
    "win32com.server.util",
]
_XLWINGS = ["xlwings._xlwindows", "xlwings._win32patch", "xlwings.udfs", "xlwings.com_server"]


class _Anything:
    """A name pywin32 would define and the tested path never calls."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self

    def __getattr__(self, name: str) -> Any:
        return _Anything()


class _ComError(Exception):
    pass


class _TimeZoneInfo:
    @staticmethod
    def utc() -> dt.tzinfo:
        return dt.UTC


class _Unwrappable(Exception):
    pass


def _unwrap(obj: Any) -> Any:
    # A plain Python value never came wrapped from COM; FromVariant then keeps it as is.
    raise _Unwrappable


def _any_public_name(attr: str) -> Any:
    # Module introspection (hypothesis, inspect) asks for dunder names; those must not exist.
    if attr.startswith("__"):
        raise AttributeError(attr)
    return _Anything()


def _modules() -> dict[str, types.ModuleType]:
    mods = {name: types.ModuleType(name, "test stand-in for pywin32") for name in _NAMES}
    pywintypes = mods["pywintypes"]
    pywintypes.TimeType = dt.datetime  # pywin32's COM date type is a datetime subclass
    pywintypes.com_error = _ComError
    pywintypes.IID = str
    pythoncom = mods["pythoncom"]
    pythoncom.__file__ = "pythoncom-stand-in.dll"
    pythoncom.CoInitialize = lambda: None
    pythoncom.IID_IDispatch = "{00020400-0000-0000-C000-000000000046}"
    pythoncom.TypeIIDs = {pythoncom.IID_IDispatch: type("PyIDispatch", (), {})}
    pythoncom.CoMarshalInterThreadInterfaceInStream = _Anything()
    pythoncom.CoGetInterfaceAndReleaseStream = _Anything()
    mods["win32timezone"].TimeZoneInfo = _TimeZoneInfo
    client = mods["win32com.client"]
    for name in ("CDispatch", "CoClassBaseClass", "DispatchBaseClass"):
        setattr(client, name, type(name, (), {}))
    client.Dispatch = _Anything()
    client.DispatchEx = _Anything()
    client.gencache = _Anything()
    mods["win32com"].client = client
    mods["win32com"].server = mods["win32com.server"]
    for sub in ("dispatcher", "policy", "util"):
        setattr(mods["win32com.server"], sub, mods[f"win32com.server.{sub}"])
    mods["win32com.server.util"].unwrap = _unwrap
    mods["win32com.server.util"].wrap = lambda obj: obj
    for name in ("win32api", "win32con", "win32gui", "win32process", "win32event"):
        mods[name].__getattr__ = _any_public_name  # type: ignore[method-assign]
    # xlwings asks Excel's process id when it wraps a Range's application: (thread, pid).
    mods["win32process"].GetWindowThreadProcessId = lambda hwnd: (0, 4242)
    return mods


_installed: list[str] = []
_ctypes_added: list[str] = []


def install() -> tuple[types.ModuleType, types.ModuleType, types.ModuleType]:
    """Import xlwings' Windows UDF path with pywin32 stood in for.

    Returns
    -------
    tuple of module
        ``(xlwings._xlwindows, xlwings.udfs, xlwings.com_server)``.
    """
    import importlib

    import xlwings

    for name, module in _modules().items():
        if name not in sys.modules:
            sys.modules[name] = module
            _installed.append(name)
    for name in ("windll", "oledll"):  # ctypes has these on Windows only
        if not hasattr(ctypes, name):
            setattr(ctypes, name, _Anything())
            _ctypes_added.append(name)
    # xlwings.udfs may already be imported with fewer stand-ins (ratecalc_addin's own); the
    # Windows path needs it imported against these.
    for name in _XLWINGS:
        sys.modules.pop(name, None)
    real_pydll = ctypes.PyDLL
    ctypes.PyDLL = _Anything  # type: ignore[misc, assignment]  # it loads pythoncom's DLL
    try:
        xlwindows = importlib.import_module("xlwings._xlwindows")
    finally:
        ctypes.PyDLL = real_pydll  # type: ignore[misc]
    udfs = importlib.import_module("xlwings.udfs")
    com_server = importlib.import_module("xlwings.com_server")
    if "excel" not in [engine.name for engine in xlwings.engines]:
        xlwings.engines.add(xlwings.main.Engine(impl=xlwindows.engine))
    return xlwindows, udfs, com_server


def uninstall() -> None:
    """Remove the stand-ins, xlwings' Windows modules and the Windows engine."""
    import xlwings

    com_server = sys.modules.get("xlwings.com_server")
    if com_server is not None:
        com_server.loop.close()  # the COM server's event loop, created at import
    for name in _XLWINGS:
        sys.modules.pop(name, None)
    for name in _installed:
        sys.modules.pop(name, None)
    _installed.clear()
    for name in _ctypes_added:
        delattr(ctypes, name)
    _ctypes_added.clear()
    engines = xlwings.engines
    engines.engines = [e for e in engines.engines if e.name != "excel"]
    engines.engines_by_name.pop("excel", None)

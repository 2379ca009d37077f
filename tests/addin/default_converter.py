"""RateCalc's UDFs declared as they were before the raw converter, for comparisons.

Each twin runs the same function body; its range arguments go through xlwings' default converter
(``ndim=2, err_to_str=True``: every cell cleaned by xlwings) instead of ``raw`` (cells cleaned by
``ratecalc_addin.excel_values.from_excel`` where they need it). The tests compare the two paths
through xlwings' ``call_udf`` cell for cell; the UDF benchmark times both in one run.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

import ratecalc_addin
from ratecalc_addin.xlwings_classic import arg, func, ret

#: The options every range argument had before it took the raw converter.
DEFAULT_RANGE = {"ndim": 2, "err_to_str": True}
MODULE_NAME = "ratecalc_addin_default_converter"


def twin(udf: Callable[..., Any]) -> Callable[..., Any]:
    """``udf``'s function under its own name, each ``raw`` argument (a range's and, since they
    took ``raw`` too, a one-cell argument's) declared with :data:`DEFAULT_RANGE`, every other
    declaration (the return) as it is."""
    info = udf.__xlfunc__  # type: ignore[attr-defined]
    code = udf.__code__
    copy = types.FunctionType(
        code, udf.__globals__, udf.__name__, udf.__defaults__, udf.__closure__
    )
    copy.__doc__ = udf.__doc__
    for argument in info["args"]:
        options = dict(argument["options"])
        if options.get("convert") == "raw":
            options = dict(DEFAULT_RANGE)
        copy = arg(argument["name"], **options)(copy)
    copy = ret(**info["ret"]["options"])(copy)
    return func(category=info["category"])(copy)  # last: each arg() resets the category


def install() -> str:
    """Register a module of every UDF's twin for xlwings' ``call_udf``; returns its name."""
    module = types.ModuleType(MODULE_NAME, __doc__)
    module.__file__ = ratecalc_addin.__file__  # xlwings checks the file's time on every call
    for udf in ratecalc_addin.UDFS:
        setattr(module, udf.__name__, twin(udf))
    sys.modules[MODULE_NAME] = module
    return MODULE_NAME

"""Which of RateCalc's frozen dataclasses a fresh process has compiled methods for, after a
command's imports: the check that those imports leave ``__repr__``, ``__eq__``, ``__hash__``
and the frozen pair (``__setattr__``, ``__delattr__``) to be made on first use
(``ratecalc.frozen_record``)."""

from __future__ import annotations

import json
import subprocess
import sys

_SURVEY = """
import dataclasses, json, sys, types
sys.modules['pyarrow'] = None
{imports}
found = {{}}
for name, module in sorted(sys.modules.items()):
    if not name.startswith('ratecalc') or module is None:
        continue
    for value in vars(module).values():
        if (isinstance(value, type) and value.__module__ == name
                and dataclasses.is_dataclass(value)
                and value.__dataclass_params__.frozen):
            found[value.__qualname__ + ' in ' + name] = [
                isinstance(value.__dict__.get(m), types.FunctionType)
                for m in ('__repr__', '__eq__', '__hash__', '__setattr__', '__delattr__')]
print(json.dumps(found))
"""


def frozen_methods_after(imports: str, *args: str) -> dict[str, list[bool]]:
    """In a fresh process given ``args``, after running ``imports``: each frozen dataclass of
    RateCalc's modules then loaded ('Name in module') -> whether its ``__repr__``, ``__eq__``,
    ``__hash__``, ``__setattr__`` and ``__delattr__`` are compiled functions in the class."""
    out = subprocess.run([sys.executable, "-c", _SURVEY.format(imports=imports), *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)

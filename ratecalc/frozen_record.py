"""Frozen dataclasses whose ``==``, ``hash()`` and ``repr()`` are made when first used.

Python 3.11's :mod:`dataclasses` makes each method of a class by compiling its source text
when the class is defined: for a frozen class ``__init__``, ``__setattr__``, ``__delattr__``,
``__repr__``, ``__eq__`` and ``__hash__``. A demo refresh imports about 45 such classes and
calls the last three of only three of them (``schema.Column`` and ``schema.Table`` hashed as
cache keys, ``exit_impact.ExitParams``): compiling the rest was most of the cost of making its
dataclasses, itself about 4% of a refresh's instructions (benchmarks/HISTORY.md, branch
speed-refresh-8).

:func:`frozen_record` is ``dataclass(frozen=True)`` with those three made by
:mod:`dataclasses` itself on first use, each from a twin of the class (the same name and
module, and its fields, its bases' included, with their ``repr``, ``hash`` and ``compare``
options, on no base: a base's ``__init_subclass__`` would see the twin, and ``Generic``
refuses it) processed with the options that make that method alone: the same text, hence
the same method, compiled later. ``__init__``, ``__setattr__`` and
``__delattr__`` stay made at once: a frozen ``__init__`` comes with them, and the frozen pair
names the class itself. What differs is only what a program sees by looking inside the class:
its ``__dict__`` holds a :class:`_MadeOnFirstUse` for a method not used yet, and
``__dataclass_params__`` says ``eq=False, repr=False`` (the options of the first pass).
``tests/ratecalc/test_frozen_record.py`` compares each method with ``dataclass(frozen=True)``'s.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, dataclass_transform

_C = TypeVar("_C", bound=type)

#: each method made on first use, and the :func:`dataclasses.dataclass` options that make it
#: alone (``unsafe_hash=True`` on a class neither frozen nor comparing hashes the fields that
#: ``frozen=True, eq=True`` would: both are the module's ``_hash_add``)
_ALONE: dict[str, dict[str, bool]] = {
    "__repr__": {"init": False, "repr": True, "eq": False},
    "__eq__": {"init": False, "repr": False, "eq": True},
    "__hash__": {"init": False, "repr": False, "eq": False, "unsafe_hash": True},
}


class _MadeOnFirstUse:
    """A generated method of a :func:`frozen_record` class, made when first looked up.

    Python looks an operator's method up on the class (``a == b``, ``hash(a)``, ``repr(a)``)
    and binds it through this descriptor, which makes the method, puts it in the class in its
    place and binds that.
    """

    def __init__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # no lock (``ratecalc --help`` imports this module, and threading with a lock): two
        # threads making the method at once each make the same one, and either is kept
        method = self.owner.__dict__[self.name]
        if method is self:
            try:
                method = self._made()
            except BaseException as error:  # noqa: BLE001 - raised by the call, below
                # the slot behind ``==`` and ``hash()`` clears an error of the lookup and
                # compares by identity, or calls the record unhashable: the call raises it
                # (not when this frame itself cannot run, a frame or two under the recursion
                # limit: a window of the first use only)
                return _raising(error)
            setattr(self.owner, self.name, method)
        return method.__get__(instance, owner)

    def _made(self) -> Any:
        # each method reads only the fields and these options of theirs: the twin needs no
        # default, no base and no other name of the class
        fields = dataclasses.fields(self.owner)
        namespace: dict[str, Any] = {
            "__module__": self.owner.__module__, "__qualname__": self.owner.__qualname__,
            "__doc__": self.owner.__doc__ or self.owner.__qualname__,
            "__annotations__": {f.name: f.type for f in fields},
            **{f.name: dataclasses.field(repr=f.repr, hash=f.hash, compare=f.compare)
               for f in fields}}
        twin = type(self.owner.__name__, (), namespace)
        return dataclasses.dataclass(twin, **_ALONE[self.name], match_args=False
                                     ).__dict__[self.name]


def _raising(error: BaseException) -> Any:
    def method(*args: Any, **kwargs: Any) -> Any:
        raise error
    return method


@dataclass_transform(frozen_default=True)
def frozen_record(cls: _C) -> _C:
    """``dataclass(frozen=True)``, its ``__repr__``, ``__eq__`` and ``__hash__`` made on first use.

    Parameters
    ----------
    cls
        The class, as ``@dataclass(frozen=True)`` would take it; it may not define
        ``__repr__``, ``__eq__`` or ``__hash__`` itself.

    Returns
    -------
    type
        The same class, a frozen dataclass.

    Examples
    --------
    >>> @frozen_record
    ... class Span:
    ...     first: int
    ...     last: int = 0
    >>> Span(1, 2) == Span(1, 2), hash(Span(1, 2)) == hash((1, 2)), Span(1)
    (True, True, Span(first=1, last=0))
    """
    own = set(_ALONE) & set(cls.__dict__)
    if "__eq__" in own and cls.__dict__.get("__hash__") is None:
        own.discard("__hash__")  # Python's doing: a class defining __eq__ alone is unhashable
    if own:
        raise TypeError(f"{cls.__qualname__} defines {', '.join(sorted(own))}: "
                        "use dataclass(frozen=True) for it")
    dataclasses.dataclass(cls, frozen=True, repr=False, eq=False)
    for name in _ALONE:
        setattr(cls, name, _MadeOnFirstUse(cls, name))
    return cls

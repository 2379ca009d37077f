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
the same method, compiled later. The frozen pair (``__setattr__``, ``__delattr__``, which
only an assignment to a record or a deletion from one calls, and which refuse it) is made on
first use too, by :mod:`dataclasses`' own function of the pair for the class itself (the pair
names the class: a twin's would not do): where this Python's :mod:`dataclasses` makes the pair
with that function (3.11 and 3.12: :data:`_PAIR_LATER`), the class is processed with it
swapped for one that puts :class:`_MadeOnFirstUse` in the pair's place (a class another thread
makes meanwhile gets the same place-holders, which make its own pair on first use: the same
methods). ``__init__`` stays made at once. What differs is only what a program sees by looking
inside the class: its ``__dict__`` holds a :class:`_MadeOnFirstUse` for a method not used yet,
and ``__dataclass_params__`` says ``eq=False, repr=False`` (the options of the first pass).
``tests/ratecalc/test_frozen_record.py`` compares each method with ``dataclass(frozen=True)``'s.
"""

from __future__ import annotations

import dataclasses
import sys
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


#: The frozen pair, in the order :mod:`dataclasses`' function of it gives them.
_PAIR = ("__setattr__", "__delattr__")
#: That function: ``(cls, fields, globals)`` -> the pair, compiled for ``cls``.
_frozen_pair = getattr(dataclasses, "_frozen_get_del_attr", None)
#: Whether the pair is made on first use (the Pythons whose :mod:`dataclasses` was read to
#: make it so, through that function): elsewhere at once, as ``dataclass(frozen=True)`` does.
_PAIR_LATER = sys.version_info[:2] in ((3, 11), (3, 12)) and _frozen_pair is not None


class _MadeOnFirstUse:
    """A generated method of a :func:`frozen_record` class, made when first looked up.

    Python looks an operator's method up on the class (``a == b``, ``hash(a)``, ``repr(a)``)
    and binds it through this descriptor, which makes the method, puts it in the class in its
    place and binds that.
    """

    def __init__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.name = name
        self.__name__ = name  # dataclasses puts the pair in the class by its functions' names

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
        fields = dataclasses.fields(self.owner)
        if self.name in _PAIR:
            # what dataclasses would have made with the class: its fields, its module's names
            module = sys.modules.get(self.owner.__module__)
            assert _frozen_pair is not None
            method = _frozen_pair(self.owner, list(fields),
                                  module.__dict__ if module is not None else {}
                                  )[_PAIR.index(self.name)]
            method.__qualname__ = f"{self.owner.__qualname__}.{self.name}"
            return method
        # each method reads only the fields and these options of theirs: the twin needs no
        # default, no base and no other name of the class
        namespace: dict[str, Any] = {
            "__module__": self.owner.__module__, "__qualname__": self.owner.__qualname__,
            "__doc__": self.owner.__doc__ or self.owner.__qualname__,
            "__annotations__": {f.name: f.type for f in fields},
            **{f.name: dataclasses.field(repr=f.repr, hash=f.hash, compare=f.compare)
               for f in fields}}
        twin = type(self.owner.__name__, (), namespace)
        return dataclasses.dataclass(twin, **_ALONE[self.name], match_args=False
                                     ).__dict__[self.name]


def _pair_made_later(cls: type, fields: object, globals: object) -> tuple[Any, ...]:
    """In :func:`_frozen_pair`'s place while a class is made: the pair's place-holders."""
    return tuple(_MadeOnFirstUse(cls, name) for name in _PAIR)


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
    if _PAIR_LATER:
        dataclasses._frozen_get_del_attr = _pair_made_later  # type: ignore[attr-defined]
        try:
            dataclasses.dataclass(cls, frozen=True, repr=False, eq=False)
        finally:
            dataclasses._frozen_get_del_attr = _frozen_pair  # type: ignore[attr-defined]
    else:
        dataclasses.dataclass(cls, frozen=True, repr=False, eq=False)
    for name in _ALONE:
        setattr(cls, name, _MadeOnFirstUse(cls, name))
    return cls

"""``frozen_record`` against ``dataclass(frozen=True)`` (issue 14): the same class to every
program that uses it (``==``, ``hash()``, ``repr()``, assignment refused, fields, ``replace``),
its ``__repr__``, ``__eq__`` and ``__hash__`` made only when first used; and a refresh's
imports no longer compiling those methods for RateCalc's frozen dataclasses (they did for all
of them: 45 classes' three methods, of which a demo refresh used three classes' ``__hash__``)."""

from __future__ import annotations

import dataclasses
import sys
import threading
import types
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ratecalc.frozen_record as frozen_record_module
from tests.frozen_methods import frozen_methods_after

#: Class bodies with each kind of field an option can make: no default, a default, a factory,
#: left out of the comparison (hence of the hash), out of the repr, hashed though not compared,
#: a class variable and an init-only variable; and a subclass adding a field.
BODIES = {
    "plain": "class C:\n    a: int\n    b: str = 'x'\n",
    "options": (
        "class C:\n"
        "    a: int\n"
        "    b: list = field(default_factory=list, compare=False)\n"
        "    c: str = field(default='x', repr=False)\n"
        "    d: float = field(default=0.5, hash=True, compare=False)\n"
        "    e: ClassVar[int] = 3\n"
        "    f: InitVar[int] = 0\n"
        "    g: tuple = ()\n"
        "    def __post_init__(self, f):\n"
        "        object.__setattr__(self, 'g', (f,))\n"),
    "subclass": ("class Base:\n    a: int\n    b: str = 'x'\n"
                 "@DECORATOR\nclass C(Base):\n    c: float = 1.0\n"),
    "empty": "class C:\n    '''No fields.'''\n",
    # a plain class made from a record: it may be given other names, not the record's fields
    "plain subclass": ("class Base:\n    a: int\n    b: str = 'x'\n"
                       "class C(Base):\n    pass\n"),
}
DECORATORS = {"dataclass": "dataclass(frozen=True)", "frozen_record": "frozen_record"}


def _classes(body: str) -> dict[str, type]:
    """The body's class ``C`` made by each decorator, each in a module of its own."""
    made = {}
    for kind, decorator in DECORATORS.items():
        module = types.ModuleType(f"frozen_record_case_{kind}")
        sys.modules[module.__name__] = module
        exec("from __future__ import annotations\n"  # as RateCalc's modules are written
             "from dataclasses import InitVar, dataclass, field\n"
             "from typing import ClassVar\n"
             "from ratecalc.frozen_record import frozen_record\n"
             f"@{decorator}\n" + body.replace("DECORATOR", decorator), module.__dict__)
        made[kind] = module.C
    return made


def _outcome(action: Any) -> tuple[str, str]:
    try:
        return "returned", repr(action())
    except Exception as error:  # noqa: BLE001 - the outcome compared is the error itself
        return type(error).__name__, str(error)


def _behaviour(cls: type, *args: Any) -> list[Any]:
    """What a program using ``cls`` sees, as plain values comparable across classes."""
    one, same, other = cls(*args), cls(*args), cls(*[3 for _ in args])
    return [
        repr(one), one == same, one != same, one == other, one == args, hash(one) == hash(same),
        hash(one), repr(other), hash(other), one.__eq__(args),
        _outcome(lambda: setattr(one, "a", 1)), _outcome(lambda: setattr(one, "zz", 1)),
        _outcome(lambda: delattr(one, "a")), _outcome(lambda: delattr(one, "zz")),
        [(f.name, f.type, f.default, f.default_factory, f.repr, f.hash, f.compare, f.init)
         for f in dataclasses.fields(cls)],
        dataclasses.asdict(one), repr(dataclasses.replace(one)), cls.__match_args__,
        cls.__doc__, [type(cls).__getattribute__(cls, name).__qualname__
                      for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__",
                                   "__delattr__")],
        {one, same, other} == {one, other},
    ]


def _instance_args(body: str) -> tuple[Any, ...]:
    return () if body == BODIES["empty"] else (2,)


@pytest.mark.parametrize("body", list(BODIES), ids=list(BODIES))
def test_a_frozen_record_behaves_as_a_frozen_dataclass(body: str) -> None:
    made = _classes(BODIES[body])
    args = _instance_args(BODIES[body])
    assert _behaviour(made["frozen_record"], *args) == _behaviour(made["dataclass"], *args)


@given(a=st.integers() | st.text(), b=st.text(), c=st.floats(allow_nan=False),
       other=st.integers() | st.text(), other_b=st.text())
def test_equality_hash_and_repr_follow_the_fields(a: Any, b: str, c: float, other: Any,
                                                  other_b: str) -> None:
    """For any field values, both classes agree on ``==`` between two records, ``hash()``
    and ``repr()``."""
    made = _classes(BODIES["subclass"])
    seen = []
    for cls in made.values():
        one, two = cls(a, b, c), cls(other, other_b, c)
        seen.append((one == two, one != two, hash(one), hash(two), repr(one), repr(two)))
    assert seen[0] == seen[1]


#: Each method made on first use, and a use of it.
USES = {"__repr__": repr, "__eq__": lambda r: r == r, "__hash__": hash,
        "__setattr__": lambda r: _outcome(lambda: setattr(r, "a", 3)),
        "__delattr__": lambda r: _outcome(lambda: delattr(r, "a"))}
#: Whether this Python has the frozen pair made on first use too (3.11, 3.12, whose
#: dataclasses frozen_record was read against): elsewhere (3.13's makes it otherwise) the pair
#: is made with the class, as ``dataclass(frozen=True)`` makes it.
PAIR_LATER = sys.version_info[:2] in ((3, 11), (3, 12))
#: The methods made on first use under this Python.
LATER = [name for name in USES
         if PAIR_LATER or name not in ("__setattr__", "__delattr__")]


@pytest.mark.parametrize("name", list(USES))
def test_each_method_is_made_on_first_use_and_kept(name: str) -> None:
    """Each method is made by its first use and kept; the frozen pair where this Python makes
    it later (:data:`PAIR_LATER`), else at once (its use then refusing as before)."""
    cls = _classes(BODIES["options"])["frozen_record"]
    assert isinstance(cls.__dict__[name], types.FunctionType) == (name not in LATER)
    USES[name](cls(1))
    made = cls.__dict__[name]
    assert isinstance(made, types.FunctionType)
    assert made.__qualname__ == f"C.{name}"
    assert getattr(cls, name) is made
    others = set(LATER) - {name}
    assert not any(isinstance(cls.__dict__[o], types.FunctionType) for o in others)


def test_a_class_defining_its_own_comparison_is_refused() -> None:
    with pytest.raises(TypeError, match=r"C defines __eq__: use dataclass\(frozen=True\)"):
        _classes("class C:\n    a: int\n    def __eq__(self, other):\n        return True\n")


#: Imports a refresh makes.
_REFRESH_IMPORTS = """
import ratecalc_cli.main, ratecalc_cli.refresh, ratecalc_workbook.refresh
import ratecalc_workbook.ignored_errors
"""


def test_a_refresh_imports_no_compiled_comparison_of_its_frozen_dataclasses() -> None:
    """A fresh process, as ``ratecalc refresh`` imports its modules: every frozen dataclass
    of RateCalc's among them has its three methods and its frozen pair still to make (before
    frozen_record, all of them were compiled at import)."""
    found = frozen_methods_after(_REFRESH_IMPORTS)
    assert len(found) >= 40, sorted(found)
    # the survey's order: __repr__, __eq__, __hash__, __setattr__, __delattr__
    at_once = [name not in LATER for name in USES]
    compiled = {name: made for name, made in found.items() if made != at_once}
    assert compiled == {}


def test_threads_making_a_method_at_once_all_get_the_dataclass_one() -> None:
    """No lock: each thread that finds the method unmade makes it; every one compares,
    hashes and shows as ``dataclass(frozen=True)`` does."""
    made = _classes(BODIES["options"])
    expected = _behaviour(made["dataclass"], 2)
    barrier = threading.Barrier(8)
    seen: list[list[Any]] = []

    def use() -> None:
        barrier.wait()
        seen.append(_behaviour(made["frozen_record"], 2))

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [expected] * 8


#: Bases whose ``__init_subclass__`` runs for every class made from them: typing's ``Generic``
#: (which refuses a class naming it without its parameters) and a registry of subclasses.
_BASES = (
    "from typing import Generic, TypeVar\n"
    "T = TypeVar('T')\n"
    "made = []\n"
    "class Registered:\n"
    "    def __init_subclass__(cls, **kwargs):\n"
    "        super().__init_subclass__(**kwargs)\n"
    "        made.append(cls.__name__)\n")


@pytest.mark.parametrize("base", ["Generic[T]", "Registered"])
def test_a_record_with_a_base_that_sees_its_subclasses(base: str) -> None:
    """A base's ``__init_subclass__`` sees the record once, as with ``dataclass(frozen=True)``;
    making a method later runs none of it (a class made from ``Generic``'s bare form is
    refused, and ``==`` then fell back to identity, ``hash()`` to 'unhashable type')."""
    seen = {}
    for kind, decorator in DECORATORS.items():
        module = types.ModuleType(f"frozen_record_base_{kind}")
        sys.modules[module.__name__] = module
        exec("from __future__ import annotations\n"
             "from dataclasses import dataclass\n"
             "from ratecalc.frozen_record import frozen_record\n" + _BASES
             + f"@{decorator}\nclass C({base}):\n    a: int\n    b: str = 'x'\n",
             module.__dict__)
        cls = module.C
        one, same = cls(2), cls(2)
        seen[kind] = [one == same, one != same, one == cls(3), hash(one) == hash(same),
                      hash(one), repr(one), list(module.made)]
    assert seen["frozen_record"] == seen["dataclass"]
    assert seen["dataclass"][:4] == [True, False, False, True]


@pytest.mark.skipif(not PAIR_LATER, reason="this Python makes the frozen pair with the class")
@pytest.mark.parametrize("use", ["assign", "delete"])
def test_a_frozen_pair_that_cannot_be_made_raises_and_is_made_at_the_next_use(
        use: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C while the first assignment to a record (or deletion) makes the method refusing
    it: the interrupt is raised, nothing is assigned, and the next use makes it and refuses."""
    cls = _classes(BODIES["plain"])["frozen_record"]
    one = cls(2)
    action = {"assign": lambda: setattr(one, "a", 3), "delete": lambda: delattr(one, "a")}[use]

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(frozen_record_module, "_frozen_pair", interrupted)
        with pytest.raises(KeyboardInterrupt):
            action()
    with pytest.raises(dataclasses.FrozenInstanceError, match="field 'a'"):
        action()
    assert one.a == 2


@pytest.mark.parametrize("use", ["==", "!=", "hash"])
def test_a_method_that_cannot_be_made_raises_rather_than_compare_by_identity(
        use: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C while the first ``==`` of a record compiles its method (``dataclasses`` raising
    as it makes it). The slot behind ``==``, ``!=`` and ``hash()`` clears an error of the
    method's lookup: ``==`` compared by identity, so two equal records were unequal without
    a word, and ``hash()`` said 'unhashable type'. The interrupt is raised instead, and the
    method made at the next use."""
    cls = _classes(BODIES["plain"])["frozen_record"]
    one, same = cls(2), cls(2)
    action = {"==": lambda: one == same, "!=": lambda: one != same,
              "hash": lambda: hash(one) == hash(same)}[use]

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(dataclasses, "dataclass", interrupted)
        with pytest.raises(KeyboardInterrupt):
            action()
    assert action() is (use != "!=")

"""Lists that a command opens around its work, for deep code to tell it what happened.

A command must say which files it wrote, which of the user's files it kept a copy of, and
which old copies it could not delete; the code that does those things is several calls below
it. Each such kind of news has one :class:`Noticeboard`: the command opens a block, and every
item told while the block is open lands in its list (in each open block's, when blocks nest).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Noticeboard(Generic[T]):
    """The lists of the blocks open now, each given every item told."""

    def __init__(self) -> None:
        self._open: list[list[T]] = []

    @contextlib.contextmanager
    def block(self) -> Iterator[list[T]]:
        """Yield a list that receives each item told during the block."""
        items: list[T] = []
        self._open.append(items)
        try:
            yield items
        finally:
            # by identity: two open blocks may hold equal lists (both empty), and list.remove
            # compares by value
            del self._open[next(i for i, held in enumerate(self._open) if held is items)]

    @contextlib.contextmanager
    def unheard(self) -> Iterator[None]:
        """Items told in this block reach none of the blocks open around it."""
        saved = self._open[:]
        self._open.clear()
        try:
            yield
        finally:
            self._open[:] = saved

    def tell(self, item: T) -> None:
        """Give ``item`` to every open block."""
        for items in self._open:
            items.append(item)

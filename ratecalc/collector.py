"""Python's cycle collector paused around work that makes many objects and leaves few cycles.

Each collection walks every object the process holds; work that makes hundreds of thousands of
small objects that live until it ends (a TiC file's prices, a workbook's cells, a UDF's result
rows) triggers hundreds of collections that find nothing to free. Reference counting still frees
what is dropped; cycles wait for the next collection after the block.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[bool]:
    """The cycle collector off for the block (on again after, if it was on); the block gets
    whether it was on, i.e. whether it will collect what the block leaves."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield was_enabled
    finally:
        if was_enabled:
            gc.enable()

"""Where the optional shared reference data is: ``../shared/data`` beside the checkout, or
``RATECALC_SHARED_DATA`` (a worktree elsewhere, a CI cache). Tests that read it skip without it."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("RATECALC_SHARED_DATA",
                             Path(__file__).resolve().parents[1].parent / "shared" / "data"))

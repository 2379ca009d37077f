"""The built-in demo clinic (fictional), shipped with the package."""

from __future__ import annotations

from importlib import resources

from ratecalc.dataset import ClinicData
from ratecalc.loaders import load_folder, require


def demo_data() -> ClinicData:
    """The demo clinic's tables, validated (see ratecalc/data/demo/README.md)."""
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        return require(load_folder(folder))

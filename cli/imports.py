"""``ratecalc import ...``: bring outside data (remittances, market rates, fee schedules) in.

Each kind of import lives in its own module with ``register(import_subparsers)``; only the kind
being run is imported (the others are placeholders carrying their help line), as for the commands
themselves (:mod:`ratecalc_cli.main`).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from ratecalc_cli.main import chosen_word, skip_pyarrow

# (kind, module, help) in the order `ratecalc import --help` lists them. A module named here must
# define register(kinds) adding a parser of the same name with the same help (a test checks).
IMPORT_KINDS: tuple[tuple[str, str, str], ...] = (
    ("remittances", "ratecalc_cli.import_remittances_parser",
     "X12 835 remittances: rates actually paid, denials, days to payment"),
    ("market-rates", "ratecalc_cli.import_market_rates_parser",
     "Transparency-in-Coverage in-network files: market rates per code"),
    ("fee-schedule", "ratecalc_cli.import_fee_schedule",
     "a payer's fee schedule (CSV/XLSX) into the workbook"),
)
IMPORT_MODULES = [module for _, module, _ in IMPORT_KINDS]
#: The kinds that may write the Parquet market-rate store (``--store``): pandas keeps pyarrow.
#: The others run without it, as the commands without the ``pyarrow`` flag do
#: (:func:`ratecalc_cli.main.skip_pyarrow`).
PYARROW_KINDS = frozenset({"market-rates"})


def register(subparsers: argparse._SubParsersAction, words: Sequence[str] | None = None) -> None:
    """Add ``import`` with its kinds; ``words`` (what follows ``import`` on the command line)
    names the kind to register in full, ``None`` registers every kind in full."""
    parser = subparsers.add_parser(
        "import", help="import remittances, market rates, fee schedules",
        description="Bring outside data in: X12 835 remittances (rates actually paid), "
        "Transparency-in-Coverage in-network files (market rates) and a payer's fee schedule "
        "(into the workbook). Each kind has its own --help.")
    kinds = parser.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    name = chosen_word(words)[0] if words is not None else None
    for kind, module, help_line in IMPORT_KINDS:
        if words is not None and kind != name:
            kinds.add_parser(kind, help=help_line)
            continue
        if words is not None and kind not in PYARROW_KINDS:
            skip_pyarrow()
        importlib.import_module(module).register(kinds)

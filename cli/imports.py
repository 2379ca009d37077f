"""``ratecalc import ...``: bring outside data (remittances, market rates, fee schedules) in.

Each kind of import lives in its own module with ``register(import_subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib

IMPORT_MODULES = [
    "ratecalc_cli.import_remittances",
    "ratecalc_cli.import_market_rates",
    "ratecalc_cli.import_fee_schedule",
]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="import remittances, market rates, fee schedules")
    kinds = parser.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    for name in IMPORT_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # not written yet
        module.register(kinds)

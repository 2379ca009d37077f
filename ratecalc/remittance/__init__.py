"""X12 835 remittances: what payers actually paid, line by line, exactly.

Layers, outermost first: :mod:`~ratecalc.remittance.importer` reads files and folders;
:mod:`~ratecalc.remittance.parser` walks the 835 loops over the segments that
:mod:`~ratecalc.remittance.tokenizer` splits with the ISA's own delimiters;
:mod:`~ratecalc.remittance.repeated_payments` leaves out a payment read twice;
:mod:`~ratecalc.remittance.tables` maps them to our columns and nets reversals;
:mod:`~ratecalc.remittance.paid_rates` decides the rate a payer paid and from when;
:mod:`~ratecalc.remittance.summary` and :mod:`~ratecalc.remittance.canonical` turn the lines into
per-payer rates and metrics and into the Fee Schedules and Metrics tables.
:mod:`~ratecalc.remittance.synthetic` writes 835s for tests and benchmarks.
"""

from ratecalc.remittance.canonical import canonical_tables, fee_schedules, metrics
from ratecalc.remittance.importer import Remittances, import_remittances, read_remittance
from ratecalc.remittance.summary import summarize_codes, summarize_payers

__all__ = [
    "Remittances",
    "canonical_tables",
    "fee_schedules",
    "import_remittances",
    "metrics",
    "read_remittance",
    "summarize_codes",
    "summarize_payers",
]

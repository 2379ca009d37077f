"""Medicare Physician Fee Schedule: amounts by code, locality and date of service.

Public API: :func:`medicare_amounts` (vectorized), :func:`medicare_amount` (one code),
:func:`national_fee_schedule` (every code x every locality), :func:`conversion_factor`,
:func:`conversion_factors`, :func:`resolve_locality`, :func:`releases`, :class:`PaymentOptions`.
"""

from ratecalc.medicare.conversion import conversion_factor, conversion_factors
from ratecalc.medicare.engine import (
    AMOUNT_HEADERS,
    AMOUNT_UNITS,
    PAYABLE_ALTERNATIVE,
    PaymentOptions,
    medicare_amount,
    medicare_amounts,
    medicare_columns,
    national_fee_schedule,
    parse_date,
)
from ratecalc.medicare.localities import locality_table, resolve_locality
from ratecalc.medicare.store import Release, release_for, releases

__all__ = [
    "AMOUNT_HEADERS",
    "AMOUNT_UNITS",
    "PAYABLE_ALTERNATIVE",
    "PaymentOptions",
    "Release",
    "conversion_factor",
    "conversion_factors",
    "locality_table",
    "medicare_amount",
    "medicare_amounts",
    "medicare_columns",
    "national_fee_schedule",
    "parse_date",
    "release_for",
    "releases",
    "resolve_locality",
]

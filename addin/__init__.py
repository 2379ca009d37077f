"""RateCalc's Excel add-in (import name ``ratecalc_addin``): UDFs, ribbon actions, .xlam builder.

The add-in's config sheet names this package as xlwings' ``UDF Modules``, so every worksheet
function is an attribute of it (``ratecalc_addin.RATEGAP``), and the ribbon's one VBA callback
runs ``ratecalc_addin.ribbon_action(control_id)``.
"""

from .ribbon import ribbon_action
from .udfs import (
    ASSISTANT_MODIFIER,
    EXIT_IMPACT,
    FIXED_VS_PCT,
    MEDICARE_RATE,
    NEGOTIATION_START,
    NOTICE_DEADLINE,
    PCT_OF_MEDICARE,
    PROPOSED_RATE,
    RATEGAP,
    REVENUE_IMPACT,
    THERAPY_UNITS,
    UDFS,
)

__all__ = [
    "ASSISTANT_MODIFIER",
    "EXIT_IMPACT",
    "FIXED_VS_PCT",
    "MEDICARE_RATE",
    "NEGOTIATION_START",
    "NOTICE_DEADLINE",
    "PCT_OF_MEDICARE",
    "PROPOSED_RATE",
    "RATEGAP",
    "REVENUE_IMPACT",
    "THERAPY_UNITS",
    "UDFS",
    "ribbon_action",
]

"""Which procedure-code modifiers change what a payer allows for a code.

A fee-schedule row or a remittance line with a pricing modifier is a different rate: an assistant
service (CQ, CO: paid at 85%, DOMAIN.md section 3), a professional or technical component (26,
TC), a reduced or discontinued service (52, 53), a bilateral procedure (50) or an assistant at
surgery (80, 81, 82, AS). Informational modifiers (the therapy discipline GP, GO, GN; 59, KX,
X{EPSU}) say who furnished the service or why it was billed, not how it is priced, so a row
carrying one is the code's own rate.
"""

from __future__ import annotations

#: The modifiers of a service furnished in part by a PT (CQ) or OT (CO) assistant, which the
#: Contracts' ``assistant_reduction`` cuts.
ASSISTANT_MODIFIERS = ("CQ", "CO")
PRICING_MODIFIERS = frozenset({*ASSISTANT_MODIFIERS, "26", "TC", "52", "53", "50", "80", "81",
                               "82", "AS"})

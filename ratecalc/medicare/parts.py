"""Who pays what of a Medicare allowed amount: Medicare's payment, the patient's share and the
sequestration cut, each named, so nobody reads the total collected as Medicare's payment.

The patient's coinsurance (20% after the deductible) is computed on the full allowed amount;
the CQ/CO assistant reduction (85%) and sequestration (2%) cut Medicare's share alone
(DOMAIN.md section 3). CQ and CO are for services by a PT assistant (CQ) or an OT assistant
(CO): none is for a speech-language pathology assistant, so the reduction shown for a speech
code, or a code not "always therapy", is said to rest on that (:func:`assistant_warnings`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.medicare.engine import MPPR_ALWAYS_THERAPY

COINSURANCE = Decimal("0.20")
ASSISTANT_SHARE = Decimal("0.85")
SEQUESTRATION = Decimal("0.02")
CENT = Decimal("0.01")

#: Speech-language pathology codes: speech, language, voice, fluency and swallowing treatment
#: and evaluation, augmentative-communication device services, aphasia testing. Of these an OT
#: may furnish some (swallowing therapy, 92526) under an OT plan of care.
SPEECH_LANGUAGE_CODES = frozenset({
    "92507", "92508", "92521", "92522", "92523", "92524", "92526", "92597", "92605", "92606",
    "92607", "92608", "92609", "92610", "92618", "92626", "92627", "92630", "92633", "96105",
})


def _cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def payment_parts(allowed: float | Decimal, *, assistant: bool = False,
                  sequestration: bool = False,
                  coinsurance: Decimal = COINSURANCE) -> dict[str, Decimal]:
    """Split an allowed amount into its named parts [USD, cents].

    Returns
    -------
    dict
        ``allowed``, ``patient_share`` (coinsurance x allowed), ``medicare_before_cuts``
        (the rest), ``assistant_reduction`` (15% of Medicare's share with ``assistant``),
        ``sequestration_amount`` (2% of what Medicare then pays), ``medicare_payment`` and
        ``total_collected`` = Medicare's payment + the patient's share.

    Examples
    --------
    >>> parts = payment_parts(100, assistant=True, sequestration=True)
    >>> parts["patient_share"], parts["medicare_payment"], parts["sequestration_amount"]
    (Decimal('20.00'), Decimal('66.64'), Decimal('1.36'))
    """
    amount = _cents(Decimal(str(allowed)))
    patient = _cents(amount * coinsurance)
    medicare = amount - patient
    reduction = _cents(medicare * (1 - ASSISTANT_SHARE)) if assistant else Decimal("0.00")
    after = medicare - reduction
    seq = _cents(after * SEQUESTRATION) if sequestration else Decimal("0.00")
    payment = after - seq
    return {"allowed": amount, "patient_share": patient, "medicare_before_cuts": medicare,
            "assistant_reduction": reduction, "sequestration_amount": seq,
            "medicare_payment": payment, "total_collected": payment + patient}


#: Columns of :func:`parts_table`: the row's code, locality and date, and each part in dollars.
PART_UNITS: dict[str, Unit] = {
    "code": Unit.TEXT, "locality": Unit.TEXT, "date_of_service": Unit.DATE,
    "allowed": Unit.MONEY, "patient_share": Unit.MONEY, "medicare_before_cuts": Unit.MONEY,
    "assistant_reduction": Unit.MONEY, "sequestration_amount": Unit.MONEY,
    "medicare_payment": Unit.MONEY, "total_collected": Unit.MONEY,
}
#: Headers of :data:`PART_UNITS`' columns in words, for a table printed for people.
PART_HEADERS: dict[str, str] = {
    "code": "Code", "locality": "Locality", "date_of_service": "Date of service",
    "allowed": "Allowed", "patient_share": "Patient share",
    "medicare_before_cuts": "Medicare before cuts", "assistant_reduction": "Assistant reduction",
    "sequestration_amount": "Sequestration", "medicare_payment": "Medicare payment",
    "total_collected": "Total collected",
}


def parts_table(allowed: pd.DataFrame, *, assistant: bool, sequestration: bool) -> pd.DataFrame:
    """:func:`payment_parts` for each row of a ``medicare_amounts`` table (its ``amount``
    without the assistant and sequestration options); rows with a problem are left out."""
    rows = []
    for r in allowed.itertuples():
        if isinstance(r.problem, str) or pd.isna(r.amount):
            continue
        parts = payment_parts(float(r.amount), assistant=assistant, sequestration=sequestration)
        rows.append({"code": r.code, "locality": r.locality,
                     "date_of_service": r.date_of_service,
                     **{k: float(v) for k, v in parts.items()}})
    return pd.DataFrame(rows)


def assistant_warnings(table: pd.DataFrame) -> list[str]:
    """What the CQ/CO assistant reduction shown for each code of a ``medicare_amounts`` table
    rests on, where it is not plainly a PT or OT assistant's service: a speech-language
    pathology code (:data:`SPEECH_LANGUAGE_CODES`; no modifier is for a speech-language
    pathology assistant), else a code that is not "always therapy" (:func:`not_therapy`).
    Each is shown with the reduction, as asked, never refused: an OT may furnish 92526.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"code": ["97110", "92507"], "mult_proc": ["5", "5"],
    ...                       "problem": [None, None]})
    >>> [w[:45] for w in assistant_warnings(table)]
    ['92507 is a speech-language pathology code: CQ']
    """
    words = []
    other = set(not_therapy(table))
    for code in dict.fromkeys(str(c) for c, p in zip(table["code"], table["problem"],
                                                      strict=True) if not isinstance(p, str)):
        if code in SPEECH_LANGUAGE_CODES:
            words.append(
                f"{code} is a speech-language pathology code: CQ and CO are for services by a "
                f"PT assistant (CQ) or an OT assistant (CO), none for a speech-language "
                f"pathology assistant; its assistant reduction (Medicare's share paid at 85%) "
                f"applies only where a PT or OT assistant furnished it under a PT or OT plan of "
                f"care, and is shown as if one did")
        elif code in other:
            # a "sometimes therapy" code furnished under a therapy plan of care takes CQ/CO
            # too, and no bundled table tells those apart
            words.append(
                f"{code} is not an \"always therapy\" code (multiple-procedure indicator 5): "
                f"CQ/CO apply to it only when it is furnished as therapy under a therapy plan "
                f"of care; its assistant reduction is shown as if it were")
    return words


def not_therapy(table: pd.DataFrame) -> list[str]:
    """Codes of a ``medicare_amounts`` table that are not "always therapy" (MPPR indicator 5):
    the CQ/CO assistant reduction applies to them only when furnished as therapy under a plan of
    care (a "sometimes therapy" code), which the table cannot tell."""
    return [str(c) for c, m, p in zip(table["code"], table["mult_proc"], table["problem"],
                                      strict=True)
            if not isinstance(p, str) and m != MPPR_ALWAYS_THERAPY]

"""Write X12 835 remittances from a small model: for tests, demos and benchmarks.

The model is balanced by construction: a claim's charge is the sum of its lines' charges, its
payment is the lines' payments less the claim-level adjustments, and a payment (BPR02) is the
claims' payments less the provider-level adjustments. Each line must balance itself
(``charge = paid + adjustments``); :func:`random_payments` builds lines that do. Patient names and
member ids written here are invented.

This module shares no code with the parser, so that writing and reading check each other.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ratecalc.remittance.tokenizer import Delimiters

Triple = tuple[str, str, Decimal]  # (group or reason, reason or reference, amount [USD])

STANDARD = Delimiters("*", ":", "~", "^")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineSpec:
    """A service line: amounts in USD, ``adjustments`` as (group, reason, amount) triples."""

    code: str
    charge: Decimal
    paid: Decimal
    adjustments: tuple[Triple, ...] = ()
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal(1)
    service_date: date = date(2025, 1, 6)
    allowed_reported: Decimal | None = None


@dataclass(frozen=True)
class ClaimSpec:
    """A claim; ``adjustments`` are claim-level (group, reason, amount) triples."""

    claim_id: str
    lines: tuple[LineSpec, ...]
    status: str = "1"
    adjustments: tuple[Triple, ...] = ()
    payer_claim_id: str = ""
    frequency: str = "1"
    patient: tuple[str, str] = ("SAMPLE", "PAT")
    member_id: str = "ZZ0000000"

    @property
    def charge(self) -> Decimal:
        """Claim charge [USD]: the sum of line charges."""
        return sum((line.charge for line in self.lines), Decimal(0))

    @property
    def paid(self) -> Decimal:
        """Claim payment [USD]: line payments less claim-level adjustments."""
        return sum((line.paid for line in self.lines), Decimal(0)) - sum(
            (a[2] for a in self.adjustments), Decimal(0)
        )

    @property
    def patient_responsibility(self) -> Decimal:
        """CLP05 [USD]: every PR adjustment of the claim and its lines."""
        triples = [*self.adjustments, *(a for line in self.lines for a in line.adjustments)]
        return sum((a[2] for a in triples if a[0] == "PR"), Decimal(0))


@dataclass(frozen=True)
class PaymentSpec:
    """One payment (an ST/SE transaction); ``provider_adjustments`` are PLB (reason, reference,
    amount) triples, a positive amount reducing the payment."""

    payer: str
    payer_id: str
    payment_date: date
    claims: tuple[ClaimSpec, ...]
    provider_adjustments: tuple[Triple, ...] = ()
    payee: str = "EXAMPLE THERAPY GROUP"
    payee_npi: str = "1234567893"
    check_number: str = "EFT000001"

    @property
    def payment(self) -> Decimal:
        """BPR02 [USD]: claim payments less provider-level adjustments."""
        return sum((c.paid for c in self.claims), Decimal(0)) - sum(
            (a[2] for a in self.provider_adjustments), Decimal(0)
        )


def write_835(
    payments: Sequence[PaymentSpec],
    delimiters: Delimiters = STANDARD,
    *,
    line_break: str = "\n",
    payments_per_interchange: int | None = None,
    include_patient_data: bool = True,
) -> str:
    """Write payments as X12 835 text (version 005010X221A1).

    Parameters
    ----------
    payments : sequence of PaymentSpec
    delimiters : Delimiters
        Separators to write with; values must not contain them.
    line_break : str
        Written after each segment terminator: ``"\\n"``, ``"\\r\\n"`` or ``""``.
    payments_per_interchange : int, optional
        Start a new ISA/GS interchange after this many payments (default: one interchange).
    include_patient_data : bool
        Write NM1*QC patient segments (invented names).

    Returns
    -------
    str
    """
    segments = segments_835(payments, payments_per_interchange=payments_per_interchange,
                            include_patient_data=include_patient_data)
    return serialize(segments, delimiters, line_break=line_break)


def serialize(
    segments: Sequence[Sequence[Sequence[str] | str]], delimiters: Delimiters = STANDARD, *,
    line_break: str = "\n",
) -> str:
    """Join segments (lists of elements; a composite is a sequence of components) into text.

    The ISA's ISA11 and ISA16 are filled in from ``delimiters``.
    """
    out = []
    terminator = delimiters.segment + line_break
    for segment in segments:
        elements = list(segment)
        if elements[0] == "ISA":
            elements[11] = delimiters.repetition or "U"
            elements[16] = delimiters.component
        out.append(delimiters.element.join(
            e if isinstance(e, str) else delimiters.component.join(e) for e in elements
        ))
    return terminator.join(out) + terminator


def segments_835(
    payments: Sequence[PaymentSpec], *, payments_per_interchange: int | None = None,
    include_patient_data: bool = True,
) -> list[list[str | tuple[str, ...]]]:
    """The segments of an 835 for ``payments``, as lists of elements (composites as tuples)."""
    per = payments_per_interchange or max(len(payments), 1)
    out: list[list[str | tuple[str, ...]]] = []
    for start in range(0, max(len(payments), 1), per):
        group = payments[start : start + per]
        number = f"{start // per + 1:09d}"
        out.append(["ISA", "00", " " * 10, "00", " " * 10, "ZZ", "PAYERSENDER    ",
                    "ZZ", "CLINICRECEIVER ", "250301", "1200", "^", "00501", number, "0", "P",
                    ":"])
        out.append(["GS", "HP", "PAYERSENDER", "CLINICRECEIVER", "20250301", "1200",
                    str(start // per + 1), "X", "005010X221A1"])
        for index, payment in enumerate(group, start=1):
            body = _transaction(payment, include_patient_data)
            control = f"{index:04d}"
            out.append(["ST", "835", control, "005010X221A1"])
            out.extend(body)
            out.append(["SE", str(len(body) + 2), control])
        out.append(["GE", str(len(group)), str(start // per + 1)])
        out.append(["IEA", "1", number])
    return out


def _money(amount: Decimal) -> str:
    return format(amount, "f")


def _cas(triples: Sequence[Triple]) -> list[list[str | tuple[str, ...]]]:
    """CAS segments: one per group, at most six reason/amount pairs each."""
    out: list[list[str | tuple[str, ...]]] = []
    groups: dict[str, list[Triple]] = {}
    for triple in triples:
        groups.setdefault(triple[0], []).append(triple)
    for group, items in groups.items():
        for start in range(0, len(items), 6):
            segment: list[str | tuple[str, ...]] = ["CAS", group]
            for _, reason, amount in items[start : start + 6]:
                segment += [reason, _money(amount), ""]
            while segment[-1] == "":
                segment.pop()
            out.append(segment)
    return out


def _transaction(
    payment: PaymentSpec, include_patient_data: bool
) -> list[list[str | tuple[str, ...]]]:
    day = payment.payment_date.strftime("%Y%m%d")
    body: list[list[str | tuple[str, ...]]] = [
        ["BPR", "I", _money(abs(payment.payment)), "C" if payment.payment >= 0 else "D", "ACH",
         "CCP", "01", "999999992", "DA", "123456", "1512345678", "", "01", "999988880", "DA",
         "98765", day],
        ["TRN", "1", payment.check_number, "1" + payment.payer_id],
        ["DTM", "405", day],
        ["N1", "PR", payment.payer, "XV", payment.payer_id],
        ["N3", "PO BOX 1"],
        ["N4", "ANYTOWN", "NY", "10001"],
        ["PER", "BL", "PROVIDER SERVICES", "TE", "8005550100"],
        ["N1", "PE", payment.payee, "XX", payment.payee_npi],
        ["LX", "1"],
    ]
    for claim in payment.claims:
        body.append(["CLP", claim.claim_id, claim.status, _money(claim.charge),
                     _money(claim.paid), _money(claim.patient_responsibility), "12",
                     claim.payer_claim_id or claim.claim_id + "X", "11", claim.frequency])
        body.extend(_cas(claim.adjustments))
        if include_patient_data:
            body.append(["NM1", "QC", "1", claim.patient[0], claim.patient[1], "", "", "",
                         "MI", claim.member_id])
        if claim.lines:
            body.append(["DTM", "232", min(li.service_date for li in claim.lines)
                         .strftime("%Y%m%d")])
        for number, line in enumerate(claim.lines, start=1):
            segment: list[str | tuple[str, ...]] = [
                "SVC", ("HC", line.code, *line.modifiers), _money(line.charge),
                _money(line.paid), "", _money(line.units),
            ]
            body.append(segment)
            body.append(["DTM", "472", line.service_date.strftime("%Y%m%d")])
            body.extend(_cas(line.adjustments))
            body.append(["REF", "6R", f"{claim.claim_id}L{number}"])
            if line.allowed_reported is not None:
                body.append(["AMT", "B6", _money(line.allowed_reported)])
    for start in range(0, len(payment.provider_adjustments), 6):
        segment = ["PLB", payment.payee_npi, f"{payment.payment_date.year}1231"]
        for reason, reference, amount in payment.provider_adjustments[start : start + 6]:
            segment += [(reason, reference) if reference else reason, _money(amount)]
        body.append(segment)
    return body


#: Therapy codes with a plausible allowed amount per unit [USD], for generated remittances.
THERAPY_RATES: dict[str, Decimal] = {
    "97110": Decimal("31.20"), "97140": Decimal("28.90"), "97112": Decimal("35.10"),
    "97530": Decimal("36.40"), "97116": Decimal("30.05"), "97535": Decimal("33.75"),
    "97161": Decimal("98.40"), "97162": Decimal("98.40"), "97164": Decimal("67.25"),
    "G0283": Decimal("12.10"),
}
PAYERS: tuple[tuple[str, str, Decimal], ...] = (
    ("ACME HEALTH PLAN", "11111", Decimal("1.00")),
    ("BLUE PEAK INSURANCE", "22222", Decimal("1.12")),
    ("SUMMIT CARE", "33333", Decimal("0.94")),
)


def random_payments(
    claims: int, *, seed: int = 0, claims_per_payment: int = 50, start: date = date(2025, 1, 6)
) -> list[PaymentSpec]:
    """Balanced therapy-clinic payments with realistic variety.

    Lines have 1-4 units, GP (sometimes CQ or 59) modifiers, a contractual write-down (CO-45),
    copays or coinsurance (PR-3, PR-2), now and then a denial (CO-97) or a deductible (PR-1);
    some payments carry a PLB interest (L6) or withholding (WO).

    Parameters
    ----------
    claims : int
        Number of claims.
    seed : int
        Random seed: the same seed gives the same payments.
    claims_per_payment : int
        Claims per payment (transaction).
    start : date
        First date of service.
    """
    rng = random.Random(seed)
    codes = list(THERAPY_RATES)
    payments: list[PaymentSpec] = []
    made = 0
    batch = 0
    while made < claims:
        payer, payer_id, factor = PAYERS[batch % len(PAYERS)]
        count = min(claims_per_payment, claims - made)
        claim_list = []
        for number in range(count):
            served = start + timedelta(days=rng.randrange(0, 300))
            lines = []
            for _ in range(rng.randint(1, 4)):
                code = rng.choice(codes)
                modifiers = ("GP",) + (("CQ",) if rng.random() < 0.1 else ()) + (
                    ("59",) if rng.random() < 0.05 else ())
                units = Decimal(rng.randint(1, 4)) if code.startswith("971") else Decimal(1)
                rate = (THERAPY_RATES[code] * factor).quantize(_CENT)
                if "CQ" in modifiers:
                    rate = (rate * Decimal("0.85")).quantize(_CENT)
                allowed = rate * units
                charge = (allowed * Decimal("1.6")).quantize(Decimal(1))
                if rng.random() < 0.04:
                    lines.append(LineSpec(code, charge, Decimal(0), (("CO", "97", charge),),
                                          modifiers, units, served))
                    continue
                adjustments: list[Triple] = [("CO", "45", charge - allowed)]
                patient = Decimal(0)
                if rng.random() < 0.1:
                    patient = allowed
                    adjustments.append(("PR", "1", patient))
                elif rng.random() < 0.5:
                    patient = min(Decimal(25), allowed)
                    adjustments.append(("PR", "3", patient))
                elif rng.random() < 0.5:
                    patient = (allowed * Decimal("0.2")).quantize(_CENT)
                    adjustments.append(("PR", "2", patient))
                reported = allowed if rng.random() < 0.7 else None
                lines.append(LineSpec(code, charge, allowed - patient, tuple(adjustments),
                                      modifiers, units, served, reported))
            claim_list.append(ClaimSpec(f"C{made + number + 1:07d}", tuple(lines),
                                        "4" if all(li.paid == 0 for li in lines) else "1"))
        plb: tuple[Triple, ...] = ()
        roll = rng.random()
        if roll < 0.1:
            plb = (("L6", "INTEREST", Decimal("-1.37")),)
        elif roll < 0.15:
            plb = (("WO", "OVERPAYMENT", Decimal("12.00")),)
        last = max(li.service_date for c in claim_list for li in c.lines)
        payments.append(PaymentSpec(payer, payer_id, last + timedelta(days=rng.randint(10, 40)),
                                    tuple(claim_list), plb, check_number=f"EFT{batch + 1:07d}"))
        made += count
        batch += 1
    return payments


def synthetic_835(segments: int, *, seed: int = 0, delimiters: Delimiters = STANDARD,
                  line_break: str = "\n") -> str:
    """A balanced 835 of at least ``segments`` segments (a few more at most), for benchmarks.

    Payments of 50 claims, 20 payments per interchange.
    """
    claims = max(1, segments // 17)  # about 17 segments per claim
    while True:
        found = segments_835(random_payments(claims, seed=seed), payments_per_interchange=20)
        if len(found) >= segments:
            return serialize(found, delimiters, line_break=line_break)
        claims += (segments - len(found)) // 17 + 1


def reversal_pairs_835(pairs: int) -> str:
    """One claim and its reversal repeated ``pairs`` times under the same claim id, for
    benchmarks: the shape that made reversal matching quadratic (every reversal compared with
    every original of its claim id)."""
    body = ("CLP*A1*1*100*80~SVC*HC:97110*100*80**1~CAS*CO*45*20~"
            "CLP*A1*22*-100*-80~SVC*HC:97110*-100*-80**1~CAS*CO*45*-20~") * pairs
    return "ST*835*1~BPR*I*0*C~N1*PR*ACME~" + body + "SE*9*1~"

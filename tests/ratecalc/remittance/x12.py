"""Hand-written 835s for the tests: segments written with '*' and ':', wrapped in an envelope."""

from __future__ import annotations

ISA = ("ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *250301*1200*^*"
       "00501*000000001*0*P*:")


def transaction(control: str, *segments: str) -> list[str]:
    """ST, the segments, and an SE with the right segment count."""
    return [f"ST*835*{control}", *segments, f"SE*{len(segments) + 2}*{control}"]


def interchange(*transactions: list[str], terminator: str = "~\n") -> str:
    """ISA/GS around the transactions, segments ended with ``terminator``."""
    segments = [ISA, "GS*HP*PAYER*CLINIC*20250301*1200*1*X*005010X221A1"]
    for t in transactions:
        segments.extend(t)
    segments += [f"GE*{len(transactions)}*1", "IEA*1*000000001"]
    return terminator.join(segments) + terminator


def header(payment: str, date: str = "20250120", payer: str = "ACME HEALTH",
           payer_id: str = "11111", credit: str = "C") -> list[str]:
    """BPR, TRN, payer and payee loops, LX."""
    return [
        f"BPR*I*{payment}*{credit}*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*"
        f"98765*{date}",
        "TRN*1*EFT0001*1512345678",
        f"N1*PR*{payer}*XV*{payer_id}",
        "N1*PE*EXAMPLE THERAPY*XX*1234567893",
        "LX*1",
    ]

"""Money kept as whole cents by the column reader gives the line table the Decimal rules gave.

The column reader reads each amount of a file it takes as whole cents and the exponent it is
written with (:mod:`ratecalc.remittance.cents`), and the line table's allowed amount, its
"paid nothing" and denial tests and its shared lines are worked out on those cents
(``tables._Money``). Pinned here, written out: what the line table shows for amounts of every
form an X12 R element may take (three decimals and exponent forms go to the segment parser,
as before), and that the cents and the Decimal rules agree, cell for cell, on hand-made files,
generated ones and random amounts.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.remittance import import_remittances, tables
from ratecalc.remittance.cents import Cents, decimals
from ratecalc.remittance.column_reader import read_columns, read_text
from ratecalc.remittance.column_values import Declined, _read_money
from ratecalc.remittance.importer import Remittances
from ratecalc.remittance.parser import parse_segments
from ratecalc.remittance.synthetic import ClaimSpec, PaymentSpec, write_835
from ratecalc.remittance.values import parse_amount

from .strategies import payments

_HEAD = ("ISA*00*          *00*          *ZZ*S              *ZZ*R              *250301*1200*^"
         "*00501*000000001*0*P*:~GS*HP*S*R*20250301*1200*1*X*005010X221A1~"
         "ST*835*0001~BPR*I*{paid}*C~N1*PR*ACME~LX*1~")


def _one_claim(status: str, charge: str, paid: str, *body: str) -> str:
    """A file of one claim (CLP, the patient, ``body``), its SE counted."""
    segments = [f"CLP*A1*{status}*{charge}*{paid}", "NM1*QC*1*DOE*JOHN", *body]
    return (_HEAD.format(paid=paid) + "~".join(segments)
            + f"~SE*{len(segments) + 5}*0001~GE*1*1~IEA*1*000000001~")


_BIG = "999999999999.99"

#: Files of one claim, whether the column reader takes each, and the line table's money for
#: each line, as the 835 import wrote it before money was kept in cents (9ef3e2b): charge,
#: allowed, allowed_source, paid, line_paid, claim_adjustment_share, claim_allowed_share,
#: claim_patient_share, patient_responsibility, denied.
_PINNED = {
    # three decimals and exponent forms: the segment parser's, exactly as written
    "thousandths": (_one_claim("1", "100", "80", "SVC*HC:97110*100*80**1", "CAS*CO*45*20.000"),
                    False, [("100", "80.000", "adjustments", "80", "80", "0", "0", "0", "0",
                             False)]),
    "exponent": (_one_claim("1", "100", "80", "SVC*HC:97110*100*80**1", "CAS*CO*45*2E+1"),
                 False, [("100", "80", "adjustments", "80", "80", "0", "0", "0", "0", False)]),
    "exponent charge": (_one_claim("1", "1E+2", "80", "SVC*HC:97110*1E+2*80**1",
                                   "CAS*CO*45*20"),
                        False, [("1E+2", "80", "adjustments", "80", "80", "0", "0", "0", "0",
                                 False)]),
    # 0, 1 and 2 decimals: whole cents; the allowed amount has the charge's or the
    # reductions' places, whichever has more
    "one decimal": (_one_claim("1", "100.0", "80", "SVC*HC:97110*100.0*80**1",
                               "CAS*CO*45*20.00"),
                    True, [("100.0", "80.00", "adjustments", "80", "80", "0", "0", "0", "0",
                            False)]),
    # a charge written -0: less nothing it stays -0 (Decimal's sign of a zero)
    "negative zero charge": (_one_claim("1", "-0", "0", "SVC*HC:97110*-0.00*0**1"),
                             True, [("-0.00", "-0.00", "adjustments", "0", "0", "0", "0", "0",
                                     "0", False)]),
    "negative zero charge less 0.00": (_one_claim("1", "-0", "0", "SVC*HC:97110*-0*0**1",
                                                  "CAS*CO*45*0.00"),
                                       True, [("-0", "-0.00", "adjustments", "0", "0", "0",
                                               "0", "0", "0", False)]),
    "denied: nothing allowed": (_one_claim("1", "100", "0", "SVC*HC:97110*100*0**1",
                                           "CAS*CO*45*100.00"),
                                True, [("100", "0.00", "adjustments", "0", "0", "0", "0", "0",
                                        "0", True)]),
    "paid nothing, allowed reported": (_one_claim("1", "100", "0", "SVC*HC:97110*100*0**1",
                                                  "CAS*PR*1*100", "AMT*B6*100"),
                                       True, [("100", "100", "AMT*B6", "0", "0", "0", "0", "0",
                                               "100", False)]),
    "reported nothing allowed": (_one_claim("1", "100", "0", "SVC*HC:97110*100*0**1",
                                            "CAS*CO*45*100", "AMT*B6*0.00"),
                                 True, [("100", "0.00", "AMT*B6", "0", "0", "0", "0", "0", "0",
                                         True)]),
    "prior payer only": (_one_claim("2", "100", "0", "SVC*HC:97110*100*0**1", "CAS*OA*23*100"),
                         True, [("100", "0", "adjustments", "0", "0", "0", "0", "0", "0",
                                 False)]),
    "claim-level share": (_one_claim("1", "100.00", "70", "CAS*PR*1*10.0",
                                     "SVC*HC:97110*60*48**1", "CAS*CO*45*12",
                                     "SVC*HC:97112*40.00*32.00**1", "CAS*CO*45*8.0"),
                          True, [("60", "48.00", "adjustments", "42.00", "48", "6.00", "0.00",
                                  "6.00", "6.00", False),
                                 ("40.00", "32.00", "adjustments", "28.00", "32.00", "4.00",
                                  "0.00", "4.00", "4.00", False)]),
    "claim-level share pays nothing": (_one_claim("1", "100", "0", "CAS*PR*1*20",
                                                  "SVC*HC:97110*100*20**1", "CAS*CO*45*80"),
                                       True, [("100", "20.00", "adjustments", "0.00", "20",
                                               "20.00", "0.00", "20.00", "20.00", False)]),
    "claim without lines": (_one_claim("1", "100.0", "80", "CAS*CO*45*20"),
                            True, [("100.0", "80.0", "adjustments", "80", "80", "0", "0", "0",
                                    "0", False)]),
    "reversal": (_one_claim("22", "-100", "-80", "SVC*HC:97110*-100*-80**1", "CAS*CO*45*-20"),
                 True, [("-100", "-80", "adjustments", "-80", "-80", "0", "0", "0", "0",
                         False)]),
    # amounts as an R element may also be written: leading zeros, a plus sign, no digit
    # before or after the point
    "leading zeros": (_one_claim("1", "0100.00", "007.5", "SVC*HC:97110*0100.00*007.5**1",
                                 "CAS*CO*45*0092.5"),
                      True, [("100.00", "7.50", "adjustments", "7.5", "7.5", "0", "0", "0", "0",
                              False)]),
    "plus signs": (_one_claim("1", "+100", "+80", "SVC*HC:97110*+100*+80**1", "CAS*CO*45*+20"),
                   True, [("100", "80", "adjustments", "80", "80", "0", "0", "0", "0", False)]),
    "no digit before or after the point": (
        _one_claim("1", "5.", ".5", "SVC*HC:97110*5.*.5**1", "CAS*CO*45*4.5",
                   "CAS*PR*1*-.50*1*2*.5"),
        True, [("5", "0.5", "adjustments", "0.5", "0.5", "0", "0", "0", "0.00", False)]),
    "paid less than nothing": (_one_claim("1", "1", "-.50", "SVC*HC:97110*1*-.50**1",
                                          "CAS*CO*45*1.50"),
                               True, [("1", "-0.50", "adjustments", "-0.50", "-0.50", "0", "0",
                                       "0", "0", False)]),
    # a CAS of several reasons: sequestration (253) is no reduction of the allowed amount
    "several reasons in one CAS": (
        _one_claim("1", "100", "50.5", "SVC*HC:97110*100*50.5**1",
                   "CAS*CO*45*10*1*253*1.5*1*94*8", "CAS*PR*1*10**2*10.0**3*10.00"),
        True, [("100", "82", "adjustments", "50.5", "50.5", "0", "0", "0", "30.00", False)]),
    "a payment written -0": (_one_claim("1", "100", "-0", "SVC*HC:97110*100*-0.00**1",
                                        "CAS*CO*45*100"),
                             True, [("100", "0", "adjustments", "-0.00", "-0.00", "0", "0", "0",
                                     "0", True)]),
    "a claim-level -0.00": (_one_claim("1", "100", "100", "CAS*PR*1*-0.00",
                                       "SVC*HC:97110*100*100**1"),
                            True, [("100", "100", "adjustments", "100", "100", "0", "0", "0", "0",
                                    False)]),
    "denied claim": (_one_claim("4", "100", "0", "SVC*HC:97110*100*0**1", "CAS*CO*50*100"),
                     True, [("100", "0", "adjustments", "0", "0", "0", "0", "0", "0", True)]),
    "denied claim without lines": (_one_claim("4", "100.5", "0", "CAS*CO*50*100.5"),
                                   True, [("100.5", "0.0", "adjustments", "0", "0", "0", "0",
                                           "0", "0", True)]),
    "claim without lines paid nothing": (_one_claim("1", "100", "0", "CAS*CO*45*100"),
                                         True, [("100", "0", "adjustments", "0", "0", "0", "0",
                                                 "0", "0", True)]),
    "claim without lines written -0": (_one_claim("1", "-0", "-0", "CAS*CO*45*-0"),
                                       True, [("-0", "-0", "adjustments", "-0", "-0", "0", "0",
                                               "0", "0", False)]),
    "reversal paid nothing": (_one_claim("22", "-100", "-0", "SVC*HC:97110*-100*-0**1",
                                         "CAS*CO*45*-100"),
                              True, [("-100", "0", "adjustments", "-0", "-0", "0", "0", "0", "0",
                                      False)]),
    # an error (the parser's, as before): the line keeps the allowed amount of its adjustments
    "AMT*B6 empty": (_one_claim("1", "100", "80", "SVC*HC:97110*100*80**1", "CAS*CO*45*20",
                                "AMT*B6*"),
                     False, [("100", "80", "adjustments", "80", "80", "0", "0", "0", "0",
                              False)]),
    # the largest amount an R element holds (12 digits before the point)
    "near the bound": (_one_claim("1", _BIG, _BIG, f"SVC*HC:97110*{_BIG}*{_BIG}**1"),
                       True, [(_BIG, _BIG, "adjustments", _BIG, _BIG, "0", "0", "0", "0",
                               False)]),
    "near the bound, a cent paid": (
        _one_claim("1", _BIG, "0.01", f"SVC*HC:97110*{_BIG}*0.01**1",
                   "CAS*CO*45*999999999999.98"),
        True, [(_BIG, "0.01", "adjustments", "0.01", "0.01", "0", "0", "0", "0", False)]),
}
_MONEY = ["charge", "allowed", "allowed_source", "paid", "line_paid", "claim_adjustment_share",
          "claim_allowed_share", "claim_patient_share", "patient_responsibility", "denied"]


@pytest.mark.parametrize("name", list(_PINNED))
def test_the_line_tables_money_as_written_before(name: str, tmp_path: Path) -> None:
    text, by_columns, expected = _PINNED[name]
    assert (read_columns(text, "x.835") is not None) == by_columns
    path = tmp_path / "one.835"
    path.write_text(text)
    found = import_remittances([path]).lines
    rows = [tuple(found[column].iloc[i] for column in _MONEY) for i in range(len(found))]
    written = [tuple(Decimal(value) if position < 9 and position != 2 else value
                     for position, value in enumerate(row)) for row in expected]
    assert [tuple(map(repr, row[:9])) + (bool(row[9]),) for row in rows] == [
        tuple(map(repr, row[:9])) + (row[9],) for row in written]


def _cells(frame: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """Every column's name, dtype and values, compared by representation."""
    return [(name, str(frame[name].dtype), [repr(v) for v in frame[name].tolist()])
            for name in frame.columns]


def _tables_without_cents(text: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The line and claim tables of the column reader's parse, the money taken from cents and
    from the Decimals alone (its cents dropped), checked equal cell for cell, and equal to the
    segment parser's; None when the column reader declined the file."""
    read = read_columns(text, "x.835")
    if read is None:
        return None
    assert read.lines.in_cents() and read.claims.in_cents()
    with_cents, _ = tables.build_tables([read])
    again = read_columns(text, "x.835")
    assert again is not None
    again.lines.cents = {}  # type: ignore[attr-defined]
    again.claims.cents = {}  # type: ignore[attr-defined]
    by_decimals, _ = tables.build_tables([again])
    by_segments, _ = tables.build_tables([parse_segments(text, "x.835")])
    for made in (by_decimals, by_segments):
        assert _cells(with_cents.lines) == _cells(made.lines)
        assert _cells(with_cents.claims) == _cells(made.claims)
    return with_cents.lines, with_cents.claims


@pytest.mark.parametrize("name", [name for name in _PINNED if _PINNED[name][1]])
def test_hand_made_files_tabled_alike_from_cents_and_decimals(name: str) -> None:
    assert _tables_without_cents(_PINNED[name][0]) is not None


#: Forms of an amount of the same value (a balanced file stays balanced): whole, one decimal,
#: two, three (declined: the parser's), an exponent (declined), a zero written negative;
#: leading zeros (``007.50``), a plus sign, no digit before the point (``.5``, ``-.50``), a
#: point and no digit after it (``5.``).
def _forms(text: str, form: int) -> str:
    value = Decimal(text)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if form == 6:
        return f"{sign}00{digits}"
    if form == 7 and not sign:
        return f"+{text}"
    if form == 8 and digits.startswith("0."):
        return f"{sign}{digits[1:]}"
    if form == 9 and value == value.to_integral_value():
        return f"{value.quantize(Decimal(1))}."
    if form == 1 and value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    if form == 2 and value == value.quantize(Decimal("0.1")):
        return str(value.quantize(Decimal("0.1")))
    if form == 3:
        return str(value.quantize(Decimal("0.001")))
    if form == 4 and value and value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)).normalize():E}".replace("E+0", "")
    if form == 5 and not value:
        return "-0.00"
    return text


_AMOUNT_AT = {"CLP": (3, 4, 5), "SVC": (2, 3), "CAS": (3, 6, 9, 12, 15, 18), "AMT": (2,)}


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(payments(), st.lists(st.integers(0, 5), min_size=1, max_size=40), st.booleans())
def test_generated_835s_tabled_alike_from_cents_and_decimals(
        drawn: list, forms: list[int], declining: bool) -> None:
    if not declining:  # no three places, no exponent: the column reader takes the file
        forms = [form if form not in (3, 4) else 0 for form in forms]
    text = write_835(drawn, line_break="\n")
    segments = [segment.split("*") for segment in text.rstrip("\n~").split("~\n")]
    turn = 0
    for segment in segments:
        for at in _AMOUNT_AT.get(segment[0], ()):
            if at < len(segment) and segment[at]:
                segment[at] = _forms(segment[at], forms[turn % len(forms)])
                turn += 1
    changed = "~\n".join("*".join(segment) for segment in segments) + "~\n"
    read = _tables_without_cents(changed)
    if read is None:  # an amount of three places or an exponent: the parser's, as before
        assert declining
        assert parse_segments(changed, "x.835").claims.in_cents() == {}


def _scaled(claim: ClaimSpec, factor: Decimal) -> ClaimSpec:
    """``claim`` with every amount times ``factor`` (a balanced claim stays balanced)."""
    return replace(claim, adjustments=tuple((g, r, a * factor) for g, r, a in claim.adjustments),
                   lines=tuple(replace(
                       line, charge=line.charge * factor, paid=line.paid * factor,
                       adjustments=tuple((g, r, a * factor) for g, r, a in line.adjustments),
                       allowed_reported=(None if line.allowed_reported is None
                                         else line.allowed_reported * factor))
                       for line in claim.lines))


@st.composite
def _varied_payments(draw: st.DrawFn) -> list[PaymentSpec]:
    """:func:`payments` with what it never draws: claims denied (status 4), a claim and its
    reversal (status 22, every amount negated) after it, and every amount times up to 10**7
    (up to twelve digits before the point, the most an R element holds)."""
    factor = Decimal(10) ** draw(st.integers(0, 7))
    out = []
    for payment in draw(payments()):
        made: list[ClaimSpec] = []
        for claim in payment.claims:
            claim = _scaled(claim, factor)
            kind = draw(st.sampled_from(["as drawn", "denied", "reversed"]))
            if kind == "denied":
                made.append(replace(claim, status="4"))
            elif kind == "reversed":
                made += [claim, replace(_scaled(claim, Decimal(-1)), status="22")]
            else:
                made.append(claim)
        out.append(replace(payment, claims=tuple(made), provider_adjustments=tuple(
            (reason, reference, amount * factor)
            for reason, reference, amount in payment.provider_adjustments)))
    return out


def _without_lines(segments: list[list[str]], bare: set[int]) -> list[list[str]]:
    """``segments`` with the service lines of the claims numbered in ``bare`` (0 the first)
    left out, their adjustments moved to the claim (the claim stays balanced), SE01 counted."""
    out: list[list[str]] = []
    claim, in_line, claim_end, start = -1, False, 0, 0
    for segment in segments:
        head = segment[0]
        if head == "ST":
            start = len(out)
        elif head == "SE":  # the segments counted again
            segment = ["SE", str(len(out) - start + 1), *segment[2:]]
        if head in ("CLP", "SE", "PLB"):
            claim += head == "CLP"
            in_line = False
            out.append(segment)
            claim_end = len(out)
            continue
        if claim in bare and (in_line or head == "SVC"):
            in_line = True
            if head == "CAS":  # after the claim's own
                out.insert(claim_end, segment)
                claim_end += 1
            continue  # the SVC, DTM*472, REF, AMT and LQ of a line left out
        out.append(segment)
        if head == "CAS" and claim_end == len(out) - 1:
            claim_end = len(out)
    return out


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_varied_payments(), st.lists(st.sampled_from([0, 1, 2, 5, 6, 7, 8, 9]), min_size=1,
                                    max_size=40),
       st.sets(st.integers(0, 23), max_size=4))
def test_varied_835s_tabled_alike_from_cents_and_decimals(
        drawn: list, forms: list[int], bare: set[int]) -> None:
    """As :func:`test_generated_835s_tabled_alike_from_cents_and_decimals`, on files with
    denied and reversed claims, claims without lines, amounts near twelve digits and every
    form of an amount the column reader reads as cents: each is taken by it."""
    text = write_835(drawn, line_break="\n")
    segments = _without_lines([segment.split("*") for segment in
                               text.rstrip("\n~").split("~\n")], bare)
    turn = 0
    for segment in segments:
        for at in _AMOUNT_AT.get(segment[0], ()):
            if at < len(segment) and segment[at]:
                segment[at] = _forms(segment[at], forms[turn % len(forms)])
                turn += 1
    changed = "~\n".join("*".join(segment) for segment in segments) + "~\n"
    assert _tables_without_cents(changed) is not None


def _imported(text: str, folder: Path) -> Remittances:
    path = folder / "one.835"
    path.write_text(text)
    return import_remittances([path])


def _claims_file(claims: list[tuple[str, str]], *body: str) -> str:
    """A file of claims of (charge, paid) with no adjustments, each with one line of its
    amounts, ``body`` after the last one; its payment their sum."""
    segments = [segment for number, (charge, paid) in enumerate(claims) for segment in (
        f"CLP*A{number}*1*{charge}*{paid}", "NM1*QC*1*DOE*JOHN",
        f"SVC*HC:97110*{charge}*{paid}**1")] + list(body)
    total = sum((Decimal(paid) for _, paid in claims), Decimal(0))
    return (_HEAD.format(paid=total) + "~".join(segments)
            + f"~SE*{len(segments) + 5}*0001~GE*1*1~IEA*1*000000001~")


@pytest.mark.parametrize(("count", "taken"), [(45, True), (46, False)])
def test_amounts_whose_sum_passes_the_bound_go_to_the_parser(count: int, taken: bool,
                                                             tmp_path: Path) -> None:
    """Each amount of twelve digits, and the column's sum of them: 45 keep under 2**52 cents
    (the column reader's bound, column_values.MOST_CENTS), 46 pass it. Payments of either
    sign, so that the claim and payment totals stay twelve digits."""
    claims = [(f"-{_BIG}", f"-{_BIG}") if number % 2 else (_BIG, _BIG)
              for number in range(count)]
    text = _claims_file(claims)
    assert (read_columns(text, "x.835") is not None) == taken
    if taken:
        assert _tables_without_cents(text) is not None
    else:  # the parser's, and its tables the same whichever path
        assert read_text(text, "x.835").claims.in_cents() == {}
    read = _imported(text, tmp_path)
    assert [str(v) for v in read.lines["allowed"]] == [v for _, v in claims]
    assert read.claims["paid"].map(str).tolist() == [v for _, v in claims]


@pytest.mark.parametrize(("count", "taken"), [(22, True), (23, False)])
def test_adjustments_whose_sum_passes_the_bound_go_to_the_parser(count: int, taken: bool,
                                                                  tmp_path: Path) -> None:
    """One line's CAS pairs of twelve digits that cancel out: 44 amounts keep under 2**52
    cents, 46 pass it; the line's totals are zero either way."""
    pairs = [f"CAS*OA*94*{_BIG}**94*-{_BIG}"] * count
    text = _claims_file([("100.00", "100.00")], *pairs)
    assert (read_columns(text, "x.835") is not None) == taken
    if taken:
        assert _tables_without_cents(text) is not None
    read = _imported(text, tmp_path)
    assert [str(v) for v in read.lines["allowed"]] == ["100.00"]
    assert not read.problems


#: The places after a point, by the point drawn ("" or "."): made once, not by the flatmap at
#: each draw (a new regex strategy built and validated each time, most of the 2,000 examples'
#: CPU); the digits are drawn either way, so the draws are the same.
_PLACE_DIGITS = st.from_regex(r"[0-9]{0,4}", fullmatch=True)
_PLACES_AFTER = {point: _PLACE_DIGITS.map(lambda d, point=point: point + d if point else "")
                 for point in ("", ".")}
#: Amount texts: a sign, digits, a point and places, an exponent, and what is no amount.
_TEXTS = st.one_of(
    st.builds(lambda sign, whole, places, exponent: f"{sign}{whole}{places}{exponent}",
              st.sampled_from(["", "-", "+"]), st.from_regex(r"[0-9]{0,15}", fullmatch=True),
              st.sampled_from(["", "."]).flatmap(_PLACES_AFTER.__getitem__),
              st.sampled_from(["", "E+1", "E-1", "E2", "e-3", "E+0", "E30"])),
    st.text(alphabet="0123456789.-+E ,_x", max_size=12))


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(_TEXTS)
def test_cents_read_from_a_text_are_its_decimals(text: str) -> None:
    value = parse_amount(text)
    exponent = value.as_tuple().exponent if value is not None else None
    if value is None or not isinstance(exponent, int) or not -2 <= exponent <= 0:
        with pytest.raises(Declined):  # unreadable, or more places than cents: the parser's
            _read_money(text)
        return
    amount, cents, written = _read_money(text)
    assert repr(amount) == repr(value)
    assert (cents, written) == (int(value.scaleb(2)), exponent)
    made = decimals(np.array([cents], dtype=np.int64), np.array([written], dtype=np.int64))[0]
    if value.is_zero() and value.is_signed():
        assert repr(made) == repr(-value)  # a zero made of cents is never negative
    else:
        assert repr(made) == repr(value)


_PLACES = st.sampled_from([0, -1, -2])
# The strategies drawn once per line, made once here: made in the loop, each was a new strategy
# validated at each draw, most of the 1,800 examples' CPU. The same strategies, so the same
# draws: each example is what it was.
_REPORTED = st.one_of(st.none(), st.sampled_from(
    [Decimal("0"), Decimal("0.00"), Decimal("5"), Decimal("-0"), Decimal("1E+1")]))
_STATUSES = st.sampled_from(["1", "2", "4", "22"])
_LARGE = {(low, high, places): st.one_of(
    st.integers(low, high), st.integers(-(10 ** (12 - places) - 1), 10 ** (12 - places) - 1))
    for low, high in ((-3, 3), (-2, 2)) for places in (0, -1, -2)}
# and the rest of them by the arguments they take: hypothesis hands back the strategy it made
# for the same arguments before (so each draw is what it was), but looking it up took about a
# seventh of drawing an example, some 113 choices each (cProfile, speed-tests-16)
_COUNTS = st.integers(1, 14)
_WHOLES = {(low, high): st.integers(low, high) for low, high in ((-3, 3), (-2, 2))}
_BOOLEANS = st.booleans()
_CLAIMS = st.integers(1, 4)
_CLAIM_OF = {claims: st.integers(0, claims - 1) for claims in range(1, 5)}
_CLAIM_TOTALS = {claims: st.lists(st.integers(-1, 1), min_size=claims, max_size=claims)
                 for claims in range(1, 5)}
_NUMBERS = {count: st.lists(st.integers(0, 2), min_size=count, max_size=count)
            for count in range(1, 15)}


@st.composite
def _money_lines(draw: st.DrawFn, large: bool = False
                 ) -> tuple[tables._Money, list, list, list, list, np.ndarray, list[bool],
                            np.ndarray]:
    """Lines as the column reader gives them: charges, payments and reductions as Decimals and
    as cents, reported allowed amounts, claims with and without claim-level amounts.
    ``large``: amounts also up to twelve digits before the point (the most an R element holds,
    under 10**14 cents)."""
    count = draw(_COUNTS)

    def column(low: int, high: int, zero_signs: bool = False) -> tuple[list[Decimal], Cents]:
        made, cents, exponents = [], [], []
        for _ in range(count):
            places = draw(_PLACES)
            if large:
                whole = draw(_LARGE[low, high, places]) * 10 ** (2 + places)
            else:
                whole = draw(_WHOLES[low, high]) * 10 ** (2 + places)
            amount = Decimal(whole).scaleb(-2).quantize(Decimal(1).scaleb(places))
            if zero_signs and not whole and draw(_BOOLEANS):
                amount = -amount  # a -0 charge
            made.append(amount)
            cents.append(whole)
            exponents.append(places)
        return made, Cents(np.array(cents, dtype=np.int64), np.array(exponents, dtype=np.int64))

    charge, charge_cents = column(-3, 3, zero_signs=True)
    paid, paid_cents = column(-2, 2)
    reductions, reduction_cents = column(-2, 2)
    # reductions as the reader's totals make them: zero with exponent 0 is the starting zero
    reductions = [tables._ZERO if not c and not e else r for r, c, e in zip(
        reductions, reduction_cents.cents.tolist(), reduction_cents.exponent.tolist(),
        strict=True)]
    reported = [draw(_REPORTED) for _ in range(count)]
    claims = draw(_CLAIMS)
    claim = np.array(sorted(draw(_CLAIM_OF[claims]) for _ in range(count)),
                     dtype=np.int64)
    totals = {name: Cents(np.array(draw(_CLAIM_TOTALS[claims]), dtype=np.int64),
                          np.zeros(claims, dtype=np.int64))
              for name in ("adjusted", "payer_reductions", "patient_share", "paid")}
    money = tables._Money.of({"charge": charge_cents, "paid": paid_cents,
                              "payer_reductions": reduction_cents}, totals)
    assert money is not None
    claim_lines = {"claim": claim, "number": np.array(draw(_NUMBERS[count]), dtype=np.int64)}
    claim_totals = {name: [Decimal(int(c)) for c in totals[name].cents]
                    for name in totals}
    statuses = np.array([draw(_STATUSES) for _ in range(count)], dtype=object)
    prior = [draw(_BOOLEANS) for _ in range(count)]
    return (money, charge, paid, reductions, reported, statuses, prior,
            tables._shared_lines(claim_lines, claim_totals)), claim_lines, paid_cents


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(_money_lines())
def test_the_rules_on_cents_are_the_rules_on_decimals(drawn: tuple) -> None:
    _rules_agree(drawn)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_money_lines(large=True))
def test_the_rules_on_cents_are_the_rules_on_decimals_for_large_amounts(drawn: tuple) -> None:
    _rules_agree(drawn)


def _rules_agree(drawn: tuple) -> None:
    """Each cents rule of ``drawn`` (:func:`_money_lines`) gives what its Decimal rule does."""
    (money, charge, paid, reductions, reported, status, prior, shared), claim_lines, _ = drawn
    allowed, sources = tables.line_allowed(reported, charge, reductions)
    from_cents, cents_sources = money.line_allowed(reported, charge, reductions)
    assert [repr(a) for a in from_cents] == [repr(a) for a in allowed]
    assert cents_sources == sources
    assert money.shared_lines(claim_lines).tolist() == shared.tolist()
    # the payments after shares: a shared line's may be other than its payment read
    after = [p - Decimal("0.50") if i in set(shared.tolist()) else p
             for i, p in enumerate(paid)]
    nothing = tables._equals(after, 0)
    assert money.paid_nothing(after, shared).tolist() == nothing.tolist()
    expected = np.zeros(len(charge), dtype=bool)
    for i in np.flatnonzero((status == "4") | nothing):
        expected[i] = tables._is_denied(status[i], charge[i], after[i], allowed[i], prior[i])
    assert money.denied(status, nothing, allowed, prior).tolist() == expected.tolist()

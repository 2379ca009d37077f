"""Invariants over generated balanced remittances (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.remittance import read_remittance, summarize_codes
from ratecalc.remittance.synthetic import STANDARD, ClaimSpec, LineSpec, PaymentSpec, write_835

from .strategies import delimiters, payments

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _tables(text: str) -> dict[str, pd.DataFrame]:
    result = read_remittance(text, "generated.835")
    assert result.problems == ()
    return {"lines": result.lines, "claims": result.claims, "adjustments": result.adjustments,
            "plb": result.provider_adjustments, "transactions": result.transactions}


def _same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True)


@SETTINGS
@given(payments(), delimiters())
def test_other_delimiters_parse_identically(model, other) -> None:
    _same(_tables(write_835(model)), _tables(write_835(model, other)))


@SETTINGS
@given(payments(), st.sampled_from(["", "\n", "\r\n", "\n\n"]), st.integers(1, 3))
def test_line_breaks_and_interchanges_do_not_matter(model, line_break, per_interchange) -> None:
    flat = _tables(write_835(model, line_break=""))
    other = _tables(write_835(model, line_break=line_break,
                              payments_per_interchange=per_interchange))
    # Extra envelopes shift segment numbers and restart ST control numbers; nothing else moves.
    moved = ["segment", "transaction"]
    _same({k: v.drop(columns=moved, errors="ignore") for k, v in flat.items()},
          {k: v.drop(columns=moved, errors="ignore") for k, v in other.items()})


@SETTINGS
@given(payments())
def test_what_is_written_is_what_is_read(model) -> None:
    tables = _tables(write_835(model))
    written = [(c, li) for p in model for c in p.claims for li in c.lines]
    lines = tables["lines"]
    assert len(lines) == len(written)
    for (claim, spec), row in zip(written, lines.itertuples(), strict=True):
        assert (row.claim_id, row.code, row.modifiers) == (
            claim.claim_id, spec.code, " ".join(spec.modifiers))
        assert (row.charge, row.line_paid, row.units) == (spec.charge, spec.paid, spec.units)
        # the line's share of claim-level adjustments comes off its payment (and, for CO/OA/PI,
        # off its allowed amount)
        assert row.paid == spec.paid - row.claim_adjustment_share
        patient = sum((a[2] for a in spec.adjustments if a[0] == "PR"), Decimal(0))
        expected_allowed = spec.allowed_reported
        if expected_allowed is None:
            # balanced line, no sequestration
            expected_allowed = spec.paid + patient - row.claim_allowed_share
        assert row.allowed == expected_allowed


@SETTINGS
@given(payments())
def test_lines_add_up_to_the_claim_payment_and_the_check(model) -> None:
    tables = _tables(write_835(model))
    lines, claims = tables["lines"], tables["claims"]
    for claim in claims.itertuples():
        own = lines[lines["claim_index"] == claim.claim_index]
        assert sum(own["paid"], Decimal(0)) == claim.paid  # CLP04, to the cent
        claim_level = sum((a for _, _, a in _claim_spec(model, claim.claim_index).adjustments),
                          Decimal(0))
        assert sum(own["claim_adjustment_share"], Decimal(0)) == claim_level
    plb = tables["plb"]
    for payment in tables["transactions"].itertuples():
        mine = lines["transaction"] == payment.transaction
        provider = plb.loc[plb["transaction"] == payment.transaction, "amount"]
        assert sum(lines.loc[mine, "paid"], Decimal(0)) - sum(provider, Decimal(0)) == \
            payment.payment  # BPR02


@SETTINGS
@given(payments())
def test_each_line_adds_up_allowed_paid_and_the_patient_share(model) -> None:
    """allowed = paid + patient responsibility + sequestration on every line, a claim-level
    share of each included; and where the payer reported the allowed amount (AMT*B6), the
    claim-level CO/OA/PI share too, which comes off the payment after the line was allowed.
    The lines' patient shares add up to the claim's CLP05 (it lost the claim-level PR)."""
    tables = _tables(write_835(model))
    lines, claims = tables["lines"], tables["claims"]
    for claim in claims.itertuples():
        own = lines.loc[lines["claim_index"] == claim.claim_index, "patient_responsibility"]
        assert sum(own, Decimal(0)) == claim.patient_responsibility  # CLP05
    for line in lines.itertuples():
        own_sequestration = sum((Decimal(t.rpartition(" ")[2]) for t in line.adjustments.split(
            "; ") if t.startswith(("CO-253 ", "OA-253 ", "PI-253 "))), Decimal(0))
        claim_sequestration = (line.claim_adjustment_share - line.claim_allowed_share
                               - line.claim_patient_share)
        taken_after_allowed = (line.claim_allowed_share if line.allowed_source == "AMT*B6"
                               else Decimal(0))
        assert line.allowed == (line.paid + line.patient_responsibility + own_sequestration
                                + claim_sequestration + taken_after_allowed), line


def _claim_spec(model, index: int):  # type: ignore[no-untyped-def]
    claims = [c for p in model for c in p.claims]
    return claims[index - 1]


@SETTINGS
@given(payments())
def test_a_balanced_remittance_stays_balanced(model) -> None:
    tables = _tables(write_835(model))  # no problems: every line, claim and payment balances
    adjustments = tables["adjustments"]
    for line in tables["lines"].itertuples():
        own = adjustments.loc[(adjustments["claim_index"] == line.claim_index)
                              & (adjustments["line_number"] == line.line_number), "amount"]
        assert line.charge - line.line_paid == sum(own, Decimal(0))
    for claim in tables["claims"].itertuples():
        own = adjustments.loc[adjustments["claim_index"] == claim.claim_index, "amount"]
        assert claim.charge - claim.paid == sum(own, Decimal(0))
    plb = tables["plb"]
    for payment in tables["transactions"].itertuples():
        paid = tables["claims"].loc[tables["claims"]["transaction"] == payment.transaction,
                                    "paid"]
        provider = plb.loc[plb["transaction"] == payment.transaction, "amount"]
        assert payment.payment == sum(paid, Decimal(0)) - sum(provider, Decimal(0))


@SETTINGS
@given(payments(), st.data())
def test_one_cent_off_is_caught_on_the_line_and_its_claim(model, data) -> None:
    p = data.draw(st.integers(0, len(model) - 1))
    c = data.draw(st.integers(0, len(model[p].claims) - 1))
    claim = model[p].claims[c]
    line = claim.lines[0]
    off = LineSpec(line.code, line.charge, line.paid + Decimal("0.01"), line.adjustments,
                   line.modifiers, line.units, line.service_date, line.allowed_reported)
    broken_claim = ClaimSpec(claim.claim_id, (off, *claim.lines[1:]), claim.status,
                             claim.adjustments)
    claims = list(model[p].claims)
    claims[c] = broken_claim
    broken = list(model)
    broken[p] = PaymentSpec(model[p].payer, model[p].payer_id, model[p].payment_date,
                            tuple(claims), model[p].provider_adjustments)
    result = read_remittance(write_835(broken))
    assert [p.location.column for p in result.problems] == ["SVC", "CLP"]
    assert all("does not balance" in p.rule for p in result.problems)


@SETTINGS
@given(payments())
def test_a_reversal_and_its_original_cancel_out_of_the_summary(model) -> None:
    # The reversal names its original by the payer's claim control number (CLP07), as payers
    # do: the generated claims may share a claim id, totals and lines and differ only in status,
    # and then nothing else tells which one the payer took back.
    first = replace(model[0].claims[0], payer_claim_id="ICN-REVERSED")
    model = [replace(model[0], claims=(first, *model[0].claims[1:])), *model[1:]]
    negated = ClaimSpec(
        first.claim_id,
        tuple(LineSpec(li.code, -li.charge, -li.paid,
                       tuple((g, r, -a) for g, r, a in li.adjustments), li.modifiers, -li.units,
                       li.service_date) for li in first.lines),
        "22", tuple((g, r, -a) for g, r, a in first.adjustments), first.payer_claim_id,
    )
    last = max(p.payment_date for p in model)
    later = PaymentSpec(model[0].payer, model[0].payer_id, last, (negated,),
                        check_number="REVERSAL")
    result = read_remittance(write_835([*model, later]))
    assert result.problems == ()
    after = summarize_codes(result.lines)
    rest = [PaymentSpec(model[0].payer, model[0].payer_id, model[0].payment_date,
                        model[0].claims[1:], model[0].provider_adjustments), *model[1:]]
    without_first = summarize_codes(_tables(write_835(rest))["lines"])
    columns = ["payer", "code", "modifier", "lines", "units", "allowed_per_unit", "paid"]
    pd.testing.assert_frame_equal(
        after[columns].sort_values(columns[:3]).reset_index(drop=True),
        without_first[columns].sort_values(columns[:3]).reset_index(drop=True),
        check_dtype=False,
    )


def test_standard_delimiters_are_the_usual_ones() -> None:
    assert (STANDARD.element, STANDARD.component, STANDARD.segment) == ("*", ":", "~")


@given(st.lists(st.none() | st.dates(), max_size=6))
def test_dates_become_the_datetimes_pandas_reads(days) -> None:
    # the tables' date columns are made by numpy, not pd.to_datetime (issue 14): the same values
    from ratecalc.remittance.tables import _datetimes

    got = _datetimes(days)
    expected = pd.to_datetime(pd.Series(days, dtype=object)).to_numpy()
    assert got.dtype == expected.dtype == "datetime64[s]"
    assert got.tobytes() == expected.tobytes()  # NaT where None, as pandas puts it


@given(st.lists(st.none() | st.dates(), min_size=1, max_size=6), st.integers(256, 1000),
       st.randoms(use_true_random=False))
def test_a_long_date_column_becomes_the_datetimes_pandas_reads(days, size, random) -> None:
    # a long column converts each distinct day once and gathers: the same values, in order
    from ratecalc.remittance.tables import _datetimes

    column = [random.choice(days) for _ in range(size)]
    got = _datetimes(column)
    expected = pd.to_datetime(pd.Series(column, dtype=object)).to_numpy()
    assert got.dtype == expected.dtype == "datetime64[s]"
    assert got.tobytes() == expected.tobytes()


@given(st.decimals(allow_nan=False, allow_infinity=False)
       | st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent),
                   st.integers(-10**20, 10**20), st.integers(-30, 30)))
def test_an_exponent_is_told_from_an_amounts_text(amount) -> None:
    # the parser and the tables reuse an amount as a total when adding zero keeps its digits
    from ratecalc.remittance.values import exponent_not_positive

    assert exponent_not_positive(amount) == (amount.as_tuple().exponent <= 0)


#: CAS amount texts whose sums are written differently from a sum of their values: a signed
#: zero, a positive exponent, trailing zeros, many decimals.
_AMOUNT_TEXTS = st.sampled_from(["-0", "0", "0.00", "-0.00", "1E+2", "1E2", "2.5E+1", "71.80",
                                 "25", "-9.00", "0.000001", "100.5", "1E-2"]) | st.decimals(
    min_value=-10**6, max_value=10**6, places=2).map(str)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["CO", "PR", "OA", "PI", "CR"]),
                          st.sampled_from(["45", "253", "23", "2"]), _AMOUNT_TEXTS),
                min_size=1, max_size=7),
       st.booleans())
def test_adjustment_totals_are_the_sums_of_their_amounts(triples, on_the_line) -> None:
    # The parser keeps an amount object itself as a total that was zero before it (memory): the
    # totals must still be written as a plain sum from Decimal(0) writes them, and the text as
    # the triples' cents.
    from decimal import ROUND_HALF_UP

    from ratecalc.remittance.parser import parse_text

    def cents(amount: Decimal) -> str:
        rounded = amount.quantize(Decimal("0.01"), ROUND_HALF_UP)
        return str(rounded) if rounded else "0.00"  # never -0.00

    cas = [f"CAS*{group}*{reason}*{amount}" for group, reason, amount in triples]
    body = ["ST*835*1", "BPR*I*80*C", "CLP*A1*1*100*80", *([] if on_the_line else cas),
            "SVC*HC:97110*100*80**1", *(cas if on_the_line else []), "SE*9*1"]
    parsed = parse_text("~".join(body) + "~")
    records = parsed.lines if on_the_line else parsed.claims
    amounts = [Decimal(amount) for _, _, amount in triples]
    adjusted = patient = reductions = Decimal(0)
    for (group, reason, _), amount in zip(triples, amounts, strict=True):
        adjusted += amount
        if group == "PR":
            patient += amount
        elif reason != "253":
            reductions += amount
    assert [repr(records.column(name)[0]) for name in (
        "adjusted", "patient_share", "payer_reductions", "prior_payer_only", "adjustments")] == [
        repr(adjusted), repr(patient), repr(reductions),
        repr(all(reason == "23" for _, reason, _ in triples)),
        repr("; ".join(f"{g}-{r} {cents(a)}"
                       for (g, r, _), a in zip(triples, amounts, strict=True)))]

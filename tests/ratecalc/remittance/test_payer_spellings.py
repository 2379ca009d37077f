"""A payer named in other capitals or spacing in another file is the same payer, in every output
of the import: the summaries, the workbook's rows and the Source the letter quotes."""

from __future__ import annotations

from decimal import Decimal

from ratecalc.remittance import canonical_tables, import_remittances
from ratecalc.remittance.summary import summarize_codes, summarize_payers

from .x12 import header, interchange, transaction


def _payment(control: str, payer: str, claim: str, day: str, rate: str) -> list[str]:
    # one 97110 line, charged 60, allowed `rate`, paid it (CO-45 the rest): a rate paid
    paid = Decimal(rate)
    return transaction(control, *header(rate, day, payer=payer, payer_id="CET07"),
                       f"CLP*{claim}*1*60*{rate}**12*P{claim}", "DTM*232*20261005",
                       f"SVC*HC:97110:GP*60*{rate}**1", "DTM*472*20261005",
                       f"CAS*CO*45*{Decimal(60) - paid}")


def _import(tmp_path, *payers: str):
    for number, payer in enumerate(payers, start=1):
        (tmp_path / f"{number}.835").write_text(interchange(_payment(
            f"000{number}", payer, f"C{number}", f"202610{10 + number}", "22.00")))
    return import_remittances([tmp_path / f"{n}.835" for n in range(1, len(payers) + 1)])


def test_other_capitals_and_spaces_are_one_payer_named_as_first_read(tmp_path) -> None:
    result = _import(tmp_path, "CARDINAL EMPLOYERS TRUST", "Cardinal  Employers Trust",
                     " cardinal employers trust")
    assert result.problems == ()
    payers = summarize_payers(result.claims, result.provider_adjustments)
    # hand-counted: three claims of one line each, 22.00 paid on each
    assert payers[["payer", "claims", "lines", "paid"]].to_dict("records") == [
        {"payer": "CARDINAL EMPLOYERS TRUST", "claims": 3, "lines": 3,
         "paid": Decimal("66.00")}]
    codes = summarize_codes(result.lines)
    assert codes[["payer", "code", "lines", "rate_lines"]].to_dict("records") == [
        {"payer": "CARDINAL EMPLOYERS TRUST", "code": "97110", "lines": 3, "rate_lines": 3}]
    assert set(result.lines["payer"]) == {"CARDINAL EMPLOYERS TRUST"}
    # the workbook's rows: one rate, and metrics sourced from 1 payer (it said 3)
    tables = canonical_tables(result)
    assert set(tables["fee_schedules"]["payer"]) == {"CARDINAL EMPLOYERS TRUST"}
    assert len(tables["fee_schedules"]) == 1
    assert all("3 claims from 1 payer" in source for source in tables["metrics"]["source"])


def test_another_word_is_another_payer(tmp_path) -> None:
    # "Inc." may be another company: left for the user to name with --payer
    result = _import(tmp_path, "SUMMIT BLUECARE PPO", "SUMMIT BLUECARE PPO INC.")
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert list(payers["payer"]) == ["SUMMIT BLUECARE PPO", "SUMMIT BLUECARE PPO INC."]

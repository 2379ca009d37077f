"""Remittances and market rates into the master workbook: rows added once, nothing overwritten,
the workbook still refreshes."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from ratecalc.errors import InputError, ValidationFailed
from ratecalc.money import money_text
from ratecalc.rates import schedule_rates
from ratecalc.remittance.synthetic import random_payments, write_835
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.imports import import_market_rates, import_remittances
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book
from tests.workbook.money_cells import ShownSheet

DATA = Path(__file__).parents[1] / "data"
EVRY = DATA / "tic" / "evry_health" / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json"


def one_payer_835(tmp_path: Path) -> Path:
    # random_payments rotates through three payers, 50 claims each: 40 claims = one payer
    path = tmp_path / "acme.835"
    path.write_text(write_835(random_payments(40, seed=3), include_patient_data=True))
    return path


def test_remittance_rates_and_metrics_are_added_once(demo_inputs, demo_copy, tmp_path):
    before = demo_inputs  # what demo_copy holds
    remit = one_payer_835(tmp_path)
    outcome = import_remittances(demo_copy, remit, payer="Summit BlueCare PPO", now=NOW)
    assert outcome.ok
    assert outcome.appended["fee_schedules"] > 0
    after, problems = read_workbook(demo_copy)
    assert after is not None, [p.message for p in problems]
    # the demo's rows are effective 2025-01-01; the 835's from the first service date seen
    added = after.fee_schedules.iloc[len(before.fee_schedules):]
    assert set(added["payer"]) == {"Summit BlueCare PPO"}
    assert len(after.fee_schedules) == len(before.fee_schedules) + outcome.appended[
        "fee_schedules"]
    # ACME's factor is 1.00: 97110 paid 31.20 a unit on every line without CQ
    plain = added[(added["code"] == "97110") & (added["modifier"] == "")]
    assert not plain.empty and set(plain["allowed_amount"]) == {31.20}
    # the clinic's own metrics win over the remittance's (reported, not overwritten)
    assert after.metrics.set_index("metric").loc["clean_claim_rate", "value"] == 0.97
    kept = [p.message for p in outcome.problems if "the workbook's row is kept" in p.message]
    # named as the sheet shows them (it said "metric=clean_claim_rate")
    assert any("row is kept (Metric: Clean claim rate" in m for m in kept), kept
    assert not any("=" in m or "_" in m.split("(")[-1] for m in kept), kept
    # importing the same file again adds nothing
    again = import_remittances(demo_copy, remit, payer="Summit BlueCare PPO", now=NOW)
    assert sum(again.appended.values()) == 0
    assert refresh_workbook(demo_copy, now=NOW).ok


def test_rates_paid_other_than_the_schedule_in_force_are_named(demo_inputs, demo_copy,
                                                                 tmp_path):
    # Found by a review: the rates an 835 shows paid became the payer's rates in force from
    # their first service date (97110 $25.22 -> $33.50), every output following, without a word
    remit = one_payer_835(tmp_path)
    outcome = import_remittances(demo_copy, remit, payer="Summit BlueCare PPO", now=NOW)
    after, _ = read_workbook(demo_copy)
    assert after is not None
    added = after.fee_schedules.iloc[len(demo_inputs.fee_schedules):]
    plain = added[added["modifier"] == ""]
    expected = []
    for r in plain.itertuples(index=False):
        day = r.effective_date.date() if hasattr(r.effective_date, "date") else r.effective_date
        held = schedule_rates(demo_inputs.fee_schedules, day).set_index(["payer", "code"])
        rate = float(held.at[(r.payer, r.code), "schedule_rate"])
        if round(r.allowed_amount, 2) != round(rate, 2):
            expected.append(f"{r.code} {money_text(r.allowed_amount)} a unit from "
                            f"{day.isoformat()} (fee schedule {money_text(rate)}")
    assert any(e.startswith("97110 $31.20 a unit") for e in expected)  # ACME's 31.20
    [said] = [p for p in outcome.problems if "show other rates than its fee schedule" in p.rule]
    assert said.severity == "warning" and said.rule.startswith("Summit BlueCare PPO's remit")
    listed = said.rule.split(": ", 1)[1].split("; they are added")[0].split("; ")
    assert sorted(item.rsplit(" from ", 1)[0] for item in listed) == sorted(expected)


def test_unknown_payer_is_refused_not_renamed(demo_copy, tmp_path):
    before = demo_copy.read_bytes()
    with pytest.raises(ValidationFailed, match=r"\nPayers & Contracts '.*negotiation\.xlsx', sheet "
                       r"'Payers & Contracts', column A 'Payer': payer 'ACME HEALTH PLAN', "
                       r"importing '.*\.835', is not on the Payers & Contracts sheet.*--new-payer"):
        import_remittances(demo_copy, one_payer_835(tmp_path), now=NOW)
    assert demo_copy.read_bytes() == before  # nothing written
    outcome = import_remittances(demo_copy, one_payer_835(tmp_path), now=NOW, new_payer=True)
    assert outcome.appended["fee_schedules"] > 0
    data, _ = read_workbook(demo_copy)
    assert data is not None and "ACME HEALTH PLAN" in set(data.payers["payer"])


def test_several_payers_cannot_take_one_name(demo_copy, tmp_path):
    path = tmp_path / "mixed.835"
    path.write_text(write_835(random_payments(120, seed=1)))
    with pytest.raises(InputError, match=r"the files hold 3 payers"):
        import_remittances(demo_copy, path, payer="Summit BlueCare PPO", now=NOW)


def test_market_rates_become_benchmarks_without_touching_the_users(demo_inputs, demo_copy):
    before = demo_inputs  # what demo_copy holds
    outcome = import_market_rates(demo_copy, EVRY, region="Evry Health PPO", now=NOW,
                                  billing_class="institutional")
    after, _ = read_workbook(demo_copy)
    new = after.benchmarks[after.benchmarks["region"] == "Evry Health PPO"]
    assert len(new) == outcome.appended["benchmarks"] > 0
    assert set(new["code"]) <= set(after.volumes["code"])  # only the codes the clinic bills
    kept = after.benchmarks[after.benchmarks["region"] != "Evry Health PPO"]
    assert kept.reset_index(drop=True).equals(before.benchmarks.reset_index(drop=True))


def test_imported_market_rates_older_than_the_benchmarks_held_say_they_are_not_used(
        demo_inputs, demo_copy, capsys):
    """The reviewer's case: market rates imported into a workbook whose Benchmarks already
    hold a newer row for the code were added, "Press Refresh to update the analysis", and
    changed nothing. The import says which rows the analysis will not use, and the refresh
    says which row each such code uses."""
    before = demo_inputs  # what demo_copy holds
    held = before.benchmarks.set_index("code").loc["97110"]
    assert str(held["as_of"]) > "2025-01-06"  # the Evry file's date
    code = main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy),
                 "--codes", "97110", "--quiet", "--billing-class", "institutional"])
    assert code == 0
    err = " ".join(capsys.readouterr().err.split())
    assert ("warning: Benchmarks: 1 of the 1 rows added (97110) are no newer than a row the "
            "Benchmarks already hold for their code, so the analysis keeps using that row; "
            "delete it to use the imported rates") in err
    result = refresh_workbook(demo_copy, now=NOW)
    notes = [p.message for p in result.problems if "more than one row" in p.message]
    # at the Benchmarks sheet, where the rows are (errors-9: it named no file or sheet)
    assert notes == [f"Benchmarks '{demo_copy.name}', sheet 'Benchmarks': 1 code has more than "
                     f"one row; each uses its newest: 97110 "
                     f"(region '{held['region']}', as of {held['as_of']}, {held['source']})"]


def test_facility_prices_are_not_a_clinics_market_unless_asked(demo_inputs, demo_copy, capsys):
    """The reviewer's case: every price of the Evry file is billed institutional (a facility's
    claim); imported into a clinic's Benchmarks they became its market, flagged but used. By
    default only professional prices are imported, and an import that finds none says why."""
    before = demo_inputs  # what demo_copy holds
    outcome = import_market_rates(demo_copy, EVRY, now=NOW)
    assert outcome.appended["benchmarks"] == 0
    # the file's prices are a facility's for the codes it has; 92507 and 92523, which the
    # demo clinic bills, it has not (the note said every code's were a facility's)
    assert [p.message for p in outcome.problems] == [
        "Benchmarks: no professional price for these codes: nothing added to the Benchmarks. "
        "The file's prices for 97035, 97110, 97112, 97116, 97140, 97161, 97162, 97164, 97165, "
        "97166, 97530, 97535, G0283 are a facility's (billing class institutional), another "
        "fee than a clinic's; --billing-class institutional adds them anyway; not in this "
        "file at all, of any billing class: 92507, 92523"]
    assert main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy),
                 "--codes", "97110", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "0 benchmarks row(s)" in err and "note: no professional price for these codes" in err
    assert "file's prices for 97110 are a facility's" in err and "at all" not in err
    # codes the file lacks altogether: not in it, whichever class the command reads
    for billing_class in ([], ["--billing-class", "professional"],
                          ["--billing-class", "institutional"]):
        assert main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy),
                     "--codes", "92507,92523", *billing_class]) == 0
        out, err = capsys.readouterr()
        assert out.count("this code is not in this file (no price of any billing class)") == 2
        assert "reads another" not in out + err and "billing class institutional" not in err
    after, _ = read_workbook(demo_copy)
    assert after.benchmarks.equals(before.benchmarks)


def test_the_command_line_adds_the_rows_the_ribbon_adds(demo_copy, tmp_path, told_today):
    """The review's case: `import market-rates --workbook` added every code of the file (27,
    of which the clinic bills 13) with a blank Region, where the ribbon's import adds the codes
    the workbook bills, compared with Medicare in its locality (10112-00). The Region says
    where the prices come from: the file, a Texas plan's, read whole, not the clinic's
    locality (Alabama's 10112-00, which a later review found written there)."""
    by_ribbon = tmp_path / "ribbon.xlsx"
    shutil.copyfile(demo_copy, by_ribbon)
    # both read the prices as of the same day (their expired flags name it): the command's
    # today, the product's clock's (told_today)
    now = datetime.combine(told_today, NOW.time())
    import_market_rates(by_ribbon, EVRY, now=now, billing_class="institutional")
    assert main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy), "--quiet",
                 "--billing-class", "institutional"]) == 0
    ribbon, cli = (read_workbook(p)[0].benchmarks for p in (by_ribbon, demo_copy))
    added = cli[cli["source"].str.contains("Evry")]
    assert set(added["region"]) == {"not filtered by region (Evry Health)"}
    assert set(added["code"]) <= set(read_workbook(demo_copy)[0].volumes["code"])
    assert len(added) == 13  # of the file's 27 codes, those the demo clinic bills
    assert cli.reset_index(drop=True).equals(ribbon.reset_index(drop=True))


def test_date_needs_no_locality_when_the_workbook_names_one(demo_copy, capsys):
    """--date sets the Medicare date the figures are compared at; --workbook gives the
    locality, yet --date was refused without --locality (found by a review)."""
    assert main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy), "--quiet",
                 "--codes", "97110", "--billing-class", "institutional",
                 "--date", "2025-06-01"]) == 0
    rows = read_workbook(demo_copy)[0].benchmarks
    assert rows[rows["source"].str.contains("Evry")]["region"].tolist() == [
        "not filtered by region (Evry Health)"]
    capsys.readouterr()
    assert main(["import", "market-rates", str(EVRY), "--date", "2025-06-01", "--quiet"]) == 2
    assert "--date sets the Medicare fee schedule's date: give --locality too" in \
        capsys.readouterr().err


def test_a_store_of_facility_prices_says_why_it_has_no_benchmark(demo_copy, tmp_path, capsys):
    """`market-rates benchmark --workbook` on a store of Evry's prices (all institutional)
    said the store had "no dollar price for these codes": it has 31, a facility's."""
    store = tmp_path / "store"
    assert main(["import", "market-rates", str(EVRY), "--store", str(store), "--quiet"]) == 0
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "97110",
                 "--json"]) == 0  # a report of the store: every class
    capsys.readouterr()
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "97110",
                 "--workbook", str(demo_copy)]) == 3
    assert ("has no dollar price for these codes billed professional (a clinic's fees, what "
            "--workbook keeps; --billing-class institutional takes a facility's)"
            in " ".join(capsys.readouterr().err.split()))
    # a code the store has no price of, of any class, is not sent after a facility's prices
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "97110,92507",
                 "--workbook", str(demo_copy)]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert ("takes a facility's): 97110; none of any billing class for 92507" in err), err
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "92507,92523",
                 "--workbook", str(demo_copy)]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert "has no dollar price for these codes of any billing class: 92507, 92523" in err, err
    assert "--billing-class" not in err


def test_cli_workbook_option(demo_copy, tmp_path, capsys):
    remit = one_payer_835(tmp_path)
    code = main(["import", "remittances", str(remit), "--workbook", str(demo_copy),
                 "--payer", "Keystone Health Plan", "--json"])
    captured = capsys.readouterr()
    assert code == 0
    assert sorted(json.loads(captured.out)) == ["codes", "payers"]  # --json stays clean
    assert "Added to negotiation.xlsx:" in captured.err
    code = main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy),
                 "--codes", "97110", "--quiet", "--billing-class", "institutional"])
    assert code == 0
    assert "Added to negotiation.xlsx: 1 benchmarks row(s). " in capsys.readouterr().err
    # again: nothing added, and said why (a review: "0 benchmarks row(s)" read as none found)
    assert main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy),
                 "--codes", "97110", "--quiet", "--billing-class", "institutional"]) == 0
    assert ("Added to negotiation.xlsx: 0 benchmarks row(s) (1 already there). The analysis "
            "is unchanged." in capsys.readouterr().err)  # no refresh asked for nothing


def test_a_refused_835_leaves_the_workbook_untouched(demo_copy, tmp_path):
    # a good file with a refused one: the good one's rows are not added alone either
    before = demo_copy.read_bytes()
    empty = tmp_path / "empty.835"
    empty.write_bytes(b"")
    outcome = import_remittances(demo_copy, [one_payer_835(tmp_path), empty],
                                 payer="Summit BlueCare PPO", now=NOW)
    assert demo_copy.read_bytes() == before
    assert not (tmp_path / "RateCalc backups").exists()
    assert not outcome.ok and dict(outcome.appended) == {}
    assert [p.rule for p in outcome.problems] == [
        "the file is empty: no 835 to import",
        "nothing was added to the workbook: the import did not succeed (see the problems above)"]


def test_a_refused_835_adds_nothing_through_the_command(demo_copy, tmp_path, capsys):
    before = demo_copy.read_bytes()
    empty = tmp_path / "empty.835"
    empty.write_bytes(b"")
    code = main(["import", "remittances", str(one_payer_835(tmp_path)), str(empty),
                 "--workbook", str(demo_copy), "--payer", "Summit BlueCare PPO"])
    assert demo_copy.read_bytes() == before
    assert not (tmp_path / "RateCalc backups").exists()
    assert code == 3  # an empty file cannot be read: bad input data (it was 1)
    assert f"nothing written: '{empty}' could not be imported" in capsys.readouterr().err


def test_a_file_with_no_item_for_the_codes_is_not_blamed_on_a_facilitys_prices(
        demo_copy, capsys, tmp_path):
    # a TiC file of no in_network item (or none for the codes asked) added nothing, and the
    # note said its prices were a facility's, "--billing-class institutional adds them
    # anyway": there were none of any class to add
    empty = tmp_path / "empty.json"
    empty.write_text('{"reporting_entity_name": "Evry Health", "reporting_entity_type": '
                     '"health plan", "last_updated_on": "2025-01-06", "version": "1", '
                     '"in_network": []}', encoding="utf-8")
    outcome = import_market_rates(demo_copy, empty, now=NOW)
    assert outcome.appended["benchmarks"] == 0
    assert [p.message for p in outcome.problems] == [
        "Benchmarks: no price for these codes in the file: nothing added to the Benchmarks "
        "(its in_network items hold none of the codes asked for)"]
    for source, codes in ((empty, "97110"), (EVRY, "99999")):
        assert main(["import", "market-rates", str(source), "--workbook", str(demo_copy),
                     "--codes", codes, "--quiet"]) == 0
        err = capsys.readouterr().err
        assert "note: no price for these codes in the file" in err
        assert "billing class institutional" not in err


def test_a_benchmark_of_an_empty_store_says_what_is_missing(tmp_path, capsys):
    # "has no dollar price for these codes" of a store never filled, and of a store whose
    # files kept no price, with no code asked
    never = tmp_path / "never"
    never.mkdir()
    assert main(["market-rates", "benchmark", "--store", str(never)]) == 3
    assert (f"store '{never}' holds no file yet; fill it with 'ratecalc import market-rates "
            "SOURCE... --store DIR'") in " ".join(capsys.readouterr().err.split())
    store = tmp_path / "store"
    assert main(["import", "market-rates", str(EVRY), "--store", str(store), "--npi",
                 "1111111111", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["market-rates", "benchmark", "--store", str(store)]) == 3
    err = " ".join(capsys.readouterr().err.split())
    assert f"store '{store}' has no dollar price for any code" in err
    assert "these codes" not in err
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes",
                 "97110,97140"]) == 3
    assert (f"store '{store}' has no dollar price for these codes: 97110, 97140"
            in " ".join(capsys.readouterr().err.split()))


X12 = DATA / "x12_835"


#: One claim paid 8 days after its service: a whole number of days.
ONE_CLAIM = X12 / "keironstoddart_edi-835-parser" / "blue_cross_nc_sample.txt"
#: Two claims paid 29 and 30 days after theirs: (29 + 30) / 2.
TWO_CLAIMS = X12 / "tigershark" / "835-example.txt"


def _days_book(remittance: Path, book: Path) -> list[str]:
    """A new workbook as ``book``, ``remittance`` imported for a new payer Acme; every sheet,
    whose text LibreOffice writes with the other modules' small books (``small_shown`` in
    conftest.py)."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["workbook", "new", str(book)]) == 0
    import_remittances(book, remittance, payer="Acme", new_payer=True, now=NOW)
    return open_book(book).sheetnames


def one_claim_days_book(book: Path) -> list[str]:
    return _days_book(ONE_CLAIM, book)


def two_claims_days_book(book: Path) -> list[str]:
    return _days_book(TWO_CLAIMS, book)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize(("remittance", "days", "kind"), [
    (ONE_CLAIM, "8.0", "days_one_claim"), (TWO_CLAIMS, "29.5", "days_two_claims")])
def test_mean_days_to_payment_read_one_way_in_the_command_sheet_and_letter(
        capsys: pytest.CaptureFixture[str], remittance: Path, days: str, kind: str,
        small_shown: dict[str, tuple[Path, dict[str, Path]]]) -> None:
    """The mean days to payment printed "8" for one file and "29.5" for another; one decimal
    now, as the command prints it (Mean and Median days to payment), as the Clinic sheet shows
    the days in A/R the import writes from it (with the clean-claim and denial rates as
    percentages: an import showed a rate of 100% as "1"), and as the letter states it."""
    from openpyxl.utils.cell import coordinate_to_tuple

    from ratecalc_letter.parts import _metric_value

    main(["import", "remittances", str(remittance)])
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "Mean days to payment" in line)
    row = out.splitlines()[out.splitlines().index(header) + 1]
    assert f" {days} " in row and row.count(f" {days} ") == 2  # mean and median
    book, files = small_shown[kind]  # a new workbook, ``remittance`` imported (_days_book)
    ws = open_book(book)[layout.CLINIC_SHEET]
    at = {ws.cell(row=r, column=c.column - 1).value: c.coordinate
          for r in range(1, ws.max_row + 1) for c in ws[r][1:] if c.value is not None}
    shown = ShownSheet(files[layout.CLINIC_SHEET])
    assert shown.text(*coordinate_to_tuple(at["Days in AR"])) == days
    assert shown.text(*coordinate_to_tuple(at["Clean claim rate"])).endswith(".0%")
    assert _metric_value(float(days), "days") == f"{days} days"


def test_new_payers_are_appended_by_name_case_insensitively(demo_copy, tmp_path):
    # three new payers in one file: listed 'alder plan', 'Beacon Health', 'zeta care' (a
    # plain sort appended the capitals first: Beacon Health, alder plan, zeta care)
    names = {0: ("zeta care", "71111"), 1: ("Beacon Health", "72222"), 2: ("alder plan", "73333")}
    payments = [dataclasses.replace(p, payer=names[i % 3][0], payer_id=names[i % 3][1])
                for i, p in enumerate(random_payments(120, seed=1))]
    path = tmp_path / "three.835"
    path.write_text(write_835(payments))
    before, _ = read_workbook(demo_copy)
    assert before is not None
    import_remittances(demo_copy, path, now=NOW, new_payer=True)
    after, _ = read_workbook(demo_copy)
    assert after is not None
    assert after.payers["payer"].tolist()[len(before.payers):] == [
        "alder plan", "Beacon Health", "zeta care"]


def _evry_dated(tmp_path: Path, day: str) -> Path:
    """Evry's subset with its ``last_updated_on`` set to ``day``."""
    text = EVRY.read_text(encoding="utf-8")
    path = tmp_path / f"evry-{day}.json"
    path.write_text(text.replace('"last_updated_on": "2025-01-06T00:00:00-06:00"',
                                 f'"last_updated_on": "{day}"', 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("file_day", ["2024-06-01", "2027-01-05"])
def test_market_rates_are_compared_with_medicare_on_the_workbooks_date(
        demo_copy, tmp_path, capsys, file_day):
    """The ribbon's import and `import market-rates --workbook` compared a file's prices with
    Medicare on the file's own last_updated_on, where every other output of the workbook (the
    Comparison, the Proposal) prices Medicare on its Settings' Medicare date: a file of June
    2024 was weighed against 2024's amounts (97110 at $27.32, where the workbook shows $26.83),
    and one of
    January 2027, a year no release covers, was refused though the workbook's own date is
    covered. One rule: the workbook's Medicare date, whatever the file's date."""
    from ratecalc.analysis import medicare_by_code

    data = read_workbook(demo_copy)[0]
    path = _evry_dated(tmp_path, file_day)
    codes = ["97110", "97140", "97530"]
    # the workbook's own Medicare amounts: what its Comparison and Proposal show
    book = medicare_by_code(data, codes)[0].set_index("code")["medicare_amount"]
    by_ribbon = tmp_path / "ribbon.xlsx"
    shutil.copyfile(demo_copy, by_ribbon)
    outcome = import_market_rates(by_ribbon, path, codes=codes, now=NOW,
                                  billing_class="institutional")
    assert outcome.ok, [p.message for p in outcome.problems]
    capsys.readouterr()
    assert main(["import", "market-rates", str(path), "--workbook", str(demo_copy), "--quiet",
                 "--codes", ",".join(codes), "--billing-class", "institutional",
                 "--as-of", NOW.date().isoformat(), "--json"]) == 0
    shown = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert sorted(shown) == codes
    for code in codes:
        assert shown[code]["medicare_amount"] == pytest.approx(book[code], abs=0.005), code
        assert shown[code]["pct_of_medicare"] == pytest.approx(
            shown[code]["median"] / book[code], abs=1e-4), code
    # both imports added the same rows
    ribbon, cli = (read_workbook(p)[0].benchmarks for p in (by_ribbon, demo_copy))
    assert cli.reset_index(drop=True).equals(ribbon.reset_index(drop=True))


def test_date_asked_for_still_prices_medicare_with_a_workbook(demo_copy, capsys):
    """--date is the one way to compare with Medicare on another day than the workbook's:
    Evry's prices against 97110's $27.32 of 2024-06-01, not the workbook's $26.83."""
    capsys.readouterr()
    assert main(["import", "market-rates", str(EVRY), "--workbook", str(demo_copy), "--quiet",
                 "--codes", "97110", "--billing-class", "institutional", "--date", "2024-06-01",
                 "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["medicare_amount"] == 27.32

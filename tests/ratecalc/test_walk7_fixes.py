"""Findings of the speech + OT practice walk (walk-7, Poughkeepsie NY) fixed after it: each
test failed before its fix."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from ratecalc import timeline
from ratecalc.errors import UnknownCodeError
from ratecalc.medicare.localities import resolve_locality
from ratecalc.timeline import renewal_timeline, timeline_events
from ratecalc_cli.main import main
from tests.ratecalc.test_walk7_practice import KEYSTONE, _analysis, _demo_folder


def _doubtful_keystone_97110(tmp_path: Path, analysis_date: str) -> list:  # type: ignore[type-arg]
    folder = _demo_folder(tmp_path, analysis_date=analysis_date)
    fees = (folder / "fee_schedules.csv").read_text(encoding="utf-8")
    (folder / "fee_schedules.csv").write_text(
        fees.replace(f"{KEYSTONE},97110,,28.98,", f"{KEYSTONE},97110,,150.00,"),
        encoding="utf-8")
    return [p for p in _analysis(folder).warnings
            if "looks wrong" in p.message and f"{KEYSTONE}, 97110" in p.message]


def test_a_raised_doubtful_rate_shows_the_rate_typed_as_its_value(tmp_path: Path) -> None:
    """The Problems sheet's Value of a doubtful rate the escalator raised was the raised
    $153.00 (and $156.06 at the new term), a figure no Fee Schedules row shows, beside a
    warning that names the row's $150.00: it is the $150.00 typed, as the message's 'got'."""
    today, new_term = _doubtful_keystone_97110(tmp_path, "2026-03-01")
    assert "rate $153.00 looks wrong" in today.message
    assert "rate $156.06, agreed from 2027-01-01, looks wrong" in new_term.message
    for problem in (today, new_term):
        assert problem.value == 150.00
        assert problem.as_dict()["value"] == "150"
        assert problem.message.endswith("got 150")


def test_a_doubtful_rate_on_its_row_shows_that_rate(tmp_path: Path) -> None:
    """Control: a rate no escalator raised today is its row's, as before; raised twice by the
    new term (it showed $156.06), the rate typed."""
    today, new_term = _doubtful_keystone_97110(tmp_path, "2025-12-01")
    assert "rate $150.00 looks wrong" in today.message
    assert today.value == 150.00
    assert "rate $156.06, agreed from 2027-01-01, looks wrong" in new_term.message
    assert new_term.value == 150.00


def _no_benchmarks(tmp_path: Path, analysis_date: str, medicare_date: str) -> Path:
    folder = _demo_folder(tmp_path, analysis_date=analysis_date)
    settings = (folder / "settings.csv").read_text(encoding="utf-8")
    (folder / "settings.csv").write_text(
        settings.replace("medicare_date,2025-10-01", f"medicare_date,{medicare_date}"),
        encoding="utf-8")
    benchmarks = folder / "benchmarks.csv"  # no market: the asks stay near the rates paid
    benchmarks.write_text(benchmarks.read_text(encoding="utf-8").splitlines()[0] + "\n",
                          encoding="utf-8")
    return folder


def test_asks_below_medicare_name_the_medicare_they_are_weighed_against(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2027 analysis whose Medicare date is set back to 2026-12-31 (no 2027 release yet):
    analyze's 'Rates to ask that stay below Medicare' said 'against Medicare $71.96' naming no
    release or day, where the proposal.csv rows and the header name them."""
    folder = _no_benchmarks(tmp_path, "2027-01-15", "2026-12-31")
    label = "Medicare locality 10112-00 ALABAMA, release RVU26C, 2026-12-31"
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"\nRates to ask that stay below Medicare ({label}):\n" in out
    assert "  Cardinal Employers Trust 92507: $66.49 against Medicare $71.96\n" in out
    rows = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))[
        "below_medicare"]
    assert rows and {r["medicare_label"] for r in rows} == {label}
    proposal = (tmp_path / "out" / "proposal.csv").read_text(encoding="utf-8")
    assert label in proposal


def test_asks_below_medicare_priced_on_several_days_name_each(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each payer's asks weighed against Medicare on its new term's first day: each row says
    which."""
    folder = _no_benchmarks(tmp_path, "2025-12-01", "2025-10-01")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["below_medicare"]
    cardinal = {r["medicare_label"] for r in rows if r["payer"] == "Cardinal Employers Trust"}
    assert cardinal == {"Medicare locality 10112-00 ALABAMA, release RVU26C, 2026-05-01"}
    assert len({r["medicare_label"] for r in rows}) > 1
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out2")]) == 0
    assert ("  Cardinal Employers Trust 92507: $66.49 against Medicare $71.96 (Medicare "
            "locality 10112-00 ALABAMA, release RVU26C, 2026-05-01)\n") in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["Poughkeepsie, NY", "Poughkeepsie, New York", "Poughkeepsie",
                                   "poughkeepsie"])
def test_a_town_cms_abbreviates_is_suggested_not_guessed(typed: str) -> None:
    """'Poughkeepsie, NY' was refused listing New York's five localities, CMS spelling it
    'POUGHKPSIE' (and 'Poughkeepsie' alone named none): the refusal names the closest CMS name
    first and how to give the locality; the town is never taken for it (the ZIP settles it)."""
    with pytest.raises(UnknownCodeError) as refused:
        resolve_locality(typed)
    said = str(refused.value)
    assert ("the closest CMS locality name (CMS abbreviates some) is 13202-03 "
            "POUGHKPSIE/N NYC SUBURBS") in said
    assert "ZIP code" in said and "13202-03" in said[:200]
    assert resolve_locality("12601") == "13202-03"


def test_a_name_close_to_none_is_refused_as_before() -> None:
    for typed in ("Nowhere Town", "Springfield, IL"):
        with pytest.raises(UnknownCodeError) as refused:
            resolve_locality(typed)
        assert "closest" not in str(refused.value)


SPEECH_WORDS = ("is a speech-language pathology code: CQ and CO are for services by a PT "
                "assistant (CQ) or an OT assistant (CO), none for a speech-language pathology "
                "assistant")


@pytest.mark.parametrize("as_json", [False, True])
def test_assistant_on_a_speech_code_is_shown_with_a_warning(
        as_json: bool, capsys: pytest.CaptureFixture[str]) -> None:
    """`medicare 92507 --assistant` applied the CQ/CO reduction to a speech-language
    pathology code without a word: it is still shown (an OT may furnish 92526 under an OT plan
    of care), with a warning in the text and beside --json alike."""
    args = ["medicare", "92507", "92526", "97110", "--locality", "13202-03", "--date",
            "2026-06-01", "--assistant"]
    assert main(args + (["--json"] if as_json else [])) == 0
    out, err = capsys.readouterr()
    for code in ("92507", "92526"):
        assert f"warning: {code} {SPEECH_WORDS}" in err
        assert (f"{code} {SPEECH_WORDS}; its assistant reduction (Medicare's share paid at "
                f"85%) applies only where a PT or OT assistant furnished it under a PT or OT "
                f"plan of care, and is shown as if one did") in err
    assert "97110" not in err  # a PT code: CQ is its modifier
    if as_json:
        rows = {r["code"]: r for r in json.loads(out)}
        assert rows["92507"]["assistant_reduction"] > 0  # shown, not refused
    else:
        assert "92507" in out and "Assistant reduction" in out


def test_a_speech_code_without_assistant_says_nothing(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["medicare", "92507", "--locality", "13202-03", "--date", "2026-06-01",
                 "--sequestration"]) == 0
    assert "speech-language" not in capsys.readouterr().err


#: The renewed term's deadline of an auto-renewing contract, its term ending 2027-02-28 with
#: 90 days' notice, told on 2026-12-06: by hand (DOMAIN.md 1.9), the term renews on 2027-03-01
#: for 12 months, to 2028-02-29 (2028 is a leap year), and 90 days before that is Wednesday
#: 2027-12-01 (29 days of February, 31 of January and 30 of December back from Dec 31).
NEXT_DEADLINE = ("the renewed term's notice deadline is 2027-12-01 (90 days before it ends "
                 "2028-02-29)")


def _keystone_ends_in_february(tmp_path: Path) -> Path:
    folder = _demo_folder(tmp_path, analysis_date="2026-12-06")
    contracts = folder / "contracts.csv"
    text = contracts.read_text(encoding="utf-8")
    old = f"{KEYSTONE},HMO/POS,KHP-4471,2024-01-01,2026-12-31,yes,120,"
    assert old in text
    contracts.write_text(text.replace(
        old, f"{KEYSTONE},HMO/POS,KHP-4471,2024-01-01,2027-02-28,yes,90,"), encoding="utf-8")
    return folder


def test_a_passed_deadline_names_the_renewed_terms_next_one_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With this term's notice deadline passed (2026-11-30), the .ics and `timeline` held only
    that deadline and earlier steps: each output that shows deadlines now names the renewed
    term's, one rule (timeline.next_term_deadline), the same day everywhere."""
    folder = _keystone_ends_in_february(tmp_path)
    # analyze: its "Deadlines:" line, renewal_timeline.csv (the Timeline sheet's table) and
    # the .ics
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    line = next(x for x in said.splitlines() if x.startswith(f"  {KEYSTONE} HMO/POS: "))
    assert "notice deadline 2026-11-30 passed 6 days ago" in line and NEXT_DEADLINE in line
    with (out / "renewal_timeline.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["payer"] == KEYSTONE)
    assert row["notice_deadline"] == "2026-11-30" and NEXT_DEADLINE in row["note"]
    ics = (out / "renewals.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    event = next(e for e in ics.split("BEGIN:VEVENT")
                 if f"SUMMARY:NOTICE DEADLINE (renewed term): {KEYSTONE} HMO/POS" in e)
    assert "DTSTART;VALUE=DATE:20271201" in event and "ends 2028-02-29" in event
    # timeline --data (the Timeline sheet's rows) and timeline --end
    assert main(["timeline", "--data", str(folder), "--json"]) == 0
    contracts = json.loads(capsys.readouterr().out)["contracts"]
    assert NEXT_DEADLINE in next(c for c in contracts if c["payer"] == KEYSTONE)["note"]
    ics_one = tmp_path / "one.ics"
    assert main(["timeline", "--end", "2027-02-28", "--auto-renew", "--as-of", "2026-12-06",
                 "--ics", str(ics_one), "--json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert (one["next_term_end"], one["next_notice_deadline"]) == ("2028-02-29", "2027-12-01")
    assert "DTSTART;VALUE=DATE:20271201" in ics_one.read_text(encoding="utf-8")
    assert main(["timeline", "--end", "2027-02-28", "--auto-renew", "--as-of",
                 "2026-12-06"]) == 0
    steps = capsys.readouterr().out
    assert re.search(r"Renewed term's notice deadline\s+2027-12-01", steps)
    assert re.search(r"Term ends and contract renews\s+2028-02-29", steps)
    t = renewal_timeline(date(2027, 2, 28), auto_renew=True, notice_days=90,
                         as_of=date(2026, 12, 6))
    assert t.warnings[1] == NEXT_DEADLINE
    assert timeline.next_term_deadline(t) == (date(2028, 2, 29), date(2027, 12, 1))


@pytest.mark.parametrize(("end", "auto_renew", "as_of"), [
    (date(2027, 2, 28), True, date(2026, 11, 30)),   # the deadline is today: still ahead
    (date(2027, 2, 28), False, date(2026, 12, 6)),   # lapses: no renewed term
])
def test_no_next_deadline_before_the_deadline_or_without_renewal(
        end: date, auto_renew: bool, as_of: date) -> None:
    t = renewal_timeline(end, auto_renew=auto_renew, as_of=as_of)
    assert not any("renewed term's notice deadline" in w for w in t.warnings)
    assert not any("renewed term" in e.summary for e in timeline_events(t, "P"))
    if hasattr(timeline, "next_term_deadline"):  # the rule these outputs follow
        assert timeline.next_term_deadline(t) is None


def test_the_priorities_and_exit_impact_name_the_renewed_terms_deadline_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Priorities' note (the sheet, priorities.csv) and exit-impact's said only that this
    term's deadline had passed (2026-11-30) while the Timeline named the renewed term's
    (2027-12-01, worked out by hand: the term renews 2027-03-01 to 2028-02-29, 90 days before
    its end): one note, timeline.timeline_deadline_note, on all of them."""
    folder = _keystone_ends_in_february(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--out", str(out)]) == 0
    capsys.readouterr()
    with (out / "priorities.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["payer"] == KEYSTONE)
    assert row["deadline_note"].startswith("notice deadline 2026-11-30 passed 6 days ago")
    assert row["deadline_note"].endswith("; " + NEXT_DEADLINE)
    assert main(["exit-impact", "--data", str(folder), "--payer", KEYSTONE, "--json"]) == 0
    exit_note = json.loads(capsys.readouterr().out)
    assert NEXT_DEADLINE in json.dumps(exit_note)
    t = renewal_timeline(date(2027, 2, 28), auto_renew=True, notice_days=90,
                         as_of=date(2026, 12, 6))
    assert timeline.timeline_deadline_note(t).endswith("; " + NEXT_DEADLINE)
    before = renewal_timeline(date(2027, 2, 28), auto_renew=True, notice_days=90,
                              as_of=date(2026, 11, 20))
    assert timeline.timeline_deadline_note(before) == "notice deadline 2026-11-30 is in 10 days"

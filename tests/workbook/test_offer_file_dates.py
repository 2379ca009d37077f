"""A counter letter answers the latest offer received by its date, whether the offer's rows are
on the Negotiation Log or in an ``--offer`` file: one rule (:mod:`ratecalc.negotiation_log`).

Found by a review: the same rounds in an ``--offer`` file were refused outright when the latest
was dated after the letter ("the offer is dated ..., after the letter's date"), while on the
workbook's log the later rows were passed over and the earlier round answered.

Every date is counted from the letter's day, itself a number of days from TODAY, the demo
workbook's analysis date (the fixture's NOW): Summit BlueCare PPO offered 97110 at $27.00 six
days before TODAY (round 1), $29.00 with 97140 at $31.00 nine days after it (round 2), and
$30.00 eighteen days after it (round 3). A letter answers the latest round dated on or before
its own day and names each later one, with its rows, in a warning.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main

from .conftest import NOW
from .test_log_as_of import SUMMIT, _log

TODAY = NOW.date()
#: (days from TODAY, code, offered rate): the payer's rounds, oldest first.
ROUNDS = [(-6, "97110", 27.00), (9, "97110", 29.00), (9, "97140", 31.00), (18, "97110", 30.00)]
HEADER = "payer,code,offered_rate,date\n"


def _offer_csv(path: Path, rounds: list[tuple[int, str, float]]) -> Path:
    path.write_text(HEADER + "".join(f"{SUMMIT},{code},{rate:.2f},{TODAY + timedelta(days)}\n"
                                     for days, code, rate in rounds), encoding="utf-8")
    return path


def _counter(capsys: pytest.CaptureFixture[str], book: Path, out: Path, day: date,
             *more: str) -> tuple[int, dict[str, object] | None, str]:
    """``ratecalc letter --kind counter --json`` dated ``day``: exit code, JSON, stderr."""
    capsys.readouterr()
    code = main(["letter", str(book), "--payer", SUMMIT, "--kind", "counter", "--date",
                 day.isoformat(), "--out", str(out), "--json", *more])
    printed = capsys.readouterr()
    return code, (json.loads(printed.out) if code == ExitCode.OK else None), printed.err


def _passed_over(warnings: list[str], source: str) -> list[str]:
    return [w for w in warnings if f"{source}, payer '{SUMMIT}': the offer" in w]


@pytest.mark.parametrize("after", [0, 9, 20])
def test_an_offer_file_and_the_log_answer_the_same_offer_by_the_letters_date(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], after: int
) -> None:
    day = TODAY + timedelta(days=after)
    received = max(TODAY + timedelta(d) for d, _, _ in ROUNDS if d <= after)
    answered = {code: rate for d, code, rate in ROUNDS if TODAY + timedelta(d) == received}
    later = sorted({TODAY + timedelta(d) for d, _, _ in ROUNDS if d > after})
    file = _offer_csv(tmp_path / "offer.csv", ROUNDS)
    file_rows = {TODAY + timedelta(d): [] for d, _, _ in ROUNDS}
    for row, (d, _, _) in enumerate(ROUNDS, start=2):
        file_rows[TODAY + timedelta(d)].append(row)
    log_rows = _log(demo_copy, [(TODAY + timedelta(d), SUMMIT, "received", code, rate)
                                for d, code, rate in ROUNDS])
    sheet_rows = {TODAY + timedelta(d): [] for d, _, _ in ROUNDS}
    for row, (d, _, _) in zip(log_rows, ROUNDS, strict=True):
        sheet_rows[TODAY + timedelta(d)].append(row)

    said = {}
    for name, more, source, rows in (
            ("file", ["--offer", str(file)], "'offer.csv'", file_rows),
            ("log", [], f"'{demo_copy.name}', sheet 'Negotiation Log'", sheet_rows)):
        code, info, _ = _counter(capsys, demo_copy, tmp_path / f"{name}.docx", day, *more)
        assert code == ExitCode.OK, name
        assert info is not None
        assert {ln["code"]: ln["offer_rate"] for ln in info["lines"]} == answered, name
        assert info["dates"]["letter_date"] == day.isoformat()
        said[name] = info["subject"]  # "Response to your rate offer of <its date>, ..."
        notes = _passed_over(info["warnings"], source)
        if not later:
            assert notes == [], name
            continue
        offers = " and ".join(
            f"{d.isoformat()} ({' and '.join(f'row {r}' for r in rows[d])})" for d in later)
        one = len(later) == 1
        assert notes == [
            f"Letter: {source}, payer '{SUMMIT}': the offer{'' if one else 's'} of {offers} "
            f"{'is' if one else 'are'} dated after the letter's date {day.isoformat()}: not "
            f"received by then, so {'it is' if one else 'they are'} passed over and this letter "
            f"answers the offer of {received.isoformat()}; to answer a later one, date the "
            f"letter on or after it (--date), or correct its date"], name
    # both letters answer the offer of the same day
    assert said["file"] == said["log"]
    assert f"offer of {received:%B} {received.day}, {received.year}" in said["file"][0]

    # the command line without --json says it too, as a warning on stderr
    capsys.readouterr()
    assert main(["letter", str(demo_copy), "--payer", SUMMIT, "--kind", "counter", "--date",
                 day.isoformat(), "--out", str(tmp_path / "plain.docx"), "--offer",
                 str(file)]) == ExitCode.OK
    warned = [ln for ln in capsys.readouterr().err.splitlines()
              if ln.startswith(f"warning: Letter: 'offer.csv', payer '{SUMMIT}': the offer")]
    assert len(warned) == (1 if later else 0)


def test_an_offer_file_with_no_offer_by_the_letters_date_is_refused_naming_its_rows(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # two rounds, both after the letter: no offer received by then (it was refused as "the
    # offer is dated <the later one>", the earlier round never named)
    file = _offer_csv(tmp_path / "offer.csv", [(9, "97110", 29.00), (18, "97110", 30.00)])
    code, _, err = _counter(capsys, demo_copy, tmp_path / "c.docx", TODAY, "--offer", str(file))
    assert code == ExitCode.FAILED
    assert err.strip() == (
        f"ratecalc letter: Offer 'offer.csv': no offer received from payer '{SUMMIT}' by the "
        f"letter's date {TODAY.isoformat()} (row 2 and row 3 dated after it: not received yet); "
        f"date the letter on or after an offer (--date), or correct the offer's dates")
    assert not (tmp_path / "c.docx").exists()


def test_an_offer_file_of_one_date_after_the_letter_is_refused_as_before(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ahead = TODAY + timedelta(days=9)
    file = _offer_csv(tmp_path / "offer.csv", [(9, "97110", 29.00), (9, "97140", 31.00)])
    code, _, err = _counter(capsys, demo_copy, tmp_path / "c.docx", TODAY, "--offer", str(file))
    assert code == ExitCode.INPUT_ERROR
    assert err.strip() == (
        f"ratecalc letter: 'offer.csv', payer '{SUMMIT}': the offer is dated {ahead.isoformat()}, "
        f"after the letter's date {TODAY.isoformat()}: a letter answers an offer received by "
        f"its date; date the letter on or after the offer (--date), or correct the offer's date")
    assert not (tmp_path / "c.docx").exists()
    # dated on the offer's day, the letter answers it
    code, info, _ = _counter(capsys, demo_copy, tmp_path / "c.docx", ahead, "--offer", str(file))
    assert code == ExitCode.OK
    assert info is not None
    assert {ln["code"]: ln["offer_rate"] for ln in info["lines"]} == {"97110": 29.0,
                                                                      "97140": 31.0}

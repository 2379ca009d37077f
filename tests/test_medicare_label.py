"""Every output showing a Medicare amount or a percent of Medicare names which Medicare: the
locality (id and name, as the bundled data spells it) and the CMS release and day, in the words
of one core function (:func:`ratecalc.medicare_label.medicare_label`). The Comparison and
Proposal sheets, their CSVs and ``analyze`` said "Medicare" alone; the Dashboard, the summary
and the letter named the locality by the text typed in the Settings ("95501", a ZIP, for
Eureka's 01112-75 REST OF CALIFORNIA), so a practice with two locations could not tell which
Medicare a percentage is of."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ratecalc.analysis import Analysis, analyze
from ratecalc.demo import demo_data
from ratecalc.medicare_label import medicare_label
from ratecalc_cli.analyze import present
from ratecalc_cli.main import main
from ratecalc_letter.content import build_letter
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

TODAY = date(2026, 12, 6)
NOW = "2026-12-06T10:00:00"


def _analysis(locality: str | None = None) -> Analysis:
    data = demo_data(TODAY)
    if locality is not None:  # the Settings' Locality, as a practice's second location types it
        data = replace(data, settings=replace(data.settings, locality=locality))
    return analyze(data)


def _csv_labels(path: Path) -> set[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return {row["medicare_label"] for row in csv.DictReader(f)}


def _outputs(a: Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Each output's words for the Medicare it shows, by output."""
    from datetime import datetime

    out = tmp_path / "out"
    present(a, out, as_json=False)
    first_line = capsys.readouterr().out.splitlines()[0]
    book = tmp_path / "book.xlsx"
    new_workbook(book, a.data)
    result = refresh_workbook(book, now=datetime.fromisoformat(NOW))
    assert result.ok, result.problems
    wb = openpyxl.load_workbook(book)
    comparison, proposal, dashboard = wb["Comparison"], wb["Proposal"], wb["Dashboard"]
    letter = "\n".join(build_letter(a, str(a.top_payer)).texts())
    shown = {
        "analyze": first_line,
        "summary.json": json.loads((out / "summary.json").read_text())["medicare_label"],
        "refresh --json": result.summary["medicare_label"],
        "Comparison caption": comparison["C3"].value,
        "Comparison page foot": comparison.oddFooter.center.text,
        "Proposal caption": proposal["E3"].value,
        "Proposal page foot": proposal.oddFooter.center.text,
        "Scenarios page foot": wb["Scenarios"].oddFooter.center.text,
        "Dashboard": f"Medicare locality {dashboard['B7'].value}, release {dashboard['B6'].value}",
        "letter": letter,
    }
    for name in ("comparison", "contract_check", "medicare", "proposal"):
        labels = _csv_labels(out / f"{name}.csv")
        assert len(labels) == 1, (name, labels)
        shown[f"{name}.csv"] = labels.pop()
    return shown


def test_every_output_names_the_medicare_of_the_one_rule(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _analysis()
    label = medicare_label(a.data.locality, [(a.medicare_release,
                                              a.data.settings.date_of_service)])
    assert str(label) == "Medicare locality 10112-00 ALABAMA, release RVU26C, 2026-10-01"
    # the demo's payers' new terms are past the bundled data: priced on the Medicare date
    assert a.proposal_medicare_label() == label == a.medicare_label
    shown = _outputs(a, tmp_path, capsys)
    for output, text in shown.items():
        if output == "letter":  # its note says the day in words: "October 1, 2026"
            assert f"locality {label.locality})" in text
            assert "CMS release RVU26C" in text
        elif output == "analyze":
            assert text.endswith(f"({label})"), text
        else:
            assert text == str(label), output


def test_the_scenario_of_a_payer_names_its_medicare(capsys: pytest.CaptureFixture[str]) -> None:
    """``scenario --payer`` compares a fixed-dollar contract with a percent of Medicare: the
    terminal names which Medicare in one line, ``--json`` in ``medicare_label``."""
    args = ["scenario", "--demo", "--today", TODAY.isoformat(), "--payer",
            "Cardinal Employers Trust"]
    label = str(_analysis().medicare_label)
    assert main(args) == 0
    assert f"The percents of Medicare are of the amounts of {label}." in (
        capsys.readouterr().out.splitlines())
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["medicare_label"] == label


def test_a_second_locations_medicare_is_named_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ZIP in 95501 (Eureka) typed as the Settings' Locality prices Rest of California,
    01112-75: every output names that locality, none the ZIP, none Alabama."""
    a = _analysis("95501")
    assert a.medicare_label.locality == "01112-75 REST OF CALIFORNIA"
    shown = _outputs(a, tmp_path, capsys)
    for output, text in shown.items():
        assert "01112-75 REST OF CALIFORNIA" in text, output
        assert "95501" not in text and "ALABAMA" not in text, output
    warnings = [p.message for p in a.warnings if "pays less than its contract" in p.message]
    assert warnings
    for warning in warnings:
        assert "amounts for locality 01112-75 REST OF CALIFORNIA, the analysis'" in warning


def test_a_proposal_priced_on_two_days_names_both() -> None:
    """A payer's new term a later release covers is priced on its own day: the proposal's
    label names each release and day, earliest first."""
    label = medicare_label("10112-00", [("rvu26c", date(2026, 10, 1)),
                                        ("rvu26a", date(2026, 1, 1)),
                                        ("rvu26c", date(2026, 10, 1))])
    assert label.priced == "RVU26A, 2026-01-01; RVU26C, 2026-10-01"
    assert label.locality == "10112-00 ALABAMA"


@pytest.mark.parametrize(("chars", "expected"), [
    (200, "Medicare locality 10112-00 ALABAMA, release RVU26C, 2026-01-01; RVU26C, 2026-05-01; "
          "RVU26C, 2026-08-01; RVU27A, 2027-01-01"),
    (100, "Medicare locality 10112-00 ALABAMA, releases RVU26C to RVU27A, days 2026-01-01 to "
          "2027-01-01"),
    (40, "Medicare locality 10112-00 ALABAMA, rel\u2026"),
])
def test_a_label_in_a_place_of_few_characters(chars: int, expected: str) -> None:
    """Where a label must fit a number of characters (a page foot: Excel's 255, codes
    included), it is whole where it fits, else its days' span, else cut with "…"."""
    label = medicare_label("10112-00", [("rvu26c", date(2026, 1, 1)), ("rvu26c", date(2026, 5, 1)),
                                        ("rvu26c", date(2026, 8, 1)), ("rvu27a", date(2027, 1, 1))])
    text = label.within(chars)
    assert text == expected
    assert len(text) <= chars


def test_a_locality_is_named_as_the_release_priced_names_it() -> None:
    """CMS redraws localities: 01112-05 was San Francisco county alone until 2023, and from
    2024 San Francisco, San Mateo, Alameda and Contra Costa. An analysis priced on a 2023 day
    named RVU23's amounts by the 2026 name, four counties they were not of."""
    data = demo_data(TODAY)
    data = replace(data, settings=replace(data.settings, locality="01112-05",
                                          medicare_date=date(2023, 6, 1)))
    a = analyze(data)
    assert a.medicare_release.startswith("rvu23")
    assert a.medicare_label.locality == \
        "01112-05 SAN FRANCISCO-OAKLAND-BERKELEY (SAN FRANCISCO CNTY)"
    assert medicare_label("01112-05", [("rvu26c", date(2026, 10, 1))]).locality == (
        "01112-05 SAN FRANCISCO-OAKLAND-BERKELEY (SAN FRANCISCO/SAN MATEO/ALAMEDA/CONTRA "
        "COSTA CNTY)")
    # a proposal over two releases: the newer's name
    assert medicare_label("01112-05", [("rvu23c", date(2023, 10, 1)),
                                       ("rvu24a", date(2024, 1, 1))]).locality.endswith(
        "(SAN FRANCISCO/SAN MATEO/ALAMEDA/CONTRA COSTA CNTY)")


def test_the_letter_names_the_locality_as_its_own_release_does() -> None:
    """The letter's note names the day and release its percents are of, a payer's new term's
    (RVU24B, April 1, 2024, for the demo told on 2023-11-15): the locality beside them is
    named as that release names it, four counties, not as the analysis' RVU23C does."""
    data = demo_data(date(2023, 11, 15))
    data = replace(data, settings=replace(data.settings, locality="01112-05"))
    a = analyze(data)
    assert a.medicare_label.locality.endswith("(SAN FRANCISCO CNTY)")
    text = "\n".join(build_letter(a, "Cardinal Employers Trust").texts())
    assert ("(CMS release RVU24B, non-facility, locality 01112-05 SAN FRANCISCO-OAKLAND-"
            "BERKELEY (SAN FRANCISCO/SAN MATEO/ALAMEDA/CONTRA COSTA CNTY))") in text


def test_each_proposal_row_names_the_day_its_payer_is_priced_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo told on 2026-01-10 (its contracts moved with the day): Summit's contract ends
    2026-04-30, Cardinal's 2026-05-31 and Meridian's 2026-07-31, so their new terms are priced
    on 2026-05-01, 2026-06-01 and 2026-08-01; Keystone's, Lakeside's and Pioneer's end in 2027
    or later, past the bundled data, priced on the analysis' Medicare date, 2026-01-01. The
    tests above told the demo on a day where every payer's label is the analysis' own, so
    proposal.csv and ``scenario --payer`` naming the analysis' day for every row passed them."""
    day = date(2026, 1, 10)
    a = analyze(demo_data(day))
    present(a, tmp_path / "out", as_json=False)
    capsys.readouterr()
    base = "Medicare locality 10112-00 ALABAMA, release RVU26C, "
    by_payer: dict[str, set[str]] = {}
    with (tmp_path / "out" / "proposal.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_payer.setdefault(row["payer"], set()).add(row["medicare_label"])
    assert by_payer == {
        "Summit BlueCare PPO": {base + "2026-05-01"},
        "Cardinal Employers Trust": {base + "2026-06-01"},
        "Meridian Mutual": {base + "2026-08-01"},
        "Keystone Health Plan": {base + "2026-01-01"},
        "Lakeside Health Partners": {base + "2026-01-01"},
        "Pioneer Medicare Advantage": {base + "2026-01-01"},
    }
    assert _csv_labels(tmp_path / "out" / "comparison.csv") == {base + "2026-01-01"}
    assert main(["scenario", "--demo", "--today", day.isoformat(), "--payer",
                 "Cardinal Employers Trust", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["medicare_label"] == base + "2026-06-01"

"""``ratecalc import remittances``: summary, JSON, the line files, patient data, exit codes."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal

import pytest

from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835
from ratecalc_cli.main import ExitCode, main

from .samples import GUIDE, KEIRON
from .test_summary import TEXT

PATIENT = ("NM1*QC*1*TESTPATIENT*JANE****MI*MEMBER0042",
           "NM1*IL*1*TESTSUBSCRIBER*JOHN****MI*SUB0099")


@pytest.fixture
def remit(tmp_path):
    """The summary test's file with patient segments in every claim."""
    text = TEXT
    for claim in ("CLP*A*", "CLP*B*", "CLP*C*", "CLP*D*", "CLP*E*"):
        start = text.index(claim)
        end = text.index("~", start) + 2
        text = text[:end] + "".join(f"{s}~\n" for s in PATIENT) + text[end:]
    text = _fix_counts(text)
    path = tmp_path / "acme.835"
    path.write_text(text)
    return path


def _fix_counts(text: str) -> str:
    """Recount SE01 after inserting segments."""
    segments = text.split("~\n")
    start = 0
    for i, segment in enumerate(segments):
        if segment.startswith("ST*"):
            start = i
        elif segment.startswith("SE*"):
            control = segment.split("*")[2]
            segments[i] = f"SE*{i - start + 1}*{control}"
    return "~\n".join(segments)


def test_json_summary(remit, capsys) -> None:
    assert main(["import", "remittances", str(remit), "--json"]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert err == ""
    printed = json.loads(out)
    assert sorted(printed) == ["codes", "payers"]  # it was the code table alone
    rows = printed["codes"]
    assert {"payer", "code", "lines", "units", "allowed_per_unit", "paid",
            "denied_lines"} <= set(rows[0])
    picked = [(r["payer"], r["code"], r["modifier"], r["lines"], r["units"],
               r["allowed_per_unit"], r["paid"], r["denied_lines"]) for r in rows]
    assert picked == [
        # the rate paid last (33 from 01-08; after 32 on 01-06), not their median 32.50
        ("ACME HEALTH", "97110", "", 3, 6.0, 33.0, 143.0, 1),
        ("ACME HEALTH", "97140", "", 2, 2.0, 29.5, 29.5, 1),
        ("ACME HEALTH", "97110", "CQ", 1, 1.0, 27.2, 27.2, 0),
        ("BETA CARE", "97110", "", 2, 2.0, 30.01, 60.01, 0),  # 30.00, 30.01 a day: the higher
    ]
    # 1 of ACME's 3 97110 lines denied: 0.333333, as the CSV files write a fraction, to the
    # millionth the sheets' 33.3% is rounded from once (it printed 0.3333333333333333)
    assert [r["denial_rate"] for r in rows] == [0.333333, 0.5, 0.0, 0.0]
    # by hand (test_summary): ACME A, B clean, C a denied line, D denied, days A 14, B 12;
    # charges 290 + 400 + 100 + 90; BETA's E 11 days
    assert printed["payers"] == [
        {"payer": "ACME HEALTH", "payer_id": "11111", "claims": 4, "lines": 6, "charge": 880.0,
         "paid": 199.7, "provider_adjustments": 0.0, "clean_claims": 2,
         "clean_claim_rate": 0.5, "denied_claims": 2, "denial_rate": 0.5,
         "claims_with_days": 2, "days_to_payment_mean": 13.0, "days_to_payment_median": 13.0,
         "first_payment_date": "2025-01-20", "last_payment_date": "2025-01-20"},
        {"payer": "BETA CARE", "payer_id": "22222", "claims": 1, "lines": 2, "charge": 200.0,
         "paid": 60.01, "provider_adjustments": 0.0, "clean_claims": 1,
         "clean_claim_rate": 1.0, "denied_claims": 0, "denial_rate": 0.0,
         "claims_with_days": 1, "days_to_payment_mean": 11.0, "days_to_payment_median": 11.0,
         "first_payment_date": "2025-02-14", "last_payment_date": "2025-02-14"},
    ]


def test_json_payer_table_is_rounded_by_its_units(tmp_path, capsys) -> None:
    # Four claims paid 2025-01-20: three of one 97110 line (100.00 charged, 40.00 paid) served
    # 2025-01-19, -18 and -18 (days 1, 2, 2: mean 5/3 = 1.67, 1.7 to a tenth as the Clinic
    # sheet shows days; median 2), one denied (CO-50); a PLB of 2.50.
    def line(paid: str, reason: str, day: int) -> LineSpec:
        return LineSpec("97110", Decimal("100.00"), Decimal(paid),
                        (("CO", reason, Decimal("100.00") - Decimal(paid)),), ("GP",),
                        Decimal(1), date(2025, 1, day))

    claims = (ClaimSpec("K1", (line("40.00", "45", 19),)),
              ClaimSpec("K2", (line("40.00", "45", 18),)),
              ClaimSpec("K3", (line("40.00", "45", 18),)),
              ClaimSpec("K4", (line("0.00", "50", 17),), status="4"))
    path = tmp_path / "peak.835"
    path.write_text(write_835([PaymentSpec("PEAK HEALTH", "P1", date(2025, 1, 20), claims,
                                           (("L6", "REF1", Decimal("2.50")),))]))
    assert main(["import", "remittances", str(path), "--json"]) == ExitCode.OK
    out = capsys.readouterr().out
    printed = json.loads(out)
    assert printed["payers"] == [
        {"payer": "PEAK HEALTH", "payer_id": "P1", "claims": 4, "lines": 4, "charge": 400.0,
         "paid": 120.0, "provider_adjustments": 2.5, "clean_claims": 3,
         "clean_claim_rate": 0.75, "denied_claims": 1, "denial_rate": 0.25,
         "claims_with_days": 3, "days_to_payment_mean": 1.7, "days_to_payment_median": 2.0,
         "first_payment_date": "2025-01-20", "last_payment_date": "2025-01-20"}]
    [code] = printed["codes"]
    assert (code["allowed_per_unit"], code["denial_rate"], code["units"]) == (40.0, 0.25, 1 * 4)
    for patient in ("SAMPLE", "ZZ0000000"):  # the invented patient the writer puts in each claim
        assert patient in path.read_text() and patient not in out


def test_patient_data_stays_out_unless_asked(remit, tmp_path, capsys) -> None:
    out_file = tmp_path / "lines.csv"
    assert main(["import", "remittances", str(remit), "--out", str(out_file)]) == ExitCode.OK
    printed = capsys.readouterr().out
    written = "".join(p.read_text() for p in tmp_path.glob("lines*.csv"))
    for secret in ("TESTPATIENT", "JANE", "MEMBER0042", "TESTSUBSCRIBER", "SUB0099"):
        assert secret not in printed
        assert secret not in written
    assert main(["import", "remittances", str(remit), "--out", str(out_file),
                 "--include-patient-data"]) == ExitCode.OK
    with out_file.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["patient_name"] == "TESTPATIENT JANE"
    assert rows[0]["member_id"] == "SUB0099"  # the subscriber's id (NM1*IL) identifies the member


def test_out_writes_lines_adjustments_and_plb(tmp_path, capsys) -> None:
    out_file = tmp_path / "lines.csv"
    code = main(["import", "remittances", str(GUIDE / "medicare-part-a.835"),
                 str(KEIRON / "united_healthcare_legacy_sample.txt"), "--out", str(out_file)])
    assert code == ExitCode.OK
    with out_file.open(newline="") as stream:
        lines = list(csv.DictReader(stream))
    assert len(lines) == 7
    uhc = lines[6]
    assert (uhc["code"], uhc["units"], uhc["charge"], uhc["allowed"], uhc["paid"]) == (
        "B4154", "178", "328.50", "144.18", "29.05")
    assert uhc["adjustments"] == "PR-2 5.13; PR-1 110.00; CO-45 184.32"
    assert uhc["service_date"] == "2021-01-01"
    with (tmp_path / "lines_provider_adjustments.csv").open(newline="") as stream:
        plb = list(csv.DictReader(stream))
    # PLB03-2 may hold CLP01, the clinic's claim id (X12 RFI 2370): written only when asked
    assert [(r["reason"], r.get("reference"), r["amount"]) for r in plb] == [
        ("CV", None, "-1.27")]
    assert main(["import", "remittances", str(GUIDE / "medicare-part-a.835"),
                 "--out", str(tmp_path / "asked.csv"), "--include-patient-data"]) == ExitCode.OK
    with (tmp_path / "asked_provider_adjustments.csv").open(newline="") as stream:
        asked = list(csv.DictReader(stream))
    assert [(r["reason"], r["reference"], r["amount"]) for r in asked] == [("CV", "CP", "-1.27")]
    with (tmp_path / "lines_adjustments.csv").open(newline="") as stream:
        adjustments = list(csv.DictReader(stream))
    # 2 claim-level CO-45 (Medicare Part A) + UHC's line triples: CO-45; PR-1, CO-45; CO-45;
    # PR-2, PR-1, CO-45
    assert len(adjustments) == 2 + 7
    assert not list(tmp_path.glob(".lines*"))  # no temporary files left behind


def test_errors_are_printed_and_give_exit_code_1(capsys) -> None:
    code = main(["import", "remittances", str(GUIDE / "tertiary-payment.835")])
    assert code == ExitCode.FAILED
    out, err = capsys.readouterr()
    assert "1 file(s), 1 claims, 1 service lines" in out
    assert err.startswith("error: Remittance '")
    assert "SVC01 procedure 'HC' is not 'qualifier:code'" in err


def test_missing_file_is_an_input_error(tmp_path, capsys) -> None:
    code = main(["import", "remittances", str(tmp_path / "none.835")])
    assert code == ExitCode.INPUT_ERROR
    assert capsys.readouterr().err == (
        f"ratecalc import remittances: Remittance path '{tmp_path / 'none.835'}' does not "
        "exist; expected an 835 file or a folder of them\n")


def test_out_into_a_missing_folder_is_an_input_error(tmp_path, capsys) -> None:
    code = main(["import", "remittances", str(GUIDE / "managed-care.835"), "--out",
                 str(tmp_path / "no" / "lines.csv")])
    assert code == ExitCode.INPUT_ERROR
    assert "does not exist" in capsys.readouterr().err


def _managed_care() -> str:
    return (GUIDE / "managed-care.835").read_text()


#: Imports that do not succeed, each with what stderr must say about the file given.
FAILED_IMPORTS = {
    "empty": (lambda d: [_write(d / "new.835", b"")], "the file is empty"),
    "random bytes": (lambda d: [_write(d / "new.835", bytes(range(256)) * 8)],
                     "expected an X12 file starting with an ISA (or ST) segment"),
    # with its byte-order mark a UTF-16 file ("Unicode" in Notepad) reads as its UTF-8 twin
    # (test_malformed); without one nothing says how to read it
    "UTF-16 without a byte-order mark": (
        lambda d: [_write(d / "new.835", _managed_care().encode("utf-16-le"))],
        "expected an X12 file starting with an ISA (or ST) segment"),
    "ISA cut at 50 bytes": (lambda d: [_write(d / "new.835", _managed_care().encode()[:50])],
                            "ISA segment: expected 16 elements"),
    "an element over the limit": (lambda d: [_write(d / "new.835", _managed_care().replace(
        "RUSHMORE LIFE", "A" * 5000).encode())], "N102 is longer than 1,000 characters"),
    "a good file and an empty one": (
        lambda d: [GUIDE / "medicare-part-a.835", _write(d / "new.835", b"")],
        "the file is empty"),
    "an empty folder": (lambda d: [_folder(d / "new")], "no 835 file found"),
    "a folder without X12": (lambda d: [_folder(d / "new", ("notes.txt", b"hello"))],
                             "no 835 file found"),
}


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _folder(path, *files):
    path.mkdir()
    for name, data in files:
        (path / name).write_bytes(data)
    return path


@pytest.mark.parametrize("case", FAILED_IMPORTS)
def test_a_failed_import_leaves_the_earlier_outputs_as_they_were(case, tmp_path, capsys) -> None:
    out_file = tmp_path / "lines.csv"
    assert main(["import", "remittances", str(GUIDE / "managed-care.835"),
                 "--out", str(out_file)]) == ExitCode.OK
    written = {p.name: p.read_bytes() for p in tmp_path.glob("lines*.csv")}
    assert set(written) == {"lines.csv", "lines_adjustments.csv",
                            "lines_provider_adjustments.csv"}
    assert written["lines.csv"].count(b"\n") == 3  # header and managed-care's two claims' lines
    capsys.readouterr()
    make, said = FAILED_IMPORTS[case]
    inputs = make(tmp_path)
    code = main(["import", "remittances", *map(str, inputs), "--out", str(out_file)])
    err = capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in tmp_path.glob("lines*.csv")} == written
    assert not list(tmp_path.glob(".lines*"))
    # a file refused whole cannot be read: bad input data, 3, as a damaged workbook (it was 1);
    # a folder holding no 835 has nothing wrong to read, as a folder missing a table: 1
    assert code == (ExitCode.FAILED if case in ("an empty folder", "a folder without X12")
                    else ExitCode.INPUT_ERROR)
    assert said in err
    assert "nothing written: " in err and "left as they were" in err


def test_a_failed_import_writes_no_output_that_was_not_there(tmp_path, capsys) -> None:
    (tmp_path / "new.835").write_bytes(b"")
    code = main(["import", "remittances", str(tmp_path / "new.835"), "--out",
                 str(tmp_path / "lines.csv")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.835"]
    assert code == ExitCode.INPUT_ERROR  # an empty file cannot be read (it was 1)
    assert capsys.readouterr().err.endswith(
        f"nothing written: '{tmp_path / 'new.835'}' could not be imported (fix or leave out, "
        "then run again)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.835"]


def test_problems_inside_a_file_still_write_the_rest(tmp_path, capsys) -> None:
    # an unreadable SVC01 is an error at its segment; the file's other lines still import
    out_file = tmp_path / "lines.csv"
    code = main(["import", "remittances", str(GUIDE / "tertiary-payment.835"), "--out",
                 str(out_file)])
    assert code == ExitCode.FAILED
    assert "nothing written" not in capsys.readouterr().err
    assert out_file.read_text().count("\n") == 2  # header and the one line

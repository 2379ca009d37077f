"""``ratecalc letter`` and the letter ``ratecalc demo`` writes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import docx
import pytest

from ratecalc_cli.main import main
from tests.conftest import DemoRun

from .conftest import TOP_PAYER


@pytest.fixture(scope="module")
def demo_folder():
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        yield Path(folder)


def test_letter_json(capsys, demo_folder, tmp_path):
    out = tmp_path / "letter.docx"
    code = main(["letter", str(demo_folder), "--payer", "summit bluecare ppo", "--out", str(out),
                 "--json"])
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    assert info["file"] == str(out) and out.is_file()
    assert info["payer"] == TOP_PAYER and info["kind"] == "proposal"
    assert info["totals"]["annual_impact"] == 44174.85
    assert info["dates"]["response_by"] == "2025-12-16"
    assert any("response date was moved" in w for w in info["warnings"])


def test_letter_text_output(capsys, demo_folder, tmp_path):
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--out", str(tmp_path),
                 "--date", "2025-12-02"])
    captured = capsys.readouterr()
    assert code == 0
    written = tmp_path / "summit-bluecare-ppo-proposal-2025-12-02.docx"
    assert f"Wrote the proposal letter to {TOP_PAYER}: {written}" in captured.out
    assert "annual impact $44,174.85" in captured.out
    assert "warning: Letter: the response date was moved" in captured.err
    assert docx.Document(str(written)).paragraphs[0].text == "December 2, 2025"


def test_counter_with_offer_file(capsys, demo_folder, tmp_path):
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate\nSummit BlueCare PPO,97110,26.50\n")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx"), "--json"])
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    assert info["counter_verdict"] == "counter"
    assert info["lines"][0]["offer_rate"] == 26.50
    # the 14 codes of the proposal the offer leaves out, as the letter names them (its table's
    # order, most units first): the lines list the offered code only
    assert info["codes_not_offered"] == ["97140", "97530", "97112", "G0283", "97535", "92507",
                                         "97116", "97035", "97162", "97161", "97164", "97165",
                                         "97166", "92523"]


def test_an_offered_code_without_a_proposal_row_names_the_offer_file_and_row(
        capsys, demo_folder, tmp_path):
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate\nSummit BlueCare PPO,97110,26.50\n"
                     "Summit BlueCare PPO,99213,20.00\n")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    assert code == 3
    err = capsys.readouterr().err
    assert "ratecalc letter: 'offer.csv', payer 'Summit BlueCare PPO': offered rates for " \
           "99213, which have no proposal row" in err
    assert err.rstrip().endswith("(row 3)")  # the file's row: header in row 1
    assert not (tmp_path / "c.docx").exists()


def test_an_offer_rate_split_at_an_unquoted_comma_is_refused(capsys, demo_folder, tmp_path):
    """"1,026.50" with no quotes in an offer file's last column is two fields: the letter
    answered an offer of $1.00 for 97110, the "026.50" past the header dropped unsaid."""
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate\nSummit BlueCare PPO,97140,26.50\n"
                     "Summit BlueCare PPO,97110,1,026.50\n")
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    assert code == 1
    assert ("ratecalc letter: Offer 'offer.csv', row 3, column D '(no header)': the row has a "
            "field past the header's last column (C 'offered_rate'): a comma the file left "
            "unquoted, as in $1,040.00? Quote the field or drop the comma, got '026.50'"
            ) in capsys.readouterr().err
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize("content", [b"", b"\n\n"], ids=["0 bytes", "blank lines"])
def test_an_empty_offer_file_is_bad_input_not_an_internal_error(capsys, demo_folder, tmp_path,
                                                                 content):
    # it exited 4, "internal error", with KeyError: 'letters' in the log
    offer = tmp_path / "offer.csv"
    offer.write_bytes(content)
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    err = capsys.readouterr().err
    assert (code, err) == (3, "ratecalc letter: 'offer.csv': the file is empty: expected a header "
                              "row with the columns payer, code, offered_rate, date, then the "
                              "rows\n")
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize("kind", ["no such file", "a folder"])
def test_an_offer_file_that_is_not_there_exits_3_as_a_fee_schedules_does(capsys, demo_folder,
                                                                        tmp_path, kind):
    # nothing was read: a file that cannot be read at all (the README's exit 3, as 'import
    # fee-schedule' of a file not there); 0066bd8 made it 1, "problems found in files that were
    # read", with the message "Offer 'offer.csv': '.../offer.csv': no such file"
    offer = tmp_path / "offer.csv"
    if kind == "a folder":
        offer.mkdir()
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    expected = (f"'{offer}' does not exist; expected a CSV file" if kind == "no such file"
                else f"'{offer}' is a folder, not a file; expected a CSV file")
    assert (code, capsys.readouterr().err) == (3, f"ratecalc letter: {expected}\n")
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize(("content", "message"), [
    ("payer,code,offered_rate,date\nSummit BlueCare PPO,97110,abc,2025-12-01\n",
     "Offer 'offer.csv': row 2, column C 'offered_rate': expected a dollar amount, got 'abc'"),
    ("payer,code\nSummit BlueCare PPO,97110\n",
     "Offer 'offer.csv': the headings (row 1) have no column for the offered rate (the "
     "columns: A 'payer', B 'code'); expected payer, code, offered_rate, date (or "
     "offered_increase for an across-the-board offer)"),
], ids=["a bad cell", "a column missing"])
def test_problems_in_an_offer_file_exit_1_as_a_fee_schedules_do(capsys, demo_folder, tmp_path,
                                                                 content, message):
    # both exited 3, which the README keeps for files that cannot be read at all; a fee
    # schedule given on its own with a bad cell or a column missing exits 1
    offer = tmp_path / "offer.csv"
    offer.write_text(content)
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    assert (code, capsys.readouterr().err) == (1, f"ratecalc letter: {message}\n")
    assert not (tmp_path / "c.docx").exists()


def test_a_code_offered_at_two_rates_on_a_day_is_refused(capsys, demo_folder, tmp_path):
    # it exited 0 and the letter answered "Your offer $27.00", the later row's
    offer = tmp_path / "offer.csv"
    offer.write_bytes("\ufeffpayer;code;offered_rate;date\n"
                      "Summit BlueCare PPO;97110;26.00;2025-12-01\n"
                      "Summit BlueCare PPO;97110;27.00;2025-12-01\n".encode("utf-8"))
    code = main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(tmp_path / "c.docx")])
    err = capsys.readouterr().err
    assert code == 1  # a row of a file that was read (the README's exit codes); it was 3
    assert err.startswith("ratecalc letter: Offer 'offer.csv': row 3, column C 'offered_rate': "
                          "duplicate "
                          "row: row 2 has the same payer, code 97110 and date 2025-12-01 but "
                          "another amount: which one is right?")
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize(("codes", "sentence"), [
    (["97110"], "On the one code in your offer, at last year's volumes ("),
    (["97110", "97140"], "On the 2 codes in your offer, at last year's volumes ("),
])
def test_the_counter_letter_counts_the_codes_offered(capsys, demo_folder, tmp_path, codes,
                                                     sentence):
    # "On the 1 codes in your offer"
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate\n"
                     + "".join(f"Summit BlueCare PPO,{code},26.50\n" for code in codes))
    out = tmp_path / "c.docx"
    assert main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(out)]) == 0
    text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert sentence in text
    rates = "your rate would" if len(codes) == 1 else "your rates would"
    assert f"units), {rates} " in text


@pytest.mark.parametrize(("argv", "message"), [
    (["--payer", "Acme"], "ratecalc letter: payer 'Acme' is not on the sheet 'Payers & Contracts'"),
    (["--payer", TOP_PAYER, "--offer", "x.csv"], "ratecalc letter: --offer is for --kind counter"),
])
def test_letter_errors_are_messages_not_tracebacks(capsys, demo_folder, tmp_path, argv, message):
    code = main(["letter", str(demo_folder), "--out", str(tmp_path / "x.docx"), *argv])
    err = capsys.readouterr().err
    assert code == 3
    assert err.startswith(message)
    assert "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()


def test_bad_date_is_a_usage_error(capsys, demo_folder):
    with pytest.raises(SystemExit) as exit_info:
        main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--date", "31/12/2025"])
    assert exit_info.value.code == 2
    assert "expected a date such as 2025-05-01 or 05/01/2025, got '31/12/2025'" in \
        capsys.readouterr().err


def test_demo_writes_the_top_payer_letter(demo_run: DemoRun):
    assert demo_run.code == 0
    told, letter = demo_run.written("summit-bluecare-ppo-proposal-2025-12-01.docx")
    assert f"Wrote the proposal letter to {TOP_PAYER}: {told}" in demo_run.stdout
    assert "Summit BlueCare PPO" in "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)


def test_an_offer_on_some_codes_accepted_is_no_acceptance_of_the_proposal(
        capsys, demo_folder, tmp_path):
    """Two codes offered above our asks, the other thirteen left out: the letter accepted ("Re:
    Acceptance of your rate offer", "Your offer accepted: ... send the amended fee schedule")
    while it still asked the proposed rates of the thirteen, and called an offer above our asks
    "-$... a year short of our proposal"."""
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate\nSummit BlueCare PPO,97110,40.00\n"
                     "Summit BlueCare PPO,97140,40.00\n")
    out = tmp_path / "c.docx"
    assert main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(offer), "--out", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["subject"][0].startswith("Re: Response to your rate offer")
    assert len(info["codes_not_offered"]) == 13
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Your offer accepted" not in text and "Our counterproposal" in text
    joined = " ".join(text)
    assert "We accept your offered rates for 97110 and 97140." in joined
    assert "send the amended fee schedule" not in joined
    assert "For the other codes" not in joined  # every code offered is accepted
    assert "short of our proposal" not in joined and "-$" not in joined
    assert "a year above our proposal" in joined

"""Reading the payer's counteroffer from Negotiation Log rows."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc_letter.offers import offer_from_log, read_offer_file

LOG = pd.DataFrame([
    # the clinic's own proposal: ignored
    {"Date": "2025-12-01", "Payer": "Summit BlueCare PPO", "Round": 1, "Direction": "sent",
     "Code": "97110", "Offered rate": 29.00, "Offered increase": None},
    # the payer's first answer
    {"Date": "2025-12-10", "Payer": "Summit BlueCare PPO", "Round": 2, "Direction": "received",
     "Code": "97110", "Offered rate": 26.00, "Offered increase": None},
    # a call without figures
    {"Date": "2025-12-12", "Payer": "Summit BlueCare PPO", "Round": 2, "Direction": "call",
     "Code": None, "Offered rate": None, "Offered increase": None},
    # the payer's latest offer: two codes and 3% on the rest
    {"Date": "2025-12-15", "Payer": "summit bluecare ppo", "Round": 3, "Direction": "received",
     "Code": "97110", "Offered rate": "$26.50", "Offered increase": None},
    {"Date": "2025-12-15", "Payer": "Summit BlueCare PPO", "Round": 3, "Direction": "received",
     "Code": 97140.0, "Offered rate": 27.10, "Offered increase": None},
    {"Date": "2025-12-15", "Payer": "Summit BlueCare PPO", "Round": 3, "Direction": "received",
     "Code": None, "Offered rate": None, "Offered increase": "3%"},
    # another payer
    {"Date": "2025-12-20", "Payer": "Meridian Mutual", "Round": 2, "Direction": "received",
     "Code": "97110", "Offered rate": 33.00, "Offered increase": None},
])


def test_latest_offer_from_the_payer():
    offer = offer_from_log(LOG, "Summit BlueCare PPO")
    assert offer.received == date(2025, 12, 15)
    assert dict(offer.rates) == {"97110": 26.50, "97140": 27.10}
    assert dict(offer.increases) == {"": pytest.approx(0.03)}
    assert offer.rate_for("97110", 25.22) == 26.50
    assert offer.rate_for("97530", 28.67) == 29.53   # 28.67 x 1.03 = 29.5301


def test_rounds_decide_without_dates():
    log = LOG.drop(columns="Date")
    offer = offer_from_log(log, "Summit BlueCare PPO")
    assert offer.received is None
    assert dict(offer.rates) == {"97110": 26.50, "97140": 27.10}


def test_no_offer_from_the_payer():
    with pytest.raises(InputError, match=r"Negotiation Log: no offer received from payer "
                                         r"'Keystone Health Plan'"):
        offer_from_log(LOG, "Keystone Health Plan")


def test_an_offer_file_without_the_payer_names_its_columns(tmp_path):
    offer = tmp_path / "offer.csv"
    offer.write_text("payer,code,offered_rate,date\nMeridian Mutual,97110,26.50,2025-12-12\n")
    with pytest.raises(InputError, match=r"'offer\.csv': no offer received from payer "
                                         r"'Summit BlueCare PPO'; expected a row per code with "
                                         r"columns payer, code, offered_rate and date"):
        read_offer_file(offer, "Summit BlueCare PPO")


@pytest.mark.parametrize(("column", "value", "message"), [
    ("Offered rate", "N/A", r"Negotiation Log, row 5, column 'Offered rate': expected a dollar "
                            r"amount, got 'N/A'"),
    ("Offered rate", 0, r"row 5, column 'Offered rate': expected a dollar amount from \$0\.01 to "
     r"\$1,000,000,000, got 0"),
    ("Code", "9711", r"row 5, column 'Code': expected a CPT/HCPCS code"),
    ("Date", "someday", r"row 5, column 'Date': expected a date"),
    # refused as every amount is (it was read as $104.00 by the number parser)
    ("Offered rate", "$1,04.00", r"row 5, column 'Offered rate': malformed dollar amount: "
                                 r"expected commas between groups of three digits "
                                 r"\(\$1,234\.50\) and a point before the cents \(\$30\.50\), "
                                 r"got '\$1,04\.00'"),
])
def test_bad_cells_name_row_and_column(column, value, message):
    log = LOG.copy()
    log[column] = log[column].astype(object)
    log.loc[3, column] = value   # the 4th data row: sheet row 5 under a header in row 1
    with pytest.raises(InputError, match=message):
        offer_from_log(log, "Summit BlueCare PPO")


def test_missing_columns():
    with pytest.raises(InputError, match=r"the headings have no column for the offered rate "
                                         r"\(the columns: 'Date', 'Payer', "):
        offer_from_log(LOG.drop(columns=["Offered rate", "Offered increase"]), "Meridian Mutual")


def test_offer_file(tmp_path):
    path = tmp_path / "offer.csv"
    path.write_text("payer,code,offered_rate,date\nMeridian Mutual,97110,33.00,2025-12-20\n")
    offer = read_offer_file(path, "meridian mutual")
    assert dict(offer.rates) == {"97110": 33.0} and offer.received == date(2025, 12, 20)
    with pytest.raises(InputError, match=r"nothere\.csv' does not exist"):
        read_offer_file(tmp_path / "nothere.csv", "Meridian Mutual")


def test_offer_file_rows_are_counted_as_the_file_shows_them(tmp_path):
    # blank lines are rows too: the message points at the row the user opens
    path = tmp_path / "offer.csv"
    path.write_text("payer,code,offered_rate,date\n\nMeridian Mutual,97110,33.00,2025-12-20\n"
                    ",,,\nMeridian Mutual,97140,3O.00,2025-12-20\n")
    with pytest.raises(InputError, match=r"Offer 'offer\.csv': row 5, column C 'offered_rate': "
                                         r"expected a dollar amount, got '3O\.00'"):
        read_offer_file(path, "Meridian Mutual")


def test_offer_file_reads_back_what_ratecalc_quoted(tmp_path):
    # a payer name RateCalc wrote with a spreadsheet-safe quote ('+) is the name again
    path = tmp_path / "offer.csv"
    path.write_text("payer,code,offered_rate,date\n'+Health Plan,97110,33.00,2025-12-20\n")
    assert dict(read_offer_file(path, "+Health Plan").rates) == {"97110": 33.0}


def test_two_columns_for_one_field_are_refused(tmp_path):
    path = tmp_path / "offer.csv"
    path.write_text("payer,code,offer,offered_rate,date\n"
                    "Meridian Mutual,97110,30.00,33.00,2025-12-20\n")
    with pytest.raises(InputError, match=r"'offer\.csv': the headings \(row 1\) give "
                                         r"columns C 'offer', D 'offered_rate', all read as the "
                                         r"offered rate; keep one of them"):
        read_offer_file(path, "Meridian Mutual")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_offer_file_with_only_its_header_says_no_offer_not_missing_columns(tmp_path, suffix):
    # the header row alone lost its columns on reading: the message blamed the file for
    # "missing column(s) payer, code, offered_rate", every one of them there
    offer = tmp_path / f"offer{suffix}"
    header = ["payer", "code", "offered_rate", "date"]
    if suffix == ".csv":
        offer.write_text(",".join(header) + "\n", encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        book.active.append(header)
        book.save(offer)
    with pytest.raises(InputError) as caught:
        read_offer_file(offer, "Summit BlueCare PPO")
    sheet = ", sheet 'Sheet'" if suffix == ".xlsx" else ""  # a workbook's sheet read
    assert str(caught.value).startswith(
        f"Offer 'offer{suffix}'{sheet}: no offer received from payer 'Summit BlueCare PPO'; "
        "expected a row per code with columns payer, code, offered_rate and date")


EMPTY_OFFER = ("expected a header row with the columns payer, code, offered_rate, date, then the "
               "rows")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf", b",,,\n,,,\n"],
                         ids=["0 bytes", "blank lines", "byte-order mark alone", "blank cells"])
def test_an_empty_offer_file_says_so_and_names_the_columns(tmp_path, content):
    # it was an internal error (KeyError: 'letters'), exit 4
    offer = tmp_path / "offer.csv"
    offer.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_offer_file(offer, "Summit BlueCare PPO")
    assert str(caught.value) == f"'offer.csv': the file is empty: {EMPTY_OFFER}"


def test_an_offer_workbook_whose_sheet_is_blank_says_so(tmp_path):
    offer = tmp_path / "offer.xlsx"
    openpyxl.Workbook().save(offer)  # one sheet, 'Sheet', nothing on it
    with pytest.raises(InputError) as caught:
        read_offer_file(offer, "Summit BlueCare PPO")
    assert str(caught.value) == f"Offer 'offer.xlsx': sheet 'Sheet' is empty: {EMPTY_OFFER}"


def test_an_offer_workbook_of_0_bytes_is_an_unreadable_file(tmp_path):
    offer = tmp_path / "offer.xlsx"
    offer.write_bytes(b"")
    with pytest.raises(InputError, match=r"^'offer\.xlsx': the file is empty"):
        read_offer_file(offer, "Summit BlueCare PPO")


# Excel's "CSV UTF-8" with a semicolon list separator: a byte-order mark and ';'
TWICE = ("\ufeffpayer;code;offered_rate;date\n"
         "Summit BlueCare PPO;97110;26.00;2026-12-01\n"
         "Summit BlueCare PPO;97140;28.00;2026-12-01\n"
         "Summit BlueCare PPO;97110;{rate};2026-12-01\n")


def offered_twice(tmp_path, rate: str):
    """:data:`TWICE` with 97110's second rate ``rate``, read as an ``--offer`` file."""
    offer = tmp_path / "offer.csv"
    offer.write_bytes(TWICE.format(rate=rate).encode("utf-8"))
    return read_offer_file(offer, "Summit BlueCare PPO")


def test_one_code_offered_twice_on_a_day_at_two_rates_names_both_rows(tmp_path):
    # the later row won silently: the letter answered "Your offer $27.00"
    with pytest.raises(InputError) as caught:
        offered_twice(tmp_path, "27.00")
    assert str(caught.value) == (
        "Offer 'offer.csv': row 4, column C 'offered_rate': duplicate row: row 2 has the same "
        "payer, code 97110 and date 2026-12-01 but another amount: which one is right? ($26.00 in "
        "row 2, $27.00 in row 4)")


def test_one_code_offered_twice_at_the_same_rate_counts_once(tmp_path):
    assert dict(offered_twice(tmp_path, "26.00").rates) == {"97110": 26.0, "97140": 28.0}


def test_two_rates_for_a_code_in_the_latest_round_are_refused_without_dates():
    log = LOG.drop(columns="Date")
    log.loc[len(log)] = {"Payer": "Summit BlueCare PPO", "Round": 3, "Direction": "received",
                         "Code": "97140", "Offered rate": 27.50, "Offered increase": None}
    with pytest.raises(InputError, match=r"^Negotiation Log, row 9, column 'Offered rate': "
                                         r"duplicate row: row 6 has the same payer, code 97140 "
                                         r"and round 3 but another amount: which one is right\? "
                                         r"\(\$27\.10 in row 6, \$27\.50 in row 9\)$"):
        offer_from_log(log, "Summit BlueCare PPO")


def test_two_across_the_board_increases_on_a_day_are_refused():
    log = LOG.copy()
    log.loc[len(log)] = {"Date": "2025-12-15", "Payer": "Summit BlueCare PPO", "Round": 3,
                         "Direction": "received", "Code": None, "Offered rate": None,
                         "Offered increase": "4%"}
    with pytest.raises(InputError, match=r"^Negotiation Log, row 9, column 'Offered increase': "
                                         r"duplicate row: row 7 has the same payer, no code and "
                                         r"date 2025-12-15 but another increase: which one is "
                                         r"right\? \(3\.0% in row 7, 4\.0% in row 9\)$"):
        offer_from_log(log, "Summit BlueCare PPO")


@given(base=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       offers=st.dictionaries(st.integers(-40, 40), st.integers(100, 9_999), min_size=1,
                              max_size=6),
       letter=st.integers(-40, 40))
@settings(max_examples=60)
def test_the_log_and_an_offer_file_answer_the_latest_offer_by_the_letters_date(
        base: date, offers: dict[int, int], letter: int) -> None:
    """One rule for both sources (:mod:`ratecalc.negotiation_log`): the offer answered is the
    latest dated on or before the letter's date, every later row is passed over; none by then
    is refused, except an offer file of one date, returned for the letter to refuse by it."""
    day = base + timedelta(days=letter)
    log = pd.DataFrame([{"Date": base + timedelta(days=d), "Payer": "Summit BlueCare PPO",
                         "Direction": "received", "Code": "97110", "Offered rate": cents / 100}
                        for d, cents in offers.items()])
    by_then = [d for d in offers if d <= letter]
    later = sorted(base + timedelta(days=d) for d in offers if d > letter)
    for place in ("on the Negotiation Log sheet", None):
        if not by_then and not (place is None and len(later) == 1):
            with pytest.raises(InputError, match=rf"no offer received from payer 'Summit "
                                                 rf"BlueCare PPO' by the letter's date "
                                                 rf"{day.isoformat()} \("):
                offer_from_log(log, "Summit BlueCare PPO", place=place, as_of=day)
            continue
        offer = offer_from_log(log, "Summit BlueCare PPO", place=place, as_of=day)
        answered = max(by_then) if by_then else min(offers)  # the file's one date
        assert offer.received == base + timedelta(days=answered)
        assert dict(offer.rates) == {"97110": offers[answered] / 100}
        assert sorted(d for d, _ in offer.passed_over) == (later if by_then else [])


def test_an_offer_workbooks_messages_name_its_sheet(tmp_path):
    # an offer file that is a workbook: its messages named the file, the row and the column
    # but not the sheet read, where every other table's messages name it
    offer = tmp_path / "offer.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Offers"
    book.active.append(["Payer", "Code", "Rate", "Date"])
    book.active.append(["Summit BlueCare PPO", "97110", 30, "2026-11-01"])
    book.save(offer)
    with pytest.raises(InputError) as caught:
        read_offer_file(offer, "Summit BlueCare PPO")
    assert str(caught.value).startswith(
        "Offer 'offer.xlsx', sheet 'Offers': the headings (row 1) have no column for the "
        "offered rate (the columns: A 'Payer', B 'Code', C 'Rate', D 'Date')")
    book.active["C1"] = "offered_rate"
    book.active["C2"] = "abc"
    book.save(offer)
    with pytest.raises(InputError) as caught:
        read_offer_file(offer, "Summit BlueCare PPO")
    assert str(caught.value) == ("Offer 'offer.xlsx', sheet 'Offers': row 2, column C "
                                 "'offered_rate': expected a dollar amount, got 'abc'")

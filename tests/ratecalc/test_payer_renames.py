"""Which payer a name missing from the Payers table likely became, and rows said in words."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ratecalc.payers import closest_payers, renamed_payers, rows_in_words

DEMO = ["Summit BlueCare PPO", "Keystone Health", "Meridian Mutual", "Cardinal Employers Trust",
        "Lakeside Health Partners", "Pioneer Medicare Advantage"]


def test_the_closest_name_alone_is_suggested() -> None:
    # measured: difflib's ratio of "keystone health plan" with "keystone health" is 0.857 and
    # with "lakeside health partners" 0.682; both passed the 0.6 cutoff and were suggested
    assert closest_payers("Keystone Health Plan", DEMO) == "'Keystone Health'"
    # words in another order are the same words
    assert closest_payers("BlueCare Summit PPO", DEMO) == "'Summit BlueCare PPO'"
    assert closest_payers("Zzyzx Qqq", DEMO) == ""


def test_a_rename_is_the_one_payer_no_other_table_names() -> None:
    # "KHP" is close to nothing by spelling: the one name unused elsewhere says it
    listed = [*(n for n in DEMO if n != "Keystone Health"), "KHP"]
    used = [n for n in listed if n != "KHP"]
    assert renamed_payers(["Keystone Health Plan"], listed, used) == {
        "Keystone Health Plan": ("KHP", "the one payer there that no other table names")}
    # two unused names: the closer one by spelling, if close enough
    assert renamed_payers(["Keystone Health Plan"], DEMO, DEMO[2:]) == {
        "Keystone Health Plan": ("Keystone Health", "the name there closest to it")}
    assert renamed_payers(["Zzyzx"], DEMO, DEMO[2:]) == {}


def test_rows_in_words() -> None:
    assert rows_in_words([20, 21, 22, 23]) == "rows 20 to 23"
    assert rows_in_words([7]) == "row 7"
    assert rows_in_words([4, 9, 10, 11, 30]) == "rows 4, 9 to 11 and 30"
    assert rows_in_words([2, 4, 6, 8, 10, 12, 13, 20]) == "rows 2, 4, 6, 8, 10 and 3 more"


@given(st.sets(st.integers(min_value=2, max_value=500), min_size=1, max_size=40))
def test_rows_in_words_names_every_row_or_counts_it(rows: set[int]) -> None:
    said = rows_in_words(sorted(rows))
    more = re.search(r" and (\d+) more$", said)
    counted = int(more.group(1)) if more else 0
    listed = said[:more.start()] if more else said
    named: set[int] = set()
    for first, last in re.findall(r"(\d+)(?: to (\d+))?", listed):
        named |= set(range(int(first), int(last or first) + 1))
    # the rows listed are the first ones, the rest counted
    assert named == set(sorted(rows)[:len(named)]) and len(named) + counted == len(rows), said
